import type { CapacityOs } from '../../contract/capacity-entities.ts';
import type { ScalingPlan, Workload } from '../../contract/entities.ts';
import type { BootCloneKind } from '../models/boot.ts';
import type { ClusterContext } from './cluster/context.ts';
import type { EventQueue } from './event-queue.ts';
import type { HostPerfTable } from './load/host-perf.ts';
import type { EngineEvent } from './events.ts';
import type { Journal } from './journal.ts';
import type { SessionBook } from './sessions/session-book.ts';
import type { EngineState } from './state.ts';

/**
 * The narrow core every part of the engine works against: the state (typed arrays), the clock,
 * the event queue, the journal of what the event log is told, the figures of the last load pass,
 * and the few actions one part asks of another. Engine implements it; the parts depend on this
 * file, not on Engine, so each can be read alone and core/ has no import cycle (checked in
 * npm test). Cross-part actions are listed here, by what the callers need.
 */
export interface EngineCore {
  readonly st: EngineState;
  readonly seed: number;
  /** Simulated time (s since the Unix epoch). */
  readonly t: number;
  readonly queue: EventQueue<EngineEvent>;
  readonly journal: Journal;
  readonly names: { datastores: string[] };
  /** Each pool's workload (its write share sizes snapshot deltas). */
  readonly poolWorkloads: Workload[];
  // Figures of the last load pass.
  readonly dIops: Float64Array;
  readonly dDemandMhz: Float64Array;
  readonly hCpuPct: Float32Array;
  /** 1 while the host blocks new memory allocations (the low memory state, below 16 % of minFree). */
  readonly hMemBlocked: Uint8Array;
  readonly hReadyPct: Float32Array;
  readonly sLatencyMs: Float32Array;
  vmReadyPct(d: number): number;
  /** What each host's CPU is worth (issue 13: load/host-perf.ts). */
  readonly perf: HostPerfTable;
  /** Tenant memory limits (issue 19, load/tenant-memory.ts): why a VM's power-on would exceed its tenant's limit, or null. */
  readonly tenantMem: { readonly active: boolean; admit(st: EngineState, d: number, name: string): string | null };
  /** Each datastore's share of the I/O it was asked for that it served last tick (storage/storage-queue.ts). */
  readonly storage: { readonly sProgress: Float32Array };
  /** Power-ons throttled per hosting connection, boots in flight, when each desktop registers (provisioning/power-throttle.ts). */
  readonly powerThrottle: {
    readonly dRegisteredAt: Float64Array;
    /** Each pool's guest OS and clone kind, as the boot model reads them. */
    readonly pOs: readonly CapacityOs[];
    readonly pClone: readonly BootCloneKind[];
    registered(d: number, t: number): boolean;
    remaining(d: number, t: number): number;
    request(d: number): void;
    boot(d: number, armAt: number, doneAt: number, iops: number, mhz: number, ios: number): void;
  };

  /** The broker: machines it changed, the users' session book, a logoff on the system's behalf. */
  readonly broker: {
    readonly dirtyDesktops: Set<number>;
    readonly book: SessionBook;
    forceLogoff(u: number, at: number, reason: string): void;
    offDuty(u: number, at: number): boolean;
  };
  /** Provisioning: starting pending clones, powering a machine on (its power-on task and the time until it registers, s), delete on logoff. */
  readonly provisioner: {
    readonly stage: Uint8Array;
    fill(p: number, at: number): void;
    powerOn(d: number, at: number): { taskSec: number; totalSec: number };
    deleteAfterLogoff(d: number, at: number): void;
  };
  /** Push image: the version a clone takes, a failed recompose, the push's end, a machine taken for recompose. */
  readonly push: {
    versionFor(d: number): number;
    error(d: number, reason: string, at: number): void;
    check(p: number, at: number): void;
    recomposeIfIdle(d: number): boolean;
  };
  /** Scaling plans, run by the pools' power policy pass. */
  readonly autoscale: { readonly plans: (ScalingPlan | null)[]; run(p: number, plan: ScalingPlan, at: number): void };
  /** Injected faults: the effect tables the models read (faults/faults.ts). */
  readonly faults: {
    readonly phaseFactor: Float64Array;
    readonly pExhausted: Uint8Array;
    readonly pBadVersion: Int32Array;
    readonly brokerDown: boolean;
    readonly sessionCap: number;
    /** Per datastore: 1 while it is full (its VMs stunned, no delta grows there). */
    readonly sFull: Uint8Array;
    /** A machine's disk was destroyed: what a fill fault wrote on it goes too. */
    forgetFill(d: number): void;
    /** Per desktop: GB per second a snapshot left to grow adds to its delta (read while `snapGrowing`). */
    readonly dSnapGrow: Float32Array;
    readonly snapGrowing: boolean;
    /** Per desktop: vCPUs a runaway process spins (read while `hogs`): demand DRS sees like any other. */
    readonly dHogVcpu: Float32Array;
    readonly hogs: boolean;
  };
  /** Cluster operations, as their parts and the engine's other parts see them. */
  readonly cluster: ClusterContext;
}
