import { describe, expect, it } from 'vitest';
import type { AlarmMetric } from '../../src-main/contract/alarm-entities.ts';
import type { NetworkConditions } from '../../src-main/contract/session-entities.ts';
import { METRIC_READERS, type ReadContext, type Reading } from '../../src-main/app/alarms/metrics.ts';
import { Engine } from '../../src-main/core/engine/engine.ts';
import { U } from '../../src-main/core/engine/state.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { readContext } from '../helpers/alarm-context.ts';

// The alarm readers of session RTT and loss judge each network figure once and find watched sessions by user:
// the readings must be those of reading every running session one by one (what they did before).

const lab = generateLab('default', 1);
const e = new Engine(lab, { seed: 1, tickSeconds: 5 });
e.advance(2 * 3600);
const st = e.st;
const idOf = (u: number) => `sess-${u + 1}`;

function ctx(threshold: number, watched: Set<string>, byUser: boolean): ReadContext {
  return readContext(e, lab, {
    sessionId: (u) => ((st.sessPos[u] as number) >= 0 ? idOf(u) : undefined),
    ...(byUser ? { sessionUser: (id: string) => Number(id.slice(5)) - 1 } : {}),
    matters: () => ({ beyond: (v: number) => v > threshold, watched }),
  });
}

/** Every running, connected session read one by one: listed when beyond the threshold or watched. */
function oneByOne(metric: AlarmMetric, threshold: number, watched: Set<string>): { id: string; value: number }[] {
  const out: { id: string; value: number }[] = [];
  for (let i = 0; i < st.nSess; i++) {
    const u = st.sessList[i] as number;
    if (st.uState[u] === U.disconnected) continue;
    const n = e.broker.book.conditions(u);
    const v = metric === 'session-rtt' ? n.rttMs : n.lossPct;
    if (v > threshold || watched.has(idOf(u))) out.push({ id: idOf(u), value: v });
  }
  return out;
}

const plain = (rs: Reading[]) => rs.map((r) => ({ id: r.id, value: r.value }));

describe('alarm readers of session figures', () => {
  it('list the same sessions as a one-by-one read, whatever is beyond and whatever is watched', () => {
    expect(st.nSess).toBeGreaterThan(20);
    // A few sessions on networks of their own: a custom figure, and an injected impairment of one profile.
    const users = Array.from({ length: st.nSess }, (_, i) => st.sessList[i] as number).filter((u) => st.uState[u] !== U.disconnected);
    e.broker.book.setEndpoint(users[0] as number, 0, { custom: { rttMs: 400, lossPct: 7, bandwidthKbps: 1000 }, net: 5 });
    // An impairment injected on the network of another session (faults' overlay): every session of that profile reads it.
    const impaired = e.broker.book.net[users[1] as number] as number;
    expect(impaired, 'the impaired profile is not the custom one').not.toBe(5);
    (e.broker.book.netOverlay as (NetworkConditions | null)[])[impaired] = { rttMs: 250, lossPct: 3, bandwidthKbps: 2000 };
    const values = new Set(users.map((u) => e.broker.book.conditions(u).rttMs));
    expect(values.size, 'sessions on several networks').toBeGreaterThan(1);
    const watched = new Set([idOf(users[3] as number), idOf(users[7] as number), 'sess-999999']);
    for (const metric of ['session-rtt', 'session-loss'] as const) {
      for (const threshold of [-1, 0.5, 2.5, 30, 100, 249, 399, 1e9]) {
        for (const w of [new Set<string>(), watched]) {
          const want = oneByOne(metric, threshold, w);
          expect(plain(METRIC_READERS[metric](ctx(threshold, w, true))), `${metric} > ${threshold}, ${w.size} watched`).toEqual(want);
          expect(plain(METRIC_READERS[metric](ctx(threshold, w, false))), `${metric} > ${threshold}, without sessionUser`).toEqual(want);
        }
      }
    }
    // Nothing beyond and nothing watched: nothing listed; the custom network alone beyond: that session alone.
    expect(METRIC_READERS['session-rtt'](ctx(1e9, new Set(), true))).toEqual([]);
    expect(plain(METRIC_READERS['session-rtt'](ctx(399, new Set(), true)))).toEqual([{ id: idOf(users[0] as number), value: 400 }]);
  });
});
