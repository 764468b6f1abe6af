import { CONFIDENTIAL_NO_MEMORY_SNAPSHOT, confidentialOf } from '../../store/hardware.ts';
import { LabError } from '../../contract/errors.ts';
import type { SnapshotTaskItem } from '../../contract/snapshot-entities.ts';
import { getPool } from '../../store/pools.ts';
import type { Handlers } from '../context.ts';
import { busyDesktops, createSnapshotTask, item } from './snapshot-tasks.ts';
import { poolDesktopNames } from '../../store/desktops.ts';
import { newestNamedSnapshots } from '../../store/snapshots.ts';
import { sessionsOn } from './snapshots.ts';

/**
 * Snapshot or revert a whole pool (an instructor before and after a class). One tracked task; the
 * engine works through the desktops a few at a time and judges each one by the snapshot rules when
 * its turn comes, so a desktop that is provisioning then is skipped with the reason, not the whole task.
 */
export const snapshotBulkHandlers: Pick<Handlers, 'snapshot-bulk-take' | 'snapshot-bulk-revert-preview' | 'snapshot-bulk-revert'> = {
  'snapshot-bulk-take': (input, ctx) => {
    const pool = getPool(ctx.db, input.poolId);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.poolId}"`, ['poolId']);
    const desktops = poolDesktopNames(ctx.db, pool.id);
    if (desktops.length === 0) throw new LabError('conflict', `${pool.name} has no machines to snapshot`, ['poolId']);
    const busy = busyDesktops(ctx);
    const items = desktops.map((d) =>
      item(
        d,
        null,
        busy.has(d.id)
          ? 'another snapshot task is running on this desktop'
          : input.includeMemory && confidentialOf(ctx.db, d.id) !== 'none'
            ? CONFIDENTIAL_NO_MEMORY_SNAPSHOT
            : undefined,
      ),
    );
    const task = createSnapshotTask(ctx, 'snapshot-take', { kind: 'pool', id: pool.id, name: pool.name }, items, {
      name: input.name,
      description: input.description,
      includeMemory: input.includeMemory,
      quiesce: input.quiesce,
    });
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      message: `Snapshot "${input.name}" of the ${desktops.length} desktops of ${pool.name} started (${task.id})`,
    });
    ctx.changed('pool');
    return task;
  },

  'snapshot-bulk-revert-preview': (input, ctx) => {
    const pool = getPool(ctx.db, input.poolId);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.poolId}"`, ['poolId']);
    const rows = newestNamedSnapshots(ctx.db, pool.id, input.name);
    const having = rows.filter((r) => r.snap);
    return {
      poolId: pool.id,
      poolName: pool.name,
      name: input.name,
      desktops: having.length,
      skipped: rows.length - having.length,
      // Only the desktops that have the snapshot are reverted: the sessions elsewhere in the pool go on.
      sessions: having.flatMap((r) => sessionsOn(ctx.db, r.id, 'ends; unsaved work since the snapshot is lost').map((s) => ({ ...s, desktopName: r.name }))),
    };
  },

  'snapshot-bulk-revert': (input, ctx) => {
    const pool = getPool(ctx.db, input.poolId);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.poolId}"`, ['poolId']);
    // Each desktop's newest snapshot with that name (a bulk take gives every desktop one).
    const rows = newestNamedSnapshots(ctx.db, pool.id, input.name);
    if (!rows.some((r) => r.snap)) throw new LabError('conflict', `No desktop of ${pool.name} has a snapshot named "${input.name}"`, ['name']);
    const busy = busyDesktops(ctx);
    const items: SnapshotTaskItem[] = rows.map((r) =>
      item(r, r.snap, !r.snap ? `no snapshot named "${input.name}"` : busy.has(r.id) ? 'another snapshot task is running on this desktop' : undefined),
    );
    const task = createSnapshotTask(ctx, 'snapshot-revert', { kind: 'pool', id: pool.id, name: pool.name }, items, { name: input.name });
    const n = items.filter((i) => i.status === 'pending').length;
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      severity: 'warning',
      message: `Revert of ${n} desktops of ${pool.name} to snapshot "${input.name}" started (${task.id}); the sessions on them end`,
    });
    ctx.changed('pool');
    return task;
  },
};
