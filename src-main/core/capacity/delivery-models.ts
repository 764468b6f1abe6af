import type { DeliveryComparison, DeliveryModelRow, DeliveryWorkload } from '../../contract/capacity-delivery.ts';
import { minFreeMb, vmOverheadMb } from '../../shared/capacity/memory.ts';
import { RULE_OF_FIVE, RULE_OF_TEN, WORKLOAD_HINTS } from '../../shared/capacity/rules-of-thumb.ts';
import { BOOT_PARAMS } from '../models/boot.ts';

/**
 * Containers vs VMs (issue 19): the same user population delivered as single-session VMs,
 * multi-session hosts and container-based desktops or apps. Per host: users by CPU and by memory
 * (the smaller wins), memory per user and the part of it that is overhead (not the user's own
 * apps), time to a usable desktop, and the isolation boundary. The numbers come from the
 * parameters below; the seed's comparison table (`SEED_TABLE`) is shown beside them, not used.
 *
 * | model          | CPU per host                          | memory per user                                  | start                     |
 * |----------------|---------------------------------------|--------------------------------------------------|---------------------------|
 * | single-session | cores × 5 (rule of five) × workload   | guest RAM + ESXi VM overhead                     | power-on task + Windows boot to registered |
 * | multi-session  | cores × 10 (rule of ten) × workload   | apps + (server OS + VM overhead) / users per VM  | a session on a running host: logon only; a new host boots |
 * | container      | cores × 10 × (1 − ctr CPU)/(1 − VM CPU) × workload | apps + container runtime overhead      | container start           |
 */
export const DELIVERY_PARAMS = {
  /** Guest RAM of a single-session desktop by workload: the lab's own images (W11 task 3 GB, knowledge 4 GB) and 8 GB for power users (Windows 11's minimum is 4 GB: Microsoft's Windows 11 specifications). */
  guestRamGb: { task: 3, knowledge: 4, power: 8 } satisfies Record<DeliveryWorkload, number>,
  /** vCPU of a single-session desktop (the lab's images). */
  guestVcpu: 2,
  /** The user's own applications' working set, MB. Estimate: Office + browser + Teams for a knowledge worker ~1.5 GB; a task worker's line-of-business app half that; a power user's double. */
  appMb: { task: 800, knowledge: 1500, power: 3000 } satisfies Record<DeliveryWorkload, number>,
  /** A multi-session host VM: 8 vCPU (the lab's WS2022 RDSH image) and its server OS working set. Estimate: Windows Server 2022 with the RDS role and FSLogix idles near 3 GB. */
  sessionHostVcpu: 8,
  serverOsMb: 3072,
  /** Users per multi-session VM: vCPU × Microsoft's users per vCPU for the workload (rules-of-thumb.ts WORKLOAD_HINTS). */
  /** Container runtime memory per instance: 15–25 MB (Hokstad Consulting, "Benchmarking Containers and VMs for Applications"): 20 MB. */
  containerOverheadMb: 20,
  /** CPU lost to the virtualization layer: containers 1–2 %, VMs 5–20 % (same source): the midpoints, 1.5 % and 12.5 %. */
  containerCpuOverhead: 0.015,
  vmCpuOverhead: 0.125,
  /** Container start: 568 ms on SSD-backed storage (Khan, "Decomposing Docker Container Startup Performance", arXiv 2602.15214, median over 50 runs). */
  containerStartSec: 0.568,
  /** Logon to a running multi-session host, seconds: the lab's logon model median for a warm profile (sessions/params) is ~25 s; estimate. */
  sessionLogonSec: 25,
  /** What the host itself keeps for a container host (Linux + kubelet/containerd). Estimate: 2 GB. */
  containerHostReserveMb: 2048,
} as const;

/** The seed's comparison table (the issue): shown beside the model's numbers. */
export const SEED_TABLE = {
  vmsPerHost: [10, 100] as [number, number],
  containersPerHost: [100, 1000] as [number, number],
  vmStart: 'minutes',
  containerStart: 'seconds',
  vmMemory: 'GB',
  containerMemory: 'MB',
} as const;

export interface DeliveryInput {
  users: number;
  workload: DeliveryWorkload;
  host: { sockets: number; coresPerSocket: number; ramGb: number };
}

/** The workload's CPU weight relative to a knowledge worker (Microsoft's users per vCPU: light 6, medium 4, heavy 2). */
function cpuWeight(w: DeliveryWorkload): number {
  return WORKLOAD_HINTS[w].msUsersPerVcpu / WORKLOAD_HINTS.knowledge.msUsersPerVcpu;
}

export function compareDelivery(input: DeliveryInput): DeliveryComparison {
  const P = DELIVERY_PARAMS;
  const { users, workload: w, host } = input;
  const cores = host.sockets * host.coresPerSocket;
  const hostMb = host.ramGb * 1024 - minFreeMb(host.ramGb);
  const weight = cpuWeight(w);
  const app = P.appMb[w];

  // Single-session: one Windows VM per user.
  const vmRamGb = P.guestRamGb[w];
  const vmMb = vmRamGb * 1024 + vmOverheadMb(vmRamGb, P.guestVcpu);
  const single = row({
    model: 'single-session',
    byCpu: Math.floor(cores * RULE_OF_FIVE * weight),
    byMemory: Math.floor(hostMb / vmMb),
    memoryPerUserMb: vmMb,
    overheadPerUserMb: vmMb - app,
    startSec: BOOT_PARAMS.powerOnTaskSec.esxi + BOOT_PARAMS.bootToRegisteredSec.desktop,
    startText: 'power-on and Windows boot until the agent registers',
    isolation: 'Hardware virtualization: each user has a VM with its own kernel',
    isolationRank: 3,
    users,
  });

  // Multi-session: users share a Windows Server VM's kernel.
  const perVm = P.sessionHostVcpu * WORKLOAD_HINTS[w].msUsersPerVcpu;
  const vmShareMb = (P.serverOsMb + vmOverheadMb(P.serverOsMb / 1024 + (perVm * app) / 1024, P.sessionHostVcpu)) / perVm;
  const multi = row({
    model: 'multi-session',
    byCpu: Math.floor(cores * RULE_OF_TEN * weight),
    byMemory: Math.floor(hostMb / (app + vmShareMb)),
    memoryPerUserMb: app + vmShareMb,
    overheadPerUserMb: vmShareMb,
    startSec: P.sessionLogonSec,
    startText: `a logon on a running session host (a new host boots first: ${BOOT_PARAMS.powerOnTaskSec.esxi + BOOT_PARAMS.bootToRegisteredSec.server} s)`,
    isolation: 'OS sessions on a shared Windows Server kernel (one VM per group of users)',
    isolationRank: 2,
    users,
  });

  // Containers: the app and its runtime on the host's kernel, no guest OS, no hypervisor.
  const ctrMb = app + P.containerOverheadMb;
  const container = row({
    model: 'container',
    byCpu: Math.floor(cores * RULE_OF_TEN * weight * ((1 - P.containerCpuOverhead) / (1 - P.vmCpuOverhead))),
    byMemory: Math.floor((host.ramGb * 1024 - P.containerHostReserveMb) / ctrMb),
    memoryPerUserMb: ctrMb,
    overheadPerUserMb: P.containerOverheadMb,
    startSec: P.containerStartSec,
    startText: 'container start (namespaces, cgroups, image layers mounted)',
    isolation: 'Namespaces and cgroups on the shared host kernel (Linux apps and desktops)',
    isolationRank: 1,
    users,
  });

  const rows = [single, multi, container];
  return {
    input,
    rows,
    seed: SEED_TABLE,
    checks: {
      vmsInSeedRange: inRange(single.usersPerHost, SEED_TABLE.vmsPerHost),
      containersInSeedRange: inRange(container.usersPerHost, SEED_TABLE.containersPerHost),
      vmStartsInMinutes: single.startSec >= 60,
      containerStartsInSeconds: container.startSec < 10,
      vmOverheadInGb: single.overheadPerUserMb >= 1024,
      containerOverheadInMb: container.overheadPerUserMb < 1024,
    },
  };
}

const inRange = (v: number, [lo, hi]: [number, number]) => v >= lo && v <= hi;

function row(r: Omit<DeliveryModelRow, 'usersPerHost' | 'limitedBy' | 'hostsNeeded'> & { users: number }): DeliveryModelRow {
  const { users, ...rest } = r;
  const usersPerHost = Math.max(0, Math.min(r.byCpu, r.byMemory));
  return {
    ...rest,
    memoryPerUserMb: Math.round(r.memoryPerUserMb),
    overheadPerUserMb: Math.round(r.overheadPerUserMb),
    usersPerHost,
    limitedBy: r.byMemory < r.byCpu ? 'memory' : 'cpu',
    hostsNeeded: usersPerHost > 0 ? Math.ceil(users / usersPerHost) : null,
  };
}
