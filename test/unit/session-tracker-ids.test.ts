import { describe, expect, it } from 'vitest';
import { EventDrafts } from '../../src-main/app/event-drafts.ts';
import { SessionTracker } from '../../src-main/app/session-tracker.ts';
import { Engine, ENGINE_PARAMS } from '../../src-main/core/engine/engine.ts';
import { readLabModel } from '../../src-main/store/lab-reader.ts';
import { tempLabDb } from '../helpers/lab.ts';

// The tracker answers a user's running session id from a per-user array (the samplers and the alarms ask
// for every running session each simulated minute): it must say what its rows map says, for every user,
// as sessions start, end, are replaced and reconnect, after a reload from the store and after an adopt.

/** Every user's idOf against the rows map (and the id back to its user); the number of users with a session. */
function agree(tracker: SessionTracker, users: number): number {
  let running = 0;
  for (let u = 0; u < users + 3; u++) {
    const want = tracker.rows.get(u)?.id;
    expect(tracker.idOf(u), `user ${u}`).toBe(want);
    if (want === undefined) continue;
    running++;
    expect(tracker.userOf(want)).toBe(u);
  }
  expect(tracker.idOf(-1)).toBeUndefined();
  return running;
}

describe('session tracker ids', () => {
  it('idOf says what the rows map says, through a day of sessions, a reload and an adopt', () => {
    const db = tempLabDb();
    const lab = readLabModel(db);
    const engine = new Engine(lab, { seed: lab.seed, tickSeconds: ENGINE_PARAMS.tickSeconds });
    const users = engine.st.uState.length;
    const tracker = new SessionTracker(db, engine, lab);
    tracker.load(true);
    agree(tracker, users);
    let most = 0;
    let ended = 0;
    // A workday and its evening, minute by minute: sessions start, reconnect, end (their ids must go too).
    for (let m = 0; m < 20 * 60; m++) {
      engine.advance(60);
      const { changes } = engine.broker.peekChanges();
      ended += changes.filter((c) => c.kind === 'logoff').length;
      tracker.collect(changes);
      engine.broker.clearChanges();
      if (m % 10 === 0) most = Math.max(most, agree(tracker, users));
      if (m % 120 === 0) db.transaction(() => tracker.persist(new Date(engine.t * 1000).toISOString(), new EventDrafts()))();
    }
    expect(most, 'sessions ran').toBeGreaterThan(10);
    expect(ended, 'sessions ended').toBeGreaterThan(0);
    const last = agree(tracker, users);
    db.transaction(() => tracker.persist(new Date(engine.t * 1000).toISOString(), new EventDrafts()))();

    // Read back from the store (a restart), and taken over by a rebuilt engine's tracker.
    const reloaded = new SessionTracker(db, engine, lab);
    reloaded.load(false);
    expect(agree(reloaded, users)).toBe(last);
    const adopted = new SessionTracker(db, engine, lab);
    expect(adopted.adopt(tracker)).toBe(true);
    expect(agree(adopted, users)).toBe(last);
  });
});
