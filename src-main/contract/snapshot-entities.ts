// Desktop snapshots and whole-lab checkpoints as they cross the API edge (vSphere vocabulary:
// snapshot tree, "you are here", delta disk, consolidation). Plain JSON only.

import type { MachineState, PowerState } from './entities.ts';

/** One snapshot of a desktop: a point in its snapshot tree. */
export interface Snapshot {
  id: string;
  desktopId: string;
  /** The snapshot this one was taken on top of; null for a root. */
  parentId: string | null;
  name: string;
  description: string;
  /** The VM's memory was saved (a .vmsn of RAM size): reverting resumes the VM at that moment. */
  includeMemory: boolean;
  /** The guest file system was quiesced (VMware Tools / VSS) before the disk snapshot. */
  quiesced: boolean;
  createdAt: string; // simulated ISO time
  /** What the desktop was when the snapshot was taken (what a revert brings back). */
  powerState: PowerState;
  machineState: MachineState;
  imageVersionId: string | null;
  /** Size of the frozen delta disk that holds the writes made before this snapshot (since its parent), GB. */
  deltaGb: number;
  /** Size of the memory file (0 without memory), GB. */
  memoryGb: number;
  /** Levels of delta disks from the base disk to this snapshot (a root is 1). */
  depth: number;
}

/** A desktop's snapshot tree, with the "you are here" marker and what the chain costs. */
export interface SnapshotTree {
  desktopId: string;
  desktopName: string;
  powerState: PowerState;
  state: MachineState;
  /** The snapshot the running VM sits on ("you are here" is its child); null when it has none. */
  currentId: string | null;
  snapshots: Snapshot[]; // in the order they were taken
  /** Delta disks the running VM reads through: 0 without snapshots. */
  chainDepth: number;
  /** The active delta disk (writes since the current snapshot), GB. */
  runningDeltaGb: number;
  /** Delta disks left behind by a deletion that did not finish: consolidation is needed. */
  orphanGb: number;
  /** Everything the snapshots hold on the datastore: frozen deltas + memory files + active delta + orphans, GB. */
  totalGb: number;
  /** Hours since the oldest snapshot was taken, or 0. */
  oldestAgeHours: number;
  /** Why the chain is a problem (too deep, too old, consolidation needed), in words; empty when healthy. */
  warnings: string[];
}

/** Who loses what when a revert or delete runs. */
export interface SnapshotImpactSession {
  sessionId: string;
  userId: string;
  userLogin: string;
  userName: string;
  state: string;
  startedAt: string;
  /** What happens to it, in words (a revert: the session ends, unsaved work since the snapshot is lost). */
  outcome: string;
}

/** What reverting a pool to a named snapshot would do: the desktops that have it, and the sessions on them that end. */
export interface SnapshotBulkRevertImpact {
  poolId: string;
  poolName: string;
  name: string;
  /** Desktops of the pool with a snapshot of that name (reverted) and without one (skipped). */
  desktops: number;
  skipped: number;
  sessions: (SnapshotImpactSession & { desktopName: string })[];
}

export interface SnapshotRevertImpact {
  snapshotId: string;
  snapshotName: string;
  desktopId: string;
  desktopName: string;
  /** The power state the desktop ends in. */
  powerStateAfter: PowerState;
  machineStateAfter: MachineState;
  /** Sessions that end, their users losing work since the snapshot. */
  sessions: SnapshotImpactSession[];
  /** Writes since the current snapshot that are discarded (the active delta), GB. */
  discardedGb: number;
  /** Space returned to the datastore, GB. */
  freedGb: number;
  /** Simulated time since the snapshot: the work a user loses at most. */
  lostMinutes: number;
  /** Simulated seconds the revert takes. */
  durationSec: number;
  /** Plain sentences for the confirmation dialog. */
  notes: string[];
}

export interface SnapshotDeleteImpact {
  desktopId: string;
  desktopName: string;
  /** The snapshots that go (one, or all of them). */
  snapshotIds: string[];
  /** Space returned to the datastore once the deltas are merged, GB. */
  freedGb: number;
  /** Data merged into the parent disk (it stays, in the parent), GB. */
  mergedGb: number;
  /** Simulated seconds the merge takes, and the extra I/O it puts on the datastore meanwhile. */
  durationSec: number;
  iops: number;
  /** Deleting a snapshot never touches a session; listed so the dialog can say so. */
  sessions: SnapshotImpactSession[];
  notes: string[];
}

export const SNAPSHOT_TASK_KINDS = ['snapshot-take', 'snapshot-revert', 'snapshot-delete', 'snapshot-delete-all', 'snapshot-consolidate'] as const;
export type SnapshotTaskKind = (typeof SNAPSHOT_TASK_KINDS)[number];

/** One desktop's part of a snapshot task. */
export interface SnapshotTaskItem {
  desktopId: string;
  desktopName: string;
  /** The snapshot it acts on (revert, delete); for a take, the one it created once done. */
  snapshotId: string | null;
  status: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
  startedAt: number | null; // simulated seconds since the epoch
  endsAt: number | null;
  iops: number;
  error: string | null;
}

/** The details of a snapshot task (tasks.details). */
export interface SnapshotTaskDetails {
  /** For a take: the snapshot settings; for a bulk revert: the snapshot name to revert to. */
  name: string;
  description: string;
  includeMemory: boolean;
  quiesce: boolean;
  /** For a delete: remove the snapshot's children too. */
  removeChildren: boolean;
  /** At most this many desktops at once. */
  concurrency: number;
  items: SnapshotTaskItem[];
}

/** A saved copy of the whole lab. */
export interface Checkpoint {
  id: string;
  name: string;
  notes: string;
  /** The simulated time the lab was at. */
  simTime: string;
  createdAt: string; // wall clock
  sizeBytes: number;
  schemaVersion: number;
  profile: string;
  seed: number;
  /** 'saved' in this console, or 'imported' from a file. */
  origin: 'saved' | 'imported';
  counts: { desktops: number; sessions: number; events: number; snapshots: number };
}

export interface CheckpointChunk {
  id: string;
  offset: number;
  /** Base64 of the bytes from offset. */
  data: string;
  sizeBytes: number;
  done: boolean;
  fileName: string;
}
