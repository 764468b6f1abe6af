import { afterEach, describe, expect, it } from 'vitest';
import type { SessionRow } from '../../src-main/contract/index.ts';
import { mergeSessionRows } from '../../src-renderer/features/sessions/use-session-rows.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// The sessions table follows the estate by deltas: each sessions-changed push names the sessions
// that started, changed state or ended, and session-list with those ids brings just them.
// Applying every delta to a list loaded earlier must give the same sessions as loading it again.

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

// Idle and active are a live figure (the user's input), shown from the session-live feed; the list's
// own state is connecting, active, disconnected or reconnecting.
const key = (r: SessionRow) => `${r.id} ${r.state === 'idle' ? 'active' : r.state} ${r.desktopId} ${r.userName} ${r.logonSeconds}`;

describe('session-list deltas', () => {
  it('the pushes name every session that started, changed or ended; applying them equals a fresh load', async () => {
    const l = (lab = tempLab('small', 1));
    await l.client.call('clock-set', { speed: 'paused' });
    await l.client.call('clock-step', { seconds: 5400 }); // 07:00 → 08:30, the login storm starts
    let rows = await l.client.call('session-list', {});
    const named = new Set<string>();
    let started = 0;
    let ended = 0;
    const off = l.host.onPush((p) => {
      if (p.topic !== 'sessions-changed') return;
      const pl = p.payload as { ids: string[]; complete: boolean; started: number; ended: number };
      expect(pl.complete).toBe(true); // 78 users never reach the 500 ids a push can name
      for (const id of pl.ids) named.add(id);
      started += pl.started;
      ended += pl.ended;
    });
    await l.client.call('clock-step', { seconds: 1800 });
    // And an admin's log-off, which ends a session outside the simulation's own batches.
    const victim = (await l.client.call('session-list', { state: 'active' }))[0];
    if (!victim) throw new Error('no active session at 09:00');
    await l.client.call('session-logoff', { ids: [victim.id] });
    off();
    expect(started).toBeGreaterThan(0);
    expect(ended).toBeGreaterThan(0);
    expect(named.has(victim.id)).toBe(true);

    const ids = [...named];
    const fresh = await l.client.call('session-list', { ids });
    expect(fresh.every((r) => named.has(r.id))).toBe(true);
    expect(fresh.some((r) => r.id === victim.id)).toBe(false); // logged off: not in the answer
    rows = mergeSessionRows(rows, ids, fresh);
    const reloaded = await l.client.call('session-list', {});
    expect(rows.map(key).sort()).toEqual(reloaded.map(key).sort());
  });

  it('too many ids is a structured error that changes nothing', async () => {
    const l = (lab = tempLab('small', 1));
    const db = l.peek();
    try {
      const before = contentDigest(db);
      const reply = await l.host.dispatch('session-list', { ids: Array.from({ length: 2001 }, (_, i) => `sess-${i}`) });
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('invalid-input');
        expect(reply.error.path).toEqual(['ids']);
      }
      expect(contentDigest(db)).toBe(before);
    } finally {
      db.close();
    }
  });
});
