import type { Protocol, Workload } from '../../contract/entities.ts';
import { DEMAND_PARAMS, OS_PROFILES, userDemand, vdiWorkload } from './vdi-workloads.ts';

/**
 * The live lab's workload profiles (task, knowledge, power = Login VSI 4.1's, core/models/vdi-workloads.ts).
 * CPU is in vix (shared/capacity/cpu-index.ts): a working user's demand on a Windows 10 desktop with
 * the display encoding at 30 fps, split into the loop's active and idle levels (the engine adds the
 * VM's own idle background, ENGINE_PARAMS.vmBaseVix). Memory is what a session holds on its host;
 * steady IOPS 4–10, mostly writes; boot and logon storms 2–3× steady (DOMAIN.md).
 */
export interface WorkloadProfile {
  cpuVix: number; // demand while active
  idleCpuVix: number; // background demand of a logged-on but idle session
  activeMemMb: number;
  steadyIops: number;
  writeShare: number;
  logonIopsFactor: number; // during logon (profile load, GPO, scripts), × steady
  /** Length of the user's work loop and the active share of it. */
  loopSeconds: number;
  activeShare: number;
}

/** The live lab's users are active 40–60 % of their day (DOMAIN.md): loop (s), active share, idle-phase CPU / active-phase CPU. */
const LAB_LOOP: Record<Workload, [number, number, number]> = { task: [600, 0.55, 0.107], knowledge: [720, 0.6, 0.1], power: [900, 0.65, 0.08] };
const profile = (w: Workload, rest: Omit<WorkloadProfile, 'cpuVix' | 'idleCpuVix' | 'loopSeconds' | 'activeShare'>): WorkloadProfile => {
  const [loopSeconds, activeShare, idleRatio] = LAB_LOOP[w];
  const opts = { protocol: 'blast', fps: DEMAND_PARAMS.defaultFps, vcpu: 2, antivirusFactor: 1, multiSession: false, activeShare, idleRatio } as const;
  const d = userDemand(vdiWorkload(w), OS_PROFILES.win10, opts);
  return { cpuVix: d.activeVix, idleCpuVix: d.idleVix, loopSeconds, activeShare, ...rest };
};

export const WORKLOADS: Record<Workload, WorkloadProfile> = {
  task: profile('task', { activeMemMb: 1200, steadyIops: 5, writeShare: 0.85, logonIopsFactor: 10 }),
  knowledge: profile('knowledge', { activeMemMb: 2000, steadyIops: 8, writeShare: 0.85, logonIopsFactor: 10 }),
  power: profile('power', { activeMemMb: 4500, steadyIops: 15, writeShare: 0.8, logonIopsFactor: 8 }),
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
