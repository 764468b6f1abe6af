import type { Job, JobRef, JobRefs } from './context.ts';
import type { Remap } from '../durable/remap.ts';

/**
 * vSphere HA on a host failure (DOMAIN.md): the master hears a heartbeat every
 * second; a silent host is declared dead after 15 s (18 s when datastore
 * heartbeats are checked too, which also tells isolation from failure);
 * placement takes 10–15 s more; then VMs restart by priority (high, medium,
 * low; disabled ones stay down) in batches of 32, each VM with up to 5
 * attempts. Sessions on the failed host are lost; their users reconnect, to a
 * fresh desktop for pooled ones, to their own once HA restarted it for dedicated ones.
 */
export const HA_PARAMS = {
  heartbeatSec: 1,
  /** vCenter shows the host "not responding" after this many missed heartbeats. */
  notRespondingAfterSec: 3,
  declaredDeadSec: 15,
  declaredDeadWithDatastoreHeartbeatSec: 18,
  placementSec: { min: 10, max: 15 },
  batchSize: 32,
  /** The next batch goes once the previous one has its resources allocated (vSphere's default restart condition). */
  batchIntervalSec: 2,
  maxAttempts: 5,
  /** Delay before restart attempt 2, 3, 4, 5 (vSphere: 2, 4, 8, 16 min, roughly doubling). */
  retryDelaysSec: [120, 240, 480, 960],
  /** A user whose session dropped reconnects after this long (they notice, then relaunch the client). */
  reconnectSec: { min: 30, max: 90 },
  /** A dedicated user reconnects this long after HA brought their own desktop back. */
  dedicatedReconnectSec: 15,
  /** While no desktop is free, a user tries again this often, this many times, before the broker is asked anyway. */
  reconnectRetrySec: 20,
  reconnectTries: 15,
  timelineKeep: 200,
} as const;

export const PRIORITY_NAME = ['disabled', 'low', 'medium', 'high'] as const;

export interface HaSaved {
  batches: [number, number[][]][];
  batchNames: [number, string[]][];
  owners: [number, number[]][];
  jobOf: [number, string][];
}

/** What HA remembers between events (restart batches, waiting owners, its jobs) and how it is saved (durable engine state). */
export class HaState {
  /** Names of each failed host's restart batches (for the timeline). */
  protected readonly batchNames = new Map<number, string[]>();
  /** Restart batches per failed host (item indexes into its job), built at placement. */
  protected readonly batches = new Map<number, number[][]>();
  /** Dedicated owners waiting for their desktop to be restarted. */
  protected readonly owners = new Map<number, number[]>();
  protected readonly jobOf = new Map<number, Job>();

  /** Jobs HA still refers to (a finished one too: a repaired host adds its line to the timeline). */
  jobRefs(): Job[] {
    return [...this.jobOf.values()];
  }

  save(): HaSaved {
    return {
      batches: [...this.batches].map(([h, b]) => [h, b.map((x) => [...x])]),
      batchNames: [...this.batchNames].map(([h, n]) => [h, [...n]]),
      owners: [...this.owners].map(([d, us]) => [d, [...us]]),
      jobOf: [...this.jobOf].map(([h, j]) => [h, j.taskId]),
    };
  }

  load(s: HaSaved, map: Remap, refs: JobRefs): void {
    this.batches.clear();
    this.batchNames.clear();
    this.owners.clear();
    this.jobOf.clear();
    const refOf = new Map<number, JobRef>();
    for (const [h0, taskId] of s.jobOf) {
      const h = map.to('host', h0);
      const ref = refs.get(taskId);
      if (h < 0 || !ref) continue;
      this.jobOf.set(h, ref.job);
      refOf.set(h0, ref);
    }
    // In the order they were saved, which is the running process's (hosts are placed in the order their failures are
    // declared, not failed): a map filled in another order would save other bytes, and batches are walked in it.
    for (const [h0, saved] of s.batches) {
      const ref = refOf.get(h0);
      if (!ref) continue;
      this.batches.set(
        map.to('host', h0),
        saved.map((b) => b.flatMap((i) => ((ref.at[i] ?? -1) >= 0 ? [ref.at[i] as number] : []))),
      );
    }
    for (const [h0, names] of s.batchNames) if (refOf.has(h0)) this.batchNames.set(map.to('host', h0), [...names]);
    for (const [d0, us] of s.owners) {
      const d = map.to('desktop', d0);
      const users = us.map((u) => map.to('user', u)).filter((u) => u >= 0);
      if (d >= 0 && users.length) this.owners.set(d, users);
    }
  }
}
