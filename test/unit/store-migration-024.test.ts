import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';
import { readRollups, writeRollups, type RollupRow } from '../../src-main/store/metrics.ts';
import { levelSpan, pruneLevels, readTrendRows, rollUpTrends, writeTrendRows, type TrendRow } from '../../src-main/store/trends.ts';

// Migration 024 (5-minute rollups of the hour under way apart, clustered by time) on :memory:: a lab
// saved before it reads its rollups back as they were; new 5-minute rows stay in metric_rollups_recent
// until their hour ends, then move whole into metric_rollups; a bucket is read once wherever it is.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const row = (ts: number, objectId: string, cpuPct: number, resolution: 300 | 3600 = 300): RollupRow => ({
  scope: 'host',
  objectId,
  resolution,
  ts,
  values: { cpuPct, sessions: ts / 300 },
});
const count = (db: Database.Database, t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;

describe('migration 024', () => {
  it('keeps the rows of a lab saved before it; 5-minute rows move into metric_rollups when their hour ends, read back exactly', () => {
    const db = new Database(':memory:');
    open.push(db);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 24),
    );
    writeRollupsBefore(db, [row(0, 'h-1', 10), row(300, 'h-1', 11)]);
    expect(migrate(db, MIGRATIONS)).toBeGreaterThanOrEqual(24);
    expect(readRollups(db, 'host', 'h-1', 300, 0, 7200).map((r) => r.values.cpuPct)).toEqual([10, 11]);

    // The rest of the first hour and the next one's first buckets: the hour under way stays apart.
    const first = Array.from({ length: 10 }, (_, i) => row(600 + i * 300, 'h-1', 12 + i));
    writeRollups(db, [...first.slice(0, 9), row(0, 'h-2', 5)]);
    expect(count(db, 'metric_rollups_recent')).toBe(10);
    writeRollups(db, [first[9] as RollupRow, row(0, 'h-1', 50, 3600), row(3600, 'h-1', 99)]); // the bucket that ends the hour
    expect(count(db, 'metric_rollups_recent')).toBe(1); // 3600 only
    expect(db.prepare('SELECT ts FROM metric_rollups_recent').all()).toEqual([{ ts: 3600 }]);
    const all = readRollups(db, 'host', 'h-1', 300, 0, 7200);
    expect(all.map((r) => r.ts)).toEqual(Array.from({ length: 13 }, (_, i) => i * 300));
    expect(all.map((r) => r.values.cpuPct)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 99]);
    expect(all[12]?.values).toEqual({ cpuPct: 99, sessions: 12 });
    expect(readRollups(db, 'host', 'h-2', 300, 0, 7200).map((r) => r.values.cpuPct)).toEqual([5]);
    expect(readRollups(db, 'host', 'h-1', 3600, 0, 7200).map((r) => r.values.cpuPct)).toEqual([50]);
    expect(levelSpan(db, 300)).toMatchObject({ oldest: 0, newest: 3600 });

    // A bucket written again (a rewound clock) is read once, with its new figures, whichever table held it.
    writeRollups(db, [row(600, 'h-1', 77)]);
    expect(readRollups(db, 'host', 'h-1', 300, 600, 900).map((r) => r.values.cpuPct)).toEqual([77]);
    writeRollups(db, [row(3600, 'h-1', 88)]);
    expect(readRollups(db, 'host', 'h-1', 300, 3600, 3900).map((r) => r.values.cpuPct)).toEqual([88]);

    // Retention prunes both tables.
    pruneLevels(db, 3600 + 8 * 86400);
    expect(count(db, 'metric_rollups_recent')).toBe(0);
    expect(readRollups(db, 'host', 'h-1', 300, 0, 7200)).toEqual([]);
  });
});

describe('migration 024, trend rows', () => {
  it('5-minute trend rows stay apart until their hour ends; the hour rolls up from both tables; reads see each row once', () => {
    const db = new Database(':memory:');
    open.push(db);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 24),
    );
    db.prepare("INSERT INTO trend_rollups (kind, key, resolution, ts, n, sum, max) VALUES ('sessions-peak', 'pool-1', 300, 0, 1, 10, 10)").run();
    migrate(db, MIGRATIONS);
    const peak = (ts: number, v: number): TrendRow => ({ kind: 'sessions-peak', key: 'pool-1', resolution: 300, ts, n: 1, sum: v, max: v });
    writeTrendRows(
      db,
      Array.from({ length: 10 }, (_, i) => peak(300 + i * 300, 11 + i)),
    );
    expect(count(db, 'trend_rollups_recent')).toBe(10);
    // Rolled up before the fold (the old row in trend_rollups, the rest apart): the hour is whole.
    rollUpTrends(db, 300, 3600, 0, ['sessions-peak']);
    expect(readTrendRows(db, 'sessions-peak', 3600, 0, 3600)).toEqual([{ key: 'pool-1', ts: 0, n: 11, sum: 10 + 11 * 10 + 45, max: 20 }]);
    writeTrendRows(db, [peak(3300, 21), peak(3600, 30)]);
    expect(db.prepare('SELECT ts FROM trend_rollups_recent').all()).toEqual([{ ts: 3600 }]);
    const five = readTrendRows(db, 'sessions-peak', 300, 0, 7200);
    expect(five.map((r) => r.ts)).toEqual(Array.from({ length: 13 }, (_, i) => i * 300));
    expect(five.map((r) => r.max)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 30]);
    expect(levelSpan(db, 300)).toMatchObject({ oldest: null, rows: 13 });
    writeTrendRows(db, [peak(600, 77)]); // a rewound clock writes a folded bucket again
    expect(readTrendRows(db, 'sessions-peak', 300, 600, 900)).toEqual([{ key: 'pool-1', ts: 600, n: 1, sum: 77, max: 77 }]);
    pruneLevels(db, 3600 + 8 * 86400);
    expect(count(db, 'trend_rollups_recent')).toBe(0);
    expect(readTrendRows(db, 'sessions-peak', 300, 0, 7200)).toEqual([]);
  });
});

/** How a lab before 024 wrote its rollups (one table). */
function writeRollupsBefore(db: Database.Database, rows: RollupRow[]): void {
  const ins = db.prepare('INSERT INTO metric_rollups (scope, object_id, resolution, ts, cpu_pct, sessions) VALUES (?, ?, ?, ?, ?, ?)');
  for (const r of rows) ins.run(r.scope, r.objectId, r.resolution, r.ts, r.values.cpuPct ?? null, r.values.sessions ?? null);
}
