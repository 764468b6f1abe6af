import { z } from 'zod';
import { method } from './define.ts';
import type { MachineState, Session } from './entities.ts';
import type { PushImageTask } from './tasks.ts';

const id = z.string().min(1).max(64);

/** Machines of a pool on one image version (null: a manual pool's machines have none). */
export interface VersionCount {
  imageVersionId: string | null;
  version: number | null;
  machines: number;
}

/** Why a machine is not yet on the version its pool runs (or its active push targets). */
export type PushWaitReason =
  | 'in-use' // a user is logged on: recomposed at logoff (or at the forced logoff)
  | 'recomposing' // being re-cloned now
  | 'maintenance' // updated when it leaves maintenance mode
  | 'queued' // free, waiting for a clone slot
  | 'stranded'; // no push is active: it stays on its version until a push reaches it

export interface PushWaitingMachine {
  desktopId: string;
  desktopName: string;
  state: MachineState;
  imageVersionId: string | null;
  version: number | null;
  reason: PushWaitReason;
  sessions: Pick<Session, 'id' | 'userId' | 'userName' | 'state' | 'startedAt'>[];
}

/**
 * The image picture of a pool: which versions its machines run, the active push (if any),
 * and every machine not yet on the target version with the reason and the sessions it waits for.
 */
export interface PoolImageStatus {
  poolId: string;
  /** The version the pool gives new machines (the push target while a push runs). */
  imageVersionId: string | null;
  version: number | null;
  versions: VersionCount[];
  /** The active (scheduled or running) push image task, or null. */
  activePush: PushImageTask | null;
  /** Machines not on `imageVersionId`, in use first. */
  waiting: PushWaitingMachine[];
  /** Counts over `waiting`: what a forced logoff would end. */
  summary: { machines: number; inUse: number; sessions: number; users: number };
}

export const pushMethods = {
  'pool-image-status': method<PoolImageStatus>()({
    description:
      "The image versions a pool's machines run, its active push image, and every machine not yet on the target version with why it waits (in use, recomposing, maintenance, queued) and its sessions.",
    input: z.strictObject({ id }),
    mutates: false,
    permission: 'read',
  }),
  'task-push-force': method<PushImageTask>()({
    description:
      'Switch an active push image that waits for logoff to forced logoff: the users still on the old version are warned and logged off after the grace period (minutes from now), then their machines are recomposed.',
    input: z.strictObject({ id, graceMinutes: z.number().int().min(0).max(60).default(5) }),
    mutates: true,
    permission: 'configure',
  }),
};
