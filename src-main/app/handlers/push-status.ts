import { LabError } from '../../contract/errors.ts';
import type { PoolImageStatus, PushWaitingMachine, PushWaitReason } from '../../contract/push-methods.ts';
import type { PushImageTask } from '../../contract/tasks.ts';
import { listSessions } from '../../store/desktops.ts';
import { getImageVersion, poolMachinesOffVersion, poolVersionCounts } from '../../store/images.ts';
import { getPool } from '../../store/pools.ts';
import { insertMessage } from '../../store/sessions.ts';
import { getTask, listTasks, updateTask } from '../../store/tasks.ts';
import { engineView } from '../../core/engine/engine-view.ts';
import type { AppContext, Handlers } from '../context.ts';

function activePushOf(ctx: AppContext, poolId: string): PushImageTask | null {
  const t = listTasks(ctx.db, { objectId: poolId, active: true }).find((x) => x.kind === 'push-image');
  return (t as PushImageTask | undefined) ?? null;
}

/**
 * Why a machine is not on the target version:
 * | machine                                 | reason       |
 * |-----------------------------------------|--------------|
 * | a session on it                         | in-use       |
 * | PROVISIONING / CUSTOMIZING (re-clone)   | recomposing  |
 * | MAINTENANCE                             | maintenance  |
 * | anything else, push active              | queued       |
 * | anything else, no push                  | stranded     |
 */
function reasonFor(state: string, sessions: number, pushing: boolean): PushWaitReason {
  if (sessions > 0) return 'in-use';
  if (state === 'PROVISIONING' || state === 'CUSTOMIZING') return 'recomposing';
  if (state === 'MAINTENANCE') return 'maintenance';
  return pushing ? 'queued' : 'stranded';
}

const REASON_ORDER: Record<PushWaitReason, number> = { 'in-use': 0, recomposing: 1, queued: 2, maintenance: 3, stranded: 4 };

export function poolImageStatus(ctx: AppContext, poolId: string): PoolImageStatus {
  const pool = getPool(ctx.db, poolId);
  if (!pool) throw new LabError('not-found', `No desktop pool with id "${poolId}"`, ['id']);
  const push = activePushOf(ctx, pool.id);
  const target = pool.imageVersionId;
  const pushing = push !== null && push.state === 'running';
  const byDesktop = new Map<string, PushWaitingMachine['sessions']>();
  for (const s of listSessions(ctx.db, { poolId: pool.id })) {
    const list = byDesktop.get(s.desktopId) ?? [];
    list.push({ id: s.id, userId: s.userId, userName: s.userName, state: s.state, startedAt: s.startedAt });
    byDesktop.set(s.desktopId, list);
  }
  const waiting: PushWaitingMachine[] = [];
  for (const m of poolMachinesOffVersion(ctx.db, pool.id, target)) {
    // Without a running push, machines provisioning on the pool's version are growth, not waiting.
    if (!pushing && m.imageVersionId === target) continue;
    const sessions = byDesktop.get(m.id) ?? [];
    waiting.push({
      desktopId: m.id,
      desktopName: m.name,
      state: m.state,
      imageVersionId: m.imageVersionId,
      version: m.version,
      reason: reasonFor(m.state, sessions.length, pushing),
      sessions,
    });
  }
  waiting.sort((a, b) => REASON_ORDER[a.reason] - REASON_ORDER[b.reason] || a.desktopName.localeCompare(b.desktopName));
  const inUse = waiting.filter((w) => w.reason === 'in-use');
  return {
    poolId: pool.id,
    imageVersionId: target,
    version: target ? (getImageVersion(ctx.db, target, pool.imageId)?.version ?? null) : null,
    versions: poolVersionCounts(ctx.db, pool.id),
    activePush: push,
    waiting,
    summary: {
      machines: waiting.length,
      inUse: inUse.length,
      sessions: inUse.reduce((n, w) => n + w.sessions.length, 0),
      users: new Set(inUse.flatMap((w) => w.sessions.map((s) => s.userId))).size,
    },
  };
}

/**
 * Switching a push to forced logoff reuses the engine's own path: the task's logoff policy
 * becomes `force` and its grace is stretched so that `startAt + grace` is now + the grace asked
 * for; the running engine's queue gets the forced logoff at that time (or, before the start, a
 * forced start, whose users are warned when it comes).
 * | task                      | result                                  |
 * |---------------------------|-----------------------------------------|
 * | not a push image          | conflict                                |
 * | finished or cancelled     | conflict                                |
 * | already forced            | conflict (it says when the logoff is)   |
 * | scheduled                 | forced from its start, grace as given   |
 * | running                   | forced, logoff at now + grace           |
 */
function forcePush(ctx: AppContext, id: string, graceMinutes: number): PushImageTask {
  const task = getTask(ctx.db, id);
  if (!task) throw new LabError('not-found', `No task with id "${id}"`, ['id']);
  if (task.kind !== 'push-image') throw new LabError('conflict', `${task.id} is a ${task.kind} task, not a push image`, ['id']);
  if (task.state !== 'scheduled' && task.state !== 'running') throw new LabError('conflict', `${task.id} is already ${task.state}`, ['id']);
  const push = task as PushImageTask;
  const now = ctx.simTime();
  if (push.details.logoffPolicy === 'force') {
    const at = push.details.forced?.logoffAt ?? new Date(Date.parse(push.startAt) + push.details.graceMinutes * 60_000).toISOString();
    throw new LabError('conflict', `${task.id} already forces logoff (users are logged off at ${at.slice(11, 16)} simulated time)`, ['id']);
  }
  const started = Date.parse(push.startAt) <= Date.parse(now);
  const logoffAtMs = (started ? Date.parse(now) : Date.parse(push.startAt)) + graceMinutes * 60_000;
  const logoffAt = new Date(logoffAtMs).toISOString();
  const details = {
    ...push.details,
    logoffPolicy: 'force' as const,
    graceMinutes: (logoffAtMs - Date.parse(push.startAt)) / 60_000,
    forced: { by: ctx.user, at: now, logoffAt },
  };
  updateTask(ctx.db, { ...push, details });
  const status = poolImageStatus(ctx, push.objectId);
  ctx.audit({
    objectKind: 'pool',
    objectId: push.objectId,
    objectName: push.objectName,
    severity: 'warning',
    message:
      `Push image ${push.id} on ${push.objectName} switched to forced logoff: ${status.summary.sessions} session(s) of ${status.summary.users} user(s) ` +
      `on ${status.summary.inUse} machine(s) are logged off ${started ? `in ${graceMinutes} min` : `at ${logoffAt.slice(11, 16)}, ${graceMinutes} min after the push starts`}`,
  });
  if (started) {
    const title = 'Your desktop is being updated';
    const body = `Save your work: you will be logged off in ${graceMinutes} minute${graceMinutes === 1 ? '' : 's'}.`;
    for (const w of status.waiting) {
      for (const s of w.sessions) {
        const m = insertMessage(ctx.db, { sessionId: s.id, at: now, severity: 'warning', title, body, from: ctx.user });
        ctx.pushes.push({ topic: 'session-message', payload: m });
      }
    }
  }
  // The running engine holds the push (its start, or its forced logoff): it is told of the change at once.
  const e = ctx.services.simulation().engine;
  const v = engineView(e);
  const pool = v.poolIndex(push.objectId);
  const version = v.versionIndex(push.details.imageVersionId);
  if (pool >= 0 && version >= 0 && e.push.tasks.has(push.id)) {
    if (started) {
      e.queue.cancel((ev) => ev.kind === 'push-force' && ev.pool === pool);
      e.queue.schedule(logoffAtMs / 1000, { kind: 'push-force', pool });
    } else {
      // Not started yet: it starts as a forced push, so its users are warned when it does.
      e.queue.cancel((ev) => ev.kind === 'push-start' && ev.pool === pool);
      e.queue.schedule(Date.parse(push.startAt) / 1000, {
        kind: 'push-start',
        pool,
        version,
        force: true,
        graceSec: details.graceMinutes * 60,
        stopOnError: push.details.stopOnError,
      });
    }
  }
  ctx.changed('pool', 'session');
  return (getTask(ctx.db, push.id) as PushImageTask | undefined) ?? { ...push, details };
}

export const pushStatusHandlers: Pick<Handlers, 'pool-image-status' | 'task-push-force'> = {
  'pool-image-status': (input, ctx) => poolImageStatus(ctx, input.id),
  'task-push-force': (input, ctx) => forcePush(ctx, input.id, input.graceMinutes),
};
