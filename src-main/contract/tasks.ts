import type { ClusterTaskDetails, ClusterTaskKind } from './cluster-entities.ts';
import type { ObjectKind } from './entities.ts';

export interface PushImageDetails {
  imageVersionId: string;
  previousImageVersionId: string | null;
  logoffPolicy: 'wait' | 'force';
  /** Minutes after `startAt` when users still on the old version are logged off (force only). */
  graceMinutes: number;
  /** Set when an admin switched a waiting push to forced logoff (task-push-force): who and when, and the logoff time. */
  forced?: { by: string; at: string; logoffAt: string };
  stopOnError: boolean;
  rollback: boolean;
  errors: { desktop: string; reason: string }[];
}

/**
 * A tracked operation with progress: what the console's task list shows. Push image by
 * default; other domains give their kind and details (cluster operations here, snapshot
 * tasks in snapshot-methods.ts, where `AnyTask` is the union of them all).
 */
export interface Task<K extends string = 'push-image', D = PushImageDetails> {
  id: string;
  kind: K;
  objectKind: ObjectKind;
  objectId: string;
  objectName: string;
  state: 'scheduled' | 'running' | 'completed' | 'failed' | 'cancelled';
  done: number;
  total: number;
  createdAt: string; // simulated
  startAt: string;
  finishedAt: string | null;
  user: string;
  details: D;
}

export type PushImageTask = Task;
/** Live migration, maintenance, DRS, HA and host lifecycle tasks (cluster-entities.ts). */
export type ClusterTask = Task<ClusterTaskKind, ClusterTaskDetails>;
