import { linkMBps, migrationLimit, precopy, VMOTION, type PrecopyResult } from '../../models/vmotion.ts';
import { WORKLOAD_INDEX } from '../../models/workloads.ts';
import type { EngineCore } from '../core.ts';
import type { Job, JobItem, JobRefs } from './context.ts';
import type { Remap } from '../durable/remap.ts';
import { coldEvacuate } from './maintenance.ts';
import { bestHost, computeLoads, ruleCheck, roomFor, book, type Loads } from './placement.ts';
import { P, U } from '../state.ts';

/** One live migration in flight. */
export interface Migration {
  id: number;
  d: number;
  from: number;
  to: number;
  start: number;
  end: number;
  downtimeMs: number;
  plan: PrecopyResult;
  job: Job | null;
  item: JobItem | null;
  /** Extra CPU (MHz) it costs each of the two hosts while it runs. */
  cpuMhz: number;
}

interface Waiting {
  d: number;
  to: number; // -1: pick the best host when a slot frees
  job: Job | null;
  item: JobItem | null;
}

/** A job and one of its items, by task id and item position (saved state refers to jobs this way). */
interface ItemRef {
  task: string | null;
  item: number;
}

type SavedMigration = Omit<Migration, 'job' | 'item'> & ItemRef;
type SavedWaiting = Omit<Waiting, 'job' | 'item'> & ItemRef;

export interface MigratorSaved {
  nextId: number;
  active: SavedMigration[];
  waiting: SavedWaiting[];
}

/**
 * Live migrations: the per-host concurrency limit, a queue for the ones that
 * wait for a slot, the pre-copy timing, the switchover freeze and the move.
 */
export class Migrator {
  readonly active = new Map<number, Migration>();
  readonly waiting: Waiting[] = [];
  /** Migrations running per host (in or out). */
  readonly hCount: Int32Array;
  /** The migration a desktop is in, or -1. */
  dMig: Int32Array;
  private nextId = 1;

  constructor(private readonly e: EngineCore) {
    this.hCount = new Int32Array(e.st.hCapMhz.length);
    this.dMig = new Int32Array(e.st.dPower.length).fill(-1);
  }

  /** Jobs the migrations in flight and queued answer to. */
  jobRefs(): Job[] {
    const out: Job[] = [];
    for (const m of this.active.values()) if (m.job) out.push(m.job);
    for (const w of this.waiting) if (w.job) out.push(w.job);
    return out;
  }

  save(): MigratorSaved {
    const ref = (job: Job | null, item: JobItem | null): ItemRef => ({ task: job?.taskId ?? null, item: job && item ? job.items.indexOf(item) : -1 });
    return {
      nextId: this.nextId,
      active: [...this.active.values()].map(({ job, item, ...m }) => ({ ...m, plan: { ...m.plan }, ...ref(job, item) })),
      waiting: this.waiting.map(({ job, item, ...w }) => ({ ...w, ...ref(job, item) })),
    };
  }

  load(s: MigratorSaved, map: Remap, refs: JobRefs): void {
    this.nextId = s.nextId;
    this.active.clear();
    this.waiting.length = 0;
    const resolve = (r: ItemRef): { job: Job | null; item: JobItem | null } | null => {
      if (r.task === null) return { job: null, item: null };
      const ref = refs.get(r.task);
      if (!ref) return null;
      const k = r.item >= 0 ? (ref.at[r.item] ?? -1) : -1;
      if (r.item >= 0 && k < 0) return null;
      return { job: ref.job, item: k >= 0 ? (ref.job.items[k] ?? null) : null };
    };
    for (const { task, item, ...m } of s.active) {
      const d = map.to('desktop', m.d);
      const from = map.to('host', m.from);
      const to = map.to('host', m.to);
      const r = resolve({ task, item });
      if (d < 0 || from < 0 || to < 0 || !r) continue;
      this.active.set(m.id, { ...m, d, from, to, plan: { ...m.plan }, job: r.job, item: r.item });
    }
    for (const { task, item, ...w } of s.waiting) {
      const d = map.to('desktop', w.d);
      const r = resolve({ task, item });
      if (d < 0 || !r) continue;
      this.waiting.push({ ...w, d, to: w.to < 0 ? -1 : map.to('host', w.to), job: r.job, item: r.item });
    }
  }

  limit(h: number): number {
    return migrationLimit(this.e.cluster.hNicGbps[h] as number);
  }

  hasSlot(h: number): boolean {
    return (this.hCount[h] as number) < this.limit(h);
  }

  /** Memory dirtied per second by VM d now, from what its users are doing. */
  dirtyRate(d: number): number {
    const st = this.e.st;
    let rate = VMOTION.dirtyMBps.idleVm;
    for (let i = 0; i < st.nSess; i++) {
      const u = st.sessList[i] as number;
      if (st.uDesktop[u] !== d) continue;
      const s = st.uState[u];
      if (s === U.logon) rate += VMOTION.dirtyMBps.logon;
      else if (s === U.disconnected) rate += VMOTION.dirtyMBps.disconnected;
      else rate += VMOTION.dirtyMBps[WORKLOAD_INDEX[st.uWorkload[u] as number] ?? 'knowledge'];
    }
    return rate;
  }

  /** The pre-copy plan of moving d from its host to h, with the link share it would get now. */
  estimate(d: number, to: number, loads?: Loads): PrecopyResult & { memoryMb: number; dirtyMBps: number; linkMBps: number } {
    const c = this.e.cluster;
    const from = this.e.st.dHost[d] as number;
    const l = loads ?? computeLoads(this.e);
    const memoryMb = Math.max(l.vmMem[d] as number, this.e.st.dBaseMemMb[d] as number);
    const concurrent = Math.max(this.hCount[from] as number, this.hCount[to] as number) + 1;
    const link = linkMBps(c.hNicGbps[from] as number, c.hNicGbps[to] as number, concurrent);
    const dirty = this.dirtyRate(d);
    const cfg = c.clusters[c.hCluster[from] as number];
    const plan = precopy({ memoryMb, dirtyMBps: dirty, linkMBps: link, downtimeTargetMs: cfg?.downtimeTargetMs, maxRounds: cfg?.maxRounds });
    return { ...plan, memoryMb, dirtyMBps: dirty, linkMBps: link };
  }

  /** Asks for a migration of d (to a host, or -1 for the best one); it starts now if both hosts have a slot, else it queues. */
  request(d: number, to: number, job: Job | null, item: JobItem | null, at: number): void {
    // A VM already queued for the same job, or moving with no job to answer to, is not asked twice.
    if (this.waiting.some((w) => w.d === d && w.job === job)) return;
    if (!job && ((this.dMig[d] as number) >= 0 || this.isQueued(d))) return;
    this.waiting.push({ d, to, job, item });
    if (item) item.state = 'pending';
    this.pump(at);
  }

  /** Starts every queued migration that has slots on both hosts, in queue order. */
  pump(at: number): void {
    if (this.waiting.length === 0) return;
    const loads = computeLoads(this.e);
    const keep: Waiting[] = [];
    for (const w of this.waiting) {
      if (!this.tryStart(w, loads, at)) keep.push(w);
    }
    this.waiting.length = 0;
    this.waiting.push(...keep);
  }

  /** True when the request left the queue (started, moved cold, or failed). */
  private tryStart(w: Waiting, loads: Loads, at: number): boolean {
    const e = this.e;
    const st = e.st;
    const c = e.cluster;
    const from = st.dHost[w.d] as number;
    if (w.job && w.job.state !== 'running') return true;
    // Another migration of this VM is under way: this one waits for it to land.
    if ((this.dMig[w.d] as number) >= 0) return false;
    if (c.hFail[from] !== 0) {
      c.itemFailed(w.job, w.item, `${c.hName[from]} failed before the migration started`, at);
      return true;
    }
    // An evacuation whose VM already left its host (another migration took it): done.
    if (w.job?.kind === 'host-maintenance' && from !== w.job.host && w.item) {
      c.itemDone(w.job, w.item, from, 0, 0, at);
      return true;
    }
    if (!this.hasSlot(from)) return false;
    let to = w.to;
    if (to < 0) {
      const pick = bestHost(e, loads, w.d, from);
      if (pick.host < 0) return c.noRoom(w.job, w.item, pick.why, at);
      to = pick.host;
    } else {
      const refusal = ruleCheck(e, w.d, to).hard ?? (c.usable(to) ? roomFor(e, loads, w.d, to) : `${c.hName[to]} is not available`);
      if (refusal) return c.noRoom(w.job, w.item, [refusal], at);
    }
    if (st.dPower[w.d] !== P.poweredOn) {
      // Cold migration: a powered-off VM is only re-registered on the other host.
      c.moveDesktop(w.d, to);
      if (w.item) c.itemDone(w.job, w.item, to, 0, 0, at);
      return true;
    }
    // A confidential VM cannot be live-migrated: an evacuation moves it powered off (cluster/maintenance.ts).
    if (st.dNoLiveMig[w.d] === 1 && w.job?.kind === 'host-maintenance' && w.item) return coldEvacuate(e, w.d, to, w.job, w.item, at);
    if (!this.hasSlot(to)) return false;
    const plan = this.estimate(w.d, to, loads);
    if (plan.fails) {
      c.itemFailed(
        w.job,
        w.item,
        `switchover of ${(plan.downtimeMs / 1000).toFixed(0)} s would exceed ${VMOTION.maxSwitchoverSec} s (dirty rate above the link rate)`,
        at,
      );
      return true;
    }
    book(loads, w.d, from, to);
    const id = this.nextId++;
    const m: Migration = {
      id,
      d: w.d,
      from,
      to,
      start: at,
      end: at + plan.durationSec,
      downtimeMs: plan.downtimeMs,
      plan,
      job: w.job,
      item: w.item,
      cpuMhz: (VMOTION.cpuOverheadShare * Math.min(st.hCapMhz[from] as number, st.hCapMhz[to] as number)) / Math.max(this.limit(from), 1),
    };
    this.active.set(id, m);
    this.dMig[w.d] = id;
    this.hCount[from] = (this.hCount[from] as number) + 1;
    this.hCount[to] = (this.hCount[to] as number) + 1;
    if (w.item) {
      w.item.state = 'migrating';
      w.item.toHostId = st.ids.hosts[to] ?? null;
      if (w.job) w.job.changed = true;
    }
    e.queue.schedule(m.end - plan.downtimeMs / 1000, { kind: 'cluster', op: { t: 'mig-switch', id } });
    e.queue.schedule(m.end, { kind: 'cluster', op: { t: 'mig-end', id } });
    return true;
  }

  /** The switchover: the VM is stunned while the last dirty pages cross; its sessions freeze until the end. */
  switchover(id: number): void {
    const m = this.active.get(id);
    if (!m) return;
    this.e.st.dFrozenUntil[m.d] = m.end;
    this.e.cluster.dFreezeMs[m.d] = m.downtimeMs;
  }

  finish(id: number, at: number): void {
    const m = this.active.get(id);
    if (!m) return;
    this.release(m);
    const c = this.e.cluster;
    c.moveDesktop(m.d, m.to);
    if (m.item) c.itemDone(m.job, m.item, m.to, m.plan.durationSec, m.plan.downtimeMs, at);
    this.pump(at);
  }

  /** A host failed: its migrations stop; a VM whose source died goes down with it, one whose target died stays where it was. */
  abortOn(h: number, at: number): void {
    for (const m of [...this.active.values()]) {
      if (m.from !== h && m.to !== h) continue;
      this.release(m);
      this.e.st.dFrozenUntil[m.d] = 0;
      if (m.from !== h && m.job?.kind === 'host-maintenance' && m.item) {
        // The evacuation goes on: this VM is placed again on a host that is still up.
        this.waiting.push({ d: m.d, to: -1, job: m.job, item: m.item });
        m.item.state = 'pending';
        continue;
      }
      this.e.cluster.itemFailed(m.job, m.item, `${this.e.cluster.hName[h]} failed during the migration`, at);
    }
    this.pump(at);
  }

  private release(m: Migration): void {
    this.active.delete(m.id);
    this.dMig[m.d] = -1;
    this.hCount[m.from] = Math.max(0, (this.hCount[m.from] as number) - 1);
    this.hCount[m.to] = Math.max(0, (this.hCount[m.to] as number) - 1);
  }

  isQueued(d: number): boolean {
    return this.waiting.some((w) => w.d === d);
  }

  /** Drops the queued requests of a job (cancelled or failed). */
  dropJob(job: Job): void {
    const keep = this.waiting.filter((w) => w.job !== job);
    this.waiting.length = 0;
    this.waiting.push(...keep);
  }

  /** Adds each running migration's CPU cost to both hosts (called by the engine's load pass). */
  addLoad(hDemand: Float64Array): void {
    for (const m of this.active.values()) {
      hDemand[m.from] = (hDemand[m.from] as number) + m.cpuMhz;
      hDemand[m.to] = (hDemand[m.to] as number) + m.cpuMhz;
    }
  }
}
