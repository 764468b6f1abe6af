import { CONFIDENTIAL_NO_MEMORY_SNAPSHOT, confidentialOf } from '../../store/hardware.ts';
import type { Desktop } from '../../contract/entities.ts';
import { LabError } from '../../contract/errors.ts';
import type { SnapshotDeleteImpact, SnapshotImpactSession } from '../../contract/snapshot-entities.ts';
import { mergeSeconds, revertSeconds, SNAPSHOT_COST, takeSeconds } from '../../core/snapshots/cost.ts';
import { judgeChange, judgeTake, revertOutcome } from '../../core/snapshots/rules.ts';
import type { Db } from '../../store/db.ts';
import { getDesktop, addDesktopUsedGb, markAgentUnreachable, openSessionsOn } from '../../store/desktops.ts';
import { chainState, currentPath, getSnapshot, insertSnapshot, listSnapshots, setChainState, snapshotTree, subtree } from '../../store/snapshots.ts';
import type { AppContext, Handlers } from '../context.ts';
import { deletePlan } from '../snapshot-tracker.ts';
import { busyDesktops, createSnapshotTask, item } from './snapshot-tasks.ts';
import { endSessionsOf } from '../../store/sessions.ts';

type Path = 'desktopId' | 'snapshotId' | 'id';
const r1 = (n: number) => Math.round(n * 100) / 100;

export function desktopOr404(db: Db, id: string, path: Path = 'desktopId'): Desktop {
  const d = getDesktop(db, id);
  if (!d) throw new LabError('not-found', `No desktop with id "${id}"`, [path]);
  return d;
}

function snapshotOr404(db: Db, id: string) {
  const s = getSnapshot(db, id);
  if (!s) throw new LabError('not-found', `No snapshot with id "${id}"`, ['snapshotId']);
  return s;
}

/** A revert or delete may start: no other snapshot task on the desktop, disks not locked. */
function assertChangeable(ctx: AppContext, d: Desktop, path: Path): void {
  const v = judgeChange(d.state, busyDesktops(ctx).has(d.id));
  if (!v.ok) throw new LabError('conflict', `${d.name}: ${v.reason}`, [path]);
}

/** The sessions on a desktop, as the impact dialogs list them. */
export function sessionsOn(db: Db, desktopId: string, outcome: string): SnapshotImpactSession[] {
  return openSessionsOn(db, desktopId).map((r) => ({
    sessionId: r.id,
    userId: r.user_id,
    userLogin: r.login,
    userName: r.display_name,
    state: r.state,
    startedAt: r.started_at,
    outcome,
  }));
}

function deleteImpact(ctx: AppContext, d: Desktop, ids: string[], all: boolean): SnapshotDeleteImpact {
  const plan = deletePlan(ctx.db, d.id, ids);
  // Deleting every snapshot the desktop runs from merges its running delta too (core/engine/storage: mergesRunningDelta).
  const active = all || plan.depthAfter === 0 ? chainState(ctx.db, d.id).runningDeltaGb : 0;
  const merge = plan.mergeGb + active;
  const freed = plan.freeGb + active * (1 - SNAPSHOT_COST.parentGrowShare);
  const sessions = sessionsOn(ctx.db, d.id, 'stays connected; its disk I/O is slower while the merge runs');
  return {
    desktopId: d.id,
    desktopName: d.name,
    snapshotIds: ids,
    freedGb: r1(freed),
    mergedGb: r1(merge * SNAPSHOT_COST.parentGrowShare),
    durationSec: mergeSeconds(merge),
    iops: SNAPSHOT_COST.mergeIops,
    sessions,
    notes: [
      `${ids.length} snapshot(s) removed from the tree; the desktop keeps running as it is now (nothing is reverted).`,
      `The deltas (${r1(merge)} GB) are merged into the parent disk over about ${mergeSeconds(merge)} s, adding ${SNAPSHOT_COST.mergeIops} IOPS to the datastore.`,
      `${r1(freed)} GB is returned to the datastore.`,
    ],
  };
}

export const snapshotHandlers: Pick<
  Handlers,
  | 'snapshot-list'
  | 'snapshot-take'
  | 'snapshot-revert-preview'
  | 'snapshot-revert'
  | 'snapshot-delete-preview'
  | 'snapshot-delete'
  | 'snapshot-delete-all-preview'
  | 'snapshot-delete-all'
  | 'snapshot-consolidate'
  | 'desktop-simulate-failure'
> = {
  'snapshot-list': (input, ctx) => snapshotTree(ctx.db, desktopOr404(ctx.db, input.desktopId), ctx.simTime()),

  'snapshot-take': (input, ctx) => {
    const d = desktopOr404(ctx.db, input.desktopId);
    if (busyDesktops(ctx).has(d.id)) throw new LabError('conflict', `${d.name}: another snapshot task is running on it (one at a time per VM)`, ['desktopId']);
    const chain = chainState(ctx.db, d.id);
    const snaps = listSnapshots(ctx.db, d.id);
    const depth = currentPath(snaps, chain.currentId).length;
    if (input.includeMemory && d.powerState !== 'poweredOff' && confidentialOf(ctx.db, d.id) !== 'none') {
      throw new LabError('conflict', `Cannot snapshot ${d.name}: ${CONFIDENTIAL_NO_MEMORY_SNAPSHOT}`, ['includeMemory']);
    }
    const v = judgeTake({ state: d.state, power: d.powerState, includeMemory: input.includeMemory, quiesce: input.quiesce, chainDepth: depth });
    if (!v.ok) throw new LabError('conflict', `Cannot snapshot ${d.name}: ${v.reason}`, [v.field]);
    const memoryGb = v.storesMemory ? d.ramGb : 0;
    const now = ctx.simTime();
    const id = insertSnapshot(ctx.db, {
      desktopId: d.id,
      parentId: chain.currentId,
      name: input.name,
      description: input.description,
      includeMemory: v.storesMemory,
      quiesced: input.quiesce && !v.storesMemory && d.powerState === 'poweredOn',
      createdAt: now,
      powerState: d.powerState,
      machineState: d.state,
      problem: d.problem,
      imageVersionId: d.imageVersionId,
      deltaGb: chain.currentId ? chain.runningDeltaGb : 0,
      memoryGb,
    });
    setChainState(ctx.db, d.id, { ...chain, currentId: id, runningDeltaGb: 0 });
    // The memory file is written to the VM's folder on its datastore.
    if (memoryGb > 0) {
      addDesktopUsedGb(ctx.db, d.id, memoryGb);
      if (ctx.services.hasSimulation()) ctx.services.simulation().snapshotTracker.addSpace(d.id, memoryGb);
    }
    ctx.audit({
      objectKind: 'desktop',
      objectId: d.id,
      objectName: d.name,
      message: `Snapshot "${input.name}" of ${d.name} taken (${v.storesMemory ? `with ${memoryGb} GB of memory; the VM was stunned ~${takeSeconds(memoryGb)} s` : input.quiesce && d.powerState === 'poweredOn' ? 'disk only, guest quiesced' : 'disk only'}); chain depth ${depth + 1}`,
    });
    ctx.changed('desktop', 'datastore');
    const snap = getSnapshot(ctx.db, id);
    if (!snap) throw new LabError('internal', 'the new snapshot vanished');
    const { problem: _p, ...out } = snap;
    return out;
  },

  'snapshot-revert-preview': (input, ctx) => {
    const s = snapshotOr404(ctx.db, input.snapshotId);
    const d = desktopOr404(ctx.db, s.desktopId);
    const chain = chainState(ctx.db, d.id);
    const out = revertOutcome(s);
    const lostMinutes = Math.max(0, Math.round((Date.parse(ctx.simTime()) - Date.parse(s.createdAt)) / 60000));
    const sessions = sessionsOn(ctx.db, d.id, `ends; work since ${s.createdAt.slice(11, 16)} (${lostMinutes} min) is lost`);
    const discarded = chain.currentId ? chain.runningDeltaGb : 0;
    const notes = [
      s.includeMemory
        ? `The snapshot has memory: ${d.name} resumes ${out.power === 'poweredOn' ? 'running' : out.power} exactly as at ${s.createdAt.slice(0, 16).replace('T', ' ')}.`
        : `The snapshot has no memory: ${d.name} is powered off after the revert (power it on, or let the pool's power policy do it).`,
      sessions.length ? `${sessions.length} session(s) end, and their users lose unsaved work.` : 'Nobody is connected: no session is affected.',
      `${r1(discarded)} GB of changes since the current snapshot are discarded and returned to the datastore.`,
    ];
    return {
      snapshotId: s.id,
      snapshotName: s.name,
      desktopId: d.id,
      desktopName: d.name,
      powerStateAfter: out.power,
      machineStateAfter: out.state,
      sessions,
      discardedGb: r1(discarded),
      freedGb: r1(discarded),
      lostMinutes,
      durationSec: revertSeconds(s.memoryGb),
      notes,
    };
  },

  'snapshot-revert': (input, ctx) => {
    const s = snapshotOr404(ctx.db, input.snapshotId);
    if (input.desktopId !== undefined && input.desktopId !== s.desktopId) {
      // A snapshot exists only in its own VM's tree: reverting another desktop to it is meaningless.
      desktopOr404(ctx.db, input.desktopId);
      throw new LabError('not-found', `Snapshot ${s.id} ("${s.name}") belongs to another desktop, not to ${input.desktopId}`, ['snapshotId']);
    }
    const d = desktopOr404(ctx.db, s.desktopId);
    assertChangeable(ctx, d, 'snapshotId');
    const task = createSnapshotTask(ctx, 'snapshot-revert', { kind: 'desktop', id: d.id, name: d.name }, [item(d, s.id)], { name: s.name });
    ctx.audit({ objectKind: 'desktop', objectId: d.id, objectName: d.name, message: `Revert of ${d.name} to snapshot "${s.name}" started (${task.id})` });
    return task;
  },

  'snapshot-delete-preview': (input, ctx) => {
    const s = snapshotOr404(ctx.db, input.snapshotId);
    const d = desktopOr404(ctx.db, s.desktopId);
    const ids = input.removeChildren ? subtree(listSnapshots(ctx.db, d.id), s.id) : [s.id];
    return deleteImpact(ctx, d, ids, false);
  },

  'snapshot-delete': (input, ctx) => {
    const s = snapshotOr404(ctx.db, input.snapshotId);
    const d = desktopOr404(ctx.db, s.desktopId);
    assertChangeable(ctx, d, 'snapshotId');
    const task = createSnapshotTask(ctx, 'snapshot-delete', { kind: 'desktop', id: d.id, name: d.name }, [item(d, s.id)], {
      name: s.name,
      removeChildren: input.removeChildren,
    });
    ctx.audit({
      objectKind: 'desktop',
      objectId: d.id,
      objectName: d.name,
      message: `Deletion of snapshot "${s.name}"${input.removeChildren ? ' and its children' : ''} of ${d.name} started (${task.id})`,
    });
    return task;
  },

  'snapshot-delete-all-preview': (input, ctx) => {
    const d = desktopOr404(ctx.db, input.desktopId);
    return deleteImpact(
      ctx,
      d,
      listSnapshots(ctx.db, d.id).map((s) => s.id),
      true,
    );
  },

  'snapshot-delete-all': (input, ctx) => {
    const d = desktopOr404(ctx.db, input.desktopId);
    const n = listSnapshots(ctx.db, d.id).length;
    if (n === 0) throw new LabError('conflict', `${d.name} has no snapshots`, ['desktopId']);
    assertChangeable(ctx, d, 'desktopId');
    const task = createSnapshotTask(ctx, 'snapshot-delete-all', { kind: 'desktop', id: d.id, name: d.name }, [item(d, null)], { name: 'all' });
    ctx.audit({ objectKind: 'desktop', objectId: d.id, objectName: d.name, message: `Deletion of all ${n} snapshots of ${d.name} started (${task.id})` });
    return task;
  },

  'snapshot-consolidate': (input, ctx) => {
    const d = desktopOr404(ctx.db, input.desktopId);
    const orphan = chainState(ctx.db, d.id).orphanGb;
    if (orphan <= 0) throw new LabError('conflict', `${d.name} needs no consolidation: no delta disk was left behind`, ['desktopId']);
    assertChangeable(ctx, d, 'desktopId');
    const task = createSnapshotTask(ctx, 'snapshot-consolidate', { kind: 'desktop', id: d.id, name: d.name }, [item(d, null)], { name: 'consolidate' });
    ctx.audit({
      objectKind: 'desktop',
      objectId: d.id,
      objectName: d.name,
      message: `Consolidation of ${r1(orphan)} GB of delta disks of ${d.name} started (${task.id})`,
    });
    return task;
  },

  'desktop-simulate-failure': (input, ctx) => {
    const d = desktopOr404(ctx.db, input.id, 'id');
    if (input.kind === 'bad-update') {
      if (d.powerState !== 'poweredOn') throw new LabError('conflict', `${d.name} is ${d.powerState}: a bad update breaks a running guest`, ['id']);
      if (d.state === 'PROVISIONING' || d.state === 'CUSTOMIZING' || d.state === 'DELETING') {
        throw new LabError('conflict', `${d.name} is ${d.state}: it has no guest to break yet`, ['id']);
      }
      const problem =
        'Bad update (simulated): the guest hangs at boot after a cumulative update; the Horizon Agent does not answer. Revert to a snapshot taken before the update.';
      const sessions = sessionsOn(ctx.db, d.id, 'lost');
      endSessionsOf(ctx.db, { desktopId: d.id }, ctx.simTime(), 'The desktop stopped answering (bad update, training failure)');
      markAgentUnreachable(ctx.db, d.id, problem, ctx.simTime());
      ctx.audit({
        objectKind: 'desktop',
        objectId: d.id,
        objectName: d.name,
        type: 'error',
        severity: 'error',
        message: `${d.name}: training failure injected (bad update): AGENT_UNREACHABLE${sessions.length ? `; sessions of ${sessions.map((s) => s.userLogin).join(', ')} lost` : ''}`,
      });
      ctx.changed('desktop', 'session');
      // The engine takes the lost sessions from the store.
      if (sessions.length) ctx.rebuildEngine();
    } else {
      const gb = Math.max(1, Math.round(d.diskGb * 0.05));
      const chain = chainState(ctx.db, d.id);
      setChainState(ctx.db, d.id, { ...chain, orphanGb: chain.orphanGb + gb });
      addDesktopUsedGb(ctx.db, d.id, gb);
      if (ctx.services.hasSimulation()) ctx.services.simulation().snapshotTracker.addSpace(d.id, gb);
      ctx.audit({
        objectKind: 'desktop',
        objectId: d.id,
        objectName: d.name,
        type: 'warning',
        severity: 'warning',
        message: `${d.name}: virtual machine disks consolidation is needed (${gb} GB of delta disks left by a failed backup snapshot deletion, simulated)`,
      });
      ctx.changed('desktop', 'datastore');
    }
    return desktopOr404(ctx.db, d.id, 'id');
  },
};
