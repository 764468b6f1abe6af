import type { CapacityOs } from '../../contract/capacity-entities.ts';
import type { Hypervisor } from './cpu-perf.ts';

/**
 * Boot storms (issue 13; calibration design §4): how long one desktop takes from the power-on
 * to "registered" (its agent reports to the broker and it can take a session), what it costs
 * meanwhile, and how brokers throttle power actions.
 *
 *   T = powerOnTaskSec[hypervisor] + bootToRegisteredSec[os] × (1 + waitWeight × w/(1 − w)) × jitter
 *       + bootIos × L / ioOutstanding
 *
 * w is the VM's CPU wait share (ready), L the datastore latency (s); the I/O term is the boot's
 * reads and writes waiting on the array. CPU while booting: cpuVcpuEquivalent × one vCPU's speed;
 * I/O: bootIos spread over the boot after the power-on task.
 *
 * | parameter | value | kind | source |
 * |---|---|---|---|
 * | `powerOnTaskSec` | ESXi 10, AHV 40, KVM 40, Hyper-V 15, XenServer 15 s | fit / est | ESXi, AHV: Nutanix storms with the same Citrix throttle (B1 AHV 1,040 in 27.7 min, RA-2022 ESXi 880 in 18.9 min); the others est. |
 * | `bootToRegisteredSec` | Windows 10 / 11 60, Server 55, Windows 7 (PVS) 62 s | fit / est | tails of B2 and RA-2141; B3's wave length |
 * | `waitWeight` | 3 | est | a boot is mostly I/O and service start-up, less sensitive to CPU wait than an interactive action |
 * | `cpuVcpuEquivalent` | 0.6 of one vCPU | est | checked against B1 max CPU 25.9 % and B3 ≈ 60 % |
 * | `ioOutstanding` | 8 | est | boot I/O time = I/Os × latency / I/Os in flight |
 * | `timeSigma` | 0.10 | est | per-boot spread of boot-to-registered (a lognormal factor from a hash of desktop and time: no PRNG stream) |
 * | `profiles` | MCS / linked / full desktop 47,000 I/Os (50 % reads); MCS server 35,000 (50 %); instant clone 3,000 (30 %); PVS write cache 7,000 (10 %) | src / est | MCS desktop: B1 average IOPS × duration / desktops = 47k, confirmed by RA-2022's 880 Win11 ESXi storm; server: 31–55k across B2, RA-2150, RA-2141; instant clone est. (a fork, no OS boot); PVS: B3's peak (its vDisk reads come from the PVS servers' RAM, not the datastore) |
 */
export const BOOT_PARAMS = {
  powerOnTaskSec: { esxi: 10, ahv: 40, kvm: 40, 'hyper-v': 15, xenserver: 15 } satisfies Record<Hypervisor, number>,
  bootToRegisteredSec: { desktop: 60, server: 55, win7: 62 },
  waitWeight: 3,
  cpuVcpuEquivalent: 0.6,
  ioOutstanding: 8,
  timeSigma: 0.1,
  profiles: {
    'mcs-desktop': { ios: 47_000, readShare: 0.5 },
    'mcs-server': { ios: 35_000, readShare: 0.5 },
    'instant-clone': { ios: 3_000, readShare: 0.3 },
    pvs: { ios: 7_000, readShare: 0.1 },
  },
};

/** How a desktop's disk comes to be: Citrix MCS or a Horizon linked / full clone (a full Windows boot from its own disk), an instant clone (forked), or PVS (streamed, write cache on the datastore). */
export const BOOT_CLONE_KINDS = ['mcs', 'linked-clone', 'full-clone', 'instant-clone', 'pvs'] as const;
export type BootCloneKind = (typeof BOOT_CLONE_KINDS)[number];

export function bootProfile(clone: BootCloneKind, os: CapacityOs): { ios: number; readShare: number } {
  const p = BOOT_PARAMS.profiles;
  if (clone === 'instant-clone') return p['instant-clone'];
  if (clone === 'pvs') return p.pvs;
  return os.startsWith('ws') || os.endsWith('-ms') ? p['mcs-server'] : p['mcs-desktop'];
}

export function bootToRegisteredSec(os: CapacityOs): number {
  const b = BOOT_PARAMS.bootToRegisteredSec;
  return os === 'win7' ? b.win7 : os.startsWith('ws') || os.endsWith('-ms') ? b.server : b.desktop;
}

export interface BootInputs {
  hypervisor: Hypervisor;
  os: CapacityOs;
  clone: BootCloneKind;
  /** CPU ready of the VM's host (%) and the latency of its datastore (ms) when the boot starts. */
  readyPct: number;
  latencyMs: number;
  /** −1..1: this boot's place in the spread. */
  jitter: number;
}

export interface BootPlan {
  /** The hypervisor's power-on task (s), then the guest's boot until registered (s); total. */
  taskSec: number;
  bootSec: number;
  totalSec: number;
  /** I/O of the guest's boot (IOPS over bootSec) and its read share. */
  iops: number;
  readShare: number;
}

export function planBoot(x: BootInputs): BootPlan {
  const p = BOOT_PARAMS;
  const w = Math.min(0.9, Math.max(0, x.readyPct / 100));
  const prof = bootProfile(x.clone, x.os);
  const spread = Math.exp(p.timeSigma * Math.max(-3, Math.min(3, x.jitter * 1.7)));
  const ioSec = (prof.ios * Math.max(0, x.latencyMs)) / 1000 / p.ioOutstanding;
  const bootSec = bootToRegisteredSec(x.os) * (1 + (p.waitWeight * w) / (1 - w)) * spread + ioSec;
  const taskSec = p.powerOnTaskSec[x.hypervisor];
  return { taskSec, bootSec, totalSec: taskSec + bootSec, iops: prof.ios / bootSec, readShare: prof.readShare };
}

/**
 * Power-action throttles, as brokers apply them per hosting connection (Citrix) or vCenter (Horizon).
 * An action starts only while fewer than `maxActive` and fewer than `maxPercent` of the machines on
 * the connection are active, and fewer than `maxNewPerMinute` started in the current minute. A
 * Citrix action stays active for the power-on task plus `extraSpinUpSec`; the old XenDesktop pool
 * manager counted a boot until it registered; Horizon counts the vCenter task.
 *
 * | preset | values | source |
 * |---|---|---|
 * | `citrix` (default for Citrix) | 100 active; 20 % of the machines on the connection; 50 new per minute; + 120 s spin-up | Nutanix RA tables (B1, B2) and the script that created their lab's connection (JKindonNtx/solutions-euc Set-CitrixHostingConnection.psm1); Citrix DaaS API MaxPowerActionsPercentageOfMachines |
 * | `citrix-2203-sample` | 50 active; 10 %; 10 per minute; + 240 s | Citrix CVAD 2203 sample script for an SCVMM connection (Cloud Software Group, 2024) |
 * | `xendesktop-pool-manager` | 10 % of the machines booting at once, each until registered | Citrix blog 2009 "Some hidden dials that can be tweaked" (MaximumTransitionRate) |
 * | `horizon` | 50 concurrent vCenter power operations | Horizon API VirtualCenterConcurrentOperationLimits / VCLimits defaults |
 * | `none` | no limit | everything at once (what happened before issue 13) |
 */
export interface PowerThrottle {
  maxActive: number;
  maxPercent: number;
  maxNewPerMinute: number;
  extraSpinUpSec: number;
  /** What a started action holds its slot until: the hypervisor's power-on task (+ spin-up), or the desktop registering. */
  holdsUntil: 'task' | 'registered';
}

export const POWER_THROTTLES = {
  citrix: { maxActive: 100, maxPercent: 20, maxNewPerMinute: 50, extraSpinUpSec: 120, holdsUntil: 'task' },
  'citrix-2203-sample': { maxActive: 50, maxPercent: 10, maxNewPerMinute: 10, extraSpinUpSec: 240, holdsUntil: 'task' },
  'xendesktop-pool-manager': {
    maxActive: Number.POSITIVE_INFINITY,
    maxPercent: 10,
    maxNewPerMinute: Number.POSITIVE_INFINITY,
    extraSpinUpSec: 0,
    holdsUntil: 'registered',
  },
  horizon: { maxActive: 50, maxPercent: 100, maxNewPerMinute: Number.POSITIVE_INFINITY, extraSpinUpSec: 0, holdsUntil: 'task' },
  none: { maxActive: Number.POSITIVE_INFINITY, maxPercent: 100, maxNewPerMinute: Number.POSITIVE_INFINITY, extraSpinUpSec: 0, holdsUntil: 'task' },
} as const satisfies Record<string, PowerThrottle>;
export type PowerThrottleName = keyof typeof POWER_THROTTLES;

/** Actions that may be active at once on a connection with `machines` machines. */
export function activeCap(t: PowerThrottle, machines: number): number {
  return Math.max(1, Math.min(t.maxActive, Math.floor((t.maxPercent / 100) * machines)));
}
