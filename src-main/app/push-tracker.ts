import type { PushMessage } from '../contract/methods.ts';
import type { Engine } from '../core/engine/engine.ts';
import type { PushWarning } from '../core/engine/provisioning/push-image.ts';
import type { Db } from '../store/db.ts';
import { setPoolImageVersion } from '../store/images.ts';
import { insertMessage } from '../store/sessions.ts';
import { listTasks, updateTask } from '../store/tasks.ts';
import type { EventDrafts } from './event-drafts.ts';

/**
 * Connects stored push-image tasks to the engine. `reconcile` hands the engine the active
 * tasks it does not run yet (a push just created, or every active one on a lab's first start)
 * and stops the ones an admin cancelled; at each flush the tasks' progress, errors and endings
 * (which the engine notes at the moment they happen) are written back, with their events.
 */
export class PushTracker {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
    /**
     * The stored id of the session user u had at simulated time `at`, for the forced push's warning: the flush that
     * writes a warning may come after that session ended (or after the user logged on again), and where a run is cut
     * into flushes is not the lab's.
     */
    private readonly sessionAt: (u: number, at: number) => string | undefined = () => undefined,
  ) {}

  reconcile(): void {
    const engine = this.engine;
    const st = engine.st;
    const active = new Set<string>();
    for (const task of listTasks(this.db, { active: true })) {
      if (task.kind !== 'push-image') continue; // cluster and snapshot tasks have their own trackers
      active.add(task.id);
      if (engine.push.tasks.has(task.id)) continue;
      const pool = st.ids.pools.indexOf(task.objectId);
      const version = st.ids.versions.indexOf(task.details.imageVersionId);
      if (pool < 0 || version < 0) continue;
      engine.push.tasks.set(task.id, pool);
      const startAt = Date.parse(task.startAt) / 1000;
      const opts = { force: task.details.logoffPolicy === 'force', graceSec: task.details.graceMinutes * 60, stopOnError: task.details.stopOnError };
      if (startAt <= engine.t && task.state === 'scheduled') {
        // Starting now (just created, or its start time passed while the lab was closed): users are warned now.
        engine.push.start(pool, version, opts, engine.t);
      } else if (startAt <= engine.t) {
        // Already under way (a lab's first start): the forced logoff keeps its original time.
        engine.push.start(pool, version, { ...opts, force: false }, engine.t);
        if (opts.force) engine.queue.schedule(Math.max(engine.t, startAt + opts.graceSec), { kind: 'push-force', pool });
      } else {
        engine.queue.schedule(startAt, { kind: 'push-start', pool, version, ...opts });
      }
    }
    // Cancelled by an admin: the engine stops recomposing, a scheduled start or forced logoff is dropped.
    for (const [id, pool] of [...engine.push.tasks]) {
      if (active.has(id)) continue;
      engine.push.tasks.delete(id);
      engine.queue.cancel((ev) => (ev.kind === 'push-start' || ev.kind === 'push-force') && ev.pool === pool);
      if ((engine.push.target[pool] as number) >= 0) engine.push.cancel(pool);
    }
  }

  /** Writes progress, errors and endings of active tasks; call inside the flush transaction. Returns pushes to send. */
  persist(drafts: EventDrafts): PushMessage[] {
    const e = this.engine;
    const { errors, ends, warnings } = e.push.drain();
    let changed = errors.length > 0;
    const pushes: PushMessage[] = [];
    for (const task of listTasks(this.db, { active: true })) {
      if (task.kind !== 'push-image') continue;
      const pool = e.st.ids.pools.indexOf(task.objectId);
      const version = e.st.ids.versions.indexOf(task.details.imageVersionId);
      if (pool < 0 || version < 0) continue;
      if (Date.parse(task.startAt) / 1000 > e.t) continue;
      for (const err of errors.filter((x) => x.pool === pool)) {
        task.details.errors.push({ desktop: e.st.ids.desktops[err.desktop] ?? '', reason: err.reason });
      }
      for (const w of warnings.filter((x) => x.pool === pool)) pushes.push(...this.warn(task.id, task.objectId, task.objectName, w, drafts));
      const end = ends.find((x) => x.pool === pool && x.version === version);
      let { done, total } = e.push.progress(pool, version);
      let state = task.state === 'scheduled' ? 'running' : task.state;
      let finishedAt: string | null = null;
      if (end) {
        ({ done, total } = end);
        state = end.ok ? 'completed' : 'failed';
        finishedAt = new Date(end.at * 1000).toISOString();
        const message = end.ok
          ? `${task.details.rollback ? 'Rollback' : 'Push image'} ${task.id} on ${task.objectName} completed: ${done} of ${total} machines on the new version`
          : `Push image ${task.id} on ${task.objectName} stopped on its first error (${task.details.errors[0]?.reason ?? 'unknown'}): ${done} of ${total} machines updated; the pool keeps its previous image`;
        // A push that stopped is not the pool's image (as a cancelled one is not): new and refreshed machines keep the old one,
        // and a machine not updated is the pool's, not stranded. Push again (or fix the cause) to update it.
        if (!end.ok) setPoolImageVersion(this.db, task.objectId, task.details.previousImageVersionId);
        drafts.add(end.seq, finishedAt, {
          type: end.ok ? 'info' : 'error',
          severity: end.ok ? 'info' : 'error',
          objectKind: 'pool',
          objectId: task.objectId,
          objectName: task.objectName,
          user: 'system',
          message,
        });
      }
      if (state === task.state && done === task.done && total === task.total && !errors.some((x) => x.pool === pool)) continue;
      updateTask(this.db, { ...task, state: state as typeof task.state, done, total, finishedAt, details: task.details });
      changed = true;
    }
    if (changed) pushes.push({ topic: 'lab-changed', payload: { kinds: ['pool'] } });
    return pushes;
  }

  /** The forced push's warning on each user's screen (a session message), and one event that says how many were told. */
  private warn(taskId: string, poolId: string, poolName: string, w: PushWarning, drafts: EventDrafts): PushMessage[] {
    const at = new Date(w.at * 1000).toISOString();
    const minutes = Math.round(w.graceSec / 60);
    const pushes: PushMessage[] = [];
    for (const u of w.users) {
      const sessionId = this.sessionAt(u, w.at);
      if (!sessionId) continue;
      const m = insertMessage(this.db, {
        sessionId,
        at,
        severity: 'warning',
        title: 'Your desktop is being updated',
        body: `Save your work now: you will be logged off in ${minutes} minute${minutes === 1 ? '' : 's'} so your desktop can be updated. Log on again afterwards to get the updated desktop.`,
        from: `Horizon (push image ${taskId})`,
      });
      pushes.push({ topic: 'session-message', payload: m });
    }
    drafts.add(w.seq, at, {
      type: 'warning',
      severity: 'warning',
      objectKind: 'pool',
      objectId: poolId,
      objectName: poolName,
      user: 'system',
      message: `Push image ${taskId} on ${poolName}: ${pushes.length} user${pushes.length === 1 ? '' : 's'} warned that they will be logged off in ${minutes} min`,
    });
    return pushes;
  }
}
