import type { MetricSeries, MetricsNow } from '../contract/simulation.ts';
import type { Engine } from '../core/engine/engine.ts';
import { U } from '../core/engine/state.ts';
import type { LabModel } from '../core/lab/model.ts';
import { METRIC_FIELDS, type MetricScope, type MetricValues, type RollupRow } from '../store/metrics.ts';
import type { TrendRow } from '../store/trends.ts';
import { machineCensus } from './trends/census.ts';

/** vCenter's real-time interval: one sample every 20 simulated seconds; the last hour stays in memory. */
export const SAMPLE_SECONDS = 20;
export const RAW_WINDOW_SECONDS = 3600;
export const ROLLUP_SECONDS = [300, 3600] as const;
/** The finest Trends bucket (session peaks, machine census): 5 minutes, the finest rollup level. */
export const TREND_BUCKET = 300;

const F = METRIC_FIELDS.length;

/** The objects a sample row holds, in order (estate, clusters, hosts, datastores, pools). */
export interface MetricsLayout {
  hostIds: string[];
  dsIds: string[];
  clusterIds: string[];
  poolIds: string[];
}
const FIELD = Object.fromEntries(METRIC_FIELDS.map((f, i) => [f, i])) as Record<(typeof METRIC_FIELDS)[number], number>;

/**
 * Samples the engine into flat rows: one Float64Array per sample, laid out
 * object × field (NaN where a field does not apply), so a sample and a rollup
 * are plain loops with no per-object allocation.
 */
export class MetricsSampler {
  private readonly keys: { scope: MetricScope; id: string }[] = [];
  private readonly keyIndex = new Map<string, number>();
  private readonly hostCluster: Int32Array;
  private readonly hostIds: string[];
  private readonly dsIds: string[];
  private readonly poolIds: string[];
  private readonly clusterIds: string[];
  private readonly base: { estate: number; cluster: number; host: number; datastore: number };
  private readonly ring: { ts: number; row: Float64Array }[] = [];
  /** Samples taken since the store last took them. */
  private unsaved: { ts: number; row: Float64Array }[] = [];
  private pendingRollups: RollupRow[] = [];
  /** Trends rows (5-minute session peaks and machine census) since the store last took them. */
  private pendingTrends: TrendRow[] = [];

  /** `layout`: the layout of the samples a stored lab holds (rows are laid out by it), else the lab's own. */
  constructor(lab: LabModel, layout?: MetricsLayout) {
    this.hostIds = layout ? [...layout.hostIds] : lab.hosts.map((h) => h.id);
    this.dsIds = layout ? [...layout.dsIds] : lab.datastores.map((d) => d.id);
    this.poolIds = layout ? [...layout.poolIds] : lab.pools.map((p) => p.id);
    this.clusterIds = layout ? [...layout.clusterIds] : lab.clusters.map((c) => c.id);
    const hostCluster = new Map(lab.hosts.map((h) => [h.id, h.clusterId]));
    this.hostCluster = Int32Array.from(this.hostIds.map((id) => this.clusterIds.indexOf(hostCluster.get(id) ?? '')));
    const add = (scope: MetricScope, ids: string[]) => {
      const start = this.keys.length;
      for (const id of ids) {
        this.keyIndex.set(`${scope}:${id}`, this.keys.length);
        this.keys.push({ scope, id });
      }
      return start;
    };
    this.base = {
      estate: add('estate', ['']),
      cluster: add('cluster', this.clusterIds),
      host: add('host', this.hostIds),
      datastore: add('datastore', this.dsIds),
    };
    add('pool', this.poolIds); // pools are looked up by id: the engine's pool order changes as pools come and go
  }

  private indexCache = new WeakMap<readonly string[], Map<readonly string[], Int32Array>>();

  /** Where each object of the layout is in the engine (-1: gone); the layout and the engine agree unless objects came or went. */
  private engineIndex(engineIds: readonly string[], layoutIds: readonly string[]): Int32Array {
    let m = this.indexCache.get(engineIds);
    if (!m) this.indexCache.set(engineIds, (m = new Map()));
    let out = m.get(layoutIds);
    if (!out) {
      const at = new Map(engineIds.map((id, i) => [id, i]));
      out = Int32Array.from(layoutIds, (id) => at.get(id) ?? -1);
      m.set(layoutIds, out);
    }
    return out;
  }

  /** How a sample row is laid out (saved with the lab, so stored samples read back as they were taken). */
  layout(): MetricsLayout {
    return { hostIds: [...this.hostIds], dsIds: [...this.dsIds], clusterIds: [...this.clusterIds], poolIds: [...this.poolIds] };
  }

  /** Puts stored samples of the last hour back (oldest first). */
  restoreRing(samples: { ts: number; row: Float64Array }[]): void {
    this.ring.length = 0;
    this.ring.push(...samples);
    this.unsaved = [];
  }

  /** Samples taken since the last call (the flush stores them). */
  takeNewSamples(): { ts: number; row: Float64Array }[] {
    const out = this.unsaved;
    this.unsaved = [];
    return out;
  }

  /** The figures of this instant as one flat row. */
  private measure(e: Engine): Float64Array {
    e.experience();
    const st = e.st;
    const row = new Float64Array(this.keys.length * F).fill(Number.NaN); // rows of older samples may be shorter (pools added since)
    const set = (k: number, f: number, v: number) => (row[k * F + f] = v);
    const H = this.hostIds.length;
    const C = this.clusterIds.length;
    const cCpu = new Float64Array(C);
    const cN = new Float64Array(C);
    const cReady = new Float64Array(C);
    const cWatts = new Float64Array(C);
    const cSess = new Float64Array(C);
    let eCpu = 0;
    let eOn = 0;
    let eReady = 0;
    let eMem = 0;
    let eBalloon = 0;
    let eSwap = 0;
    let eWatts = 0;
    let eUx = 0;
    let eUxN = 0;
    const hostOf = this.engineIndex(e.st.ids.hosts, this.hostIds);
    for (let hk = 0; hk < H; hk++) {
      const h = hostOf[hk] as number;
      if (h < 0) continue; // a host removed since the layout was made
      const k = this.base.host + hk;
      const cpu = e.hCpuPct[h] as number;
      const ready = e.hReadyPct[h] as number;
      const watts = e.hWatts[h] as number;
      const sess = e.hSessions[h] as number;
      const ux = e.hUxMs[h] as number;
      set(k, FIELD.cpuPct, cpu);
      set(k, FIELD.readyPct, ready);
      set(k, FIELD.memState, e.hMemState[h] as number);
      set(k, FIELD.balloonMb, e.hBalloonMb[h] as number);
      set(k, FIELD.swapMb, e.hSwapMb[h] as number);
      set(k, FIELD.watts, watts);
      set(k, FIELD.sessions, sess);
      set(k, FIELD.uxMs, ux);
      if (!st.hOn[h]) continue;
      const c = this.hostCluster[hk] as number;
      cCpu[c] = (cCpu[c] as number) + cpu;
      cN[c] = (cN[c] as number) + 1;
      cReady[c] = Math.max(cReady[c] as number, ready);
      cWatts[c] = (cWatts[c] as number) + watts;
      cSess[c] = (cSess[c] as number) + sess;
      eCpu += cpu;
      eOn++;
      eReady = Math.max(eReady, ready);
      eMem = Math.max(eMem, e.hMemState[h] as number);
      eBalloon += e.hBalloonMb[h] as number;
      eSwap += e.hSwapMb[h] as number;
      eWatts += watts;
      if (ux > 0) {
        eUx += ux * sess;
        eUxN += sess;
      }
    }
    for (let c = 0; c < C; c++) {
      const k = this.base.cluster + c;
      set(k, FIELD.cpuPct, (cN[c] as number) > 0 ? (cCpu[c] as number) / (cN[c] as number) : 0);
      set(k, FIELD.readyPct, cReady[c] as number);
      set(k, FIELD.watts, cWatts[c] as number);
      set(k, FIELD.sessions, cSess[c] as number);
    }
    let eIops = 0;
    let eLat = 0;
    const dsOf = this.engineIndex(e.st.ids.datastores, this.dsIds);
    for (let sk = 0; sk < this.dsIds.length; sk++) {
      const s = dsOf[sk] as number;
      if (s < 0) continue;
      const k = this.base.datastore + sk;
      set(k, FIELD.iops, e.sIops[s] as number);
      set(k, FIELD.latencyMs, e.sLatencyMs[s] as number);
      eIops += e.sIops[s] as number;
      eLat = Math.max(eLat, e.sLatencyMs[s] as number);
    }

    // Pools are mapped by id: the engine's pool order changes when pools are added or removed.
    const P = st.ids.pools.length;
    const pSess = new Float64Array(P);
    const pUx = new Float64Array(P);
    const pUxN = new Float64Array(P);
    for (let i = 0; i < st.nSess; i++) {
      const u = st.sessList[i] as number;
      const p = st.uPool[u] as number;
      pSess[p] = (pSess[p] as number) + 1;
      if (st.uState[u] !== U.disconnected) {
        pUx[p] = (pUx[p] as number) + (e.uUxMs[u] as number);
        pUxN[p] = (pUxN[p] as number) + 1;
      }
    }
    for (let p = 0; p < P; p++) {
      const k = this.keyIndex.get(`pool:${st.ids.pools[p]}`);
      if (k === undefined) continue;
      set(k, FIELD.sessions, pSess[p] as number);
      set(k, FIELD.uxMs, (pUxN[p] as number) > 0 ? (pUx[p] as number) / (pUxN[p] as number) : 0);
    }
    const k = this.base.estate;
    set(k, FIELD.cpuPct, eOn > 0 ? eCpu / eOn : 0);
    set(k, FIELD.readyPct, eReady);
    set(k, FIELD.memState, eMem);
    set(k, FIELD.balloonMb, eBalloon);
    set(k, FIELD.swapMb, eSwap);
    set(k, FIELD.watts, eWatts);
    set(k, FIELD.sessions, st.nSess);
    set(k, FIELD.uxMs, eUxN > 0 ? eUx / eUxN : 0);
    set(k, FIELD.iops, eIops);
    set(k, FIELD.latencyMs, eLat);
    return row;
  }

  private values(row: Float64Array, k: number): MetricValues {
    const v: MetricValues = {};
    for (let f = 0; f < F; f++) {
      const x = row[k * F + f];
      if (x !== undefined && !Number.isNaN(x)) v[METRIC_FIELDS[f] as (typeof METRIC_FIELDS)[number]] = x;
    }
    return v;
  }

  /** Pools created since the sampler started get their own series from now on; the others keep their history. */
  addPools(ids: string[]): void {
    for (const id of ids) {
      if (this.keyIndex.has(`pool:${id}`)) continue;
      this.keyIndex.set(`pool:${id}`, this.keys.length);
      this.keys.push({ scope: 'pool', id });
      this.poolIds.push(id);
    }
  }

  /** Current figures, per object and for the estate, as the API shows them. */
  snapshot(e: Engine): MetricsNow {
    const row = this.measure(e);
    const req = (v: MetricValues, f: (typeof METRIC_FIELDS)[number]) => v[f] ?? 0;
    const hostOf = this.engineIndex(e.st.ids.hosts, this.hostIds);
    return {
      simTime: new Date(e.t * 1000).toISOString(),
      estate: this.values(row, this.base.estate),
      hosts: this.hostIds.map((id, h) => {
        const v = this.values(row, this.base.host + h);
        return {
          id,
          cpuPct: req(v, 'cpuPct'),
          readyPct: req(v, 'readyPct'),
          memState: req(v, 'memState'),
          balloonMb: req(v, 'balloonMb'),
          swapMb: req(v, 'swapMb'),
          watts: req(v, 'watts'),
          sessions: req(v, 'sessions'),
          uxMs: req(v, 'uxMs'),
          nicPct: hostOf[h] !== undefined && (hostOf[h] as number) >= 0 ? Math.round((e.hNicPct[hostOf[h] as number] as number) * 10) / 10 : 0,
        };
      }),
      datastores: this.dsIds.map((id, s) => {
        const v = this.values(row, this.base.datastore + s);
        return { id, iops: req(v, 'iops'), latencyMs: req(v, 'latencyMs') };
      }),
      pools: this.poolIds.map((id) => {
        const v = this.values(row, this.keyIndex.get(`pool:${id}`) as number);
        return { id, sessions: req(v, 'sessions'), uxMs: req(v, 'uxMs') };
      }),
      clusters: this.clusterIds.map((id, c) => {
        const v = this.values(row, this.base.cluster + c);
        return { id, cpuPct: req(v, 'cpuPct'), readyPct: req(v, 'readyPct'), watts: req(v, 'watts'), sessions: req(v, 'sessions') };
      }),
    };
  }

  /** Records a sample at the engine's current time; closes rollup buckets that ended. */
  sample(e: Engine): void {
    const ts = Math.round(e.t);
    const sample = { ts, row: this.measure(e) };
    this.ring.push(sample);
    this.unsaved.push(sample);
    while (this.ring.length && (this.ring[0] as { ts: number }).ts <= ts - RAW_WINDOW_SECONDS) this.ring.shift();
    for (const res of ROLLUP_SECONDS) if (ts % res === 0) this.pendingRollups.push(...this.rollup(ts - res, ts, res));
    if (ts % TREND_BUCKET === 0) {
      this.pendingTrends.push(...this.sessionPeaks(ts - TREND_BUCKET, ts));
      this.pendingTrends.push(...machineCensus(e, ts - TREND_BUCKET));
    }
  }

  /** Concurrent sessions over the samples of (from, to], per pool and for the estate (key ''): count, sum and peak. */
  private sessionPeaks(from: number, to: number): TrendRow[] {
    const rows = this.ring.filter((s) => s.ts > from && s.ts <= to);
    if (rows.length === 0) return [];
    const out: TrendRow[] = [];
    const keys: [string, number][] = [['', this.base.estate], ...this.poolIds.map((id): [string, number] => [id, this.keyIndex.get(`pool:${id}`) as number])];
    for (const [key, k] of keys) {
      let n = 0;
      let sum = 0;
      let max = 0;
      for (const r of rows) {
        const x = r.row[k * F + FIELD.sessions];
        if (x === undefined || Number.isNaN(x)) continue;
        n++;
        sum += x;
        max = Math.max(max, x);
      }
      if (n > 0) out.push({ kind: 'sessions-peak', key, resolution: 300, ts: from, n, sum, max });
    }
    return out;
  }

  /** Trends rows produced since the last call (the flush persists them). */
  takeTrendRows(): TrendRow[] {
    const out = this.pendingTrends;
    this.pendingTrends = [];
    return out;
  }

  /** Averages the samples in (from, to] per object and field (memory state: the worst). */
  private rollup(from: number, to: number, resolution: 300 | 3600): RollupRow[] {
    const rows = this.ring.filter((s) => s.ts > from && s.ts <= to).map((s) => s.row);
    if (rows.length === 0) return [];
    const n = this.keys.length * F;
    const sum = new Float64Array(n);
    const cnt = new Float64Array(n);
    const memIdx = FIELD.memState;
    for (const r of rows) {
      for (let i = 0; i < n; i++) {
        const x = r[i];
        if (x === undefined || Number.isNaN(x)) continue;
        if (i % F === memIdx) sum[i] = Math.max(sum[i] as number, x);
        else sum[i] = (sum[i] as number) + x;
        cnt[i] = (cnt[i] as number) + 1;
      }
    }
    const avg = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < n; i++) if ((cnt[i] as number) > 0) avg[i] = i % F === memIdx ? (sum[i] as number) : (sum[i] as number) / (cnt[i] as number);
    return this.keys.map((key, k) => ({ scope: key.scope, objectId: key.id, resolution, ts: from, values: this.values(avg, k) }));
  }

  /** Rollups produced since the last call (the simulation service persists them). */
  takeRollups(): RollupRow[] {
    const out = this.pendingRollups;
    this.pendingRollups = [];
    return out;
  }

  /** The raw samples of the last hour for one object. */
  raw(scope: MetricScope, id: string): MetricSeries['points'] {
    const k = this.keyIndex.get(`${scope}:${scope === 'estate' ? '' : id}`);
    if (k === undefined) return [];
    return this.ring.map((s) => ({ ts: s.ts, ...this.values(s.row, k) }));
  }
}
