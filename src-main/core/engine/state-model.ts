import { MACHINE_STATES, POWER_STATES, type MachineState, type PowerState } from '../../contract/entities.ts';
import type { DurableArray } from './durable/state.ts';
import type { Remap } from './durable/remap.ts';

// Hot state as structure of arrays, indexed by dense ids. Objects stay at the
// API edge; a tick is a few loops over these arrays and allocates nothing.

export const M = Object.fromEntries(MACHINE_STATES.map((s, i) => [s, i])) as Record<MachineState, number>;
export const P = Object.fromEntries(POWER_STATES.map((s, i) => [s, i])) as Record<PowerState, number>;

/** User session states in the engine (0 = no session). Idle is active without input (derived from the work loop, not stored). */
export const U = { none: 0, logon: 1, active: 2, disconnected: 3, reconnecting: 4 } as const;

export interface EngineState {
  ids: { desktops: string[]; hosts: string[]; datastores: string[]; pools: string[]; users: string[]; versions: string[] };
  // desktops
  dPool: Int32Array;
  dHost: Int32Array;
  dDs: Int32Array;
  dState: Uint8Array;
  dPower: Uint8Array;
  dVcpu: Uint8Array;
  dRamMb: Float32Array;
  dOwner: Int32Array; // dedicated assignment, -1 if none
  dSessions: Uint16Array; // sessions on the desktop (multi-session hosts carry many)
  dBusyUntil: Float64Array; // sim seconds until a refresh / boot finishes
  // CPU allocation (from the pool): shares, reservation and limit in MHz (Infinity = unlimited)
  dShares: Float32Array;
  dResMhz: Float32Array;
  dLimMhz: Float64Array;
  dBusyIops: Float32Array; // IOPS while busy (boot, refresh, clone copy, customization)
  dBusyMhz: Float32Array;
  dDiskGb: Float32Array;
  dVersion: Int32Array; // golden image version (index into ids.versions), -1 for none
  dUsedGb: Float32Array; // thin-provisioned space the machine holds on its datastore
  dProblem: Map<number, string>; // why a machine is in a problem state, for the ones the engine put there
  dFrozenUntil: Float64Array; // sim seconds until a live-migration switchover ends (sessions on it are frozen until then; docs/CLUSTER.md)
  /** When each desktop entered its machine state (sim seconds), and the state it was last seen in (stampStates). */
  dSince: Float64Array;
  dSeen: Uint8Array;
  // hosts
  hCapMhz: Float64Array;
  hLogical: Int32Array;
  hCores: Int32Array;
  hRamMb: Float64Array;
  hIdleW: Float32Array;
  hPeakW: Float32Array;
  hOn: Uint8Array;
  hNicMbps: Float64Array;
  hDesktops: Int32Array[]; // desktops placed on each host
  // datastores
  sIopsCap: Float64Array;
  sSvcMs: Float32Array;
  /** Capacity less the clone replicas on it (GB); what the machines use comes off it (`datastoreFreeGb`). */
  sBaseGb: Float64Array;
  sDesktops: Int32Array[]; // desktops on each datastore
  // pools
  pMulti: Uint8Array;
  pDedicated: Uint8Array;
  pMaxSessions: Int32Array;
  pDepthFirst: Uint8Array;
  /** The load balancing a scaling plan's phase puts in force (-1: none, the pool's own setting applies; 0 breadth-first, 1 depth-first). */
  pPhaseLb: Int8Array;
  pEnabled: Uint8Array;
  pDrain: Uint8Array;
  pProtocol: Uint8Array;
  pRefresh: Uint8Array; // on logoff: 0 nothing, 1 refresh, 2 delete (and provision a new machine)
  pLogoffAfterSec: Float64Array; // -1 never, 0 immediately
  pDesktops: Int32Array[]; // desktops of each pool
  pKind: Uint8Array; // index into POOL_KINDS
  pOnDemand: Uint8Array;
  pSpare: Int32Array;
  pMax: Int32Array;
  pPowerPolicy: Uint8Array; // index into POWER_POLICIES
  pProvEnabled: Uint8Array;
  // users
  uWorkload: Uint8Array;
  uPools: Int32Array[]; // entitled pools, preferred first
  uState: Uint8Array;
  uDesktop: Int32Array;
  uPool: Int32Array;
  uPhase: Float32Array; // offset in the work loop, 0..1
  uLogonEnd: Float64Array;
  uLogonSec: Float32Array;
  uDisconnectAt: Float64Array;
  // per-user workload constants, precomputed so the tick loop is plain arithmetic (CPU in vix: models/cpu-perf.ts)
  uCpuVix: Float32Array;
  uIdleVix: Float32Array;
  uMemMb: Float32Array;
  uIops: Float32Array;
  uLogonIopsFactor: Float32Array;
  uLoopInv: Float64Array;
  uShare: Float32Array;
  uKbps: Float32Array; // set when a session starts (depends on the pool's protocol)
  // per-desktop memory a powered-on VM holds without a user (guest OS share + overhead)
  dBaseMemMb: Float32Array;
  // per-desktop memory overhead (MB): the cluster's hypervisor's per-VM figure plus the VM's confidential / nested extras (shared/hypervisors)
  dOverheadMb: Float64Array;
  // 1: a confidential VM (SEV-SNP / TDX) that cannot be live-migrated (DRS leaves it, vm-migrate refuses it while it runs)
  dNoLiveMig: Uint8Array;
  // CPU demand multiplier of the VM's confidential / nested flags (1: none; shared/hypervisors flagsCpuFactor), set at build and when its hardware changes
  dCpuFactor: Float32Array;
  // dense list of users that have a session, for the tick loop
  sessList: Int32Array;
  sessPos: Int32Array;
  nSess: number;
  /** Told when a session leaves the list (load/session-load.ts takes its demand off its desktop); not state. */
  onSessionRemoved?: (u: number) => void;
  /** Told when a session's state was written or it joined the list (load/session-load.ts looks at it again); not state. */
  onSessionChanged?: (u: number) => void;
  /** Told when an input of a desktop's load changed (load/desktop-load.ts computes it again); not state. */
  onDesktopChanged?: (d: number) => void;
  /** Told when many desktops' inputs changed at once; not state. */
  onAllDesktopsChanged?: () => void;
  /** A second listener of the same two hooks: the tenants' reservation sums (load/tenant-memory.ts); not state. */
  reservationWatch?: { changed(d: number): void; all(): void };
}

/** The change hook of the session sums (load/session-load.ts): call it after writing a session's `uState`. */
export function touchSession(st: EngineState, u: number): void {
  st.onSessionChanged?.(u);
}

/**
 * The change hook of the desktop pass (load/desktop-load.ts): call it after writing any input of a
 * desktop's load — power, host, datastore, vCPUs, sessions, busy spell (until, MHz, IOPS), CPU limit,
 * memory base — or a per-desktop factor added later (a demand multiplier, a tenant limit).
 */
export function touchDesktop(st: EngineState, d: number): void {
  st.onDesktopChanged?.(d);
  st.reservationWatch?.changed(d);
}

/** The change hook for a change to many desktops at once (a pool's settings, a lab reloaded, a tenant's limit). */
export function touchAllDesktops(st: EngineState): void {
  st.onAllDesktopsChanged?.();
  st.reservationWatch?.all();
}

/**
 * Stamps the desktops whose machine state changed since they were last seen with time t
 * (the end of the tick, or the moment of an admin's action): `dSince` is what the store's
 * state_since shows, the same however the run is cut into flushes.
 */
export function stampStates(st: EngineState, t: number): void {
  const { dState, dSeen, dSince } = st;
  for (let d = 0; d < dState.length; d++) {
    if (dState[d] === dSeen[d]) continue;
    dSeen[d] = dState[d] as number;
    dSince[d] = t;
  }
}

/** Depth-first placement in pool p now: the scaling plan's phase when one is in force, else the pool's setting. */
export function depthFirst(st: EngineState, p: number): boolean {
  const phase = st.pPhaseLb[p] as number;
  return phase >= 0 ? phase === 1 : st.pDepthFirst[p] === 1;
}

/** Free space of datastore s (GB): its capacity less replicas, less what its machines use (summed in index order: the same figure wherever it is asked). */
export function datastoreFreeGb(st: EngineState, s: number): number {
  let used = 0;
  for (const d of st.sDesktops[s] ?? []) used += st.dUsedGb[d] as number;
  return (st.sBaseGb[s] as number) - used;
}

/**
 * The hot state the engine changes as it runs (the rest of EngineState is the lab's structure,
 * or columns the store holds and the engine writes back at each flush: machine state, power,
 * owner, image version, host). `sessList` is saved too: its order is the order of every sum
 * over sessions, so a continued run adds in the same order.
 */
export function stateArrays(st: EngineState): DurableArray[] {
  return [
    { name: 'st.dBusyUntil', array: st.dBusyUntil, domain: 'desktop' },
    { name: 'st.dBusyIops', array: st.dBusyIops, domain: 'desktop' },
    { name: 'st.dBusyMhz', array: st.dBusyMhz, domain: 'desktop' },
    { name: 'st.dFrozenUntil', array: st.dFrozenUntil, domain: 'desktop' },
    { name: 'st.dSessions', array: st.dSessions, domain: 'desktop' },
    { name: 'st.dUsedGb', array: st.dUsedGb, domain: 'desktop' },
    { name: 'st.uState', array: st.uState, domain: 'user' },
    { name: 'st.uDesktop', array: st.uDesktop, domain: 'user', values: 'desktop' },
    { name: 'st.uPool', array: st.uPool, domain: 'user', values: 'pool' },
    { name: 'st.uLogonEnd', array: st.uLogonEnd, domain: 'user' },
    { name: 'st.uLogonSec', array: st.uLogonSec, domain: 'user' },
    { name: 'st.uDisconnectAt', array: st.uDisconnectAt, domain: 'user' },
    { name: 'st.uKbps', array: st.uKbps, domain: 'user' },
    { name: 'st.pPhaseLb', array: st.pPhaseLb, domain: 'pool' },
  ];
}

/** The running sessions in their order (user indices), as saved. */
export function sessionOrder(st: EngineState): Int32Array {
  return st.sessList.slice(0, st.nSess);
}

/** Puts the saved order of running sessions back (users gone from the lab are dropped). */
export function restoreSessionOrder(st: EngineState, saved: ArrayLike<number>, map: Remap): void {
  st.sessPos.fill(-1);
  st.nSess = 0;
  for (let i = 0; i < saved.length; i++) {
    const u = map.to('user', saved[i] as number);
    if (u < 0 || (st.sessPos[u] as number) >= 0) continue;
    st.sessPos[u] = st.nSess;
    st.sessList[st.nSess++] = u;
  }
}

export function addSession(st: EngineState, u: number): void {
  if ((st.sessPos[u] as number) >= 0) return;
  st.sessPos[u] = st.nSess;
  st.sessList[st.nSess++] = u;
  st.onSessionChanged?.(u);
}

export function removeSession(st: EngineState, u: number): void {
  const i = st.sessPos[u] as number;
  if (i < 0) return;
  const last = st.sessList[--st.nSess] as number;
  st.sessList[i] = last;
  st.sessPos[last] = i;
  st.sessPos[u] = -1;
  st.onSessionRemoved?.(u);
}
