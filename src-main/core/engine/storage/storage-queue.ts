import type { LabModel } from '../../lab/model.ts';
import { STORAGE_QUEUE_PARAMS, storageTick } from '../../models/storage-queue.ts';
import { P, type EngineState } from '../state.ts';

/** Write share of a VM's I/O when nothing else is known (DOMAIN.md: 80–90 % writes in steady state). */
export const DEFAULT_WRITE_SHARE = 0.85;
/** Write share of a boot, refresh, clone or customization (busy) I/O. */
export const BUSY_WRITE_SHARE = 0.5;

/**
 * Each datastore's queue (core/models/storage-queue.ts): the engine offers front-end IOPS (and
 * how many are writes); this serves at most the array's capacity, keeps the rest as a backlog
 * and sets the latency. `sBacklog` (and `lastT`) is state that carries from tick to tick.
 */
export class StorageQueues {
  readonly sWriteIops: Float64Array;
  readonly sServedIops: Float64Array;
  readonly sBacklog: Float64Array;
  readonly sRho: Float32Array;
  readonly sPenalty: Float32Array;
  /** Write share of each desktop's steady I/O. */
  readonly dWriteShare: Float32Array;

  constructor(st: EngineState, datastores: LabModel['datastores']) {
    const S = datastores.length;
    this.sWriteIops = new Float64Array(S);
    this.sServedIops = new Float64Array(S);
    this.sBacklog = new Float64Array(S);
    this.sRho = new Float32Array(S);
    this.sPenalty = Float32Array.from(datastores, (d) => STORAGE_QUEUE_PARAMS.writePenalty[d.kind ?? 'flash-array']);
    this.dWriteShare = new Float32Array(st.dPower.length).fill(DEFAULT_WRITE_SHARE);
  }

  /** Simulated time of the last step: a recomputation at the same instant (a rebuild, a refresh) moves no backlog. */
  private lastT = Number.NaN;

  /** At time t: served IOPS, latency and backlog of every datastore from the offered IOPS. */
  step(st: EngineState, sIops: Float64Array, sLatencyMs: Float32Array, t: number): void {
    const dt = Number.isNaN(this.lastT) ? 0 : Math.max(0, t - this.lastT);
    this.lastT = t;
    const S = sIops.length;
    // The closed loop's bound matters only for a datastore at or past its capacity: count the VMs' queues then.
    let saturated = false;
    for (let s = 0; s < S; s++) if ((this.sBacklog[s] as number) > 0 || this.backend(s, sIops) >= (st.sIopsCap[s] as number)) saturated = true;
    const maxBacklog = new Float64Array(S);
    if (saturated) {
      const cap = STORAGE_QUEUE_PARAMS.outstandingIo;
      for (let d = 0; d < st.dPower.length; d++) {
        if (st.dPower[d] !== P.poweredOn) continue;
        const s = st.dDs[d] as number;
        maxBacklog[s] = (maxBacklog[s] as number) + (st.pMulti[st.dPool[d] as number] ? cap.sessionHost : cap.desktop);
      }
    }
    for (let s = 0; s < S; s++) {
      const r = storageTick(
        sIops[s] as number,
        this.sWriteIops[s] as number,
        st.sIopsCap[s] as number,
        st.sSvcMs[s] as number,
        this.sPenalty[s] as number,
        this.sBacklog[s] as number,
        maxBacklog[s] as number,
        dt,
      );
      this.sServedIops[s] = r.servedIops;
      this.sBacklog[s] = r.backlog;
      this.sRho[s] = r.backendRho;
      sLatencyMs[s] = r.latencyMs;
    }
  }

  /** Back-end IOPS offered to datastore s (writes cost the write penalty). */
  private backend(s: number, sIops: Float64Array): number {
    const w = this.sWriteIops[s] as number;
    return (sIops[s] as number) - w + (this.sPenalty[s] as number) * w;
  }
}
