import type { Db } from './db.ts';
import { hourUnderWay, RECENT_RESOLUTION } from './metrics.ts';
import { all, get, run } from './stmt.ts';

/**
 * Rollups of what the sessions did (issue 16, part 2), beside the metric rollups: each row is a
 * count `n`, a `sum` and a `max` over one bucket, so a coarser bucket is the sum of the counts and
 * sums and the max of the maxes of the finer ones (exact, whatever the level).
 *
 * | kind | key | one observation is |
 * |---|---|---|
 * | sessions-peak | pool id, '' for the estate | a 20 s sample's concurrent sessions (max = the peak) |
 * | machines | `pool id\tcategory` | a 5-minute census of the pool's machines in that category |
 * | failures | reason | one connection failure |
 * | failures-pool | pool id ('' when none was chosen) | one connection failure |
 * | logons | pool id | one completed logon (sum = seconds), by the minute it completed |
 * | logon-phase | phase | one logon's time in that phase |
 */
export const TREND_KINDS = ['sessions-peak', 'machines', 'failures', 'failures-pool', 'logons', 'logon-phase'] as const;
export type TrendKind = (typeof TREND_KINDS)[number];
export const ROLLUP_LEVELS = [300, 3600, 86400] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

export interface TrendRow {
  kind: TrendKind;
  key: string;
  resolution: RollupLevel;
  ts: number;
  n: number;
  sum: number;
  max: number;
}

/**
 * Writes trend rows. 5-minute ones go to trend_rollups_recent (clustered by time: a close appends), and
 * the ones whose hour has ended, by the newest bucket written, move into trend_rollups (clustered by kind
 * and key: each key's page written once an hour, not twelve times). Same scheme as store/metrics.ts writeRollups.
 */
export function writeTrendRows(db: Db, rows: readonly TrendRow[]): void {
  // The hour under way (metrics.ts hourUnderWay): a bucket written again after the clock went back replaces its row wherever it is.
  const { again, foldBefore } = hourUnderWay(db, 'trend_rollups', rows);
  for (const r of rows) {
    if (r.resolution === RECENT_RESOLUTION) {
      if (again) run(db, 'DELETE FROM trend_rollups WHERE kind = ? AND key = ? AND resolution = ? AND ts = ?', r.kind, r.key, r.resolution, r.ts);
      run(db, 'INSERT OR REPLACE INTO trend_rollups_recent (ts, kind, key, n, sum, max) VALUES (?, ?, ?, ?, ?, ?)', r.ts, r.kind, r.key, r.n, r.sum, r.max);
      continue;
    }
    run(
      db,
      'INSERT OR REPLACE INTO trend_rollups (kind, key, resolution, ts, n, sum, max) VALUES (?, ?, ?, ?, ?, ?, ?)',
      r.kind,
      r.key,
      r.resolution,
      r.ts,
      r.n,
      r.sum,
      r.max,
    );
  }
  if (foldBefore > -Infinity) {
    run(
      db,
      `INSERT OR REPLACE INTO trend_rollups (kind, key, resolution, ts, n, sum, max)
       SELECT kind, key, ${RECENT_RESOLUTION}, ts, n, sum, max FROM trend_rollups_recent WHERE ts < ? ORDER BY kind, key, ts`,
      foldBefore,
    );
    run(db, 'DELETE FROM trend_rollups_recent WHERE ts < ?', foldBefore);
  }
}

/** The rows of one level in [from, to), whichever table holds them (5-minute rows of the hour under way: trend_rollups_recent). */
function levelRows(level: RollupLevel): string {
  return level === RECENT_RESOLUTION
    ? `(SELECT kind, key, ts, n, sum, max FROM trend_rollups WHERE resolution = ${RECENT_RESOLUTION} AND ts >= ? AND ts < ?
        UNION ALL SELECT kind, key, ts, n, sum, max FROM trend_rollups_recent WHERE ts >= ? AND ts < ?)`
    : `(SELECT kind, key, ts, n, sum, max FROM trend_rollups WHERE resolution = ${level} AND ts >= ? AND ts < ?)`;
}
const levelParams = (level: RollupLevel, from: number, to: number) => (level === RECENT_RESOLUTION ? [from, to, from, to] : [from, to]);

/** Rolls the finer level's rows of [from, from + level) up into one row per kind and key at `level`. */
export function rollUpTrends(db: Db, finer: RollupLevel, level: RollupLevel, from: number, kinds: readonly TrendKind[]): void {
  run(
    db,
    `INSERT OR REPLACE INTO trend_rollups (kind, key, resolution, ts, n, sum, max)
     SELECT kind, key, ?, ?, SUM(n), SUM(sum), MAX(max) FROM ${levelRows(finer)}
     WHERE kind IN (${kinds.map(() => '?').join(',')}) GROUP BY kind, key`,
    level,
    from,
    ...levelParams(finer, from, from + level),
    ...kinds,
  );
}

/**
 * The day's metric rollup from its hourly ones: averages (each hour holds the same number of 20 s
 * samples), memory state the worst. Hours the lab did not run (before it started) are not invented.
 */
export function rollUpMetricDay(db: Db, day: number): void {
  run(
    db,
    `INSERT OR REPLACE INTO metric_rollups (scope, object_id, resolution, ts, cpu_pct, ready_pct, mem_state, balloon_mb, swap_mb, watts, sessions, ux_ms, iops, latency_ms)
     SELECT scope, object_id, 86400, ?, AVG(cpu_pct), AVG(ready_pct), MAX(mem_state), AVG(balloon_mb), AVG(swap_mb), AVG(watts), AVG(sessions), AVG(ux_ms), AVG(iops), AVG(latency_ms)
     FROM metric_rollups WHERE resolution = 3600 AND ts >= ? AND ts < ? GROUP BY scope, object_id`,
    day,
    day,
    day + 86400,
  );
}

export interface RetentionRow {
  resolution: RollupLevel;
  days: number;
}

/** Defaults (migration 015): 5-minute rollups a week, hourly ones 90 days (vCenter's past-month level keeps 30-minute data a month; a quarter lets a 1-month report compare), daily ones two years (a 1-year report and the year before). */
export const DEFAULT_RETENTION_DAYS: Record<RollupLevel, number> = { 300: 7, 3600: 90, 86400: 730 };

export function readRetention(db: Db): Record<RollupLevel, number> {
  const out = { ...DEFAULT_RETENTION_DAYS };
  for (const r of all<RetentionRow>(db, 'SELECT resolution, days FROM rollup_retention')) out[r.resolution] = r.days;
  return out;
}

export function writeRetention(db: Db, days: Partial<Record<RollupLevel, number>>): void {
  for (const level of ROLLUP_LEVELS) {
    const d = days[level];
    if (d !== undefined)
      run(db, 'INSERT INTO rollup_retention (resolution, days) VALUES (?, ?) ON CONFLICT(resolution) DO UPDATE SET days = excluded.days', level, d);
  }
}

/** Deletes what each level's retention no longer keeps (simulated time `now`); returns the rows deleted. */
export function pruneLevels(db: Db, now: number): number {
  const keep = readRetention(db);
  let n = 0;
  for (const level of ROLLUP_LEVELS) {
    const before = now - keep[level] * 86400;
    n += run(db, 'DELETE FROM metric_rollups WHERE resolution = ? AND ts < ?', level, before).changes;
    if (level === RECENT_RESOLUTION) n += run(db, 'DELETE FROM metric_rollups_recent WHERE ts < ?', before).changes;
    n += run(db, 'DELETE FROM trend_rollups WHERE resolution = ? AND ts < ?', level, before).changes;
    if (level === RECENT_RESOLUTION) n += run(db, 'DELETE FROM trend_rollups_recent WHERE ts < ?', before).changes;
  }
  return n;
}

export function readTrendRows(db: Db, kind: TrendKind, resolution: RollupLevel, from: number, to: number): Omit<TrendRow, 'kind' | 'resolution'>[] {
  return all<Omit<TrendRow, 'kind' | 'resolution'>>(
    db,
    `SELECT key, ts, n, sum, max FROM ${levelRows(resolution)} WHERE kind = ? ORDER BY ts, key`,
    ...levelParams(resolution, from, to),
    kind,
  );
}

/** Oldest and newest bucket a level holds (for the retention view and the report's note). */
export function levelSpan(db: Db, resolution: RollupLevel): { oldest: number | null; newest: number | null; rows: number } {
  // The 5-minute rows of the hour under way are in metric_rollups_recent (migration 024).
  const m = get<{ oldest: number | null; newest: number | null; n: number }>(
    db,
    `SELECT MIN(ts) AS oldest, MAX(ts) AS newest, COUNT(*) AS n FROM (
       SELECT ts FROM metric_rollups WHERE resolution = ?
       UNION ALL SELECT ts FROM metric_rollups_recent WHERE ? = ${RECENT_RESOLUTION})`,
    resolution,
    resolution,
  );
  const t = get<{ n: number }>(
    db,
    `SELECT (SELECT COUNT(*) FROM trend_rollups WHERE resolution = ?) + (CASE WHEN ? = ${RECENT_RESOLUTION} THEN (SELECT COUNT(*) FROM trend_rollups_recent) ELSE 0 END) AS n`,
    resolution,
    resolution,
  );
  return { oldest: m?.oldest ?? null, newest: m?.newest ?? null, rows: (m?.n ?? 0) + (t?.n ?? 0) };
}

/** Connection failures of [from, to) by reason and by pool (the hour's rows, by the failures index). */
export function failuresIn(db: Db, from: string, to: string): { reason: string; poolId: string; n: number }[] {
  return all<{ reason: string; poolId: string; n: number }>(
    db,
    "SELECT reason, COALESCE(pool_id, '') AS poolId, COUNT(*) AS n FROM connection_failures WHERE at >= ? AND at < ? GROUP BY reason, pool_id",
    from,
    to,
  );
}

/**
 * Logons that may have completed in [from, to): sessions that started in [since, to) and were still
 * running at `from` (running now, or ended since). Their completion time is computed by the caller.
 */
export function logonsAround(db: Db, since: string, from: string, to: string): { poolId: string; startedAt: string; seconds: number; phases: string | null }[] {
  return all<{ poolId: string; startedAt: string; seconds: number; phases: string | null }>(
    db,
    // In one order whichever table holds a logon: the hour's sums add them in it, and a session still running when one
    // run closes the hour may have ended when another closes it (a float sum depends on the order of its terms).
    `SELECT pool_id AS poolId, started_at AS startedAt, logon_seconds AS seconds, logon_phases AS phases, id FROM sessions
       WHERE logon_seconds IS NOT NULL AND started_at >= ? AND started_at < ?
     UNION ALL
     SELECT pool_id, started_at, logon_seconds, logon_phases, id FROM session_history
       WHERE ended_at >= ? AND logon_seconds IS NOT NULL AND started_at >= ? AND started_at < ?
     ORDER BY startedAt, id`,
    since,
    to,
    from,
    since,
    to,
  );
}
