import { MACHINE_STATES, POOL_KINDS, POWER_POLICIES, POWER_STATES, PROTOCOLS, type MachineState, type PowerState } from '../../contract/entities.ts';
import { PARAMS, vmOverheadMb } from '../params.ts';
import type { HypervisorType } from '../../contract/hardware-entities.ts';
import { HYPERVISOR_SPECS, hypervisorOverheadMb } from '../../shared/hypervisors/catalogue.ts';
import { entitledPools } from './sessions/entitled-pools.ts';
import type { DurableArray } from './durable/state.ts';
import type { Remap } from './durable/remap.ts';

const REPLICA_GB = PARAMS.storage.replicaGb;
import type { LabModel } from '../lab/model.ts';
import { hostPerf } from '../models/cpu-perf.ts';
import { PROTOCOL_KBPS, WORKLOAD_INDEX, WORKLOADS } from '../models/workloads.ts';

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

/** vSphere CPU shares per vCPU (DOMAIN.md): high / normal / low = 2000 / 1000 / 500. */
export const CPU_SHARES_PER_VCPU = { high: 2000, normal: 1000, low: 500 } as const;

/** Sets every desktop's shares, reservation and limit from its pool (again after an admin changes a pool). */
export function applyCpuAllocation(st: EngineState, lab: Pick<LabModel, 'pools'>): void {
  const byId = new Map(lab.pools.map((p) => [p.id, p]));
  for (let d = 0; d < st.dPool.length; d++) {
    const pool = byId.get(st.ids.pools[st.dPool[d] as number] as string);
    if (!pool) continue;
    st.dShares[d] = CPU_SHARES_PER_VCPU[pool.cpuShares] * (st.dVcpu[d] as number);
    st.dResMhz[d] = pool.cpuReservationMhz;
    st.dLimMhz[d] = pool.cpuLimitMhz ?? Number.POSITIVE_INFINITY;
  }
  touchAllDesktops(st);
}

/** Share of configured RAM a powered-on Windows VM touches without a user (guest OS and its cache). */
export const VM_BASE_MEM_SHARE = 0.5;

export function setSessionKbps(st: EngineState, u: number): void {
  const proto = PROTOCOLS[st.pProtocol[st.uPool[u] as number] as number] ?? 'blast';
  st.uKbps[u] = PROTOCOL_KBPS[proto][WORKLOAD_INDEX[st.uWorkload[u] as number] ?? 'knowledge'];
}

/** Pool settings the engine acts on; applied at build and again when an admin edits a pool. */
export function applyPoolSettings(st: EngineState, pools: readonly LabModel['pools'][number][]): void {
  pools.forEach((p) => {
    const i = st.ids.pools.indexOf(p.id);
    if (i < 0) return;
    st.pMulti[i] = p.sessionType === 'multi-session' ? 1 : 0;
    st.pDedicated[i] = p.assignment === 'dedicated' ? 1 : 0;
    st.pKind[i] = POOL_KINDS.indexOf(p.kind);
    st.pOnDemand[i] = p.provisioning === 'on-demand' ? 1 : 0;
    st.pSpare[i] = p.spareMachines;
    st.pMax[i] = p.maxMachines;
    st.pPowerPolicy[i] = POWER_POLICIES.indexOf(p.powerPolicy);
    st.pProvEnabled[i] = p.provisioningEnabled ? 1 : 0;
    st.pMaxSessions[i] = p.maxSessionsPerHost;
    st.pDepthFirst[i] = p.loadBalancing === 'depth-first' ? 1 : 0;
    st.pEnabled[i] = p.enabled ? 1 : 0;
    st.pDrain[i] = p.drainMode ? 1 : 0;
    st.pProtocol[i] = PROTOCOLS.indexOf(p.defaultProtocol);
    st.pRefresh[i] = p.onLogoff === 'never' ? 0 : p.onLogoff === 'delete' ? 2 : 1;
    st.pLogoffAfterSec[i] = p.logoffAfterDisconnect === 'never' ? -1 : p.logoffAfterDisconnect === 'immediately' ? 0 : p.logoffAfterMinutes * 60;
  });
}

interface DesktopMaps {
  hostIdx: Map<string, number>;
  /** Each host's hypervisor (its cluster's), for the per-VM memory overhead. */
  hostHv: HypervisorType[];
  dsIdx: Map<string, number>;
  poolIdx: Map<string, number>;
  userIdx: Map<string, number>;
}

function indexOf(m: Map<string, number>, k: string, what: string): number {
  const v = m.get(k);
  if (v === undefined) throw new Error(`engine: unknown ${what} ${k}`);
  return v;
}

/** A host's hypervisor as the memory overhead knows it (a capacity test's XenServer counts as ESXi: no figure of its own). */
function hostHypervisors(lab: Pick<LabModel, 'hosts'>): HypervisorType[] {
  return lab.hosts.map((h) => {
    const hv = h.cpu?.hypervisor ?? 'esxi';
    return hv in HYPERVISOR_SPECS ? (hv as HypervisorType) : 'esxi';
  });
}

/** The hypervisor's memory overhead of one VM (MB); ESXi's is core/params.ts' (the same figures). */
export function vmOverheadOn(hv: HypervisorType, ramGb: number, vcpu: number): number {
  return hv === 'esxi' ? vmOverheadMb(ramGb, vcpu) : hypervisorOverheadMb(hv, ramGb, vcpu);
}

/** Desktop i's entries from its lab record (at build, and for a machine added to a running engine). */
function initDesktop(st: EngineState, i: number, d: LabModel['desktops'][number], maps: DesktopMaps, now: number): void {
  st.dPool[i] = indexOf(maps.poolIdx, d.poolId, 'pool');
  st.dHost[i] = indexOf(maps.hostIdx, d.hostId, 'host');
  st.dDs[i] = indexOf(maps.dsIdx, d.datastoreId, 'datastore');
  st.dState[i] = M[d.state];
  st.dPower[i] = P[d.powerState];
  st.dSeen[i] = st.dState[i] as number;
  const since = Date.parse(d.stateSince ?? '');
  st.dSince[i] = Number.isFinite(since) ? since / 1000 : now;
  st.dVcpu[i] = d.vcpu;
  st.dRamMb[i] = d.ramGb * 1024;
  st.dUsedGb[i] = d.usedGb;
  st.dDiskGb[i] = d.diskGb;
  st.dVersion[i] = d.imageVersionId ? st.ids.versions.indexOf(d.imageVersionId) : -1;
  if (d.problem) st.dProblem.set(i, d.problem);
  st.dOverheadMb[i] = vmOverheadOn(maps.hostHv[st.dHost[i] as number] ?? 'esxi', d.ramGb, d.vcpu) + (d.extraOverheadMb ?? 0);
  st.dBaseMemMb[i] = d.ramGb * 1024 * VM_BASE_MEM_SHARE + (st.dOverheadMb[i] as number);
  st.dNoLiveMig[i] = d.noLiveMigration ? 1 : 0;
  st.dCpuFactor[i] = d.cpuFactor ?? 1;
  st.dOwner[i] = d.assignedUserId ? indexOf(maps.userIdx, d.assignedUserId, 'user') : -1;
}

/** What a new desktop entry holds before its record is applied, where that is not 0. */
const DESKTOP_FILL: Record<string, number> = { dOwner: -1, dLimMhz: Number.POSITIVE_INFINITY, dVersion: -1, dCpuFactor: 1 };

/** A typed array `n` long: `a`'s entries, then `fill`. */
export function grown<T extends Uint8Array | Int8Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array>(a: T, n: number, fill = 0): T {
  const out = new (a.constructor as new (n: number) => T)(n);
  if (fill !== 0) out.fill(fill);
  out.set(a);
  return out;
}

/**
 * Machines added to a running engine (an on-demand pool grew): every desktop array gets their
 * entries, at the end of the index space (where a lab read back from the store lists them too),
 * and each pool's, host's and datastore's list of desktops takes them in index order. `now` is
 * the engine's clock (the state-since of a record without one).
 */
export function growDesktops(
  st: EngineState,
  lab: Pick<LabModel, 'hosts' | 'datastores' | 'pools' | 'users'>,
  added: readonly LabModel['desktops'][number][],
  now: number,
): void {
  const N0 = st.dPower.length;
  const N = N0 + added.length;
  const rec = st as unknown as Record<string, unknown>;
  for (const key of Object.keys(st)) {
    const v = rec[key];
    if (/^d[A-Z]/.test(key) && ArrayBuffer.isView(v) && !(v instanceof DataView) && (v as Uint8Array).length === N0) {
      rec[key] = grown(v as Uint8Array, N, DESKTOP_FILL[key] ?? 0);
    }
  }
  const maps: DesktopMaps = {
    hostIdx: new Map(lab.hosts.map((h, i) => [h.id, i])),
    hostHv: hostHypervisors(lab),
    dsIdx: new Map(lab.datastores.map((d, i) => [d.id, i])),
    poolIdx: new Map(lab.pools.map((p, i) => [p.id, i])),
    userIdx: new Map(lab.users.map((u, i) => [u.id, i])),
  };
  const append = (lists: Int32Array[], at: number, d: number) => {
    const old = lists[at];
    if (!old) return;
    const list = new Int32Array(old.length + 1);
    list.set(old);
    list[old.length] = d;
    lists[at] = list;
  };
  added.forEach((desk, k) => {
    const d = N0 + k;
    initDesktop(st, d, desk, maps, now);
    append(st.pDesktops, st.dPool[d] as number, d);
    append(st.hDesktops, st.dHost[d] as number, d);
    append(st.sDesktops, st.dDs[d] as number, d);
  });
  st.ids = { ...st.ids, desktops: [...st.ids.desktops, ...added.map((d) => d.id)] };
  applyCpuAllocation(st, lab);
}

/**
 * The engine's arrays for a lab. `reuse`: an engine of the same users, pools and entitlements (one
 * rebuilt because machines were added on demand) lends it the entitlement lists, instead of
 * computing them again.
 */
export function buildState(lab: LabModel, reuse?: EngineState): EngineState {
  const hostIdx = new Map(lab.hosts.map((h, i) => [h.id, i]));
  const dsIdx = new Map(lab.datastores.map((d, i) => [d.id, i]));
  const poolIdx = new Map(lab.pools.map((p, i) => [p.id, i]));
  const userIdx = new Map(lab.users.map((u, i) => [u.id, i]));
  const N = lab.desktops.length;
  const H = lab.hosts.length;
  const S = lab.datastores.length;
  const PN = lab.pools.length;
  const UN = lab.users.length;
  const idx = <K>(m: Map<K, number>, k: K, what: string) => {
    const v = m.get(k);
    if (v === undefined) throw new Error(`engine: unknown ${what} ${String(k)}`);
    return v;
  };

  const st: EngineState = {
    ids: {
      desktops: lab.desktops.map((d) => d.id),
      hosts: lab.hosts.map((h) => h.id),
      datastores: lab.datastores.map((d) => d.id),
      pools: lab.pools.map((p) => p.id),
      users: lab.users.map((u) => u.id),
      versions: lab.imageVersions.map((v) => v.id),
    },
    dPool: new Int32Array(N),
    dHost: new Int32Array(N),
    dDs: new Int32Array(N),
    dState: new Uint8Array(N),
    dPower: new Uint8Array(N),
    dVcpu: new Uint8Array(N),
    dRamMb: new Float32Array(N),
    dOwner: new Int32Array(N).fill(-1),
    dSessions: new Uint16Array(N),
    dBusyUntil: new Float64Array(N),
    dShares: new Float32Array(N),
    dResMhz: new Float32Array(N),
    dLimMhz: new Float64Array(N).fill(Number.POSITIVE_INFINITY),
    dBusyIops: new Float32Array(N),
    dBusyMhz: new Float32Array(N),
    dDiskGb: new Float32Array(N),
    dVersion: new Int32Array(N).fill(-1),
    dUsedGb: new Float32Array(N),
    dProblem: new Map(),
    dFrozenUntil: new Float64Array(N),
    dSince: new Float64Array(N),
    dSeen: new Uint8Array(N),
    hCapMhz: new Float64Array(H),
    hLogical: new Int32Array(H),
    hCores: new Int32Array(H),
    hRamMb: new Float64Array(H),
    hIdleW: new Float32Array(H),
    hPeakW: new Float32Array(H),
    hOn: new Uint8Array(H),
    hNicMbps: new Float64Array(H),
    hDesktops: lab.hosts.map(() => new Int32Array(0)),
    sIopsCap: new Float64Array(S),
    sSvcMs: new Float32Array(S),
    sBaseGb: new Float64Array(S),
    sDesktops: lab.datastores.map(() => new Int32Array(0)),
    pMulti: new Uint8Array(PN),
    pDedicated: new Uint8Array(PN),
    pMaxSessions: new Int32Array(PN),
    pDepthFirst: new Uint8Array(PN),
    pPhaseLb: new Int8Array(PN).fill(-1),
    pEnabled: new Uint8Array(PN),
    pDrain: new Uint8Array(PN),
    pProtocol: new Uint8Array(PN),
    pRefresh: new Uint8Array(PN),
    pLogoffAfterSec: new Float64Array(PN),
    pDesktops: lab.pools.map(() => new Int32Array(0)),
    pKind: new Uint8Array(PN),
    pOnDemand: new Uint8Array(PN),
    pSpare: new Int32Array(PN),
    pMax: new Int32Array(PN),
    pPowerPolicy: new Uint8Array(PN),
    pProvEnabled: new Uint8Array(PN),
    uWorkload: new Uint8Array(UN),
    uPools: lab.users.map(() => new Int32Array(0)),
    uState: new Uint8Array(UN),
    uDesktop: new Int32Array(UN).fill(-1),
    uPool: new Int32Array(UN).fill(-1),
    uPhase: new Float32Array(UN),
    uLogonEnd: new Float64Array(UN),
    uLogonSec: new Float32Array(UN),
    uDisconnectAt: new Float64Array(UN),
    uCpuVix: new Float32Array(UN),
    uIdleVix: new Float32Array(UN),
    uMemMb: new Float32Array(UN),
    uIops: new Float32Array(UN),
    uLogonIopsFactor: new Float32Array(UN),
    uLoopInv: new Float64Array(UN),
    uShare: new Float32Array(UN),
    uKbps: new Float32Array(UN),
    dBaseMemMb: new Float32Array(N),
    dOverheadMb: new Float64Array(N),
    dNoLiveMig: new Uint8Array(N),
    dCpuFactor: new Float32Array(N).fill(1),
    sessList: new Int32Array(UN),
    sessPos: new Int32Array(UN).fill(-1),
    nSess: 0,
  };

  lab.hosts.forEach((h, i) => {
    const cores = h.sockets * h.coresPerSocket;
    st.hCapMhz[i] = hostPerf(cores, { ghz: h.ghz, hyperthreading: h.hyperthreading, cpuModel: h.cpuModel ?? undefined, ...h.cpu }).capacityMhz;
    st.hLogical[i] = cores * (h.hyperthreading ? 2 : 1);
    st.hCores[i] = cores;
    st.hRamMb[i] = h.ramGb * 1024;
    st.hIdleW[i] = h.powerIdleW;
    st.hPeakW[i] = h.powerPeakW;
    st.hOn[i] = h.powerState === 'poweredOn' ? 1 : 0;
    st.hNicMbps[i] = h.nics * h.nicGbps * 1000;
  });
  lab.datastores.forEach((d, i) => {
    st.sIopsCap[i] = d.iopsCapacity;
    st.sSvcMs[i] = d.serviceTimeMs;
    st.sBaseGb[i] = d.capacityGb;
  });
  const members = lab.pools.map(() => [] as number[]);
  const onHost = lab.hosts.map(() => [] as number[]);
  const onDs = lab.datastores.map(() => [] as number[]);
  applyPoolSettings(st, lab.pools);
  const labNow = Date.parse(lab.simTime) / 1000;
  const maps: DesktopMaps = { hostIdx, hostHv: hostHypervisors(lab), dsIdx, poolIdx, userIdx };
  lab.desktops.forEach((d, i) => {
    initDesktop(st, i, d, maps, labNow);
    members[st.dPool[i] as number]?.push(i);
    onHost[st.dHost[i] as number]?.push(i);
    onDs[st.dDs[i] as number]?.push(i);
  });
  st.pDesktops = members.map((m) => Int32Array.from(m));
  st.hDesktops = onHost.map((m) => Int32Array.from(m));
  st.sDesktops = onDs.map((m) => Int32Array.from(m));
  applyCpuAllocation(st, lab);
  // Instant and linked clones share one replica of their image on each datastore they use.
  for (const pd of lab.poolDatastores) {
    const pool = lab.pools.find((p) => p.id === pd.poolId);
    const s = dsIdx.get(pd.datastoreId);
    if (pool && s !== undefined && (pool.kind === 'instant-clone' || pool.kind === 'linked-clone')) {
      st.sBaseGb[s] = (st.sBaseGb[s] as number) - REPLICA_GB;
    }
  }

  // Entitlements → each user's pools, the pool matching their workload first.
  st.uPools = reuse && reuse.uPools.length === lab.users.length ? reuse.uPools : entitledPools(lab);
  lab.users.forEach((u, i) => {
    st.uWorkload[i] = WORKLOAD_INDEX.indexOf(u.workload);
    const w = WORKLOADS[u.workload];
    st.uCpuVix[i] = w.cpuVix;
    st.uIdleVix[i] = w.idleCpuVix;
    st.uMemMb[i] = w.activeMemMb;
    st.uIops[i] = w.steadyIops;
    st.uLogonIopsFactor[i] = w.logonIopsFactor;
    st.uLoopInv[i] = 1 / w.loopSeconds;
    st.uShare[i] = w.activeShare;
    // Deterministic loop phase per user (golden-ratio spread; no PRNG needed).
    st.uPhase[i] = (i * 0.6180339887) % 1;
  });

  // Sessions already running when the lab starts.
  const deskIdx = new Map(lab.desktops.map((d, i) => [d.id, i]));
  for (const s of lab.sessions) {
    const u = idx(userIdx, s.userId, 'user');
    const d = idx(deskIdx, s.desktopId, 'desktop');
    st.uState[u] = s.state === 'disconnected' ? U.disconnected : U.active;
    st.uDesktop[u] = d;
    st.uPool[u] = st.dPool[d] as number;
    st.uDisconnectAt[u] = -1;
    st.dSessions[d] = (st.dSessions[d] ?? 0) + 1;
    setSessionKbps(st, u);
    addSession(st, u);
  }
  return st;
}
