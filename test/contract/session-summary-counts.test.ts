import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_STATES, type SessionRow, type SessionSummary } from '../../src-main/contract/index.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// session-summary counts the sessions without building the table's rows (issue 18: it built all
// 9,500 rows just to count them). Its figures must be the table's: the same counts as a row-by-row
// count of session-list at the same (paused) moment.

describe('session-summary counts from the engine', () => {
  let lab: TempLab;
  beforeAll(async () => {
    lab = tempLab('default', 3);
    expect((await lab.host.dispatch('clock-step', { seconds: 2.5 * 3600 })).ok).toBe(true); // 09:30: hundreds of sessions
  });
  afterAll(() => lab.dispose());

  const call = async <T>(method: string, input: Record<string, unknown>): Promise<T> => {
    const r = await lab.host.dispatch(method, input);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.result as T;
  };

  /** What the summary should say, counted from the table's rows. */
  function countRows(rows: SessionRow[]) {
    const byState = Object.fromEntries(SESSION_STATES.map((s) => [s, 0]));
    for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
    const logons = rows.flatMap((r) => (r.logonSeconds === null ? [] : [r.logonSeconds])).sort((a, b) => a - b);
    return {
      total: rows.length,
      byState,
      problems: rows.filter((r) => r.problem !== null).length,
      logonCount: logons.length,
      maxSeconds: logons.length ? logons[logons.length - 1] : null,
      p95Seconds: logons.length ? logons[Math.min(logons.length - 1, Math.floor(logons.length * 0.95))] : null,
      over60: logons.filter((v) => v > 60).length,
      avgSeconds: logons.length ? Math.round((logons.reduce((a, b) => a + b, 0) / logons.length) * 10) / 10 : null,
    };
  }

  async function expectSameCounts(): Promise<SessionSummary> {
    const [summary, rows] = [await call<SessionSummary>('session-summary', {}), await call<SessionRow[]>('session-list', {})];
    const want = countRows(rows);
    expect(summary.total).toBe(want.total);
    expect(summary.byState).toEqual(want.byState);
    expect(summary.problems).toBe(want.problems);
    expect(summary.logon).toEqual({
      count: want.logonCount,
      avgSeconds: want.avgSeconds,
      p95Seconds: want.p95Seconds,
      maxSeconds: want.maxSeconds,
      over60: want.over60,
    });
    return summary;
  }

  it('counts what session-list lists, state by state, at the morning peak', async () => {
    const s = await expectSameCounts();
    expect(s.total).toBeGreaterThan(150);
    // More than one state, or the comparison would prove little.
    expect(Object.values(s.byState).filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(s.logon.count).toBeGreaterThan(100);
  });

  it('follows a disconnect and the clock moving on', async () => {
    const rows = await call<SessionRow[]>('session-list', { state: 'active', limit: 3 });
    expect(rows.length).toBe(3);
    await call('session-disconnect', { ids: rows.map((r) => r.id) });
    const s = await expectSameCounts();
    expect(s.byState.disconnected).toBeGreaterThanOrEqual(3);
    await call('clock-step', { seconds: 1800 });
    await expectSameCounts();
  });
});
