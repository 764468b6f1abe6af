import { describe, expect, it } from 'vitest';
import { AlarmEvaluator } from '../../src-main/app/alarms/evaluator.ts';
import { EventDrafts } from '../../src-main/app/event-drafts.ts';
import { Engine } from '../../src-main/core/engine/engine.ts';
import { readLabModel } from '../../src-main/store/lab-reader.ts';
import { all } from '../../src-main/store/stmt.ts';
import { tempLabDb } from '../helpers/lab.ts';

// An alarm that opens and changes level between two flushes is written as it happened: opened as a
// warning, then raised to critical. It was written with the level it had at the flush ("critical on
// KW-Floating: 53.7 s (above 60 s)"), so where the run was cut into flushes changed the event log.

function run(flushes: 'each evaluation' | 'once'): { events: string[]; alarms: unknown[] } {
  const db = tempLabDb('small', 1);
  const lab = readLabModel(db);
  const e = new Engine(lab, { seed: 1, tickSeconds: 5 });
  e.advance(60 - (e.t % 60)); // on the minute grid
  const ev = new AlarmEvaluator(db, e.t);
  const u = 0;
  e.st.uPool[u] = 0;
  const flush = () => {
    const drafts = new EventDrafts();
    ev.persist(drafts);
    drafts.write(db, '2026-12-07T00:00:00.000Z');
  };
  const minute = (logonSec: number) => {
    e.advance(60);
    ev.note([{ user: u, desktop: 0, kind: 'active', at: e.t - 1, logonSec }], e);
    ev.evaluate(e, lab, () => undefined);
    if (flushes === 'each evaluation') flush();
  };
  minute(50); // the pool's logons average 50 s: above the warning (45 s)
  minute(100); // 75 s: above the critical (60 s)
  if (flushes === 'once') flush();
  const events = all<{ message: string; severity: string }>(
    db,
    'SELECT message, severity FROM events WHERE message LIKE ? ORDER BY id',
    'Alarm "Logon duration (pool)"%',
  ).map((r) => `${r.severity}: ${r.message}`);
  const alarms = all(
    db,
    `SELECT definition_id, object_id, severity, state, value, worst, triggered_at, changed_at FROM alarms WHERE definition_id = 'pool-logon-duration' ORDER BY id`,
  );
  return { events, alarms };
}

describe('alarm transitions between flushes', () => {
  it('are written with the level each had when it happened, however many evaluations a flush holds', () => {
    const each = run('each evaluation');
    expect(each.events).toEqual([
      expect.stringMatching(/^warning: Alarm "Logon duration \(pool\)" warning on .*: 50 s \(above 45 s\)$/),
      expect.stringMatching(/^critical: Alarm "Logon duration \(pool\)" on .* went from warning to critical: 75 s \(above 60 s\)$/),
    ]);
    const once = run('once');
    expect(once.events).toEqual(each.events);
    expect(once.alarms).toEqual(each.alarms);
  });
});

describe('the logon-duration window', () => {
  it('counts a logon for the pool of the desktop it finished on, even if the user has logged off by the time it is collected', () => {
    const db = tempLabDb('small', 1);
    const lab = readLabModel(db);
    const e = new Engine(lab, { seed: 1, tickSeconds: 5 });
    e.advance(60 - (e.t % 60));
    const ev = new AlarmEvaluator(db, e.t);
    const d = 0;
    const pool = e.st.ids.pools[e.st.dPool[d] as number] as string;
    e.advance(60);
    // The user's session ended before the change was collected (a host failure's forced logoff runs before the flush collects).
    e.st.uPool[0] = -1;
    ev.note([{ user: 0, desktop: d, kind: 'active', at: e.t - 1, logonSec: 50 }], e);
    ev.evaluate(e, lab, () => undefined);
    const drafts = new EventDrafts();
    ev.persist(drafts);
    const opened = all<{ object_id: string; value: number }>(db, "SELECT object_id, value FROM alarms WHERE definition_id = 'pool-logon-duration'");
    expect(opened).toEqual([{ object_id: pool, value: 50 }]);
  });
});
