import { MACHINE_STATES, POWER_STATES, type MachineState, type PowerState } from '../../../contract/entities.ts';
import { chainReadIops, deltaGrowthGb, mergeFreesGb, mergeSeconds, revertSeconds, SNAPSHOT_COST, takeSeconds } from '../../snapshots/cost.ts';
import { judgeChange, judgeTake } from '../../snapshots/rules.ts';
import { WORKLOADS } from '../../models/workloads.ts';
import { grown, M, P, U, touchDesktop } from '../state.ts';
import type { EngineCore } from '../core.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';
import type { Remap } from '../durable/remap.ts';

/**
 * Snapshots inside the engine: what they cost while simulated time runs, and the snapshot tasks
 * (take, revert, delete, consolidate) as timed jobs that happen at an exact simulated moment.
 *
 * - Each tick, every desktop with snapshots grows its active delta by its guest writes (the
 *   desktop's IOPS of that tick × its pool workload's write share, DOMAIN.md 80–90 %), which
 *   takes space from its datastore; its reads go through the chain (read amplification per level).
 * - A job adds its I/O to the datastore while it runs; when it ends, its effect on the desktop is
 *   applied in the engine (sessions ended, power and state changed, space freed) and reported in
 *   `completed`, which the host persists in one transaction at that same moment.
 */

export type SnapshotJobKind = 'take' | 'revert' | 'delete' | 'delete-all' | 'consolidate';

export interface SnapshotJob {
  taskId: string;
  item: number;
  desktop: number;
  kind: SnapshotJobKind;
  /** For a take: the options. */
  includeMemory: boolean;
  quiesce: boolean;
  /** For a revert: the snapshot's memory size, depth and what the desktop becomes. */
  memoryGb: number;
  targetDepth: number;
  power: PowerState;
  state: MachineState;
  version: number;
  problem: string | null;
  /** For delete / consolidate: data merged (its fixed part) and the space that returns. */
  mergeGb: number;
  freeGb: number;
  /** Set once running. */
  startedAt: number | null;
  endsAt: number | null;
  iops: number;
}

export interface SnapshotCompletion {
  /** Its place among the engine's notes (the event log's order). */
  seq: number;
  taskId: string;
  item: number;
  desktop: number;
  kind: SnapshotJobKind;
  at: number;
  ok: boolean;
  error: string | null;
  /** take: the frozen delta and memory file of the new snapshot. */
  frozenDeltaGb: number;
  memoryGb: number;
  power: PowerState;
  state: MachineState;
  version: number;
  /** revert / delete-all: the active delta discarded or merged. */
  activeDeltaGb: number;
  /** delete / delete-all: the running delta went into the base disk (`mergesRunningDelta`); the chain keeps none. */
  runningMerged: boolean;
  freedGb: number;
  /** Users whose sessions the revert ended. */
  users: number[];
}

interface TaskQueue {
  concurrency: number;
  jobs: SnapshotJob[];
}

interface SnapshotsSaved {
  tasks: [string, TaskQueue][];
}

/**
 * Whether a job merges the desktop's running delta into its base disk: a delete-all, and a delete that leaves no snapshot
 * on the path the desktop runs from (vSphere consolidates the running delta then: the VM runs on its base disk again).
 * A delete that leaves a parent keeps the running delta, now on top of that parent.
 */
export function mergesRunningDelta(j: Pick<SnapshotJob, 'kind' | 'targetDepth'>): boolean {
  return j.kind === 'delete-all' || (j.kind === 'delete' && j.targetDepth === 0);
}

export class SnapshotLoad implements DurablePart<SnapshotsSaved> {
  readonly key = 'snapshots';
  /** Levels of delta disks each desktop reads through (0 = no snapshots). */
  // Per desktop (replaced, longer, when machines are added: grow).
  depth: Uint8Array;
  /** The active delta of each desktop, GB. */
  deltaGb: Float64Array;
  writeShare: Float32Array;
  /** Desktops with at least one snapshot (the only ones whose delta grows). */
  private tracked: Int32Array = new Int32Array(0);
  /** A depth changed since `tracked` was built. */
  private stale = true;
  private readonly tasks = new Map<string, TaskQueue>();
  /** Per desktop: a job of a task is running on it. */
  private readonly busy = new Set<number>();
  completed: SnapshotCompletion[] = [];
  /** Jobs that started since the last take (the host persists their start and end). */
  started: SnapshotJob[] = [];

  constructor(private readonly e: EngineCore) {
    const N = e.st.dPower.length;
    this.depth = new Uint8Array(N);
    this.deltaGb = new Float64Array(N);
    this.writeShare = new Float32Array(N);
    this.setWriteShares(0);
  }

  private setWriteShares(from: number): void {
    const pools = this.e.poolWorkloads;
    for (let d = from; d < this.writeShare.length; d++) {
      const w = pools[this.e.st.dPool[d] as number];
      this.writeShare[d] = w ? WORKLOADS[w].writeShare : 0.85;
    }
  }

  /** Machines added at the end of the index space (from `from` on): no snapshots, their pool's write share. */
  grow(from: number): void {
    const N = this.e.st.dPower.length;
    this.depth = grown(this.depth, N);
    this.deltaGb = grown(this.deltaGb, N);
    this.writeShare = grown(this.writeShare, N);
    this.setWriteShares(from);
    this.stale = true;
  }

  /** Depth and active delta come from the store's chains (snapshot-tracker.ts): only the task queues are the engine's own. */
  arrays(): DurableArray[] {
    return [];
  }

  save(): SnapshotsSaved {
    return { tasks: [...this.tasks].map(([id, q]) => [id, { concurrency: q.concurrency, jobs: q.jobs.map((j) => ({ ...j })) }]) };
  }

  load(s: SnapshotsSaved | undefined, map: Remap): void {
    this.tasks.clear();
    this.busy.clear();
    for (const [id, q] of s?.tasks ?? []) {
      const jobs = q.jobs.flatMap((j) => {
        const desktop = map.to('desktop', j.desktop);
        return desktop < 0 ? [] : [{ ...j, desktop, version: j.version < 0 ? -1 : map.to('version', j.version) }];
      });
      this.addTask(id, q.concurrency, jobs);
    }
  }

  /** Task ids the engine runs (the host loads new ones and cancels removed ones). */
  taskIds(): string[] {
    return [...this.tasks.keys()];
  }

  /** Sets a desktop's chain (from the store: at build, and after an admin changed its snapshots). */
  setChain(d: number, depth: number, deltaGb: number): void {
    this.depth[d] = depth;
    this.deltaGb[d] = deltaGb;
    this.stale = true;
  }

  /** The list of desktops whose delta grows follows their depth (rebuilt when a depth changed, before it is next used). */
  reindex(): void {
    this.stale = true;
  }

  /** Desktops with at least one snapshot, in index order. */
  trackedDesktops(): Int32Array {
    if (this.stale) {
      const list: number[] = [];
      for (let d = 0; d < this.depth.length; d++) if ((this.depth[d] as number) > 0) list.push(d);
      this.tracked = Int32Array.from(list);
      this.stale = false;
    }
    return this.tracked;
  }

  isBusy(d: number): boolean {
    return this.busy.has(d);
  }

  /** Adds (or replaces) a task's jobs; running ones keep their times. */
  addTask(taskId: string, concurrency: number, jobs: SnapshotJob[]): void {
    this.tasks.set(taskId, { concurrency, jobs });
    for (const j of jobs) if (j.startedAt !== null) this.busy.add(j.desktop);
  }

  cancel(taskId: string): void {
    const q = this.tasks.get(taskId);
    if (!q) return;
    for (const j of q.jobs) if (j.startedAt !== null) this.busy.delete(j.desktop);
    this.tasks.delete(taskId);
  }

  /** True when a job finished and the host must persist it at this exact moment. */
  due(): boolean {
    return this.completed.length > 0;
  }

  /** Grows the active deltas by the writes of a tick of `dt` seconds. */
  accrue(dt: number): void {
    const st = this.e.st;
    const io = this.e.dIops;
    const tracked = this.trackedDesktops();
    const full = this.e.faults.sFull;
    const grow = this.e.faults.snapGrowing ? this.e.faults.dSnapGrow : null;
    for (let i = 0; i < tracked.length; i++) {
      const d = tracked[i] as number;
      // A full datastore stuns its VMs: no new block is written, no delta grows (faults/space.ts).
      if (full[st.dDs[d] as number] === 1) continue;
      const writes = (io[d] as number) * (this.writeShare[d] as number) * dt;
      // A snapshot left to grow (an injected fault) adds its new blocks on top of the guest's own.
      const extra = grow && st.dPower[d] === P.poweredOn ? (grow[d] as number) * dt : 0;
      if (writes <= 0 && extra <= 0) continue;
      // A delta can never hold more than the whole virtual disk.
      const room = (st.dDiskGb[d] as number) - (this.deltaGb[d] as number);
      const g = Math.min(deltaGrowthGb(Math.max(0, writes)) + extra, Math.max(0, room));
      if (g <= 0) continue;
      this.deltaGb[d] = (this.deltaGb[d] as number) + g;
      st.dUsedGb[d] = (st.dUsedGb[d] as number) + g;
    }
  }

  /** Extra datastore I/O of this instant: reads through snapshot chains, and the jobs running. */
  addLoad(sIops: Float64Array): void {
    const st = this.e.st;
    const grow = this.e.faults.snapGrowing ? this.e.faults.dSnapGrow : null;
    const io = this.e.dIops;
    const tracked = this.trackedDesktops();
    for (let i = 0; i < tracked.length; i++) {
      const d = tracked[i] as number;
      const reads = (io[d] as number) * (1 - (this.writeShare[d] as number));
      const ds = st.dDs[d] as number;
      sIops[ds] = (sIops[ds] as number) + chainReadIops(reads, this.depth[d] as number);
      // A snapshot left to grow: the writes that grow its delta at the fault's rate reach the datastore too.
      if (grow && (grow[d] as number) > 0 && st.dPower[d] === P.poweredOn) sIops[ds] = (sIops[ds] as number) + (grow[d] as number) / deltaGrowthGb(1);
    }
    for (const q of this.tasks.values()) {
      for (const j of q.jobs) {
        if (j.startedAt === null) continue;
        const ds = st.dDs[j.desktop] as number;
        sIops[ds] = (sIops[ds] as number) + j.iops;
      }
    }
  }

  /** Finishes the jobs due by time t and starts waiting ones (once per tick, before the load is computed). */
  step(t: number): void {
    if (this.tasks.size === 0) return;
    for (const [taskId, q] of this.tasks) {
      const waiting: SnapshotJob[] = [];
      for (const j of q.jobs) {
        if (j.startedAt !== null && j.endsAt !== null && j.endsAt <= t + 1e-9) this.finish(j, t);
        else waiting.push(j);
      }
      let running = waiting.filter((j) => j.startedAt !== null).length;
      const kept: SnapshotJob[] = [];
      for (const j of waiting) {
        if (j.startedAt === null && running < q.concurrency && !this.busy.has(j.desktop)) {
          if (!this.start(j, t)) continue; // refused by the rules: reported, dropped
          running++;
        }
        kept.push(j);
      }
      q.jobs = kept;
      if (kept.length === 0) this.tasks.delete(taskId);
    }
  }

  private start(j: SnapshotJob, t: number): boolean {
    const st = this.e.st;
    const d = j.desktop;
    const state = MACHINE_STATES[st.dState[d] as number] ?? 'AVAILABLE';
    const power = POWER_STATES[st.dPower[d] as number] ?? 'poweredOn';
    let seconds: number;
    if (j.kind === 'take') {
      // Judged when the desktop's turn comes: a bulk take meets desktops in whatever state they are then.
      const v = judgeTake({ state, power, includeMemory: j.includeMemory, quiesce: j.quiesce, chainDepth: this.depth[d] as number });
      if (!v.ok) return this.fail(j, t, v.reason);
      j.memoryGb = v.storesMemory ? (st.dRamMb[d] as number) / 1024 : 0;
      seconds = takeSeconds(j.memoryGb);
    } else {
      const v = judgeChange(state, false);
      if (!v.ok) return this.fail(j, t, v.reason);
      if (j.kind === 'revert') seconds = revertSeconds(j.memoryGb);
      else seconds = mergeSeconds(j.mergeGb + (mergesRunningDelta(j) ? (this.deltaGb[d] as number) : 0));
    }
    j.startedAt = t;
    j.endsAt = t + seconds;
    j.iops = j.kind === 'take' || j.kind === 'revert' ? SNAPSHOT_COST.opIops : SNAPSHOT_COST.mergeIops;
    this.busy.add(d);
    this.started.push(j);
    return true;
  }

  private fail(j: SnapshotJob, t: number, reason: string): false {
    this.completed.push(this.completion(j, t, false, reason));
    return false;
  }

  private completion(j: SnapshotJob, t: number, ok: boolean, error: string | null): SnapshotCompletion {
    return {
      seq: this.e.journal.next(),
      taskId: j.taskId,
      item: j.item,
      desktop: j.desktop,
      kind: j.kind,
      at: t,
      ok,
      error,
      frozenDeltaGb: 0,
      memoryGb: 0,
      power: 'poweredOff',
      state: 'AVAILABLE',
      version: -1,
      activeDeltaGb: 0,
      runningMerged: false,
      freedGb: 0,
      users: [],
    };
  }

  private finish(j: SnapshotJob, t: number): void {
    this.stale = true; // the desktop's depth changes: a first snapshot starts its delta growing, deleting the last one stops it
    const e = this.e;
    const st = e.st;
    const d = j.desktop;
    this.busy.delete(d);
    const c = this.completion(j, t, true, null);
    const free = (gb: number) => {
      st.dUsedGb[d] = Math.max(0, (st.dUsedGb[d] as number) - gb);
      c.freedGb += gb;
    };
    if (j.kind === 'take') {
      c.frozenDeltaGb = this.deltaGb[d] as number;
      c.memoryGb = j.memoryGb;
      c.power = POWER_STATES[st.dPower[d] as number] ?? 'poweredOn';
      c.state = MACHINE_STATES[st.dState[d] as number] ?? 'AVAILABLE';
      c.version = st.dVersion[d] as number;
      this.deltaGb[d] = 0;
      this.depth[d] = (this.depth[d] as number) + 1;
      st.dUsedGb[d] = (st.dUsedGb[d] as number) + j.memoryGb;
    } else if (j.kind === 'revert') {
      // Every session on the desktop ends: the guest goes back to the snapshot's moment.
      for (let i = st.nSess - 1; i >= 0; i--) {
        const u = st.sessList[i] as number;
        if (st.uDesktop[u] === d && st.uState[u] !== U.none) {
          c.users.push(u);
          e.broker.forceLogoff(u, t, 'snapshot revert');
        }
      }
      c.activeDeltaGb = this.deltaGb[d] as number;
      free(this.deltaGb[d] as number);
      this.deltaGb[d] = 0;
      this.depth[d] = j.targetDepth;
      st.dState[d] = M[j.state];
      st.dPower[d] = P[j.power];
      st.dBusyUntil[d] = 0;
      touchDesktop(st, d);
      if (j.version >= 0) st.dVersion[d] = j.version;
      if (j.problem) st.dProblem.set(d, j.problem);
      else st.dProblem.delete(d);
      e.broker.dirtyDesktops.add(d);
      c.power = j.power;
      c.state = j.state;
    } else {
      // The merged data partly lands in the parent disk; the rest of the delta and memory files go.
      if (mergesRunningDelta(j)) {
        c.activeDeltaGb = this.deltaGb[d] as number;
        c.runningMerged = true;
        free(mergeFreesGb(this.deltaGb[d] as number));
        this.deltaGb[d] = 0;
      }
      free(j.freeGb);
      this.depth[d] = j.targetDepth;
      e.broker.dirtyDesktops.add(d);
    }
    this.completed.push(c);
  }

  /** Hands over what finished and started since the last call. */
  drain(): { completed: SnapshotCompletion[]; started: SnapshotJob[] } {
    const out = { completed: this.completed, started: this.started };
    this.completed = [];
    this.started = [];
    return out;
  }
}
