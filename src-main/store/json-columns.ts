import { z } from 'zod';
import { CLUSTER_TASK_KINDS, HOST_FAILURE_MODES, type ClusterTaskDetails } from '../contract/cluster-entities.ts';
import { methods } from '../contract/methods.ts';
import { sessionMethods } from '../contract/session-methods.ts';
import { LOGON_PHASES, type NetworkConditions } from '../contract/session-entities.ts';
import { SNAPSHOT_TASK_KINDS, type Checkpoint, type SnapshotTaskDetails } from '../contract/snapshot-entities.ts';
import type { PushImageDetails } from '../contract/tasks.ts';

// The shapes of the JSON the store keeps in columns, as the console writes them. Each is typed
// against the contract's type it stores (a field added there and not here is a compile error), or
// is the contract's own input schema where the value came in through one. A lab file is checked
// against them row by row before it replaces a lab (lab-file/validate.ts); readers whose callers
// would trip over a wrong shape check them too (stored-json.ts).

const text = z.string();
const nullableText = z.string().nullable();
const count = z.number().int().min(0);
/** Simulated seconds since the epoch, as the engine keeps them. */
const simSeconds = z.number().finite();

/** cluster_rules.desktop_ids */
export const RULE_DESKTOP_IDS = z.array(text);
/** cluster_rules.host_group */
export const RULE_HOST_GROUP = z.looseObject({ name: text, hostIds: z.array(text) });

const PUSH_IMAGE_DETAILS: z.ZodType<PushImageDetails> = z.looseObject({
  imageVersionId: text,
  previousImageVersionId: nullableText,
  logoffPolicy: z.enum(['wait', 'force']),
  graceMinutes: z.number().finite(),
  stopOnError: z.boolean(),
  rollback: z.boolean(),
  errors: z.array(z.looseObject({ desktop: text, reason: text })),
});

const SNAPSHOT_TASK_DETAILS: z.ZodType<SnapshotTaskDetails> = z.looseObject({
  name: text,
  description: text,
  includeMemory: z.boolean(),
  quiesce: z.boolean(),
  removeChildren: z.boolean(),
  concurrency: z.number().int().min(1),
  items: z.array(
    z.looseObject({
      desktopId: text,
      desktopName: text,
      snapshotId: nullableText,
      status: z.enum(['pending', 'running', 'done', 'failed', 'skipped']),
      startedAt: simSeconds.nullable(),
      endsAt: simSeconds.nullable(),
      iops: z.number().finite(),
      error: nullableText,
    }),
  ),
});

const HA_STEPS = [
  'failure',
  'sessions-lost',
  'not-responding',
  'declared',
  'placement',
  'restart-batch',
  'restart-done',
  'restart-failed',
  'restart-retry',
  'repaired',
] as const;

const CLUSTER_TASK_DETAILS: z.ZodType<ClusterTaskDetails> = z.looseObject({
  clusterId: text,
  hostId: nullableText,
  status: text,
  wait: z.boolean(),
  failedAt: nullableText,
  mode: z.enum(HOST_FAILURE_MODES).nullable(),
  items: z.array(
    z.looseObject({
      desktopId: text,
      desktopName: text,
      fromHostId: text,
      toHostId: nullableText,
      state: z.enum(['pending', 'migrating', 'done', 'failed', 'waiting', 'restarting', 'skipped']),
      reason: nullableText,
      durationSec: z.number().finite().nullable(),
      downtimeMs: z.number().finite().nullable(),
      attempts: count,
    }),
  ),
  timeline: z.array(z.looseObject({ at: text, hostId: text, hostName: text, offsetSec: z.number().finite(), step: z.enum(HA_STEPS), message: text })),
});

/** tasks.details by tasks.kind: every kind the console runs, and nothing else. */
export const TASK_DETAILS: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['push-image', PUSH_IMAGE_DETAILS],
  ...SNAPSHOT_TASK_KINDS.map((k) => [k, SNAPSHOT_TASK_DETAILS] as [string, z.ZodType]),
  ...CLUSTER_TASK_KINDS.map((k) => [k, CLUSTER_TASK_DETAILS] as [string, z.ZodType]),
]);

/** The details schema of a task kind (an unknown kind has none: no reader knows what to do with it). */
export function taskDetailsSchema(kind: string): z.ZodType | undefined {
  return TASK_DETAILS.get(kind);
}

/** scaling_plans.plan: what pool-set-scaling-plan accepts. */
export const SCALING_PLAN = methods['pool-set-scaling-plan'].input.shape.plan.unwrap();

/** sessions.network_custom: what session-connect accepts for a custom network. */
export const NETWORK_CUSTOM: z.ZodType<NetworkConditions> = sessionMethods['session-connect'].input.shape.custom.unwrap();

/** sessions.logon_phases, session_history.logon_phases: seconds per logon phase, null for a phase not reached. */
export const LOGON_PHASE_SECONDS = z.array(z.number().finite().nullable()).max(LOGON_PHASES.length);

/** sessions.logon_context, session_history.logon_context (store/sessions.ts LogonContextRec). */
export const LOGON_CONTEXT = z.looseObject({
  latencyRatio: z.number().nullable(),
  readyPct: z.number().nullable(),
  profileMb: z.number().nullable(),
  datastore: text,
});

/** checkpoints.counts */
export const CHECKPOINT_COUNTS: z.ZodType<Checkpoint['counts']> = z.looseObject({ desktops: count, sessions: count, events: count, snapshots: count });
