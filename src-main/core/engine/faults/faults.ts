import { FAULT_CATALOGUE, HOST_FAILURE_FAULTS, type FaultKind, type FaultState, type FaultTargetType } from '../../../contract/fault-methods.ts';
import { LOGON_PHASES, NETWORK_PROFILES, type NetworkConditions } from '../../../contract/session-entities.ts';
import { hashJitter } from '../../models/protocol.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';
import type { Remap } from '../durable/remap.ts';
import { grown, P, type EngineState } from '../state.ts';
import type { EventQueue } from '../event-queue.ts';
import type { EngineEvent } from '../events.ts';
import { DatastoreSpace } from './space.ts';
import { computeEffects } from './effects.ts';
import type { Fault } from './fault.ts';
import type { FaultNoteSink, FaultsSaved, HostFaultOp, SnapshotFaultOp } from './fault-ops.ts';

const isHostFailure = (k: FaultKind): k is keyof typeof HOST_FAILURE_FAULTS => Object.prototype.hasOwnProperty.call(HOST_FAILURE_FAULTS, k);

export type { FaultNoteSink, FaultsSaved, HostFaultOp, SnapshotFaultOp } from './fault-ops.ts';

/** Ended and cleared faults kept for the list (the oldest go first). */
const KEEP_ENDED = 200;

/** The domain of a target type's index (for remapping a saved state); network profiles and global have none. */
const DOMAIN: Partial<Record<FaultTargetType, 'host' | 'datastore' | 'pool'>> = { host: 'host', datastore: 'datastore', pool: 'pool' };

/**
 * The faults injected into the estate (issue 17): scheduled, active and ended. A fault starts and
 * ends through the engine's event queue (`{ kind: 'fault' }`), so it lands on the tick grid like
 * every other happening. When one starts or ends, the small effect tables below are recomputed;
 * the models read them (storage queue, host uplinks, logon phases, the broker, the load pass).
 * Nothing here scans per tick: a table is read where its model already loops.
 */
export class Faults implements DurablePart<FaultsSaved> {
  readonly key = 'faults';
  private list: Fault[] = [];
  private nextId = 1;
  /** Host failure steps waiting for the app (taken by takeHostOps in the same flush). */
  hostOps: HostFaultOp[] = [];
  /** Backup snapshots to take (snapshot left to grow), taken by takeSnapshotOps in the same flush. */
  snapshotOps: SnapshotFaultOp[] = [];

  // ---- effect tables (1 / 0 / empty when nothing is injected) ----
  /** Per datastore: IOPS capacity and service time multipliers (read by storage/storage-queue.ts). */
  readonly sCapFactor: Float64Array;
  readonly sSvcFactor: Float64Array;
  /** Per host: share of the uplinks' line rate left (engine.ts host pass, nicShareOf). */
  readonly hNicFactor: Float64Array;
  /** Per host: MB of memory a memory-hungry VM holds reserved (engine.ts host pass adds it to consumed memory). */
  readonly hMemHogMb: Float64Array;
  /** Per logon phase: duration multiplier (sessions/session-lifecycle.ts). */
  readonly phaseFactor: Float64Array;
  /** Per pool: 1 while no spare machine may be given or made. */
  readonly pExhausted: Uint8Array;
  /** Per pool: the image version a bad-image fault marks as failing customization, or -1 (read by provisioning/provisioning.ts). */
  readonly pBadVersion: Int32Array;
  /** Per desktop: MHz-per-core share a runaway process adds (vCPUs spun); read only while `hogs` is true. */
  dHogVcpu: Float32Array;
  hogs = false;
  brokerDown = false;
  /** Concurrent session cap (licence), or +∞. */
  sessionCap = Number.POSITIVE_INFINITY;
  /** Per network profile index: the conditions under an impairment, or null (the profile's own). */
  readonly netOverlay: (NetworkConditions | null)[];
  /** Per datastore: GB per second its running VMs' thin disks allocate for a fill fault (faults/space.ts). */
  readonly sFillRate: Float64Array;
  filling = false;
  /** Per desktop: GB per second a snapshot left to grow adds to its active delta (read by storage/snapshot-load.ts while `snapGrowing`). */
  dSnapGrow: Float32Array;
  snapGrowing = false;
  /** Thin space running out: what fill faults allocated, and which datastores are full (their VMs stunned). */
  readonly space: DatastoreSpace;

  constructor(
    private readonly st: EngineState,
    private readonly queue: EventQueue<EngineEvent>,
    private readonly sink: FaultNoteSink,
    private readonly names: { host: (h: number) => string; datastore: (s: number) => string; pool: (p: number) => string },
    /** The image version pool p provisions from now (a push under way: its target), -1 for none. */
    private readonly imageOf: (p: number) => number = () => -1,
  ) {
    this.sCapFactor = new Float64Array(st.sIopsCap.length).fill(1);
    this.sSvcFactor = new Float64Array(st.sIopsCap.length).fill(1);
    this.hNicFactor = new Float64Array(st.hCapMhz.length).fill(1);
    this.hMemHogMb = new Float64Array(st.hCapMhz.length);
    this.phaseFactor = new Float64Array(LOGON_PHASES.length).fill(1);
    this.pExhausted = new Uint8Array(st.pEnabled.length);
    this.pBadVersion = new Int32Array(st.pEnabled.length).fill(-1);
    this.dHogVcpu = new Float32Array(st.dPower.length);
    this.netOverlay = NETWORK_PROFILES.map(() => null);
    this.sFillRate = new Float64Array(st.sIopsCap.length);
    this.dSnapGrow = new Float32Array(st.dPower.length);
    this.space = new DatastoreSpace(st);
  }

  /** Per datastore: 1 while it is full (read by the snapshot deltas' growth and the response times). */
  get sFull(): Uint8Array {
    return this.space.sFull;
  }

  /** Desktop d's disk was destroyed: what a fill fault wrote on it is gone with it. */
  forgetFill(d: number): void {
    this.space.forget(d);
  }

  /** The backup snapshots due (and forgets them). */
  takeSnapshotOps(): SnapshotFaultOp[] {
    const ops = this.snapshotOps;
    this.snapshotOps = [];
    return ops;
  }

  /** Steps the app must carry out in a flush (host failures, backup snapshots). */
  get opsDue(): boolean {
    return this.hostOps.length > 0 || this.snapshotOps.length > 0;
  }

  /**
   * A snapshot left to grow is resolved once none of its machines holds a snapshot any more (the
   * trainee deleted or reverted them): it ends by itself, saying so. `depth` is each desktop's chain.
   */
  resolveSnapshots(depth: Uint8Array, t: number): void {
    if (!this.snapGrowing) return;
    for (const f of this.list) {
      if (f.state !== 'active' || f.kind !== 'snapshot-growth' || !f.desktops || this.snapshotOps.some((o) => o.fault === f.id)) continue;
      if (f.desktops.some((d) => (depth[d] ?? 0) > 0)) continue;
      f.state = 'ended';
      f.endAt = t;
      this.queue.cancel((ev) => ev.kind === 'fault' && ev.id === f.id);
      this.apply();
      this.tell(f, t, 'info', `Fault resolved: ${this.describe(f)}: its snapshots were deleted`);
    }
  }

  /** One tick of thin space: fill faults allocate, and datastores that fill up or free up are told. Returns whether one did. */
  stepSpace(dt: number, t: number): boolean {
    return this.space.step(dt, t, this.sFillRate, this.filling, (at, s, severity, message) =>
      this.sink.note(at, severity, 'datastore', this.st.ids.datastores[s] ?? '', this.names.datastore(s), message),
    );
  }

  arrays(): DurableArray[] {
    // The effect tables are derived from the faults (recomputed on load); the space a fill fault took and the full flags are not.
    return this.space.arrays();
  }

  /** Machines added at the end of the index space: the tables again, as an engine opened from the store computes them (a runaway process may take one of them). */
  grow(): void {
    // Zeroed whole, as new tables are: computeEffects writes only what the faults set.
    this.dHogVcpu = grown(this.dHogVcpu, this.st.dPower.length).fill(0);
    this.dSnapGrow = grown(this.dSnapGrow, this.st.dPower.length).fill(0);
    this.space.grow();
    this.apply();
  }

  save(): FaultsSaved {
    return { nextId: this.nextId, faults: this.list.map((f) => ({ ...f, params: { ...f.params } })) };
  }

  load(s: FaultsSaved | undefined, map: Remap): void {
    this.list = [];
    this.nextId = s?.nextId ?? 1;
    for (const f of s?.faults ?? []) {
      if (!Object.prototype.hasOwnProperty.call(FAULT_CATALOGUE, f.kind)) continue;
      const dom = DOMAIN[FAULT_CATALOGUE[f.kind].target];
      const target = dom ? map.to(dom, f.target) : f.target;
      if (dom && target < 0) continue; // its target is gone from the lab: the fault goes with it
      const g: Fault = { ...f, target, params: { ...f.params } };
      if (f.version !== undefined) g.version = map.to('version', f.version);
      if (f.desktops) g.desktops = f.desktops.map((d) => map.to('desktop', d)).filter((d) => d >= 0);
      this.list.push(g);
    }
    this.apply();
  }

  /** Every fault, newest first. */
  all(): readonly Fault[] {
    return [...this.list].sort((a, b) => b.id - a.id);
  }

  get(id: number): Fault | undefined {
    return this.list.find((f) => f.id === id);
  }

  /** How many faults changed (for the engine's fingerprint). */
  get sequence(): number {
    return this.nextId * 1000 + this.list.filter((f) => f.state === 'active').length;
  }

  /** Plans a fault: it starts at `startAt` (the next tick when that is now) and ends after `durationSec` when given. */
  inject(kind: FaultKind, target: number, params: Record<string, number>, startAt: number, durationSec: number | null, now: number): Fault {
    const f: Fault = { id: this.nextId++, kind, target, params, state: 'scheduled', startAt, endAt: durationSec === null ? null : startAt + durationSec };
    this.list.push(f);
    // "Now" is this instant (the engine's clock is always on the tick grid): the next request already sees it.
    if (startAt <= now) this.handle(f.id, 'start', now);
    else this.queue.schedule(startAt, { kind: 'fault', id: f.id, step: 'start' });
    this.trim();
    return f;
  }

  /** Clears a fault: an active one ends now, a scheduled one is cancelled. */
  clear(id: number, at: number): Fault {
    const f = this.get(id);
    if (!f || (f.state !== 'active' && f.state !== 'scheduled')) throw new RangeError(`fault ${id} is not active or scheduled`);
    this.queue.cancel((ev) => ev.kind === 'fault' && ev.id === id);
    const was = f.state;
    f.state = 'cleared';
    if (was === 'active') {
      f.endAt = at;
      this.apply();
      this.hostOp(f, 'repair', at);
      this.tell(f, at, 'info', `Fault cleared: ${this.describe(f)} (the instructor ended it)${this.reclaimed(f)}`);
    } else f.endAt = null;
    return f;
  }

  /** The host failure steps due (and forgets them). */
  takeHostOps(): HostFaultOp[] {
    const ops = this.hostOps;
    this.hostOps = [];
    return ops;
  }

  /**
   * The host of an active host failure was repaired by an admin (host-repair): the fault is over,
   * cleared by that repair (no second repair is asked for).
   */
  hostRepaired(h: number, at: number): Fault[] {
    const done: Fault[] = [];
    for (const f of this.list) {
      if (f.state !== 'active' || f.target !== h || !isHostFailure(f.kind)) continue;
      this.queue.cancel((ev) => ev.kind === 'fault' && ev.id === f.id);
      f.state = 'cleared';
      f.endAt = at;
      this.hostOps = this.hostOps.filter((o) => o.fault !== f.id);
      this.tell(f, at, 'info', `Fault cleared: ${this.describe(f)} (the host was repaired)`);
      done.push(f);
    }
    return done;
  }

  /**
   * A host failure could not take effect (the host was already down, booting, or gone), or a backup
   * snapshot could be taken of none of its machines: the fault ends at once, saying why.
   */
  endUnapplied(id: number, at: number, why: string): void {
    const f = this.get(id);
    if (!f || f.state !== 'active') return;
    f.state = 'ended';
    f.endAt = at;
    this.queue.cancel((ev) => ev.kind === 'fault' && ev.id === id);
    this.hostOps = this.hostOps.filter((o) => o.fault !== id);
    this.apply(); // a snapshot fault's growth table loses it
    this.tell(f, at, 'warning', `Fault ended at once: ${this.describe(f)}: ${why}`);
  }

  /** A fill fault is over: the blocks it allocated go back where nothing fills any more (a phrase for its note). */
  private reclaimed(f: Fault): string {
    if (f.kind !== 'datastore-fill') return '';
    const gb = this.space.reclaim(this.sFillRate);
    return gb > 0 ? `; ${gb.toFixed(1)} GB it took reclaimed (guest files deleted, space returned by UNMAP)` : '';
  }

  private hostOp(f: Fault, op: 'fail' | 'repair', at: number): void {
    if (!isHostFailure(f.kind)) return;
    // A repair of a failure whose step has not been carried out yet cancels it instead.
    if (op === 'repair' && this.hostOps.some((o) => o.fault === f.id && o.op === 'fail')) {
      this.hostOps = this.hostOps.filter((o) => o.fault !== f.id);
      return;
    }
    this.hostOps.push({ fault: f.id, h: f.target, op, mode: HOST_FAILURE_FAULTS[f.kind], at });
  }

  /** A fault's queued step is due. */
  handle(id: number, step: 'start' | 'end' | 'settle', at: number): void {
    const f = this.get(id);
    if (!f) return;
    if (step === 'start' && f.state === 'scheduled') {
      f.state = 'active';
      f.startAt = at;
      if (f.kind === 'bad-image') f.version = this.imageOf(f.target);
      if (f.kind === 'snapshot-growth') {
        f.desktops = this.backupVictims(f);
        this.snapshotOps.push({ fault: f.id, desktops: f.desktops, at });
      }
      if (f.endAt !== null) this.queue.schedule(Math.max(at, f.endAt), { kind: 'fault', id, step: 'end' });
      if (f.kind === 'array-controller-failover') this.queue.schedule(at + (f.params.pauseSec as number), { kind: 'fault', id, step: 'settle' });
      this.apply();
      const spec = FAULT_CATALOGUE[f.kind];
      this.tell(f, at, spec.severity, `Fault started: ${this.describe(f)}`);
      this.hostOp(f, 'fail', at);
    } else if (step === 'end' && f.state === 'active') {
      f.state = 'ended';
      f.endAt = at;
      this.queue.cancel((ev) => ev.kind === 'fault' && ev.id === id);
      this.apply();
      this.hostOp(f, 'repair', at);
      this.tell(f, at, 'info', `Fault ended: ${this.describe(f)}${this.reclaimed(f)}`);
    } else if (step === 'settle' && f.state === 'active') {
      f.settled = true;
      this.apply();
    }
  }

  /**
   * The machines a backup job left its snapshot on: the pool's machines, running ones first (their
   * deltas grow; a powered-off one's only once it runs), in a fixed draw per (desktop, fault) so the
   * same ones every run.
   */
  private backupVictims(f: Fault): number[] {
    const st = this.st;
    const key = (d: number) => (st.dPower[d] === P.poweredOn ? 0 : 2) + hashJitter(d, f.id * 104729);
    const all = [...(st.pDesktops[f.target] ?? [])].sort((a, b) => key(a) - key(b) || a - b);
    return all.slice(0, f.params.machines as number);
  }

  /** The target's name as people read it. */
  targetName(type: FaultTargetType, i: number): string {
    switch (type) {
      case 'host':
        return this.names.host(i);
      case 'datastore':
        return this.names.datastore(i);
      case 'pool':
        return this.names.pool(i);
      case 'network':
        return NETWORK_PROFILES[i] ?? '';
      case 'global':
        return 'all users';
    }
  }

  describe(f: Fault): string {
    const spec = FAULT_CATALOGUE[f.kind];
    if (f.kind === 'snapshot-growth' && f.desktops)
      return `${spec.label} on ${this.targetName('pool', f.target)} (${f.desktops.length} machine${f.desktops.length === 1 ? '' : 's'}, ${f.params.rateGbPerHour} GB/h each)`;
    if (f.kind === 'bad-image' && f.version !== undefined)
      return `${spec.label} on ${this.targetName('pool', f.target)} (image version ${f.version >= 0 ? (this.st.ids.versions[f.version] ?? '?') : 'none'})`;
    return spec.target === 'global' ? spec.label : `${spec.label} on ${this.targetName(spec.target, f.target)}`;
  }

  private tell(f: Fault, at: number, severity: 'info' | 'warning' | 'error' | 'critical', message: string): void {
    const type = FAULT_CATALOGUE[f.kind].target;
    const kind = type === 'global' ? 'lab' : type;
    const id =
      type === 'host'
        ? this.st.ids.hosts[f.target]
        : type === 'datastore'
          ? this.st.ids.datastores[f.target]
          : type === 'pool'
            ? this.st.ids.pools[f.target]
            : null;
    this.sink.note(
      at,
      severity,
      kind,
      id ?? (type === 'network' ? (NETWORK_PROFILES[f.target] ?? '') : 'lab'),
      this.targetName(type, f.target),
      `Training: ${message}`,
    );
  }

  private trim(): void {
    const over = this.list.filter((f) => f.state === 'ended' || f.state === 'cleared').length - KEEP_ENDED;
    if (over <= 0) return;
    const drop = new Set(
      this.list
        .filter((f) => f.state === 'ended' || f.state === 'cleared')
        .sort((a, b) => a.id - b.id)
        .slice(0, over)
        .map((f) => f.id),
    );
    this.list = this.list.filter((f) => !drop.has(f.id));
  }

  /** Recomputes every effect table from the active faults (on a start, an end, a clear, a load): faults/effects.ts. */
  apply(): void {
    computeEffects(this, this.list, this.st);
  }
}
