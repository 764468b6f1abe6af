import { CAPACITY_WORKLOADS, type CapacityDefinition, type CapacityWorkload } from '../../contract/capacity-entities.ts';
import type { Protocol } from '../../contract/entities.ts';
import { resolveHostCpu } from './cpu-index.ts';
import { vmOverheadMb } from './memory.ts';

// Rules of thumb planners already trust (shared/DOMAIN.md, "Workloads" and "Hypervisor resource
// models"): the wizard shows them beside its fields, the host reports the rule of five and ten with a
// definition check. Hints only: the run's answer comes from the simulation.

/** Citrix's rule of five and ten: single-session desktops / multi-session users per physical core. */
export const RULE_OF_FIVE = 5;
export const RULE_OF_TEN = 10;

/** Each workload's class in Microsoft's multi-session table (users per vCPU: light 6, medium 4, heavy 2) and its steady IOPS. */
export const WORKLOAD_HINTS: Record<CapacityWorkload, { msUsersPerVcpu: number; iops: number }> = {
  task: { msUsersPerVcpu: 6, iops: 6 },
  knowledge: { msUsersPerVcpu: 4, iops: 8.5 },
  power: { msUsersPerVcpu: 2, iops: 10.8 },
  'lvsi-task': { msUsersPerVcpu: 6, iops: 6 },
  'lvsi-office': { msUsersPerVcpu: 5, iops: 8.1 },
  'lvsi-knowledge': { msUsersPerVcpu: 4, iops: 8.5 },
  'lvsi-power': { msUsersPerVcpu: 2, iops: 10.8 },
  'le-task': { msUsersPerVcpu: 6, iops: 18 },
  'le-knowledge': { msUsersPerVcpu: 4, iops: 25 },
  'ms-light': { msUsersPerVcpu: 6, iops: 6 },
  'ms-medium': { msUsersPerVcpu: 4, iops: 8.5 },
  'ms-heavy': { msUsersPerVcpu: 2, iops: 10.8 },
};

/** Boot and logon storms run 2–3 × steady state per desktop. */
export const STORM_FACTOR = 2.5;

/** Office-work protocol bandwidth per session in kbit/s (DOMAIN.md: Blast/PCoIP 50–150, RDP 15–30 plus web). */
export const KBPS_PER_SESSION: Record<Protocol, number> = { blast: 150, pcoip: 150, hdx: 120, rdp: 100 };

/** A definition's workload as (workload, share) pairs that sum to 1. */
export function workloadShares(w: CapacityDefinition['workload']): [CapacityWorkload, number][] {
  if (typeof w === 'string') return [[w, 1]];
  const pairs = CAPACITY_WORKLOADS.map((k) => [k, Math.max(0, w[k] ?? 0)] as [CapacityWorkload, number]).filter(([, s]) => s > 0);
  const total = pairs.reduce((a, [, s]) => a + s, 0);
  return total > 0 ? pairs.map(([k, s]) => [k, s / total]) : [];
}

export interface HostFigures {
  coresPerHost: number;
  threadsPerHost: number;
  totalCores: number;
  /** vCenter's figure: cores × base GHz (0 when the CPU cannot be resolved). */
  ghzPerHost: number;
}

export function hostFigures(d: Pick<CapacityDefinition, 'hosts'>): HostFigures {
  const coresPerHost = d.hosts.sockets * d.hosts.coresPerSocket;
  return {
    coresPerHost,
    threadsPerHost: coresPerHost * (d.hosts.hyperthreading ? 2 : 1),
    totalCores: coresPerHost * d.hosts.count,
    ghzPerHost: coresPerHost * (resolveHostCpu(d.hosts)?.baseGhz ?? 0),
  };
}

/** Users per vCPU for the workload (a mix adds up the vCPU each user needs: a weighted harmonic mean). */
export function usersPerVcpu(d: Pick<CapacityDefinition, 'workload'>): number {
  let vcpuPerUser = 0;
  for (const [k, share] of workloadShares(d.workload)) {
    const hint = WORKLOAD_HINTS[k] as (typeof WORKLOAD_HINTS)[typeof k] | undefined;
    if (hint) vcpuPerUser += share / hint.msUsersPerVcpu; // a workload a loaded file misspelt counts for nothing until fixed
  }
  return vcpuPerUser > 0 ? 1 / vcpuPerUser : 0;
}

export function vmOverheadGb(vcpu: number, ramGb: number): number {
  return vmOverheadMb(ramGb, vcpu) / 1024;
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

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const round1 = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/**
 * The rules of thumb for a definition. Single-session: cores × 5 desktops per host, and how many
 * VMs fit in RAM. Multi-session: session-host vCPUs × Microsoft's users per vCPU (compared with
 * cores × 10), and whether the session host VMs fit in RAM at all.
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
    byMemoryText = `${intFmt.format(vmsInRam)} desktops of ${sh.ramGb} GB fit in ${intFmt.format(d.hosts.ramGb)} GB per host`;
  } else {
    const upv = usersPerVcpu(d);
    const perHost = Math.floor(sh.vmsPerHost * sh.vcpu * upv);
    byCpu = perHost * n;
    byCpuText = `${n > 1 ? `${n} hosts × ` : ''}${sh.vmsPerHost} VMs × ${sh.vcpu} vCPU × ${round1(upv)} users per vCPU (rule of ten: ${h.coresPerHost * RULE_OF_TEN} per host)`;
    const fits = Math.min(vmsInRam, sh.vmsPerHost);
    byMemory = fits < sh.vmsPerHost ? Math.floor(fits * sh.vcpu * upv) * n : Number.POSITIVE_INFINITY;
    byMemoryText =
      fits < sh.vmsPerHost
        ? `only ${fits} of ${sh.vmsPerHost} session host VMs of ${sh.ramGb} GB fit in ${intFmt.format(d.hosts.ramGb)} GB`
        : `${sh.vmsPerHost} session host VMs of ${sh.ramGb} GB fit in ${intFmt.format(d.hosts.ramGb)} GB`;
  }
  const limitedBy = byMemory < byCpu ? 'memory' : 'cpu';
  return { byCpu, byCpuText, byMemory, byMemoryText, expected: Math.min(byCpu, byMemory), limitedBy };
}

/** Sessions started per minute over the launch window, and seconds between two logons. */
export function launchRate(d: Pick<CapacityDefinition, 'launch'>): { perMinute: number; everySec: number } {
  const { sessions, timeframeSec } = d.launch;
  if (sessions <= 0 || timeframeSec <= 0) return { perMinute: 0, everySec: 0 };
  return { perMinute: (sessions * 60) / timeframeSec, everySec: timeframeSec / sessions };
}

export function steadyIops(d: Pick<CapacityDefinition, 'workload'>, sessions: number): number {
  let per = 0;
  for (const [k, share] of workloadShares(d.workload)) per += share * ((WORKLOAD_HINTS[k] as (typeof WORKLOAD_HINTS)[typeof k] | undefined)?.iops ?? 0);
  return sessions * per;
}

export function bandwidthGbps(d: Pick<CapacityDefinition, 'protocol'>, sessions: number): number {
  return (sessions * KBPS_PER_SESSION[d.protocol]) / 1e6;
}
