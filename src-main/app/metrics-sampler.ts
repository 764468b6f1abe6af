import type { MetricSeries, MetricsNow } from '../contract/simulation.ts';
import type { Engine } from '../core/engine/engine.ts';
import { U } from '../core/engine/state.ts';
import type { LabModel } from '../core/lab/model.ts';
import { METRIC_FIELDS, type MetricScope, type MetricValues, type RollupRow } from '../store/metrics.ts';

/** vCenter's real-time interval: one sample every 20 simulated seconds; the last hour stays in memory. */
export const SAMPLE_SECONDS = 20;
export const RAW_WINDOW_SECONDS = 3600;
export const ROLLUP_SECONDS = [300, 3600] as const;

const F = METRIC_FIELDS.length;
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
  private pendingRollups: RollupRow[] = [];

  constructor(lab: LabModel) {
    this.hostIds = lab.hosts.map((h) => h.id);
    this.dsIds = lab.datastores.map((d) => d.id);
    this.poolIds = lab.pools.map((p) => p.id);
    this.clusterIds = lab.clusters.map((c) => c.id);
    this.hostCluster = Int32Array.from(lab.hosts.map((h) => this.clusterIds.indexOf(h.clusterId)));
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
    for (let h = 0; h < H; h++) {
      const k = this.base.host + h;
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
      const c = this.hostCluster[h] as number;
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
    for (let s = 0; s < this.dsIds.length; s++) {
      const k = this.base.datastore + s;
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
    this.ring.push({ ts, row: this.measure(e) });
    while (this.ring.length && (this.ring[0] as { ts: number }).ts <= ts - RAW_WINDOW_SECONDS) this.ring.shift();
    for (const res of ROLLUP_SECONDS) if (ts % res === 0) this.pendingRollups.push(...this.rollup(ts - res, ts, res));
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
