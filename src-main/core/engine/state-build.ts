import { POOL_KINDS, POWER_POLICIES, PROTOCOLS } from '../../contract/entities.ts';
import { PARAMS, vmOverheadMb } from '../params.ts';
import type { HypervisorType } from '../../contract/hardware-entities.ts';
import { HYPERVISOR_SPECS, hypervisorOverheadMb } from '../../shared/hypervisors/catalogue.ts';
import { entitledPools } from './sessions/entitled-pools.ts';
import type { LabModel } from '../lab/model.ts';
import { hostPerf } from '../models/cpu-perf.ts';
import { PROTOCOL_KBPS, WORKLOAD_INDEX, WORKLOADS } from '../models/workloads.ts';
import { addSession, M, P, U, touchAllDesktops, touchDesktop, type EngineState } from './state-model.ts';
import { grown } from './desktop-capacity.ts';

const REPLICA_GB = PARAMS.storage.replicaGb;

// Building the engine state from a lab, growing it for added machines, and the pool settings and CPU
// allocation written into it (the state itself, its change hooks and session list: state-model.ts).

/** vSphere CPU shares per vCPU (DOMAIN.md): high / normal / low = 2000 / 1000 / 500. */
export const CPU_SHARES_PER_VCPU = { high: 2000, normal: 1000, low: 500 } as const;

/**
 * Sets every desktop's shares, reservation and limit from its pool (again after an admin changes a
 * pool); `from`: only the desktops from that index on (machines just added), and only they are touched.
 */
export function applyCpuAllocation(st: EngineState, lab: Pick<LabModel, 'pools'>, from = 0): void {
  const byId = new Map(lab.pools.map((p) => [p.id, p]));
  for (let d = from; d < st.dPool.length; d++) {
    const pool = byId.get(st.ids.pools[st.dPool[d] as number] as string);
    if (!pool) continue;
    st.dShares[d] = CPU_SHARES_PER_VCPU[pool.cpuShares] * (st.dVcpu[d] as number);
    st.dResMhz[d] = pool.cpuReservationMhz;
    st.dLimMhz[d] = pool.cpuLimitMhz ?? Number.POSITIVE_INFINITY;
  }
  if (from === 0) touchAllDesktops(st);
  else for (let d = from; d < st.dPool.length; d++) touchDesktop(st, d);
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

/** Where a lab record's references point in the engine's index space (built only when asked: growth needs few of them). */
interface DesktopMaps {
  host(id: string): number;
  /** Each host's hypervisor (its cluster's), for the per-VM memory overhead. */
  hostHv(h: number): HypervisorType;
  datastore(id: string): number;
  pool(id: string): number;
  user(id: string): number;
}

/** Index maps of the lab's hosts, datastores, pools and users, each made the first time it is asked. */
function labMaps(
  lab: Pick<LabModel, 'hosts' | 'datastores' | 'pools' | 'users'>,
  made: { datastore?: Map<string, number>; user?: Map<string, number> } = {},
): DesktopMaps {
  const lazy = (list: readonly { id: string }[], what: string, m: Map<string, number> | null = null) => {
    return (k: string) => indexOf((m ??= new Map(list.map((x, i) => [x.id, i]))), k, what);
  };
  let hv: HypervisorType[] | null = null;
  return {
    host: lazy(lab.hosts, 'host'),
    hostHv: (h) => (hv ??= hostHypervisors(lab))[h] ?? 'esxi',
    datastore: lazy(lab.datastores, 'datastore', made.datastore),
    pool: lazy(lab.pools, 'pool'),
    user: lazy(lab.users, 'user', made.user),
  };
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
  st.dPool[i] = maps.pool(d.poolId);
  st.dHost[i] = maps.host(d.hostId);
  st.dDs[i] = maps.datastore(d.datastoreId);
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
  st.dOverheadMb[i] = vmOverheadOn(maps.hostHv(st.dHost[i] as number), d.ramGb, d.vcpu) + (d.extraOverheadMb ?? 0);
  st.dBaseMemMb[i] = d.ramGb * 1024 * VM_BASE_MEM_SHARE + (st.dOverheadMb[i] as number);
  st.dNoLiveMig[i] = d.noLiveMigration ? 1 : 0;
  st.dCpuFactor[i] = d.cpuFactor ?? 1;
  st.dOwner[i] = d.assignedUserId ? maps.user(d.assignedUserId) : -1;
}

/** What a new desktop entry holds before its record is applied, where that is not 0. */
const DESKTOP_FILL: Record<string, number> = { dOwner: -1, dLimMhz: Number.POSITIVE_INFINITY, dVersion: -1, dCpuFactor: 1 };

/** `lists[at]` with `add` appended (a new array: a list handed out earlier keeps what it held). */
function appended(lists: Int32Array[], at: number, add: readonly number[]): void {
  const old = lists[at];
  if (!old) return;
  const list = new Int32Array(old.length + add.length);
  list.set(old);
  list.set(add, old.length);
  lists[at] = list;
}

/**
 * Machines added to a running engine (an on-demand pool grew): every desktop array gets their
 * entries, at the end of the index space (where a lab read back from the store lists them too),
 * and each pool's, host's and datastore's list of desktops takes them in index order. `now` is
 * the engine's clock (the state-since of a record without one). The arrays keep spare room
 * (desktop-capacity.ts), so this usually copies nothing; only the added desktops are written, and
 * the change hooks are told about them alone (their CPU allocation is their pool's, as at build).
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
  if (added.length === 0) return;
  const maps = labMaps(lab);
  const into = (lists: Map<number, number[]>, at: number, d: number) => {
    const l = lists.get(at);
    if (l) l.push(d);
    else lists.set(at, [d]);
  };
  const toPool = new Map<number, number[]>();
  const toHost = new Map<number, number[]>();
  const toDs = new Map<number, number[]>();
  added.forEach((desk, k) => {
    const d = N0 + k;
    initDesktop(st, d, desk, maps, now);
    into(toPool, st.dPool[d] as number, d);
    into(toHost, st.dHost[d] as number, d);
    into(toDs, st.dDs[d] as number, d);
  });
  for (const [p, add] of toPool) appended(st.pDesktops, p, add);
  for (const [h, add] of toHost) appended(st.hDesktops, h, add);
  for (const [s, add] of toDs) appended(st.sDesktops, s, add);
  st.ids = { ...st.ids, desktops: [...st.ids.desktops, ...added.map((d) => d.id)] };
  applyCpuAllocation(st, lab, N0);
}

/**
 * The engine's arrays for a lab. `reuse`: an engine of the same users, pools and entitlements (one
 * rebuilt because machines were added on demand) lends it the entitlement lists, instead of
 * computing them again.
 */
export function buildState(lab: LabModel, reuse?: EngineState): EngineState {
  const dsIdx = new Map(lab.datastores.map((d, i) => [d.id, i]));
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
  const maps = labMaps(lab, { datastore: dsIdx, user: userIdx });
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
