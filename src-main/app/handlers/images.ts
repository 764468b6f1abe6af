import type { Task } from '../../contract/entities.ts';
import { LabError } from '../../contract/errors.ts';
import { getPool } from '../../store/pools.ts';
import {
  countPoolMachines,
  getImageVersion,
  imageName,
  insertImageVersion,
  nextImageVersionNumber,
  poolMachinesOffVersion,
  setPoolImageVersion,
} from '../../store/images.ts';
import { getTask, insertTask, listTasks, updateTask } from '../../store/tasks.ts';
import type { AppContext, Handlers } from '../context.ts';
import { cancelSnapshotTask } from './snapshot-tasks.ts';
import { SNAPSHOT_TASK_KINDS } from '../../contract/snapshot-entities.ts';
import type { SnapshotTask } from '../../contract/snapshot-methods.ts';

/**
 * Push image rules:
 * | case                                               | error                     |
 * |----------------------------------------------------|---------------------------|
 * | pool of full clones or manual machines             | conflict: no shared image |
 * | version of another image, or unknown               | not-found, imageVersionId |
 * | the pool and every machine already run that version | conflict                  |
 * | a push already scheduled or running on the pool    | conflict                  |
 * | start time in the simulated past                   | invalid-input, startAt    |
 * The handler records the task and the pool's new (and previous) version; the
 * simulation is rebuilt from the store and runs the push.
 * After a cancelled push the pool is back on its version while the machines recomposed
 * meanwhile run the new one: pushing the pool's own version then is allowed (it brings
 * those machines back), so a cancel is never a dead end.
 */
function push(
  ctx: AppContext,
  poolId: string,
  versionId: string,
  opts: { startAt?: string | undefined; logoffPolicy: 'wait' | 'force'; graceMinutes: number; stopOnError: boolean; rollback: boolean },
): Task {
  const pool = getPool(ctx.db, poolId);
  if (!pool) throw new LabError('not-found', `No desktop pool with id "${poolId}"`, ['poolId']);
  if (pool.kind === 'full-clone' || pool.kind === 'manual') {
    throw new LabError('conflict', `${pool.name} is a ${pool.kind} pool: its machines do not share an image to push`, ['poolId']);
  }
  const version = getImageVersion(ctx.db, versionId, pool.imageId);
  if (!version) throw new LabError('not-found', `Image version "${versionId}" does not exist for the pool's image ${pool.imageId ?? ''}`, ['imageVersionId']);
  if (pool.imageVersionId === versionId && poolMachinesOffVersion(ctx.db, pool.id, versionId).length === 0) {
    throw new LabError('conflict', `${pool.name} and all its machines already run version ${version.version}`, ['imageVersionId']);
  }
  const active = listTasks(ctx.db, { objectId: pool.id, active: true });
  if (active.length) throw new LabError('conflict', `A push image (${active[0]?.id}) is already ${active[0]?.state} on ${pool.name}`, ['poolId']);
  const now = ctx.simTime();
  const startAt = opts.startAt ? new Date(opts.startAt).toISOString() : now;
  if (startAt < now) throw new LabError('invalid-input', `Start time ${startAt} is before the simulated time ${now}`, ['startAt']);
  const total = countPoolMachines(ctx.db, pool.id);
  // Re-pushing the pool's own version (after a cancel) keeps what a rollback returns to; a cancel returns to the pool's version.
  const rollbackTo = pool.imageVersionId === versionId ? pool.previousImageVersionId : pool.imageVersionId;
  const task = insertTask<Task>(ctx.db, {
    kind: 'push-image',
    objectKind: 'pool',
    objectId: pool.id,
    objectName: pool.name,
    state: 'scheduled',
    done: 0,
    total,
    createdAt: now,
    startAt,
    finishedAt: null,
    user: ctx.user,
    details: {
      imageVersionId: versionId,
      previousImageVersionId: pool.imageVersionId,
      logoffPolicy: opts.logoffPolicy,
      graceMinutes: opts.graceMinutes,
      stopOnError: opts.stopOnError,
      rollback: opts.rollback,
      errors: [],
    },
  });
  setPoolImageVersion(ctx.db, pool.id, versionId, rollbackTo);
  const when = startAt === now ? 'now' : `at ${startAt.slice(0, 16).replace('T', ' ')}`;
  ctx.audit({
    objectKind: 'pool',
    objectId: pool.id,
    objectName: pool.name,
    message:
      `${opts.rollback ? 'Rollback' : 'Push image'} of ${pool.name} to version ${version.version} scheduled ${when} (${task.id}): ` +
      (opts.logoffPolicy === 'force' ? `users are warned and logged off after ${opts.graceMinutes} min` : 'machines in use are recomposed at logoff'),
  });
  ctx.changed('pool');
  ctx.rebuildEngine();
  return task;
}

export const imageHandlers: Pick<Handlers, 'image-version-create' | 'pool-push-image' | 'pool-rollback-image' | 'task-cancel' | 'task-list'> = {
  'image-version-create': (input, ctx) => {
    const name = imageName(ctx.db, input.imageId);
    if (name === undefined) throw new LabError('not-found', `No golden image with id "${input.imageId}"`, ['imageId']);
    const image = { name };
    const n = nextImageVersionNumber(ctx.db, input.imageId);
    const now = ctx.simTime();
    const v = { id: `imgv-${input.imageId.slice(4)}-${n}`, version: n, snapshot: `v${n}-${now.slice(0, 10)}`, createdAt: now, notes: input.notes };
    insertImageVersion(ctx.db, input.imageId, v);
    // The engine's index space names every image version (a push and its machines refer to them by index): the running
    // engine takes the new one in where an engine built from the store has it, as a new process would (issue 12).
    ctx.rebuildEngine();
    ctx.audit({
      objectKind: 'image',
      objectId: input.imageId,
      objectName: image.name,
      message: `New version ${n} of ${image.name} (snapshot ${v.snapshot}): ${input.notes}`,
    });
    ctx.changed('image');
    return v;
  },
  'pool-push-image': (input, ctx) => push(ctx, input.poolId, input.imageVersionId, { ...input, rollback: false }),
  'pool-rollback-image': (input, ctx) => {
    const pool = getPool(ctx.db, input.poolId);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.poolId}"`, ['poolId']);
    if (!pool.previousImageVersionId) throw new LabError('conflict', `${pool.name} has no previous image version to roll back to`, ['poolId']);
    return push(ctx, pool.id, pool.previousImageVersionId, { ...input, stopOnError: true, rollback: true });
  },
  'task-cancel': (input, ctx) => {
    const task = getTask(ctx.db, input.id);
    if (!task) throw new LabError('not-found', `No task with id "${input.id}"`, ['id']);
    if (task.state !== 'scheduled' && task.state !== 'running') throw new LabError('conflict', `${task.id} is already ${task.state}`, ['id']);
    if ((SNAPSHOT_TASK_KINDS as readonly string[]).includes(task.kind)) return cancelSnapshotTask(ctx, task as SnapshotTask);
    if (task.kind !== 'push-image') throw new LabError('conflict', `${task.id} (${task.kind}) cannot be cancelled: it completes or fails on its own`, ['id']);
    const now = ctx.simTime();
    updateTask(ctx.db, { ...task, state: 'cancelled', finishedAt: now });
    setPoolImageVersion(ctx.db, task.objectId, task.details.previousImageVersionId);
    ctx.audit({
      objectKind: 'pool',
      objectId: task.objectId,
      objectName: task.objectName,
      severity: 'warning',
      type: 'audit-success',
      message: `Push image ${task.id} on ${task.objectName} cancelled after ${task.done} of ${task.total} machines`,
    });
    ctx.changed('pool');
    ctx.rebuildEngine();
    return getTask(ctx.db, task.id) ?? task;
  },
  'task-list': (input, ctx) => listTasks(ctx.db, input),
};
