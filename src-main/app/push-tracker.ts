import type { PushMessage } from '../contract/methods.ts';
import type { Engine } from '../core/engine/engine.ts';
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { listTasks, updateTask } from '../store/tasks.ts';

/**
 * Connects stored push-image tasks to the engine: on (re)build, active tasks
 * are started or scheduled in the engine; at each flush their progress, errors
 * and end are written back, with events. The store stays the record.
 */
export class PushTracker {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {
    const st = engine.st;
    for (const task of listTasks(db, { active: true })) {
      if (task.kind !== 'push-image') continue; // cluster tasks have their own tracker
      const pool = st.ids.pools.indexOf(task.objectId);
      const version = st.ids.versions.indexOf(task.details.imageVersionId);
      if (pool < 0 || version < 0) continue;
      const startAt = Date.parse(task.startAt) / 1000;
      const opts = { force: task.details.logoffPolicy === 'force', graceSec: task.details.graceMinutes * 60, stopOnError: task.details.stopOnError };
      if (startAt <= engine.t) {
        // Already under way (a restart or rebuild): the forced logoff keeps its original time.
        engine.push.start(pool, version, { ...opts, force: false }, engine.t);
        if (opts.force) engine.queue.schedule(Math.max(engine.t, startAt + opts.graceSec), { kind: 'push-force', pool });
      } else {
        engine.queue.schedule(startAt, { kind: 'push-start', pool, version, ...opts });
      }
    }
  }

  /** Writes progress and endings of active tasks; call inside the flush transaction. Returns pushes to send. */
  persist(simTime: string): PushMessage[] {
    const out: PushMessage[] = [];
    const e = this.engine;
    const errors = e.push.errors;
    e.push.errors = [];
    for (const task of listTasks(this.db, { active: true })) {
      if (task.kind !== 'push-image') continue;
      const pool = e.st.ids.pools.indexOf(task.objectId);
      const version = e.st.ids.versions.indexOf(task.details.imageVersionId);
      if (pool < 0 || version < 0) continue;
      const started = Date.parse(task.startAt) / 1000 <= e.t;
      if (!started) continue;
      const { done, total, inFlight } = e.push.progress(pool, version);
      for (const err of errors.filter((x) => x.pool === pool)) {
        task.details.errors.push({ desktop: e.st.ids.desktops[err.desktop] ?? '', reason: err.reason });
      }
      let state = task.state === 'scheduled' ? 'running' : task.state;
      let finishedAt: string | null = null;
      let message: string | null = null;
      if (e.push.failed[pool]) {
        state = 'failed';
        finishedAt = simTime;
        message = `Push image ${task.id} on ${task.objectName} stopped on its first error (${task.details.errors[0]?.reason ?? 'unknown'}): ${done} of ${total} machines updated`;
        e.push.failed[pool] = 0;
      } else if (done + task.details.errors.length >= total && inFlight === 0) {
        state = 'completed';
        finishedAt = simTime;
        e.push.target[pool] = -1;
        message = `${task.details.rollback ? 'Rollback' : 'Push image'} ${task.id} on ${task.objectName} completed: ${done} of ${total} machines on the new version`;
      }
      if (state === task.state && done === task.done && total === task.total && errors.length === 0) continue;
      updateTask(this.db, { ...task, state: state as typeof task.state, done, total, finishedAt, details: task.details });
      if (message) {
        const ev = appendEvent(
          this.db,
          {
            type: state === 'failed' ? 'error' : 'info',
            severity: state === 'failed' ? 'error' : 'info',
            objectKind: 'pool',
            objectId: task.objectId,
            objectName: task.objectName,
            user: 'system',
            message,
          },
          simTime,
          new Date().toISOString(),
        );
        out.push({ topic: 'event-added', payload: ev });
      }
    }
    if (out.length || errors.length) out.push({ topic: 'lab-changed', payload: { kinds: ['pool'] } });
    return out;
  }
}
