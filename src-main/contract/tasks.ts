import type { ClusterTaskDetails, ClusterTaskKind } from './cluster-entities.ts';
import type { ObjectKind } from './entities.ts';

export interface PushImageDetails {
  imageVersionId: string;
  previousImageVersionId: string | null;
  logoffPolicy: 'wait' | 'force';
  graceMinutes: number;
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
