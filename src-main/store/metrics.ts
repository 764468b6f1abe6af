import type { Db } from './db.ts';
import { all, run } from './stmt.ts';

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

export function writeRollups(db: Db, rows: RollupRow[]): void {
  for (const r of rows) {
    const v = r.values;
    run(
      db,
      `INSERT OR REPLACE INTO metric_rollups (scope, object_id, resolution, ts, ${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      r.scope,
      r.objectId,
      r.resolution,
      r.ts,
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
    );
  }
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
  return all<Row>(
    db,
    `SELECT ts, ${COLS} FROM metric_rollups WHERE scope = ? AND object_id = ? AND resolution = ? AND ts >= ? AND ts < ? ORDER BY ts`,
    scope,
    objectId,
    resolution,
    from,
    to,
  ).map((r) => ({
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
