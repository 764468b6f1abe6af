import { LabError } from '../../contract/errors.ts';
import { CONNECT_FAILURE_REASONS, LOGON_PHASES } from '../../contract/session-entities.ts';
import type { TrendColumn, TrendLevel, TrendRange, TrendReport, TrendReportName } from '../../contract/trend-methods.ts';
import type { Db } from '../../store/db.ts';
import { readRollups, type MetricField, type MetricScope } from '../../store/metrics.ts';
import { readRetention, readTrendRows } from '../../store/trends.ts';
import { MACHINE_CATEGORIES } from './census.ts';
import { TRENDS_THROUGH_KEY } from './closer.ts';
import { getMeta } from '../../store/sim-sync.ts';
import { poolRef, poolRefs } from '../../store/pools.ts';
import { hostRefs } from '../../store/inventory.ts';

const DAY = 86400;
const RANGE_DAYS: Record<Exclude<TrendRange, 'custom'>, number> = { '1d': 1, '7d': 7, '30d': 30, '1y': 365 };

export interface TrendQuery {
  report: TrendReportName;
  range: TrendRange;
  from?: string | undefined;
  to?: string | undefined;
  poolId?: string | undefined;
}

/**
 * Which level a range reads: up to 2 days the 5-minute rollups (failures and logons are closed per
 * hour: hourly), up to 62 days hourly, longer daily — at most ~750 rows, what a chart and a printed
 * page can show.
 */
export function levelFor(report: TrendReportName, spanSeconds: number): TrendLevel {
  if (spanSeconds <= 2 * DAY) return report === 'failures' || report === 'logon' ? 3600 : 300;
  if (spanSeconds <= 62 * DAY) return 3600;
  return 86400;
}

const TITLES: Record<TrendReportName, [string, string]> = {
  sessions: ['Sessions', 'Concurrent sessions (average and peak of the 20 s samples) and logons completed per bucket.'],
  failures: ['Connection failures', 'Failed connection requests per bucket, by reason.'],
  logon: ['Logon performance', 'Logons completed per bucket, their average and longest duration, and the average time of each logon phase.'],
  'pool-load': ['Load per pool', 'Average concurrent sessions of each pool per bucket.'],
  'host-load': ['Load per host', 'Average CPU use of each host per bucket (% of its capacity).'],
  capacity: ['Capacity', 'Peak concurrent sessions against the sessions the usable machines could host (available, in use, disconnected).'],
  'machine-usage': ['Machine usage', 'Average number of machines in each state category per bucket (censuses every 5 minutes).'],
  resources: [
    'Resource utilisation',
    'Estate CPU, CPU ready, memory state, ballooned and swapped memory, storage IOPS and latency, power and user experience.',
  ],
} as Record<TrendReportName, [string, string]>;

/** Builds a report from the rollups. `now`: the simulated clock (the end of the fixed ranges). */
export function buildReport(db: Db, q: TrendQuery, now: number): TrendReport {
  const pool = q.poolId ? poolRef(db, q.poolId) : undefined;
  if (q.poolId && !pool) throw new LabError('not-found', `No pool with id "${q.poolId}"`, ['poolId']);
  if (pool && (q.report === 'pool-load' || q.report === 'host-load' || q.report === 'resources')) {
    throw new LabError('invalid-input', `The ${TITLES[q.report][0]} report covers the estate; it takes no pool`, ['poolId']);
  }
  let from: number;
  let to: number;
  if (q.range === 'custom') {
    from = Math.floor(Date.parse(q.from as string) / 1000);
    to = Math.ceil(Date.parse(q.to as string) / 1000);
  } else {
    to = now;
    from = now - RANGE_DAYS[q.range] * DAY;
  }
  const resolution = levelFor(q.report, to - from);
  // Buckets that started in the range (a bucket that began before `from` is left out, one under way is in).
  const lo = Math.ceil(from / resolution) * resolution;
  const hi = to;
  const notes: string[] = [];
  const b = new Builder(resolution);
  const poolKey = pool?.id ?? '';
  const scope: MetricScope = pool ? 'pool' : 'estate';
  switch (q.report) {
    case 'sessions': {
      const avg = b.col({ key: 'avgSessions', label: 'Concurrent sessions (average)', unit: 'sessions', agg: 'avg' });
      const peak = b.col({ key: 'peakSessions', label: 'Concurrent sessions (peak)', unit: 'sessions', agg: 'max' });
      b.metric(db, scope, poolKey, 'sessions', avg, lo, hi);
      for (const r of readTrendRows(db, 'sessions-peak', resolution, lo, hi)) if (r.key === poolKey) b.set(r.ts, peak, r.max);
      if (resolution !== 300) {
        const logons = b.col({ key: 'logons', label: 'Logons', unit: 'logons', agg: 'sum' });
        for (const r of readTrendRows(db, 'logons', resolution, lo, hi)) if (r.key === poolKey) b.set(r.ts, logons, r.n);
        b.zeroFill([logons]);
      } else notes.push('Logons are counted per hour: see the Logon performance report, or a range over 2 days.');
      break;
    }
    case 'failures': {
      const cols = CONNECT_FAILURE_REASONS.map((r) => b.col({ key: r, label: r, unit: 'failures', agg: 'sum' }));
      const total = b.col({ key: 'total', label: 'Total', unit: 'failures', agg: 'sum' });
      const rows = pool
        ? readTrendRows(db, 'failures-pool', resolution, lo, hi)
            .filter((r) => r.key.startsWith(`${pool.id}\t`))
            .map((r) => ({ ...r, key: r.key.slice(pool.id.length + 1) }))
        : readTrendRows(db, 'failures', resolution, lo, hi);
      for (const r of rows) {
        const i = CONNECT_FAILURE_REASONS.indexOf(r.key as (typeof CONNECT_FAILURE_REASONS)[number]);
        if (i >= 0) b.add(r.ts, cols[i] as number, r.n);
        b.add(r.ts, total, r.n);
      }
      // An hour without a failure is a zero, not a gap (up to the last closed bucket).
      b.fillBuckets(lo, Math.min(hi, closedThrough(db)), [...cols, total]);
      break;
    }
    case 'logon': {
      const n = b.col({ key: 'logons', label: 'Logons', unit: 'logons', agg: 'sum' });
      const avg = b.col({ key: 'avgSeconds', label: 'Logon duration (average)', unit: 's', agg: 'avg' });
      const max = b.col({ key: 'maxSeconds', label: 'Logon duration (longest)', unit: 's', agg: 'max' });
      const weights = new Map<number, number>();
      for (const r of readTrendRows(db, 'logons', resolution, lo, hi)) {
        if (r.key !== poolKey) continue;
        b.set(r.ts, n, r.n);
        b.set(r.ts, avg, r.sum / r.n);
        b.set(r.ts, max, r.max);
        weights.set(r.ts, r.n);
      }
      b.weightAvg(avg, weights);
      if (pool) notes.push('Logon phases are kept for the estate, not per pool.');
      else {
        const phases = LOGON_PHASES.map((p) => b.col({ key: p, label: `Phase: ${p}`, unit: 's', agg: 'avg' }));
        for (const r of readTrendRows(db, 'logon-phase', resolution, lo, hi)) {
          const i = LOGON_PHASES.indexOf(r.key as (typeof LOGON_PHASES)[number]);
          if (i >= 0 && r.n > 0) b.set(r.ts, phases[i] as number, r.sum / r.n);
        }
      }
      break;
    }
    case 'pool-load': {
      for (const p of poolRefs(db)) {
        const c = b.col({ key: p.id, label: p.name, unit: 'sessions', agg: 'avg' });
        b.metric(db, 'pool', p.id, 'sessions', c, lo, hi);
      }
      break;
    }
    case 'host-load': {
      for (const h of hostRefs(db)) {
        const c = b.col({ key: h.id, label: h.name, unit: '% CPU', agg: 'avg' });
        b.metric(db, 'host', h.id, 'cpuPct', c, lo, hi);
      }
      break;
    }
    case 'capacity': {
      const peak = b.col({ key: 'peakSessions', label: 'Peak concurrent sessions', unit: 'sessions', agg: 'max' });
      const cap = b.col({ key: 'capacity', label: 'Available capacity (average)', unit: 'sessions', agg: 'avg' });
      const use = b.col({ key: 'peakUsePct', label: 'Peak use of capacity', unit: '%', agg: 'max' });
      for (const r of readTrendRows(db, 'sessions-peak', resolution, lo, hi)) if (r.key === poolKey) b.set(r.ts, peak, r.max);
      const capBy = sumPools(readTrendRows(db, 'machines', resolution, lo, hi), 'capacity', pool?.id);
      for (const [ts, v] of capBy) b.set(ts, cap, v);
      b.derive(use, (v) => (v[cap] ? ((v[peak] ?? 0) / (v[cap] as number)) * 100 : null));
      break;
    }
    case 'machine-usage': {
      const rows = readTrendRows(db, 'machines', resolution, lo, hi);
      for (const c of MACHINE_CATEGORIES) {
        const col = b.col({ key: c, label: c, unit: 'machines', agg: 'avg' });
        for (const [ts, v] of sumPools(rows, c, pool?.id)) b.set(ts, col, v);
      }
      const total = b.col({ key: 'total', label: 'Total', unit: 'machines', agg: 'avg' });
      for (const [ts, v] of sumPools(rows, 'total', pool?.id)) b.set(ts, total, v);
      b.zeroFill(MACHINE_CATEGORIES.map((_, i) => i));
      break;
    }
    case 'resources': {
      const fields: [MetricField, string, string, TrendColumn['agg']][] = [
        ['cpuPct', 'CPU', '%', 'avg'],
        ['readyPct', 'CPU ready (worst host)', '%', 'max'],
        ['memState', 'Memory state (worst: 0 high … 4 low)', 'state', 'max'],
        ['balloonMb', 'Ballooned memory', 'MB', 'avg'],
        ['swapMb', 'Swapped memory', 'MB', 'avg'],
        ['iops', 'Storage IOPS', 'IOPS', 'avg'],
        ['latencyMs', 'Storage latency (worst datastore)', 'ms', 'max'],
        ['watts', 'Power', 'W', 'avg'],
        ['uxMs', 'User experience (response)', 'ms', 'avg'],
      ];
      const points = readRollups(db, 'estate', '', resolution, lo, hi);
      for (const [f, label, unit, agg] of fields) {
        const c = b.col({ key: f, label, unit, agg });
        for (const p of points) {
          const v = p.values[f];
          if (v !== undefined) b.set(p.ts, c, v);
        }
      }
      break;
    }
  }
  const keep = readRetention(db)[resolution];
  if (lo < now - keep * DAY) notes.push(`The ${LEVEL_NAMES[resolution]} rollups are kept ${keep} days (Trends retention): older buckets are gone.`);
  const first = b.firstTs();
  if (first !== null && first > lo + resolution)
    notes.push(
      `The lab holds no figures before ${new Date(first * 1000).toISOString().slice(0, 16).replace('T', ' ')} (it had not run yet, or they were pruned).`,
    );
  if (b.rowCount() === 0) notes.push('No figures in this range: run the lab (the clock) to collect them.');
  const [title, description] = TITLES[q.report];
  return {
    report: q.report,
    title,
    description,
    range: q.range,
    from: new Date(from * 1000).toISOString(),
    to: new Date(to * 1000).toISOString(),
    poolId: pool?.id ?? null,
    poolName: pool?.name ?? null,
    resolution,
    columns: b.columns,
    rows: b.rows(),
    summary: b.summary(),
    notes,
    source: SOURCES[q.report],
  };
}

const LEVEL_NAMES: Record<TrendLevel, string> = { 300: '5-minute', 3600: 'hourly', 86400: 'daily' };

const SOURCES: Record<TrendReportName, string> = {
  sessions: 'metric rollups (sessions, averaged from 20 s samples) and Trends rollups (sessions-peak, logons)',
  failures: 'Trends rollups of the connection_failures rows (closed per hour)',
  logon: 'Trends rollups of the sessions’ logon phases, by the minute each logon completed',
  'pool-load': 'metric rollups per pool (sessions, averaged from 20 s samples)',
  'host-load': 'metric rollups per host (CPU %, averaged from 20 s samples)',
  capacity: 'Trends rollups: session peaks (20 s samples) and the 5-minute machine census',
  'machine-usage': 'Trends rollups: the 5-minute machine census',
  resources: 'metric rollups of the estate (averaged from 20 s samples; worst for ready, memory state, latency)',
};

/** The end of the last hour the Trends rollups closed (app/trends/closer.ts). */
function closedThrough(db: Db): number {
  const v = Number(getMeta(db, TRENDS_THROUGH_KEY));
  return Number.isFinite(v) ? v : 0;
}

/** Per bucket, the average of one census category summed over the pools (or one pool). */
function sumPools(rows: { key: string; ts: number; n: number; sum: number }[], category: string, poolId: string | undefined): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of rows) {
    const tab = r.key.lastIndexOf('\t');
    if (r.key.slice(tab + 1) !== category || (poolId !== undefined && r.key.slice(0, tab) !== poolId) || r.n === 0) continue;
    out.set(r.ts, (out.get(r.ts) ?? 0) + r.sum / r.n);
  }
  return out;
}

/** Rows by bucket, columns added as the report goes. */
class Builder {
  readonly columns: TrendColumn[] = [];
  private readonly byTs = new Map<number, (number | null)[]>();
  private weights = new Map<number, Map<number, number>>();
  constructor(private readonly resolution: TrendLevel) {}

  col(c: TrendColumn): number {
    this.columns.push(c);
    return this.columns.length - 1;
  }
  private row(ts: number): (number | null)[] {
    let r = this.byTs.get(ts);
    if (!r) this.byTs.set(ts, (r = []));
    return r;
  }
  set(ts: number, col: number, v: number): void {
    this.row(ts)[col] = v;
  }
  add(ts: number, col: number, v: number): void {
    const r = this.row(ts);
    r[col] = (r[col] ?? 0) + v;
  }
  metric(db: Db, scope: MetricScope, id: string, f: MetricField, col: number, from: number, to: number): void {
    for (const p of readRollups(db, scope, id, this.resolution, from, to)) {
      const v = p.values[f];
      if (v !== undefined) this.set(p.ts, col, v);
    }
  }
  /** Every bucket of [from, to) exists, with 0 in these (count) columns where it has no figure. */
  fillBuckets(from: number, to: number, cols: number[]): void {
    for (let ts = from; ts + this.resolution <= to; ts += this.resolution) this.row(ts);
    this.zeroFill(cols);
  }
  /** Counts: a bucket that has a row but no count for the column had none. */
  zeroFill(cols: number[]): void {
    for (const r of this.byTs.values()) for (const c of cols) r[c] ??= 0;
  }
  weightAvg(col: number, w: Map<number, number>): void {
    this.weights.set(col, w);
  }
  derive(col: number, f: (v: (number | null)[]) => number | null): void {
    for (const r of this.byTs.values()) r[col] = f(r);
  }
  firstTs(): number | null {
    return this.byTs.size ? Math.min(...this.byTs.keys()) : null;
  }
  rowCount(): number {
    return this.byTs.size;
  }
  rows(): { ts: number; values: (number | null)[] }[] {
    const n = this.columns.length;
    return [...this.byTs.entries()].sort((a, b) => a[0] - b[0]).map(([ts, v]) => ({ ts, values: Array.from({ length: n }, (_, i) => round(v[i] ?? null)) }));
  }
  summary(): (number | null)[] {
    return this.columns.map((c, i) => {
      const w = this.weights.get(i);
      let s = 0;
      let k = 0;
      let m: number | null = null;
      for (const [ts, r] of this.byTs) {
        const v = r[i];
        if (v === null || v === undefined) continue;
        const wt = w ? (w.get(ts) ?? 0) : 1;
        s += v * wt;
        k += wt;
        m = m === null ? v : Math.max(m, v);
      }
      if (c.agg === 'max') return round(m);
      if (k === 0) return null;
      return round(c.agg === 'sum' ? s : s / k);
    });
  }
}

/** Two decimals: the figures are averages of samples, not measurements to the last bit. */
function round(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : Math.round(v * 100) / 100;
}
