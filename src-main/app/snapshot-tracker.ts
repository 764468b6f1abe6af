import type { PushMessage } from '../contract/methods.ts';
import type { SnapshotTask } from '../contract/snapshot-methods.ts';
import type { SnapshotTaskItem } from '../contract/snapshot-entities.ts';
import type { Engine } from '../core/engine/engine.ts';
import type { SnapshotCompletion, SnapshotJob, SnapshotJobKind } from '../core/engine/storage/snapshot-load.ts';
import { mergeFreesGb, SNAPSHOT_COST } from '../core/snapshots/cost.ts';
import { revertOutcome } from '../core/snapshots/rules.ts';
import type { Db } from '../store/db.ts';
import type { EventDrafts } from './event-drafts.ts';
import {
  allChains,
  chainState,
  currentPath,
  insertSnapshot,
  listSnapshots,
  removeSnapshots,
  setChainState,
  setRunningDelta,
  subtree,
  growSnapshotDelta,
  snapshotName,
} from '../store/snapshots.ts';
import { listTasks, updateTask } from '../store/tasks.ts';
import { desktopProblems } from '../store/desktops.ts';
import { principalName } from '../store/directory.ts';

const JOB_KIND: Record<SnapshotTask['kind'], SnapshotJobKind> = {
  'snapshot-take': 'take',
  'snapshot-revert': 'revert',
  'snapshot-delete': 'delete',
  'snapshot-delete-all': 'delete-all',
  'snapshot-consolidate': 'consolidate',
};

const isSnapshotTask = (t: { kind: string }): t is SnapshotTask => t.kind.startsWith('snapshot-');
const gb = (n: number) => `${n.toFixed(1)} GB`;

/** What a delete (of these snapshots) merges and frees, and the chain depth afterwards. */
export function deletePlan(db: Db, desktopId: string, ids: readonly string[]): { mergeGb: number; freeGb: number; depthAfter: number } {
  const snaps = listSnapshots(db, desktopId);
  const gone = new Set(ids);
  const chosen = snaps.filter((s) => gone.has(s.id));
  const mergeGb = chosen.reduce((a, s) => a + s.deltaGb, 0);
  const memory = chosen.reduce((a, s) => a + s.memoryGb, 0);
  const path = currentPath(snaps, chainState(db, desktopId).currentId);
  return { mergeGb, freeGb: memory + mergeFreesGb(mergeGb), depthAfter: path.filter((id) => !gone.has(id)).length };
}

/**
 * Connects stored snapshot tasks and chains to the engine, as PushTracker does for push image:
 * on (re)build the chains and the tasks' remaining desktops go into the engine; at each flush what
 * started and finished is written back (tasks, snapshot rows, chains, events) in the flush's
 * transaction, so an item is either done with all its effects or not done at all after a crash.
 */
export class SnapshotTracker {
  private readonly desktopIdx: Map<string, number>;

  /** Machines added to the running engine (at the end of its index space): no chains yet. */
  desktopsAdded(from: number): void {
    const ids = this.engine.st.ids.desktops;
    for (let d = from; d < ids.length; d++) this.desktopIdx.set(ids[d] as string, d);
  }
  /** The active delta (GB) the store holds for each tracked desktop: a flush with no growth writes nothing. */
  private readonly written = new Map<number, number>();
  private readonly pendingSpace = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {
    this.desktopIdx = new Map(engine.st.ids.desktops.map((id, i) => [id, i]));
    this.reload();
    // The engine computed its first figures before the chains were loaded: again, with their read I/O.
    if (engine.snapshots.trackedDesktops().length > 0) engine.refreshLoad();
  }

  /** Takes chains, space and new tasks from the store (after an admin operation). */
  reload(): void {
    const e = this.engine;
    const snaps = e.snapshots;
    snaps.depth.fill(0);
    snaps.deltaGb.fill(0);
    for (const c of allChains(this.db)) {
      const d = this.desktopIdx.get(c.desktopId);
      if (d === undefined) continue;
      snaps.setChain(d, c.depth, c.runningDeltaGb);
      this.written.set(d, c.runningDeltaGb);
    }
    snaps.reindex();
    // Space an admin operation added (a memory file, an orphaned delta) reaches the engine as the
    // same difference it made in the store; reading used_gb back instead would pick up the store's
    // rounding and make the history depend on when flushes happened.
    const st = e.st;
    for (const [id, gb] of this.pendingSpace) {
      const d = this.desktopIdx.get(id);
      if (d === undefined) continue;
      st.dUsedGb[d] = (st.dUsedGb[d] as number) + gb;
    }
    this.pendingSpace.clear();
    // Problem reasons written by admin operations (a simulated bad update) stay with the desktop.
    for (const r of desktopProblems(this.db)) {
      const d = this.desktopIdx.get(r.id);
      if (d !== undefined) st.dProblem.set(d, r.problem);
    }
    const active = listTasks(this.db, { active: true });
    const ids = new Set(active.map((t) => t.id));
    // A task cancelled by the admin: its waiting and running desktops leave the engine, unchanged.
    for (const id of e.snapshots.taskIds()) if (!ids.has(id)) e.snapshots.cancel(id);
    const running = new Set(e.snapshots.taskIds());
    for (const task of active) {
      if (!isSnapshotTask(task)) continue;
      this.skipGoneDesktops(task);
      if (running.has(task.id) || task.state === 'completed' || task.state === 'failed') continue;
      const jobs = task.details.items.map((it, i) => this.job(task, it, i)).filter((j): j is SnapshotJob => j !== null);
      if (jobs.length) e.snapshots.addTask(task.id, task.details.concurrency, jobs);
    }
  }

  /** Items of desktops deleted since (pool shrunk or deleted) are skipped, so the task can end. */
  private skipGoneDesktops(task: SnapshotTask): void {
    const gone = task.details.items.filter((it) => (it.status === 'pending' || it.status === 'running') && !this.desktopIdx.has(it.desktopId));
    if (gone.length === 0) return;
    for (const it of gone) Object.assign(it, { status: 'skipped', error: 'the desktop was deleted' });
    const items = task.details.items;
    const done = items.filter((i) => i.status !== 'pending' && i.status !== 'running').length;
    const over = done === items.length;
    const state = over ? (items.some((i) => i.status === 'done') ? 'completed' : 'failed') : task.state;
    this.db.transaction(() =>
      updateTask(this.db, { ...task, state, done, finishedAt: over ? new Date(this.engine.t * 1000).toISOString() : null, details: task.details }),
    )();
    task.state = state;
  }

  /** A handler changed a desktop's used space in the store by `gb`; the engine follows at the next reload (after the commit). */
  addSpace(desktopId: string, gb: number): void {
    this.pendingSpace.set(desktopId, (this.pendingSpace.get(desktopId) ?? 0) + gb);
  }

  /** Removes a cancelled task's waiting desktops from the engine. */
  cancel(taskId: string): void {
    this.engine.snapshots.cancel(taskId);
  }

  private job(task: SnapshotTask, it: SnapshotTaskItem, item: number): SnapshotJob | null {
    if (it.status !== 'pending' && it.status !== 'running') return null;
    const d = this.desktopIdx.get(it.desktopId);
    if (d === undefined) return null;
    const kind = JOB_KIND[task.kind];
    const j: SnapshotJob = {
      taskId: task.id,
      item,
      desktop: d,
      kind,
      includeMemory: task.details.includeMemory,
      quiesce: task.details.quiesce,
      memoryGb: 0,
      targetDepth: 0,
      power: 'poweredOff',
      state: 'AVAILABLE',
      version: -1,
      problem: null,
      mergeGb: 0,
      freeGb: 0,
      startedAt: it.status === 'running' ? it.startedAt : null,
      endsAt: it.status === 'running' ? it.endsAt : null,
      iops: it.iops,
    };
    if (kind === 'revert') {
      const snap = listSnapshots(this.db, it.desktopId).find((s) => s.id === it.snapshotId);
      if (!snap) return null;
      const out = revertOutcome(snap);
      Object.assign(j, { memoryGb: snap.memoryGb, targetDepth: snap.depth, power: out.power, state: out.state, problem: snap.problem });
      j.version = snap.imageVersionId ? this.engine.st.ids.versions.indexOf(snap.imageVersionId) : -1;
    } else if (kind === 'delete' || kind === 'delete-all') {
      const snaps = listSnapshots(this.db, it.desktopId);
      const ids =
        kind === 'delete-all' ? snaps.map((s) => s.id) : it.snapshotId ? (task.details.removeChildren ? subtree(snaps, it.snapshotId) : [it.snapshotId]) : [];
      const plan = deletePlan(this.db, it.desktopId, ids);
      Object.assign(j, { mergeGb: plan.mergeGb, freeGb: plan.freeGb, targetDepth: kind === 'delete-all' ? 0 : plan.depthAfter });
    } else if (kind === 'consolidate') {
      const orphan = chainState(this.db, it.desktopId).orphanGb;
      Object.assign(j, { mergeGb: orphan, freeGb: mergeFreesGb(orphan), targetDepth: this.engine.snapshots.depth[d] ?? 0 });
    }
    return j;
  }

  /** Writes delta growth, started and finished items; call inside the flush transaction (events go to `drafts`). Returns pushes. */
  persist(simTime: string, drafts: EventDrafts): PushMessage[] {
    const e = this.engine;
    const st = e.st;
    const out: PushMessage[] = [];
    const { completed, started } = e.snapshots.drain();
    if (started.length === 0 && completed.length === 0) {
      this.writeDeltas();
      return out;
    }
    const tasks = new Map<string, SnapshotTask>();
    const task = (id: string) => {
      let t = tasks.get(id);
      if (!t) {
        const found = listTasks(this.db, { active: true }).find((x) => x.id === id);
        if (found && isSnapshotTask(found)) tasks.set(id, (t = found));
      }
      return t;
    };
    for (const j of started) {
      const t = task(j.taskId);
      const it = t?.details.items[j.item];
      if (!t || !it) continue;
      Object.assign(it, { status: 'running', startedAt: j.startedAt, endsAt: j.endsAt, iops: j.iops });
      if (t.state === 'scheduled') t.state = 'running';
    }
    const lastSeq = new Map<string, number>();
    for (const c of completed) {
      const t = task(c.taskId);
      const it = t?.details.items[c.item];
      if (!t || !it) continue;
      let ev: ReturnType<SnapshotTracker['apply']>;
      let ok = c.ok;
      let error = c.error;
      try {
        // Its own savepoint: a row the store refuses fails this item, not the flush (which would fail again at every step).
        ev = this.db.transaction(() => this.apply(t, it, c, simTime))();
      } catch (err) {
        ok = false;
        error = `the lab's store refused it (${(err as Error).message})`;
        ev = {
          objectKind: 'desktop' as const,
          objectId: it.desktopId,
          objectName: it.desktopName,
          user: t.user,
          type: 'warning' as const,
          severity: 'warning' as const,
          message: `${it.desktopName}: ${t.kind.replace('snapshot-', 'snapshot ')} failed: ${error}`,
        };
      }
      it.status = ok ? 'done' : 'failed';
      it.error = error;
      it.endsAt = c.at;
      this.written.set(c.desktop, chainState(this.db, it.desktopId).runningDeltaGb);
      drafts.add(c.seq, new Date(c.at * 1000).toISOString(), ev);
      lastSeq.set(t.id, Math.max(lastSeq.get(t.id) ?? -1, c.seq));
    }
    for (const t of tasks.values()) {
      const items = t.details.items;
      const done = items.filter((i) => i.status === 'done' || i.status === 'failed' || i.status === 'skipped').length;
      const failed = items.filter((i) => i.status === 'failed').length;
      const finished = done === items.length;
      const state = finished ? (failed === items.length ? 'failed' : 'completed') : 'running';
      updateTask(this.db, { ...t, state, done, total: items.length, finishedAt: finished ? simTime : null, details: t.details });
      const seq = lastSeq.get(t.id);
      if (finished && items.length > 1 && seq !== undefined) {
        drafts.add(
          seq,
          simTime,
          {
            type: failed ? 'warning' : 'info',
            severity: failed ? 'warning' : 'info',
            objectKind: t.objectKind,
            objectId: t.objectId,
            objectName: t.objectName,
            user: 'system',
            message: `${t.id} (${t.kind.replace('snapshot-', 'snapshot ')} "${t.details.name}") on ${t.objectName} finished: ${done - failed} of ${items.length} desktops${failed ? `, ${failed} refused` : ''}`,
          },
          1,
        );
      }
    }
    this.writeDeltas();
    out.push({ topic: 'lab-changed', payload: { kinds: ['desktop', 'session', 'datastore'] } });
    return out;
  }

  /**
   * Each tracked desktop's active delta as the engine holds it now, where it differs from what was
   * written (after the items that finished in this flush wrote their chains). Used space is the
   * desktop row's, written by the flush with the other engine-owned columns.
   */
  private writeDeltas(): void {
    const e = this.engine;
    for (const d of e.snapshots.trackedDesktops()) {
      const delta = e.snapshots.deltaGb[d] as number;
      if (this.written.get(d) === delta) continue;
      setRunningDelta(this.db, e.st.ids.desktops[d] as string, delta);
      this.written.set(d, delta);
    }
  }

  /** The store side of one finished item; returns its event. */
  private apply(t: SnapshotTask, it: SnapshotTaskItem, c: SnapshotCompletion, simTime: string) {
    const base = { objectKind: 'desktop' as const, objectId: it.desktopId, objectName: it.desktopName, user: t.user };
    if (!c.ok) {
      return {
        ...base,
        type: 'warning' as const,
        severity: 'warning' as const,
        message: `${it.desktopName}: ${t.kind.replace('snapshot-', 'snapshot ')} refused: ${c.error ?? ''}`,
      };
    }
    const chain = chainState(this.db, it.desktopId);
    const st = this.engine.st;
    if (c.kind === 'take') {
      const id = insertSnapshot(this.db, {
        desktopId: it.desktopId,
        parentId: chain.currentId,
        name: t.details.name,
        description: t.details.description,
        includeMemory: c.memoryGb > 0,
        quiesced: t.details.quiesce && c.memoryGb === 0 && c.power === 'poweredOn',
        createdAt: simTime,
        powerState: c.power,
        machineState: c.state,
        problem: st.dProblem.get(c.desktop) ?? null,
        imageVersionId: c.version >= 0 ? (st.ids.versions[c.version] ?? null) : null,
        deltaGb: chain.currentId ? c.frozenDeltaGb : 0,
        memoryGb: c.memoryGb,
      });
      setChainState(this.db, it.desktopId, { ...chain, currentId: id, runningDeltaGb: 0 });
      it.snapshotId = id;
      return {
        ...base,
        type: 'audit-success' as const,
        severity: 'info' as const,
        message: `Snapshot "${t.details.name}" of ${it.desktopName} taken${c.memoryGb > 0 ? ` with ${gb(c.memoryGb)} of memory` : ''} (${t.id})`,
      };
    }
    if (c.kind === 'revert') {
      setChainState(this.db, it.desktopId, { ...chain, currentId: it.snapshotId, runningDeltaGb: 0 });
      const logins = c.users.map((u) => principalName(this.db, 'user', st.ids.users[u] ?? '') ?? '?');
      const name = (it.snapshotId && snapshotName(this.db, it.snapshotId)) ?? it.snapshotId;
      return {
        ...base,
        type: 'audit-success' as const,
        severity: logins.length ? ('warning' as const) : ('info' as const),
        message: `${it.desktopName} reverted to snapshot "${name}": now ${c.state} (${c.power}); ${gb(c.activeDeltaGb)} of changes discarded${logins.length ? `; the sessions of ${logins.join(', ')} ended` : ''}`,
      };
    }
    if (c.kind === 'consolidate') {
      setChainState(this.db, it.desktopId, { ...chain, orphanGb: 0 });
      return { ...base, type: 'audit-success' as const, severity: 'info' as const, message: `Disks of ${it.desktopName} consolidated: ${gb(c.freedGb)} freed` };
    }
    const snaps = listSnapshots(this.db, it.desktopId);
    const ids =
      c.kind === 'delete-all' ? snaps.map((s) => s.id) : it.snapshotId ? (t.details.removeChildren ? subtree(snaps, it.snapshotId) : [it.snapshotId]) : [];
    // The merged data that stays moves into the surviving parent's delta (or the base disk).
    const first = snaps.find((s) => s.id === it.snapshotId);
    const keepParent = first?.parentId && !ids.includes(first.parentId) ? first.parentId : null;
    const merged = ids.reduce((a, id) => a + (snaps.find((s) => s.id === id)?.deltaGb ?? 0), 0) * SNAPSHOT_COST.parentGrowShare;
    if (keepParent && c.kind === 'delete') growSnapshotDelta(this.db, keepParent, merged);
    removeSnapshots(this.db, it.desktopId, ids);
    // A delete-all, or a delete that left no snapshot on the desktop's path: the running delta went into the base disk.
    if (c.runningMerged) setChainState(this.db, it.desktopId, { currentId: null, runningDeltaGb: 0, orphanGb: chainState(this.db, it.desktopId).orphanGb });
    return {
      ...base,
      type: 'audit-success' as const,
      severity: 'info' as const,
      message:
        c.kind === 'delete-all'
          ? `All ${ids.length} snapshots of ${it.desktopName} deleted: ${gb(c.freedGb)} freed`
          : `Snapshot${ids.length > 1 ? `s (${ids.length})` : ''} of ${it.desktopName} deleted: ${gb(c.freedGb)} freed`,
    };
  }
}
