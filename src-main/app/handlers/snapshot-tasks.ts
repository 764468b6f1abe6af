import type { Desktop, ObjectKind } from '../../contract/entities.ts';
import type { SnapshotTask } from '../../contract/snapshot-methods.ts';
import type { SnapshotTaskDetails, SnapshotTaskItem } from '../../contract/snapshot-entities.ts';
import { SNAPSHOT_COST } from '../../core/snapshots/cost.ts';
import { insertTask, listTasks, updateTask } from '../../store/tasks.ts';
import type { AppContext } from '../context.ts';

/** Desktops a snapshot task is working on or will work on (one snapshot operation per VM at a time). */
export function busyDesktops(ctx: AppContext): Set<string> {
  const out = new Set<string>();
  for (const t of listTasks(ctx.db, { active: true })) {
    if (!t.kind.startsWith('snapshot-')) continue;
    for (const it of (t as SnapshotTask).details.items) if (it.status === 'pending' || it.status === 'running') out.add(it.desktopId);
  }
  return out;
}

export function item(d: Pick<Desktop, 'id' | 'name'>, snapshotId: string | null, skipped?: string): SnapshotTaskItem {
  return {
    desktopId: d.id,
    desktopName: d.name,
    snapshotId,
    status: skipped ? 'skipped' : 'pending',
    startedAt: null,
    endsAt: null,
    iops: 0,
    error: skipped ?? null,
  };
}

/** Creates a snapshot task (the engine picks it up when the dispatcher reloads the desktops after the commit). */
export function createSnapshotTask(
  ctx: AppContext,
  kind: SnapshotTask['kind'],
  object: { kind: ObjectKind; id: string; name: string },
  items: SnapshotTaskItem[],
  opts: Partial<Omit<SnapshotTaskDetails, 'items'>> = {},
): SnapshotTask {
  const now = ctx.simTime();
  const details: SnapshotTaskDetails = {
    name: opts.name ?? '',
    description: opts.description ?? '',
    includeMemory: opts.includeMemory ?? false,
    quiesce: opts.quiesce ?? false,
    removeChildren: opts.removeChildren ?? false,
    concurrency: opts.concurrency ?? (items.length > 1 ? SNAPSHOT_COST.bulkConcurrency : 1),
    items,
  };
  const done = items.filter((i) => i.status !== 'pending').length;
  // Every desktop skipped already (none had the snapshot, all busy): the task is over before it starts.
  const over = done === items.length;
  const task = insertTask<SnapshotTask>(ctx.db, {
    kind,
    objectKind: object.kind,
    objectId: object.id,
    objectName: object.name,
    state: over ? 'failed' : 'running',
    done,
    total: items.length,
    createdAt: now,
    startAt: now,
    finishedAt: over ? now : null,
    user: ctx.user,
    details,
  });
  ctx.changed('desktop');
  return task;
}

/** task-cancel of a snapshot task: desktops not finished are skipped, nothing of theirs changes (effects apply only at the end of each). */
export function cancelSnapshotTask(ctx: AppContext, task: SnapshotTask): SnapshotTask {
  const now = ctx.simTime();
  let skipped = 0;
  for (const it of task.details.items) {
    if (it.status !== 'pending' && it.status !== 'running') continue;
    it.status = 'skipped';
    it.error = 'cancelled before it finished: nothing changed';
    skipped++;
  }
  const done = task.details.items.length;
  updateTask(ctx.db, { ...task, state: 'cancelled', done, total: done, finishedAt: now, details: task.details });
  ctx.audit({
    objectKind: task.objectKind,
    objectId: task.objectId,
    objectName: task.objectName,
    severity: 'warning',
    message: `${task.id} (${task.kind}) on ${task.objectName} cancelled: ${skipped} desktop(s) not done`,
  });
  ctx.changed('desktop');
  return { ...task, state: 'cancelled', done, total: done, finishedAt: now };
}
