import type { EngineState } from '../state.ts';

// What the desktop pass (desktop-load.ts) reads besides the engine state, and where it writes: the
// contract between the pass and the engine's load pass (load-pass.ts), which fills both each tick.

/** What the desktop pass reads besides the engine state (the engine's parts; the arrays are read afresh each pass). */
export interface DesktopLoadInputs {
  /** Per desktop: what its sessions demand (load/session-load.ts). */
  readonly uVix: Float64Array;
  readonly uIo: Float64Array;
  readonly uKbps: Float64Array;
  readonly uMemMb: Float64Array;
  /** Per host: MHz per vix (load/host-perf.ts), MHz of one core. */
  readonly mhzPerVix: Float64Array;
  readonly hCoreMhz: Float64Array;
  /** Per desktop: the write share of its steady I/O (storage/storage-queue.ts). */
  readonly dWriteShare: Float32Array;
  /** A runaway process per desktop (vCPUs spun) and whether any is injected (faults/faults.ts). */
  readonly dHogVcpu: Float32Array | Float64Array | Uint8Array;
  readonly hogs: boolean;
  /** Per datastore: 1 while it is full; its running VMs are stunned and demand no CPU, I/O or display bandwidth (faults/space.ts). */
  readonly sFull: Uint8Array;
  /** Guest memory (load/guest-memory.ts): the pass charges the deficits and swapped shares of the last instant (`beginPass`). */
  readonly gm: {
    readonly passDeficit: Float32Array;
    readonly passSwapShare: Float32Array;
    readonly passWithDeficit: ReadonlySet<number>;
    readonly mayPage: Set<number>;
    watch(st: EngineState, d: number): void;
    consumedMb(st: EngineState, d: number, sessionsMb: number): number;
    pageIops(st: EngineState, d: number): number;
    swapIops(st: EngineState, d: number): number;
    pageCpuVix(st: EngineState, d: number): number;
    swapShareOf(st: EngineState, d: number): number;
    passSwapShareOf(st: EngineState, d: number): number;
  };
  /** Per engine pool index: its tenant, or null in a lab without tenants (the per-tenant memory sums, load/tenant-memory.ts). */
  readonly poolTenant: Int32Array | null;
  /** A tenant's memory limit swaps its VMs (recounted every pass while it lasts, as a host swapping is). */
  readonly tenantSwapping: boolean;
  readonly vmBaseVix: number;
  readonly vmBaseIops: number;
}

/** Per-host and per-datastore sums of one pass (the engine's own arrays: written in place). */
export interface DesktopLoadOutputs {
  readonly hDemandMhz: Float64Array;
  readonly hVcpuOn: Float64Array;
  readonly hMemMb: Float64Array;
  readonly hKbps: Float64Array;
  readonly hSessions: Int32Array;
  readonly sIops: Float64Array;
  readonly sWriteIops: Float64Array;
  /** Per desktop: CPU demand after its limit (MHz), IOPS, and the share a limit withheld. */
  readonly dDemandMhz: Float64Array;
  readonly dIops: Float64Array;
  readonly dLimited: Float32Array;
  /** Per tenant × host (t × hosts + h): memory held by the tenant's powered-on VMs (MB); empty without tenants. */
  readonly tHostMemMb: Float64Array;
}
