import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

/** The figures a sample or a rollup carries; absent ones are null for that scope. */
export const METRIC_FIELDS = ['cpuPct', 'readyPct', 'memState', 'balloonMb', 'swapMb', 'watts', 'sessions', 'uxMs', 'iops', 'latencyMs'] as const;
export type MetricField = (typeof METRIC_FIELDS)[number];
export type MetricScope = 'estate' | 'cluster' | 'host' | 'datastore' | 'pool';
export type MetricValues = Partial<Record<MetricField, number>>;

export interface RollupRow {
  scope: MetricScope;
  objectId: string;
  resolution: 300 | 3600 | 86400;
  ts: number;
  values: MetricValues;
}

const COLS = 'cpu_pct, ready_pct, mem_state, balloon_mb, swap_mb, watts, sessions, ux_ms, iops, latency_ms';

/** The level whose rows of the hour under way are kept in metric_rollups_recent (migration 024). */
export const RECENT_RESOLUTION = 300;
/** A 5-minute row moves into metric_rollups once its hour has ended (the rows of the hour under way stay apart). */
export const RECENT_FOLD_SECONDS = 3600;

const values = (v: MetricValues) => [
  v.cpuPct ?? null,
  v.readyPct ?? null,
  v.memState ?? null,
  v.balloonMb ?? null,
  v.swapMb ?? null,
  v.watts ?? null,
  v.sessions ?? null,
  v.uxMs ?? null,
  v.iops ?? null,
  v.latencyMs ?? null,
];

/**
 * What a write of roll-up rows (metric_rollups here, trend_rollups in trends.ts) needs to know about the
 * hour under way, whose 5-minute rows sit in the `_recent` table: whether `main` already holds a 5-minute
 * row of that hour (only after the clock went back: one index seek says so; a bucket written again then
 * replaces its row wherever it is, each 5-minute row being in one table only), and the bucket start
 * the `_recent` table is folded into `main` before (-Infinity: no 5-minute row, nothing to fold).
 */
export function hourUnderWay(
  db: Db,
  main: 'metric_rollups' | 'trend_rollups',
  rows: Iterable<{ resolution: number; ts: number }>,
): { again: boolean; foldBefore: number } {
  let oldest = Infinity;
  let foldBefore = -Infinity;
  for (const r of rows) {
    if (r.resolution !== RECENT_RESOLUTION) continue;
    oldest = Math.min(oldest, r.ts);
    foldBefore = Math.max(foldBefore, Math.floor((r.ts + r.resolution) / RECENT_FOLD_SECONDS) * RECENT_FOLD_SECONDS);
  }
  if (oldest === Infinity) return { again: false, foldBefore };
  const hourStart = Math.floor(oldest / RECENT_FOLD_SECONDS) * RECENT_FOLD_SECONDS;
  return { again: get(db, `SELECT 1 AS x FROM ${main} WHERE resolution = ? AND ts >= ? LIMIT 1`, RECENT_RESOLUTION, hourStart) !== undefined, foldBefore };
}

/**
 * Writes closed buckets. 5-minute rows go to metric_rollups_recent (clustered by time: a close
 * appends), and the ones whose hour has ended, by the newest bucket written, move into
 * metric_rollups (clustered by object: each object's page written once an hour, not twelve times).
 */
export function writeRollups(db: Db, rows: RollupRow[]): void {
  const { again, foldBefore } = hourUnderWay(db, 'metric_rollups', rows);
  // The 5-minute rows go in RECENT_BATCH at a time (the last few one by one): each row's parameters, in order.
  const recent: unknown[] = [];
  for (const r of rows) {
    if (r.resolution === RECENT_RESOLUTION) {
      if (again) run(db, 'DELETE FROM metric_rollups WHERE scope = ? AND object_id = ? AND resolution = ? AND ts = ?', r.scope, r.objectId, r.resolution, r.ts);
      recent.push(r.ts, r.scope, r.objectId, ...values(r.values));
      if (recent.length === RECENT_BATCH * RECENT_PARAMS) {
        run(db, RECENT_INSERT_BATCH, ...recent);
        recent.length = 0;
      }
      continue;
    }
    run(
      db,
      `INSERT OR REPLACE INTO metric_rollups (scope, object_id, resolution, ts, ${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      r.scope,
      r.objectId,
      r.resolution,
      r.ts,
      ...values(r.values),
    );
  }
  for (let i = 0; i < recent.length; i += RECENT_PARAMS) run(db, RECENT_INSERT_ONE, ...recent.slice(i, i + RECENT_PARAMS));
  if (foldBefore > -Infinity) foldRecent(db, foldBefore);
}

/**
 * 5-minute rows per INSERT: one statement of 32 rows (416 parameters) costs about two thirds of what 32
 * statements of one row do (scale-10k's ≈ 31,700 rows of a workday, 96 buckets of 330 objects with a
 * commit each: 58–78 ms one by one, 43–44 ms in 32s; 60 rows a statement is no better).
 */
const RECENT_BATCH = 32;
/** Parameters of one 5-minute row: ts, scope, object id and the ten figures. */
const RECENT_PARAMS = 13;
const recentInsert = (n: number) =>
  `INSERT OR REPLACE INTO metric_rollups_recent (ts, scope, object_id, ${COLS}) VALUES ${Array.from({ length: n }, () => `(${Array.from({ length: RECENT_PARAMS }, () => '?').join(', ')})`).join(', ')}`;
const RECENT_INSERT_BATCH = recentInsert(RECENT_BATCH);
const RECENT_INSERT_ONE = recentInsert(1);

/** Moves the 5-minute rows of buckets that started before `before` from metric_rollups_recent into metric_rollups. */
export function foldRecent(db: Db, before: number): void {
  run(
    db,
    `INSERT OR REPLACE INTO metric_rollups (scope, object_id, resolution, ts, ${COLS})
     SELECT scope, object_id, ${RECENT_RESOLUTION}, ts, ${COLS} FROM metric_rollups_recent WHERE ts < ? ORDER BY scope, object_id, ts`,
    before,
  );
  run(db, 'DELETE FROM metric_rollups_recent WHERE ts < ?', before);
}

// Retention per level is the admin's (rollup_retention, store/trends.ts pruneLevels).

interface Row {
  ts: number;
  cpu_pct: number | null;
  ready_pct: number | null;
  mem_state: number | null;
  balloon_mb: number | null;
  swap_mb: number | null;
  watts: number | null;
  sessions: number | null;
  ux_ms: number | null;
  iops: number | null;
  latency_ms: number | null;
}

export function readRollups(
  db: Db,
  scope: MetricScope,
  objectId: string,
  resolution: 300 | 3600 | 86400,
  from: number,
  to: number,
): { ts: number; values: MetricValues }[] {
  const rows =
    resolution === RECENT_RESOLUTION
      ? all<Row>(
          db,
          `SELECT ts, ${COLS} FROM metric_rollups WHERE scope = ? AND object_id = ? AND resolution = ? AND ts >= ? AND ts < ?
           UNION ALL
           SELECT ts, ${COLS} FROM metric_rollups_recent WHERE ts >= ? AND ts < ? AND scope = ? AND object_id = ?
           ORDER BY ts`,
          scope,
          objectId,
          resolution,
          from,
          to,
          from,
          to,
          scope,
          objectId,
        )
      : all<Row>(
          db,
          `SELECT ts, ${COLS} FROM metric_rollups WHERE scope = ? AND object_id = ? AND resolution = ? AND ts >= ? AND ts < ? ORDER BY ts`,
          scope,
          objectId,
          resolution,
          from,
          to,
        );
  return rows.map((r) => ({
    ts: r.ts,
    values: {
      cpuPct: r.cpu_pct ?? undefined,
      readyPct: r.ready_pct ?? undefined,
      memState: r.mem_state ?? undefined,
      balloonMb: r.balloon_mb ?? undefined,
      swapMb: r.swap_mb ?? undefined,
      watts: r.watts ?? undefined,
      sessions: r.sessions ?? undefined,
      uxMs: r.ux_ms ?? undefined,
      iops: r.iops ?? undefined,
      latencyMs: r.latency_ms ?? undefined,
    },
  }));
}
