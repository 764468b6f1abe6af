// Desktop snapshots and whole-lab checkpoints: this domain's part of the method map and push topics
// (spread into `methods` and `topics` in methods.ts).

import { z } from 'zod';
import { method, topic } from './define.ts';
import type { ClusterTask, Desktop, LabInfo, PushImageDetails, Task } from './entities.ts';
import type {
  Checkpoint,
  SnapshotBulkRevertImpact,
  CheckpointChunk,
  Snapshot,
  SnapshotDeleteImpact,
  SnapshotRevertImpact,
  SnapshotTaskDetails,
  SnapshotTaskKind,
  SnapshotTree,
} from './snapshot-entities.ts';

/** A snapshot task: revert, delete, consolidate, or a bulk take / revert over a pool. */
export type SnapshotTask = Task<SnapshotTaskKind, SnapshotTaskDetails>;
/** Any tracked task (`task-list` returns every kind). */
export type AnyTask = Task<'push-image', PushImageDetails> | SnapshotTask | ClusterTask;

const id = z.string().min(1).max(64);
/** vSphere allows 80 characters for a snapshot name. */
const snapshotName = z.string().trim().min(1).max(80);
const description = z.string().max(500).default('');

/**
 * Largest chunk of a checkpoint file per call, in bytes. A request or reply on the wire is at
 * most 1 MiB (MAX_REQUEST_BYTES); base64 makes 512 KiB into ~683 KiB of text, which leaves room
 * for the envelope. A lab database is several MiB, so export and import are chunked methods:
 * they work the same over the WebSocket (browser mode), Electron's IPC and the CLI, with no
 * second authenticated HTTP path and no file dialog only one shell has.
 */
export const CHECKPOINT_CHUNK_BYTES = 512 * 1024;
/** An imported checkpoint file may be at most this large (a scale-10k lab with a month of rollups is ~60 MB). */
export const CHECKPOINT_MAX_BYTES = 512 * 1024 * 1024;

export const snapshotMethods = {
  'snapshot-list': method<SnapshotTree>()({
    description: 'The snapshot tree of a desktop with its "you are here" marker, chain depth, the space the snapshots hold and chain warnings.',
    input: z.strictObject({ desktopId: id }),
    mutates: false,
    permission: 'read',
  }),
  'snapshot-take': method<Snapshot>()({
    description:
      'Take a snapshot of a desktop: name, description, with the VM memory (revert resumes it running) or disk only (a running desktop needs quiesce). Refused while provisioning, customizing or deleting, or past the chain limit.',
    input: z.strictObject({
      desktopId: id,
      name: snapshotName,
      description,
      includeMemory: z.boolean().default(true),
      quiesce: z.boolean().default(false),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'snapshot-revert-preview': method<SnapshotRevertImpact>()({
    description:
      'What reverting to a snapshot would do: the power state after, which sessions end and which users lose work, the space freed, how long it takes.',
    input: z.strictObject({ snapshotId: id }),
    mutates: false,
    permission: 'read',
  }),
  'snapshot-revert': method<SnapshotTask>()({
    description:
      'Revert a desktop to one of its snapshots (a tracked task). Without memory the desktop ends powered off; with memory it resumes as it was. The sessions on it end (their users lose unsaved work). Give desktopId to make sure the snapshot is of that desktop.',
    input: z.strictObject({ snapshotId: id, desktopId: id.optional() }),
    mutates: true,
    permission: 'configure',
  }),
  'snapshot-delete-preview': method<SnapshotDeleteImpact>()({
    description: 'What deleting a snapshot (optionally with its children) would free, the data merged into the parent disk and how long the merge runs.',
    input: z.strictObject({ snapshotId: id, removeChildren: z.boolean().default(false) }),
    mutates: false,
    permission: 'read',
  }),
  'snapshot-delete': method<SnapshotTask>()({
    description: 'Delete a snapshot (its delta is merged into the parent disk, a tracked task with I/O); removeChildren deletes its subtree too.',
    input: z.strictObject({ snapshotId: id, removeChildren: z.boolean().default(false) }),
    mutates: true,
    permission: 'configure',
  }),
  'snapshot-delete-all-preview': method<SnapshotDeleteImpact>()({
    description: 'What deleting every snapshot of a desktop would free and how long the consolidation runs.',
    input: z.strictObject({ desktopId: id }),
    mutates: false,
    permission: 'read',
  }),
  'snapshot-delete-all': method<SnapshotTask>()({
    description: 'Delete every snapshot of a desktop: all deltas are merged into the base disk (a tracked task).',
    input: z.strictObject({ desktopId: id }),
    mutates: true,
    permission: 'configure',
  }),
  'desktop-simulate-failure': method<Desktop>()({
    description:
      "Training: break a desktop. bad-update: a patch leaves the guest unbootable (ERROR, agent unreachable); orphaned-delta: a backup job's snapshot deletion failed and left a delta disk to consolidate.",
    input: z.strictObject({ id, kind: z.enum(['bad-update', 'orphaned-delta']) }),
    mutates: true,
    permission: 'simulate',
  }),
  'snapshot-consolidate': method<SnapshotTask>()({
    description: 'Consolidate the disks of a desktop: merge delta disks a failed deletion left behind ("consolidation is needed").',
    input: z.strictObject({ desktopId: id }),
    mutates: true,
    permission: 'configure',
  }),
  'snapshot-bulk-take': method<SnapshotTask>()({
    description:
      'Take a snapshot of every desktop of a pool (before a class or a risky change), a few at a time, as one tracked task; desktops the rules refuse are skipped with the reason.',
    input: z.strictObject({
      poolId: id,
      name: snapshotName,
      description,
      includeMemory: z.boolean().default(true),
      quiesce: z.boolean().default(true),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'snapshot-bulk-revert-preview': method<SnapshotBulkRevertImpact>()({
    description:
      'What reverting a pool to its snapshots with this name would do: how many desktops have one (the rest are skipped) and the sessions on them that end.',
    input: z.strictObject({ poolId: id, name: snapshotName }),
    mutates: false,
    permission: 'read',
  }),
  'snapshot-bulk-revert': method<SnapshotTask>()({
    description:
      'Revert every desktop of a pool to its snapshot with this name (the one a bulk take made), as one tracked task; desktops without it are skipped.',
    input: z.strictObject({ poolId: id, name: snapshotName }),
    mutates: true,
    permission: 'configure',
  }),
  // ---- lab checkpoints ----
  'checkpoint-list': method<Checkpoint[]>()({
    description: 'Saved lab checkpoints, newest first: name, simulated time, size.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'checkpoint-save': method<Checkpoint>()({
    description: "Save the whole lab (every table and the simulated time) as a named checkpoint with SQLite's online backup.",
    input: z.strictObject({ name: z.string().trim().min(1).max(80), notes: z.string().max(500).default('') }),
    mutates: true,
    permission: 'simulate',
    runs: true,
  }),
  'checkpoint-export-chunk': method<CheckpointChunk>()({
    description: `Read a checkpoint file for download, ${CHECKPOINT_CHUNK_BYTES / 1024} KiB (base64) per call from an offset.`,
    input: z.strictObject({ id, offset: z.number().int().min(0) }),
    mutates: false,
    permission: 'simulate',
  }),
  'checkpoint-import-begin': method<{ uploadId: string; chunkBytes: number }>()({
    description: 'Start importing a checkpoint file: its name and size; then send it with checkpoint-import-chunk and finish with checkpoint-import-finish.',
    input: z.strictObject({ name: z.string().trim().min(1).max(80), sizeBytes: z.number().int().min(1).max(CHECKPOINT_MAX_BYTES) }),
    mutates: true,
    permission: 'simulate',
  }),
  'checkpoint-import-chunk': method<{ received: number }>()({
    description: 'One chunk (base64, in order) of a checkpoint file being imported.',
    input: z.strictObject({
      uploadId: id,
      offset: z.number().int().min(0),
      data: z
        .string()
        .min(1)
        .max(Math.ceil(CHECKPOINT_CHUNK_BYTES / 3) * 4)
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
    }),
    mutates: true,
    permission: 'simulate',
  }),
  'checkpoint-import-finish': method<Checkpoint>()({
    description:
      'Check the uploaded file (a lab database of this application, a schema this version knows, integrity check, the lab tables) and add it as a checkpoint; a damaged, foreign or newer file is refused and nothing changes.',
    input: z.strictObject({ uploadId: id }),
    mutates: true,
    permission: 'simulate',
    runs: true,
  }),
  'checkpoint-restore': method<LabInfo>()({
    description: 'Return the whole lab to a checkpoint (requires confirm: true). A running clock is paused first; every console reloads.',
    input: z.strictObject({ id, confirm: z.literal(true) }),
    mutates: true,
    permission: 'simulate',
    runs: true,
  }),
  'checkpoint-delete': method<{ deleted: boolean }>()({
    description: 'Delete a checkpoint and its file.',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'simulate',
  }),
};

export const snapshotTopics = {
  'lab-restored': topic<{ checkpointId: string; name: string; simTime: string }>('The whole lab was replaced by a checkpoint: every view reloads everything.'),
};
