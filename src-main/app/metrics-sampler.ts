import type { MetricSample, MetricSeries, MetricsNow } from '../contract/simulation.ts';
import type { Engine } from '../core/engine/engine.ts';
import { U } from '../core/engine/state.ts';
import type { LabModel } from '../core/lab/model.ts';
import { METRIC_FIELDS, type MetricScope, type MetricValues, type RollupRow } from '../store/metrics.ts';

/** vCenter's real-time interval: one sample every 20 simulated seconds; the last hour stays in memory. */
export const SAMPLE_SECONDS = 20;
export const RAW_WINDOW_SECONDS = 3600;
export const ROLLUP_SECONDS = [300, 3600] as const;

interface Sample {
  ts: number;
  byKey: Map<string, MetricValues>; // `${scope}:${id}` → values
}

const key = (scope: MetricScope, id: string) => `${scope}:${id}`;

/** Takes samples from the engine, keeps the raw window, and produces rollups as buckets close. */
export class MetricsSampler {
  private readonly samples: Sample[] = [];
  private readonly hostIds: string[];
  private readonly hostCluster: string[];
  private readonly dsIds: string[];
  private readonly poolIds: string[];
  private pendingRollups: RollupRow[] = [];

  constructor(lab: LabModel) {
    this.hostIds = lab.hosts.map((h) => h.id);
    this.hostCluster = lab.hosts.map((h) => h.clusterId);
    this.dsIds = lab.datastores.map((d) => d.id);
    this.poolIds = lab.pools.map((p) => p.id);
  }

  /** Current figures of the engine, per object and for the estate. */
  snapshot(e: Engine): MetricsNow {
    e.experience();
    const st = e.st;
    const hosts = this.hostIds.map((id, h) => ({
      id,
      cpuPct: e.hCpuPct[h] as number,
      readyPct: e.hReadyPct[h] as number,
      memState: e.hMemState[h] as number,
      balloonMb: e.hBalloonMb[h] as number,
      swapMb: e.hSwapMb[h] as number,
      watts: e.hWatts[h] as number,
      sessions: e.hSessions[h] as number,
      uxMs: e.hUxMs[h] as number,
    }));
    const datastores = this.dsIds.map((id, s) => ({ id, iops: e.sIops[s] as number, latencyMs: e.sLatencyMs[s] as number }));
    const poolSessions = new Float64Array(this.poolIds.length);
    const poolUx = new Float64Array(this.poolIds.length);
    const poolUxN = new Float64Array(this.poolIds.length);
    for (let i = 0; i < st.nSess; i++) {
      const u = st.sessList[i] as number;
      const p = st.uPool[u] as number;
      poolSessions[p] = (poolSessions[p] as number) + 1;
      if (st.uState[u] !== U.disconnected) {
        poolUx[p] = (poolUx[p] as number) + (e.uUxMs[u] as number);
        poolUxN[p] = (poolUxN[p] as number) + 1;
      }
    }
    const pools = this.poolIds.map((id, p) => ({
      id,
      sessions: poolSessions[p] as number,
      uxMs: (poolUxN[p] as number) > 0 ? (poolUx[p] as number) / (poolUxN[p] as number) : 0,
    }));
    const on = hosts.filter((_h, i) => st.hOn[i]);
    const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const withUx = hosts.filter((h) => h.uxMs > 0);
    const clusters = [...new Set(this.hostCluster)].map((id) => {
      const hs = hosts.filter((_h, i) => this.hostCluster[i] === id && st.hOn[i]);
      return {
        id,
        cpuPct: avg(hs.map((h) => h.cpuPct)),
        readyPct: Math.max(0, ...hs.map((h) => h.readyPct)),
        watts: sum(hs.map((h) => h.watts)),
        sessions: sum(hs.map((h) => h.sessions)),
      };
    });
    return {
      simTime: new Date(e.t * 1000).toISOString(),
      estate: {
        cpuPct: avg(on.map((h) => h.cpuPct)),
        readyPct: Math.max(0, ...on.map((h) => h.readyPct)),
        memState: Math.max(0, ...on.map((h) => h.memState)),
        balloonMb: sum(on.map((h) => h.balloonMb)),
        swapMb: sum(on.map((h) => h.swapMb)),
        watts: sum(on.map((h) => h.watts)),
        sessions: st.nSess,
        uxMs: withUx.length ? sum(withUx.map((h) => h.uxMs * h.sessions)) / Math.max(1, sum(withUx.map((h) => h.sessions))) : 0,
        iops: sum(datastores.map((d) => d.iops)),
        latencyMs: Math.max(0, ...datastores.map((d) => d.latencyMs)),
      },
      hosts,
      datastores,
      pools,
      clusters,
    };
  }

  /** Records a sample at the engine's current time; closes rollup buckets that ended. */
  sample(e: Engine): MetricsNow {
    const now = this.snapshot(e);
    const byKey = new Map<string, MetricValues>();
    byKey.set(key('estate', ''), now.estate);
    for (const { id, ...v } of now.hosts) byKey.set(key('host', id), v);
    for (const { id, ...v } of now.datastores) byKey.set(key('datastore', id), v);
    for (const { id, ...v } of now.pools) byKey.set(key('pool', id), v);
    for (const { id, ...v } of now.clusters) byKey.set(key('cluster', id), v);
    const ts = Math.round(e.t);
    this.samples.push({ ts, byKey });
    while (this.samples.length && (this.samples[0] as Sample).ts <= ts - RAW_WINDOW_SECONDS) this.samples.shift();
    for (const res of ROLLUP_SECONDS) {
      if (ts % res !== 0) continue;
      this.pendingRollups.push(...this.rollup(ts - res, ts, res));
    }
    return now;
  }

  private rollup(from: number, to: number, resolution: 300 | 3600): RollupRow[] {
    const inBucket = this.samples.filter((s) => s.ts > from && s.ts <= to);
    if (inBucket.length === 0) return [];
    const keys = new Set<string>();
    for (const s of inBucket) for (const k of s.byKey.keys()) keys.add(k);
    const rows: RollupRow[] = [];
    for (const k of keys) {
      const [scope, objectId] = k.split(/:(.*)/s) as [MetricScope, string];
      const values: MetricValues = {};
      for (const f of METRIC_FIELDS) {
        const xs = inBucket.map((s) => s.byKey.get(k)?.[f]).filter((x): x is number => x !== undefined);
        if (xs.length) values[f] = f === 'memState' ? Math.max(...xs) : xs.reduce((a, b) => a + b, 0) / xs.length;
      }
      rows.push({ scope, objectId, resolution, ts: from, values });
    }
    return rows;
  }

  /** Rollups produced since the last call (the simulation service persists them). */
  takeRollups(): RollupRow[] {
    const out = this.pendingRollups;
    this.pendingRollups = [];
    return out;
  }

  /** The raw samples of the last hour for one object. */
  raw(scope: MetricScope, id: string): MetricSeries['points'] {
    const k = key(scope, scope === 'estate' ? '' : id);
    return this.samples.filter((s) => s.byKey.has(k)).map((s) => ({ ts: s.ts, ...(s.byKey.get(k) as MetricValues) }));
  }

  reset(): void {
    this.samples.length = 0;
    this.pendingRollups = [];
  }
}

export type { MetricSample };
