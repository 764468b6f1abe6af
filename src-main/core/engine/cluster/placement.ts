import { ENGINE_PARAMS } from '../params.ts';
import type { EngineCore } from '../core.ts';
import type { Rule } from './context.ts';
import { P, U } from '../state.ts';

/**
 * Where a VM may run: the room a host has, the DRS rules, and the expected load
 * of each VM and host. Shared by live migration, maintenance evacuation, HA
 * restarts and DRS recommendations, so they all agree.
 */
export const PLACEMENT = {
  /** A host takes no VM that would bring its consumed memory above this share of its RAM (ESXi keeps minFree and balloons past it). */
  maxMemShare: 0.9,
  /** Score penalty for breaking a "should" rule: only chosen when no host keeps it. */
  shouldPenalty: 10,
};

/** Expected memory (MB) and CPU (MHz) of every VM and host now; in-flight migrations count on their target too. */
export interface Loads {
  vmMem: Float64Array;
  vmCpu: Float64Array;
  hMem: Float64Array;
  hCpu: Float64Array;
}

export function computeLoads(e: EngineCore): Loads {
  const st = e.st;
  const N = st.dPower.length;
  const H = st.hCapMhz.length;
  const vmMem = new Float64Array(N);
  const vmCpu = new Float64Array(N);
  for (let i = 0; i < st.nSess; i++) {
    const u = st.sessList[i] as number;
    const d = st.uDesktop[u] as number;
    const s = st.uState[u];
    const share = st.uShare[u] as number;
    // Demand in vix (models/cpu-perf.ts), converted to MHz of the desktop's host below.
    const active = (st.uCpuVix[u] as number) * share + (st.uIdleVix[u] as number) * (1 - share);
    vmCpu[d] = (vmCpu[d] as number) + (s === U.logon ? (st.uCpuVix[u] as number) * 1.2 : s === U.active ? active : (st.uIdleVix[u] as number) * 0.5);
    vmMem[d] = (vmMem[d] as number) + (st.uMemMb[u] as number) * (s === U.disconnected ? 0.5 : 1);
  }
  const hMem = new Float64Array(H);
  const hCpu = new Float64Array(H);
  for (let d = 0; d < N; d++) {
    if (st.dPower[d] !== P.poweredOn) {
      vmMem[d] = 0;
      vmCpu[d] = 0;
      continue;
    }
    vmMem[d] = Math.min(st.dRamMb[d] as number, (vmMem[d] as number) + (st.dBaseMemMb[d] as number));
    const h = e.cluster.placedOn(d);
    let mhz = ((vmCpu[d] as number) + ENGINE_PARAMS.vmBaseVix) * (e.perf.mhzPerVix[h] as number);
    // A runaway process's spinning vCPUs are demand like any other: DRS sees them (one core of this host each, as the load pass charges them).
    if (e.faults.hogs) mhz += (e.faults.dHogVcpu[d] as number) * ((st.hCapMhz[h] as number) / Math.max(1, st.hCores[h] as number));
    vmCpu[d] = Math.min(st.dLimMhz[d] as number, mhz);
    hMem[h] = (hMem[h] as number) + (vmMem[d] as number);
    hCpu[h] = (hCpu[h] as number) + (vmCpu[d] as number);
  }
  return { vmMem, vmCpu, hMem, hCpu };
}

/** Room for VM d on host h (memory), as a reason when there is none. */
export function roomFor(e: EngineCore, loads: Loads, d: number, h: number): string | null {
  const ram = e.st.hRamMb[h] as number;
  const need = Math.max(loads.vmMem[d] as number, memoryToPlace(e, d));
  if ((loads.hMem[h] as number) + need > ram * PLACEMENT.maxMemShare) {
    const free = Math.max(0, ram * PLACEMENT.maxMemShare - (loads.hMem[h] as number));
    return `${e.cluster.hName[h]} has ${(free / 1024).toFixed(1)} GB of ${(need / 1024).toFixed(1)} GB free memory`;
  }
  return null;
}

/** Memory a VM needs where it lands: what it consumes, or for a VM being powered on its base share. */
export function memoryToPlace(e: EngineCore, d: number): number {
  return e.st.dBaseMemMb[d] as number;
}

/**
 * The hard rule a placement of VM d on host h would break (a sentence), or
 * null; `soft` counts the "should" rules it would break. Peers on hosts that are
 * leaving (failed, entering maintenance) do not pin an affinity group.
 */
export function ruleCheck(e: EngineCore, d: number, h: number): { hard: string | null; soft: number } {
  const c = e.cluster;
  // Tenant isolation first (issue 19): a VM only goes where its networks and datastore are its tenant's and present.
  const fenced = c.fence.check(e, d, h);
  if (fenced) return { hard: fenced, soft: 0 };
  // vGPU density (issue 19): a vGPU VM only goes where a GPU of its profile's model has a free slot.
  const noSlot = c.vgpu.check(e, d, h);
  if (noSlot) return { hard: noSlot, soft: 0 };
  let soft = 0;
  for (const r of c.rulesOf(d)) {
    if (!r.enabled) continue;
    switch (r.kind) {
      case 'vm-host-must':
        if (!r.hosts.has(h)) return { hard: `rule "${r.name}": must run on host group ${r.hostGroup}`, soft };
        break;
      case 'vm-host-must-not':
        if (r.hosts.has(h)) return { hard: `rule "${r.name}": must not run on host group ${r.hostGroup}`, soft };
        break;
      case 'vm-host-should':
        if (!r.hosts.has(h)) soft++;
        break;
      case 'vm-host-should-not':
        if (r.hosts.has(h)) soft++;
        break;
      case 'vm-anti-affinity':
        for (const v of r.vms) {
          if (v !== d && c.placedOn(v) === h && e.st.dPower[v] === P.poweredOn) {
            return { hard: `rule "${r.name}": ${c.dName(d)} and ${c.dName(v)} must run on different hosts`, soft };
          }
        }
        break;
      case 'vm-affinity':
        for (const v of r.vms) {
          if (v === d || e.st.dPower[v] !== P.poweredOn) continue;
          const at = c.placedOn(v);
          if (at !== h && c.usable(at)) return { hard: `rule "${r.name}": ${c.dName(d)} must run with ${c.dName(v)} on ${c.hName[at]}`, soft };
        }
        break;
    }
  }
  return { hard: null, soft };
}

/**
 * The best host for VM d among the usable hosts of its cluster (not `except`):
 * no hard rule broken, room for it, then the fewest "should" rules broken and
 * the lowest resulting utilization. Returns the host or the reasons none fits.
 */
export function bestHost(e: EngineCore, loads: Loads, d: number, except: number): { host: number; why: string[] } {
  const c = e.cluster;
  const st = e.st;
  const cl = c.hCluster[st.dHost[d] as number] as number;
  let best = -1;
  let bestScore = Number.POSITIVE_INFINITY;
  const why: string[] = [];
  for (let h = 0; h < st.hCapMhz.length; h++) {
    if (h === except || c.hCluster[h] !== cl || !c.usable(h)) continue;
    const rule = ruleCheck(e, d, h);
    if (rule.hard) {
      why.push(rule.hard);
      continue;
    }
    const room = roomFor(e, loads, d, h);
    if (room) {
      why.push(room);
      continue;
    }
    const mem = ((loads.hMem[h] as number) + (loads.vmMem[d] as number)) / (st.hRamMb[h] as number);
    const cpu = ((loads.hCpu[h] as number) + (loads.vmCpu[d] as number)) / (st.hCapMhz[h] as number);
    const score = Math.max(mem, cpu) + rule.soft * PLACEMENT.shouldPenalty;
    if (score < bestScore - 1e-12) {
      bestScore = score;
      best = h;
    }
  }
  if (why.length === 0 && best < 0) why.push('no other usable host in the cluster (connected, powered on, not in maintenance)');
  return { host: best, why };
}

/** Books VM d on host h in the loads (the caller has decided). */
export function book(loads: Loads, d: number, from: number, to: number): void {
  if (from >= 0) {
    loads.hMem[from] = (loads.hMem[from] as number) - (loads.vmMem[d] as number);
    loads.hCpu[from] = (loads.hCpu[from] as number) - (loads.vmCpu[d] as number);
  }
  loads.hMem[to] = (loads.hMem[to] as number) + (loads.vmMem[d] as number);
  loads.hCpu[to] = (loads.hCpu[to] as number) + (loads.vmCpu[d] as number);
}

export type { Rule };
