import type { Workload } from '../../contract/entities.ts';
import { POWER_ON } from '../engine/provisioning/params.ts';

/**
 * Replication between sites and the recovery timeline (issue 19). Pure arithmetic, no state: the
 * app keeps each protection group's backlog and the time it was last settled, and asks this model
 * what the backlog and the recovery point are at any later simulated moment (a fluid model: between
 * two changes of the estate — a group added, a link lost — every rate is constant).
 *
 * | situation                           | what happens                                                  |
 * |-------------------------------------|---------------------------------------------------------------|
 * | offered ≤ the group's share of link | every cycle ships within its interval: RPO = interval + ship  |
 * | offered > share (link saturated)    | backlog grows at offered − share: the RPO grows with it       |
 * | link down (a site lost)             | share = 0: nothing ships; the recovery point stops at the last |
 * |                                     | cycle that arrived, and its age is the data a failover loses |
 */
export const REPLICATION = {
  /**
   * Daily change of a desktop's disk, by workload, as a fraction of the disk (over the working day).
   * Source: replication sizing calculators put file servers at 1–5 %/day and transactional data at
   * 5–15 %/day (starlighttools.org "Replication Bandwidth Calculator for RPO and WAN Link Sizing";
   * codingace.net "replication bandwidth"); a task worker's desktop is a light file user (2 %), a
   * knowledge worker's a file server's upper end (5 %), a power user's closer to a developer's
   * build trees (10 %). Estimate within those published ranges.
   */
  dailyChangeFraction: { task: 0.02, knowledge: 0.05, power: 0.1 } satisfies Record<Workload, number>,
  /** The working day the day's change is written in (hours). Estimate: an 8-hour shift. */
  workdayHours: 8,
  /**
   * What compression leaves of the changed blocks on the wire. Source: "Modern solutions typically
   * achieve 2:1 to 4:1 compression" (cal53 DC/DR bandwidth calculator); the conservative end, 2:1.
   */
  wireFraction: 0.5,
  /**
   * The share of the inter-site link replication may use (the rest: protocol overhead, the
   * brokers' and users' own traffic, headroom). Source: the "efficiency × WAN share × headroom"
   * terms of the starlighttools sizing formula; 80 % is its planning default order.
   */
  linkUsableFraction: 0.8,
  /** vSphere Replication accepts an RPO from 5 to 1,440 minutes (Add-VrmsReplication, VMware Validated Solutions PowerShell). Array-based schedules are held to the same range. */
  rpoMinutes: { min: 5, max: 1440 },
} as const;

/**
 * The recovery timeline's steps (seconds). Recovery plans run their priority groups one after
 * another (Site Recovery Manager: priority 1 first; VMs of a group power on in parallel).
 */
export const RECOVERY_STEPS = {
  /** Array-based: promote the replica LUNs / volumes at the recovery site and rescan storage. Estimate: 2 minutes per protection group (SRA promote + HBA rescan). */
  arrayPromoteSec: 120,
  /** Hypervisor-based (vSphere Replication): recover each VM's replica disks and register it. Estimate: 20 s per VM, 16 at a time (SRM runs recovery steps in parallel). */
  hbrRecoverSecPerVm: 20,
  hbrConcurrency: 16,
  /** Power on a priority group: one boot (the engine's own POWER_ON.bootSec) per wave of VMs, then the guest tools heartbeat. */
  bootSec: POWER_ON.bootSec,
  /** Hosts power on this many VMs at once per recovery cluster before the next wave (vCenter's default per-host concurrency of power operations is 8 in vSphere's "max concurrent operations"; estimate). */
  powerOnPerWave: 32,
  /** Waiting for VMware Tools' heartbeat after power-on. Estimate: 60 s (SRM's default wait is up to 300 s; healthy desktops answer within a minute). */
  toolsHeartbeatSec: 60,
  /** Planned migration: shut the protected VMs down cleanly before the final sync. Estimate: a Windows desktop's guest shutdown, 60 s. */
  guestShutdownSec: 60,
  /** Test failover: the replicas are snapshotted and attached to the isolated test network (no promote). Estimate: 60 s per protection group. */
  testSnapshotSec: 60,
} as const;

/** Megabytes a desktop of this workload changes per second of its working day, on the wire. */
export function wireMbPerSecPerDesktop(workload: Workload, diskGb: number): number {
  const mbPerDay = diskGb * 1024 * REPLICATION.dailyChangeFraction[workload];
  return (mbPerDay / (REPLICATION.workdayHours * 3600)) * REPLICATION.wireFraction;
}

/** The link's capacity for replication, MB/s (0 when the link is down). */
export function linkCapacityMbPerSec(bandwidthMbps: number, up: boolean): number {
  return up ? (bandwidthMbps * REPLICATION.linkUsableFraction) / 8 : 0;
}

/**
 * Each group's share of the link. Not saturated: a group's cycle may burst into whatever the others
 * leave on average (capacity − their offered rates), so it ships in a fraction of its interval.
 * Saturated: every group gets its proportion of the capacity by demand, and each falls behind.
 */
export function linkShares(offered: readonly number[], capacity: number): number[] {
  if (capacity <= 0) return offered.map(() => 0);
  const total = offered.reduce((a, b) => a + b, 0);
  if (total <= capacity) return offered.map((o) => capacity - (total - o));
  return offered.map((o) => (total > 0 ? (capacity * o) / total : 0));
}

export interface ReplicationState {
  /** Data waiting to cross the link, MB. */
  backlogMb: number;
  /** Age of the newest consistent copy at the recovery site, seconds: what a failover now would lose. */
  rpoSec: number;
  /** The group's offered change rate on the wire, MB/s, and the share of the link it gets. */
  offeredMbPerSec: number;
  shareMbPerSec: number;
  /** True when the group's share cannot carry what it offers (the backlog grows). */
  saturated: boolean;
  /** The RPO held to the target. */
  withinTarget: boolean;
}

/** The cycle interval for an RPO target: vSphere Replication ships as often as it must to hold the RPO; a cycle every half of it leaves the other half for the transfer. Estimate. */
export const SCHEDULE_FRACTION_OF_RPO = 0.5;

/**
 * A group's replication after `dtSec` at constant rates, from a backlog of `backlogMb` and a
 * recovery point `rpoSec` old at the start. A cycle ships every interval; its data crosses at the
 * group's share; the newest copy at the recovery site is one interval plus the time the queue in
 * front of it takes to drain. With no share at all (link down) nothing arrives: the recovery point
 * only ages, and the changes pile up in the backlog.
 */
export function replicationAfter(
  p: { backlogMb: number; rpoSec: number; rpoTargetSec: number; offeredMbPerSec: number; shareMbPerSec: number },
  dtSec: number,
): ReplicationState {
  const { offeredMbPerSec: r, shareMbPerSec: c, rpoTargetSec } = p;
  const dt = Math.max(0, dtSec);
  const interval = rpoTargetSec * SCHEDULE_FRACTION_OF_RPO;
  const backlogMb = Math.max(0, p.backlogMb + (r - c) * dt);
  const rpoSec = c > 0 ? interval + (backlogMb + r * interval) / c : p.rpoSec + dt;
  const saturated = r > c || c <= 0;
  return { backlogMb, rpoSec, offeredMbPerSec: r, shareMbPerSec: c, saturated, withinTarget: rpoSec <= rpoTargetSec };
}

export interface TimelineStep {
  /** Seconds after the run started. */
  atSec: number;
  durationSec: number;
  step: string;
}

export type RecoveryMode = 'test' | 'planned' | 'disaster' | 'failback';

/**
 * A recovery plan's timeline from its start: per priority group (in order), storage made available at the
 * recovery site, then the VMs powered on in waves. The RTO is when the last group's VMs answer.
 */
export function recoveryTimeline(p: {
  mode: RecoveryMode;
  groups: { priority: number; name: string; replication: 'array' | 'hypervisor'; vms: number; backlogMb: number; shareMbPerSec: number }[];
}): { steps: TimelineStep[]; rtoSec: number } {
  const S = RECOVERY_STEPS;
  const steps: TimelineStep[] = [];
  let t = 0;
  const add = (durationSec: number, step: string) => {
    steps.push({ atSec: t, durationSec, step });
    t += durationSec;
  };
  // Disaster: the time from the loss to the plan's start is the simulation's own (the caller puts it in front).
  if (p.mode === 'planned' || p.mode === 'failback') {
    add(S.guestShutdownSec, 'Protected desktops shut down (guest shutdown)');
    const syncSec = p.groups.reduce((a, g) => a + (g.shareMbPerSec > 0 ? g.backlogMb / g.shareMbPerSec : 0), 0);
    add(syncSec, 'Final synchronization of every protection group (no data is lost)');
  }
  const byPriority = [...p.groups].sort((a, b) => a.priority - b.priority);
  for (const g of byPriority) {
    if (p.mode === 'test') add(S.testSnapshotSec, `Priority ${g.priority} · ${g.name}: replicas snapshotted and attached to the isolated test network`);
    else if (g.replication === 'array') add(S.arrayPromoteSec, `Priority ${g.priority} · ${g.name}: replica volumes promoted and rescanned`);
    else
      add(Math.ceil(g.vms / S.hbrConcurrency) * S.hbrRecoverSecPerVm, `Priority ${g.priority} · ${g.name}: ${g.vms} VM(s) recovered from vSphere Replication`);
    const waves = Math.max(1, Math.ceil(g.vms / S.powerOnPerWave));
    add(waves * S.bootSec + S.toolsHeartbeatSec, `Priority ${g.priority} · ${g.name}: ${g.vms} VM(s) powered on in ${waves} wave(s), tools heartbeat`);
  }
  return { steps, rtoSec: t };
}
