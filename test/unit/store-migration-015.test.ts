import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';

// Migration 015 (Trends) on :memory:: metric_rollups rebuilt with its rows and a daily level, the
// trend rollups table, retention per level with its defaults, and the CHECKs that refuse the rest.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('migration 015', () => {
  it('keeps the metric rollups, admits the daily level, seeds retention and refuses what is not a level', () => {
    const db = new Database(':memory:');
    open.push(db);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 15),
    );
    db.exec("INSERT INTO metric_rollups (scope, object_id, resolution, ts, cpu_pct, sessions) VALUES ('estate', '', 3600, 7200, 42.5, 17)");
    expect(() => db.exec("INSERT INTO metric_rollups (scope, object_id, resolution, ts) VALUES ('estate', '', 86400, 0)")).toThrow(/CHECK/);
    expect(migrate(db, MIGRATIONS)).toBeGreaterThanOrEqual(15);
    expect(db.prepare('SELECT resolution, ts, cpu_pct, sessions FROM metric_rollups').all()).toEqual([
      { resolution: 3600, ts: 7200, cpu_pct: 42.5, sessions: 17 },
    ]);
    db.exec("INSERT INTO metric_rollups (scope, object_id, resolution, ts) VALUES ('estate', '', 86400, 0)");
    expect(db.prepare('SELECT resolution, days FROM rollup_retention ORDER BY resolution').all()).toEqual([
      { resolution: 300, days: 7 },
      { resolution: 3600, days: 90 },
      { resolution: 86400, days: 730 },
    ]);
    db.exec("INSERT INTO trend_rollups (kind, key, resolution, ts, n, sum, max) VALUES ('failures', 'no-desktop', 3600, 0, 3, 3, 3)");
    expect(() => db.exec("INSERT INTO trend_rollups (kind, key, resolution, ts, n, sum, max) VALUES ('weather', '', 3600, 0, 1, 1, 1)")).toThrow(/CHECK/);
    expect(() => db.exec("INSERT INTO trend_rollups (kind, key, resolution, ts, n, sum, max) VALUES ('failures', '', 60, 0, 1, 1, 1)")).toThrow(/CHECK/);
    expect(() => db.exec('UPDATE rollup_retention SET days = 0 WHERE resolution = 300')).toThrow(/CHECK/);
  });
});
