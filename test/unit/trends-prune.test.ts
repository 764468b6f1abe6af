import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTrendHours, TRENDS_THROUGH_KEY } from '../../src-main/app/trends/closer.ts';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';

// Trends pruning (app/trends/closer.ts): each level's retention is cut at a simulated instant that
// does not depend on where the run was cut into flushes (the end of the hours closed), so the
// rollups of a lab are the same however its run was cut — a replay, which steps to each action's
// instant, keeps exactly the rows the original run kept.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const HOUR = 3600;
const DAY = 86400;
/** A lab 3 days into its run, 5-minute rollups every 5 minutes, the 5-minute level kept 1 day. */
function labAt(closedThrough: number): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  migrate(db, MIGRATIONS);
  db.prepare("INSERT INTO meta (key, value) VALUES ('sim_time', ?)").run(new Date(closedThrough * 1000).toISOString());
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(TRENDS_THROUGH_KEY, String(closedThrough));
  db.prepare('UPDATE rollup_retention SET days = 1 WHERE resolution = 300').run();
  const ins = db.prepare("INSERT INTO metric_rollups (scope, object_id, resolution, ts, cpu_pct) VALUES ('estate', '', 300, ?, 10)");
  for (let t = closedThrough - 3 * DAY; t < closedThrough + HOUR; t += 300) ins.run(t);
  return db;
}
const kept = (db: Database.Database) => db.prepare('SELECT ts FROM metric_rollups WHERE resolution = 300 ORDER BY ts').all();

describe('Trends retention cut', () => {
  it('is the same whether the flush that closed the hour came right after it or 50 minutes later', () => {
    const h = 20 * DAY + 10 * HOUR; // the next hour to close
    const early = labAt(h);
    const late = labAt(h);
    // Both flushes close the hour [h, h+1h) (its last sample was taken), one 10 s after its end, one 50 min after.
    expect(closeTrendHours(early, h + HOUR + 10, h + HOUR + 10, h)).toBe(1);
    expect(closeTrendHours(late, h + HOUR + 3000, h + HOUR + 3000, h)).toBe(1);
    expect(kept(late)).toEqual(kept(early));
    // The cut is the end of the hours closed, one day back (simulated time).
    const oldest = (kept(early)[0] as { ts: number }).ts;
    expect(oldest).toBe(h + HOUR - DAY);
  });
});
