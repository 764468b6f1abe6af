import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRow } from '../../src-main/contract/index.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// The sessions table loads a big list in pages (issue 18: 9,500 sessions were one 4.7 MB reply):
// session-list with afterId and limit walks the sessions in id order. The pages must cover the
// list exactly once, whatever the page size, and keep the list's filters.

describe('session-list in pages (afterId)', () => {
  let lab: TempLab;
  beforeAll(async () => {
    lab = tempLab('default', 2);
    expect((await lab.host.dispatch('clock-step', { seconds: 2.5 * 3600 })).ok).toBe(true); // 09:30: hundreds of sessions
  });
  afterAll(() => lab.dispose());

  const list = async (input: Record<string, unknown>): Promise<SessionRow[]> => {
    const r = await lab.host.dispatch('session-list', input);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.result as SessionRow[];
  };

  it('pages cover every session once, in id order, with the same rows as the whole list', async () => {
    const whole = await list({});
    expect(whole.length).toBeGreaterThan(150);
    for (const size of [1, 37, 100]) {
      const paged: SessionRow[] = [];
      let afterId = '';
      for (let n = 0; n < 10_000; n++) {
        const page = await list({ afterId, limit: size });
        paged.push(...page);
        if (page.length < size) break;
        afterId = page[page.length - 1]!.id;
      }
      const ids = paged.map((r) => r.id);
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(ids).size).toBe(ids.length);
      // The clock is paused: the same moment, so the same rows (live figures included).
      const byId = new Map(whole.map((r) => [r.id, r]));
      expect(paged.length).toBe(whole.length);
      for (const r of paged) expect(r).toStrictEqual(byId.get(r.id));
    }
  });

  it('starts after the id given, keeps the filters, and ends with an empty page', async () => {
    const whole = await list({});
    const ids = whole.map((r) => r.id).sort((a, b) => (a < b ? -1 : 1));
    const mid = ids[Math.floor(ids.length / 2)]!;
    const rest = await list({ afterId: mid });
    expect(rest.map((r) => r.id)).toEqual(ids.filter((id) => id > mid));
    expect(await list({ afterId: ids[ids.length - 1]!, limit: 10 })).toEqual([]);
    const pool = whole[0]!.poolId;
    const inPool = await list({ afterId: '', poolId: pool });
    expect(inPool.length).toBeGreaterThan(0);
    expect(inPool.every((r) => r.poolId === pool)).toBe(true);
    expect(inPool.length).toBe(whole.filter((r) => r.poolId === pool).length);
  });

  it('refuses a malformed afterId with a structured error', async () => {
    for (const bad of [42, null, 'x'.repeat(65), ['a']]) {
      const r = await lab.host.dispatch('session-list', { afterId: bad, limit: 10 });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid-input');
    }
  });
});
