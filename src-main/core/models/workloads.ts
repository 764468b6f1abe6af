import type { Protocol, Workload } from '../../contract/entities.ts';

/**
 * Login VSI-style workload profiles. Demand figures are per logged-on user
 * while active; the activity loop decides when a user is active.
 * Sources (DOMAIN.md): knowledge worker ≈ 600 MHz × 1.1 + vCPU overhead ≈ 800 MHz
 * on a 2-vCPU desktop (Nutanix sizing), task factor 0.8; steady IOPS 4–10, mostly
 * writes; boot and logon storms 2–3× steady.
 */
export interface WorkloadProfile {
  cpuMhz: number; // demand while active
  idleCpuMhz: number; // background demand of a logged-on but idle session
  activeMemMb: number;
  steadyIops: number;
  writeShare: number;
  logonIopsFactor: number; // during logon (profile load, GPO, scripts), × steady
  /** Length of the user's work loop and the active share of it. */
  loopSeconds: number;
  activeShare: number;
}

export const WORKLOADS: Record<Workload, WorkloadProfile> = {
  task: { cpuMhz: 560, idleCpuMhz: 60, activeMemMb: 1200, steadyIops: 5, writeShare: 0.85, logonIopsFactor: 10, loopSeconds: 600, activeShare: 0.55 },
  knowledge: { cpuMhz: 800, idleCpuMhz: 80, activeMemMb: 2000, steadyIops: 8, writeShare: 0.85, logonIopsFactor: 10, loopSeconds: 720, activeShare: 0.6 },
  power: { cpuMhz: 1500, idleCpuMhz: 120, activeMemMb: 4500, steadyIops: 15, writeShare: 0.8, logonIopsFactor: 8, loopSeconds: 900, activeShare: 0.65 },
};

/**
 * After the logon, the first minutes are heavier than the steady state: apps
 * start, mail and chat caches sync, the profile container grows. With the
 * logon burst this makes a morning storm window run at 2–3× the steady IOPS
 * per session (DOMAIN.md: "boot and login storms are 2–3× steady per desktop").
 */
export const FIRST_RUN = { seconds: 600, iopsFactor: 4, cpuFactor: 1.3 };

/** Protocol bandwidth (kbit/s) for office work by workload; video-heavy power users sit higher (DOMAIN.md). */
export const PROTOCOL_KBPS: Record<Protocol, Record<Workload, number>> = {
  blast: { task: 60, knowledge: 110, power: 450 },
  pcoip: { task: 70, knowledge: 130, power: 500 },
  hdx: { task: 40, knowledge: 90, power: 400 },
  rdp: { task: 25, knowledge: 300, power: 700 },
};

export const WORKLOAD_INDEX: readonly Workload[] = ['task', 'knowledge', 'power'];
