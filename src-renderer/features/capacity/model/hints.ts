// Rules of thumb planners already trust (shared/DOMAIN.md, "Workloads" and
// "Hypervisor resource models"), shown next to the wizard's fields so a
// definition can be sanity-checked before it runs. These are hints only: the
// run's answer comes from the simulation.

import { resolveHostCpu } from '../../../../src-main/shared/capacity/cpu-index.ts';
import { WORKLOAD_NAMES, type CapacityDefinition, type CapacityProtocol, type WorkloadName } from './definition.ts';
import { mixFromWorkload } from './mix.ts';

/** Citrix's rule of five and ten: single-session desktops / multi-session users per physical core. */
export const RULE_OF_FIVE = 5;
export const RULE_OF_TEN = 10;

/** Microsoft's multi-session users per vCPU (light 6, medium 4, heavy 2; "power" 1 is for graphics-heavy users). */
export const MS_USERS_PER_VCPU: Record<WorkloadName, number> = { task: 6, knowledge: 4, power: 2 };

/** ESXi overhead memory per VM: 18 MB + 7.4 MB per GB of VM memory + 4 MB per vCPU beyond the first. */
export const VM_OVERHEAD_MB = { base: 18, perGb: 7.4, perExtraVcpu: 4 };

/** Steady-state IOPS per session (4–10 for task/knowledge work; DOMAIN.md), power users at the top end. */
export const IOPS_PER_SESSION: Record<WorkloadName, number> = { task: 5, knowledge: 8, power: 12 };
/** Boot and logon storms run 2–3 × steady state per desktop. */
export const STORM_FACTOR = 2.5;

/** Office-work protocol bandwidth per session in kbit/s (DOMAIN.md: Blast/PCoIP 50–150, RDP 15–30 plus web). */
export const KBPS_PER_SESSION: Record<CapacityProtocol, number> = { blast: 150, pcoip: 150, hdx: 120, rdp: 100 };

export interface HostFigures {
  coresPerHost: number;
  threadsPerHost: number;
  totalCores: number;
  ghzPerHost: number;
}

export function hostFigures(d: CapacityDefinition): HostFigures {
  const coresPerHost = d.hosts.sockets * d.hosts.coresPerSocket;
  return {
    coresPerHost,
    threadsPerHost: coresPerHost * (d.hosts.hyperthreading ? 2 : 1),
    totalCores: coresPerHost * d.hosts.count,
    ghzPerHost: coresPerHost * (resolveHostCpu(d.hosts)?.baseGhz ?? 0),
  };
}

/** Users per vCPU for the workload (a mix adds up the vCPU each user needs: a weighted harmonic mean). */
export function usersPerVcpu(d: CapacityDefinition): number {
  const mix = mixFromWorkload(d.workload);
  let vcpuPerUser = 0;
  for (const k of WORKLOAD_NAMES) vcpuPerUser += mix[k] / 100 / MS_USERS_PER_VCPU[k];
  return vcpuPerUser > 0 ? 1 / vcpuPerUser : 0;
}

export function vmOverheadGb(vcpu: number, ramGb: number): number {
  return (VM_OVERHEAD_MB.base + VM_OVERHEAD_MB.perGb * ramGb + VM_OVERHEAD_MB.perExtraVcpu * Math.max(0, vcpu - 1)) / 1024;
}

export interface SizingEstimate {
  /** The CPU rule of thumb: users for all hosts. */
  byCpu: number;
  /** How the CPU figure was reached, in words ("2 × 48 cores × 5"). */
  byCpuText: string;
  /** Users whose VMs fit in host RAM without overcommit (all hosts). */
  byMemory: number;
  byMemoryText: string;
  /** The smaller of the two: what to expect VSImax near. */
  expected: number;
  limitedBy: 'cpu' | 'memory';
}

/**
 * The rules of thumb for a definition. Single-session: cores × 5 desktops per
 * host, and how many VMs fit in RAM. Multi-session: session-host vCPUs ×
 * Microsoft's users per vCPU (compared with cores × 10), and whether the session
 * host VMs fit in RAM at all.
 */
export function sizingEstimate(d: CapacityDefinition): SizingEstimate {
  const h = hostFigures(d);
  const n = d.hosts.count;
  const sh = d.sessionHost;
  const perVmGb = sh.ramGb + vmOverheadGb(sh.vcpu, sh.ramGb);
  const vmsInRam = Math.floor(d.hosts.ramGb / perVmGb);
  let byCpu: number;
  let byCpuText: string;
  let byMemory: number;
  let byMemoryText: string;
  if (sh.kind === 'single-session') {
    byCpu = h.coresPerHost * RULE_OF_FIVE * n;
    byCpuText = `${n > 1 ? `${n} hosts × ` : ''}${h.coresPerHost} cores × ${RULE_OF_FIVE}`;
    byMemory = vmsInRam * n;
    byMemoryText = `${fmtInt(vmsInRam)} desktops of ${sh.ramGb} GB fit in ${fmtInt(d.hosts.ramGb)} GB per host`;
  } else {
    const upv = usersPerVcpu(d);
    const perHost = Math.floor(sh.vmsPerHost * sh.vcpu * upv);
    byCpu = perHost * n;
    byCpuText = `${n > 1 ? `${n} hosts × ` : ''}${sh.vmsPerHost} VMs × ${sh.vcpu} vCPU × ${round1(upv)} users per vCPU (rule of ten: ${h.coresPerHost * RULE_OF_TEN} per host)`;
    const fits = Math.min(vmsInRam, sh.vmsPerHost);
    byMemory = fits < sh.vmsPerHost ? Math.floor(fits * sh.vcpu * upv) * n : Number.POSITIVE_INFINITY;
    byMemoryText =
      fits < sh.vmsPerHost
        ? `only ${fits} of ${sh.vmsPerHost} session host VMs of ${sh.ramGb} GB fit in ${fmtInt(d.hosts.ramGb)} GB`
        : `${sh.vmsPerHost} session host VMs of ${sh.ramGb} GB fit in ${fmtInt(d.hosts.ramGb)} GB`;
  }
  const limitedBy = byMemory < byCpu ? 'memory' : 'cpu';
  return { byCpu, byCpuText, byMemory, byMemoryText, expected: Math.min(byCpu, byMemory), limitedBy };
}

/** Sessions started per minute over the launch window, and seconds between two logons. */
export function launchRate(d: CapacityDefinition): { perMinute: number; everySec: number } {
  const { sessions, timeframeSec } = d.launch;
  if (sessions <= 0 || timeframeSec <= 0) return { perMinute: 0, everySec: 0 };
  return { perMinute: (sessions * 60) / timeframeSec, everySec: timeframeSec / sessions };
}

export function steadyIops(d: CapacityDefinition, sessions: number): number {
  const mix = mixFromWorkload(d.workload);
  let per = 0;
  for (const k of WORKLOAD_NAMES) per += (mix[k] / 100) * IOPS_PER_SESSION[k];
  return sessions * per;
}

export function bandwidthGbps(d: CapacityDefinition, sessions: number): number {
  return (sessions * KBPS_PER_SESSION[d.protocol]) / 1e6;
}

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
function fmtInt(v: number): string {
  return intFmt.format(v);
}

function round1(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
