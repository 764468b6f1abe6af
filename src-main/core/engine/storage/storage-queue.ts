import type { LabModel } from '../../lab/model.ts';
import { closedLoopFactor, STORAGE_QUEUE_PARAMS, storageTick } from '../../models/storage-queue.ts';
import { grown, P, type EngineState } from '../state.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';

/** Write share of a VM's I/O when nothing else is known (DOMAIN.md: 80–90 % writes in steady state). */
export const DEFAULT_WRITE_SHARE = 0.85;
/** Write share of a boot, refresh, clone or customization (busy) I/O. */
export const BUSY_WRITE_SHARE = 0.5;

/** The step times a reopened or rebuilt engine needs to step again as the running one did (prevT null: NaN, as JSON writes it). */
export interface StorageQueuesSaved {
  lastT: number;
  prevT?: number | null;
}

/**
 * Each datastore's queue (core/models/storage-queue.ts): the engine offers front-end IOPS (and
 * how many are writes); this serves at most the array's capacity, keeps the rest as a backlog
 * and sets the latency. `sBacklog` (and `lastT`) is state that carries from tick to tick.
 *
 * A step is worked out from the state the last earlier instant left (`prevT`, `sBacklogBefore`,
 * `sLastLatencyMs`) and this instant's offered load, so a step again at the same instant (an admin
 * change's refresh, a rebuild, a lab opened by another process) gives what the running step gave,
 * whatever the step before it at that instant left.
 */
export class StorageQueues implements DurablePart<StorageQueuesSaved> {
  readonly key = 'storageQueues';
  readonly sWriteIops: Float64Array;
  readonly sServedIops: Float64Array;
  readonly sBacklog: Float64Array;
  readonly sRho: Float32Array;
  /** The latency each datastore answered with last tick (the last instant before this step's): what the VMs' closed loop reacts to. */
  readonly sLastLatencyMs: Float32Array;
  /** The latency the step at `lastT` answered with, and the backlog it started from (what the step at `prevT` left). */
  private readonly sLatencyNowMs: Float32Array;
  private readonly sBacklogBefore: Float64Array;
  /** Of the I/O the VMs wanted this tick, the share the array served (the closed loop's and the queue's together): how fast a boot's I/O gets done. */
  readonly sProgress: Float32Array;
  readonly sPenalty: Float32Array;
  /** Write share of each desktop's steady I/O. */
  dWriteShare: Float32Array;

  /** Machines added at the end of the index space: the default write share. */
  grow(n: number): void {
    this.dWriteShare = grown(this.dWriteShare, n, DEFAULT_WRITE_SHARE);
  }
  /** Injected faults' multipliers of each datastore's IOPS capacity and service time (faults/faults.ts); 1 when none. */
  private capF: Float64Array;
  private svcF: Float64Array;
  /** This step's capacity and service time (the lab's, times the faults'). */
  private readonly cap: Float64Array;
  private readonly svc: Float64Array;

  constructor(st: EngineState, datastores: LabModel['datastores']) {
    const S = datastores.length;
    this.sWriteIops = new Float64Array(S);
    this.sServedIops = new Float64Array(S);
    this.sBacklog = new Float64Array(S);
    this.sRho = new Float32Array(S);
    this.sLastLatencyMs = new Float32Array(S);
    this.sLatencyNowMs = new Float32Array(S);
    this.sBacklogBefore = new Float64Array(S);
    this.sProgress = new Float32Array(S).fill(1);
    this.wanted = new Float64Array(S);
    this.maxBacklog = new Float64Array(S);
    this.busy = new Uint8Array(S);
    this.sumX = new Float64Array(S);
    this.sumX2 = new Float64Array(S);
    this.sPenalty = Float32Array.from(datastores, (d) => STORAGE_QUEUE_PARAMS.writePenalty[d.kind ?? 'flash-array']);
    this.dWriteShare = new Float32Array(st.dPower.length).fill(DEFAULT_WRITE_SHARE);
    this.capF = new Float64Array(S).fill(1);
    this.svcF = new Float64Array(S).fill(1);
    this.cap = new Float64Array(S);
    this.svc = new Float64Array(S);
  }

  /** The fault tables this queue reads (the engine's Faults part owns and recomputes them). */
  setFaultFactors(capF: Float64Array, svcF: Float64Array): void {
    this.capF = capF;
    this.svcF = svcF;
  }

  // Scratch, reused every tick (no allocation per tick).
  private readonly wanted: Float64Array;
  private readonly maxBacklog: Float64Array;
  private readonly busy: Uint8Array;
  private readonly sumX: Float64Array;
  private readonly sumX2: Float64Array;

  /** Simulated time of the last step, and of the last step at an earlier instant (NaN: none). */
  private lastT = Number.NaN;
  private prevT = Number.NaN;

  arrays(): DurableArray[] {
    return [
      { name: 'storageQueues.backlog', array: this.sBacklog, domain: 'datastore' },
      { name: 'storageQueues.lastLatency', array: this.sLastLatencyMs, domain: 'datastore' },
      { name: 'storageQueues.latencyNow', array: this.sLatencyNowMs, domain: 'datastore' },
      { name: 'storageQueues.backlogBefore', array: this.sBacklogBefore, domain: 'datastore' },
    ];
  }

  save(): StorageQueuesSaved {
    return { lastT: this.lastT, prevT: this.prevT };
  }

  /** A state saved before steps kept what they started from (no `prevT`): a step again at its instant starts from its result, as it did then. */
  load(s: StorageQueuesSaved | undefined): void {
    this.lastT = s?.lastT ?? Number.NaN;
    if (s && 'prevT' in s && (typeof s.prevT === 'number' || s.prevT === null)) this.prevT = s.prevT ?? Number.NaN;
    else {
      this.prevT = this.lastT;
      this.sBacklogBefore.set(this.sBacklog);
      this.sLatencyNowMs.set(this.sLastLatencyMs); // what the saved step answered (a step at a new instant reads it as the last)
    }
  }

  /** At time t: served IOPS, latency and backlog of every datastore from the offered IOPS. */
  step(st: EngineState, sIops: Float64Array, sLatencyMs: Float32Array, dIops: Float64Array, t: number): void {
    if (t !== this.lastT) {
      // A new instant: what the last one left is what this one starts from.
      this.prevT = this.lastT;
      this.sBacklogBefore.set(this.sBacklog);
      this.sLastLatencyMs.set(this.sLatencyNowMs);
      this.lastT = t;
    }
    const dt = Number.isNaN(this.prevT) ? 0 : Math.max(0, t - this.prevT);
    const S = sIops.length;
    const cap = this.cap;
    const svc = this.svc;
    for (let s = 0; s < S; s++) {
      cap[s] = (st.sIopsCap[s] as number) * (this.capF[s] as number);
      svc[s] = (st.sSvcMs[s] as number) * (this.svcF[s] as number);
    }
    const wanted = this.wanted;
    wanted.set(sIops);
    this.closeLoop(st, sIops, this.sLastLatencyMs, dIops);
    // The closed loop's bound matters only for a datastore at or past its capacity: count the VMs' queues then.
    let saturated = false;
    for (let s = 0; s < S; s++) if ((this.sBacklogBefore[s] as number) > 0 || this.backend(s, sIops) >= (cap[s] as number)) saturated = true;
    const maxBacklog = this.maxBacklog;
    maxBacklog.fill(0);
    if (saturated) {
      const oio = STORAGE_QUEUE_PARAMS.outstandingIo;
      for (let d = 0; d < st.dPower.length; d++) {
        if (st.dPower[d] !== P.poweredOn) continue;
        const s = st.dDs[d] as number;
        maxBacklog[s] = (maxBacklog[s] as number) + (st.pMulti[st.dPool[d] as number] ? oio.sessionHost : oio.desktop);
      }
    }
    for (let s = 0; s < S; s++) {
      const r = storageTick(
        sIops[s] as number,
        this.sWriteIops[s] as number,
        cap[s] as number,
        svc[s] as number,
        this.sPenalty[s] as number,
        this.sBacklogBefore[s] as number,
        maxBacklog[s] as number,
        dt,
      );
      this.sServedIops[s] = r.servedIops;
      this.sBacklog[s] = r.backlog;
      this.sRho[s] = r.backendRho;
      sLatencyMs[s] = r.latencyMs;
      this.sLatencyNowMs[s] = r.latencyMs;
      this.sProgress[s] = (wanted[s] as number) > 0 ? Math.min(1, r.servedIops / (wanted[s] as number)) : 1;
    }
  }

  /**
   * The VMs wait for their I/O (core/models/storage-queue.ts closedLoopFactor): on a busy datastore
   * they issue less. Its VMs are taken as one class at the I/O-weighted mean rate (Σx² / Σx: the rate
   * of the VM an average I/O comes from, so a few logons or boots among idle desktops set it, not the
   * idle ones). The latency they see and the load they issue are solved together (bisection on the
   * M/M/1 curve), so the loop has no lag to oscillate on; past the curve's cap, the backlog (an
   * integrator) takes over from its last latency. Only busy datastores are walked; nothing is allocated.
   */
  private closeLoop(st: EngineState, sIops: Float64Array, lastLatencyMs: Float32Array, dIops: Float64Array): void {
    const S = sIops.length;
    let busy = false;
    for (let s = 0; s < S; s++) {
      const on = (this.sBacklogBefore[s] as number) > 0 || this.backend(s, sIops) >= 0.5 * (this.cap[s] as number);
      this.busy[s] = on ? 1 : 0;
      if (on) busy = true;
    }
    if (!busy) return;
    const sum = this.sumX;
    const sum2 = this.sumX2;
    sum.fill(0);
    sum2.fill(0);
    for (let d = 0; d < st.dPower.length; d++) {
      const x = dIops[d] as number;
      if (x <= 0 || st.dPower[d] !== P.poweredOn) continue;
      const s = st.dDs[d] as number;
      if (this.busy[s] !== 1) continue;
      sum[s] = (sum[s] as number) + x;
      sum2[s] = (sum2[s] as number) + x * x;
    }
    const cap = STORAGE_QUEUE_PARAMS.rhoCap;
    for (let s = 0; s < S; s++) {
      if (this.busy[s] !== 1 || (sum[s] as number) <= 0) continue;
      const x = (sum2[s] as number) / (sum[s] as number);
      const svc = this.svc[s] as number;
      const perFront = (sIops[s] as number) > 0 ? this.backend(s, sIops) / (sIops[s] as number) : 1;
      const rho = (L: number) => ((sIops[s] as number) * closedLoopFactor(x, svc, L) * perFront) / (this.cap[s] as number);
      const lCap = svc / (1 - cap);
      let L: number;
      if (rho(lCap) >= cap) {
        // Saturated even at the curve's cap: the backlog sets the latency (it moves smoothly).
        L = Math.max(lCap, (this.sBacklogBefore[s] as number) > 0 ? (lastLatencyMs[s] as number) : lCap);
      } else {
        let lo = svc;
        let hi = lCap;
        for (let i = 0; i < 24; i++) {
          const mid = Math.sqrt(lo * hi);
          if (svc / (1 - Math.min(rho(mid), cap)) > mid) lo = mid;
          else hi = mid;
        }
        L = hi;
      }
      const f = closedLoopFactor(x, svc, L);
      sIops[s] = (sIops[s] as number) * f;
      this.sWriteIops[s] = (this.sWriteIops[s] as number) * f;
    }
  }

  /** Back-end IOPS offered to datastore s (writes cost the write penalty). */
  private backend(s: number, sIops: Float64Array): number {
    const w = this.sWriteIops[s] as number;
    return (sIops[s] as number) - w + (this.sPenalty[s] as number) * w;
  }
}
