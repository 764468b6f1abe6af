import type { LabModel } from '../lab/model.ts';
import { minFreeMb } from '../params.ts';
import { readyPctFor, waitExponent } from '../models/cpu.ts';
import { TenantCpu } from './load/tenant-cpu.ts';
import { TenantMemory } from './load/tenant-memory.ts';
import { BLOCK_ALLOCATIONS_SHARE, memoryStateIndex } from '../models/memory.ts';
import { nicShare } from '../models/protocol.ts';
import { hostWatts } from '../models/power.ts';
import { actionResponseMs } from '../models/response.ts';
import { HostPerfTable } from './load/host-perf.ts';
import { SessionLoad } from './load/session-load.ts';
import { DesktopLoad, type DesktopLoadInputs, type DesktopLoadOutputs } from './load/desktop-load.ts';
import { GuestMemory } from './load/guest-memory.ts';
import { GUEST_MEMORY_PARAMS } from '../models/guest-memory.ts';
import { StorageQueues, BUSY_WRITE_SHARE } from './storage/storage-queue.ts';
import { PowerThrottleQueue } from './provisioning/power-throttle.ts';
import { EventQueue } from './event-queue.ts';
import type { EngineCore } from './core.ts';
import { ENGINE_PARAMS } from './params.ts';
import { Broker } from './sessions/broker.ts';
import { isValidEvent, remapEvent, type EngineEvent } from './events.ts';
import { Journal } from './journal.ts';
import { applyArray, asTyped, type DurableArray, type DurablePart, type EngineSnapshot, type StoredArray } from './durable/state.ts';
import { Remap, type EngineIds } from './durable/remap.ts';
import {
  buildState,
  grown,
  growDesktops,
  M,
  P,
  removeSession,
  restoreSessionOrder,
  sessionOrder,
  stampStates,
  stateArrays,
  touchAllDesktops,
  U,
  vmOverheadOn,
  VM_BASE_MEM_SHARE,
  type EngineState,
} from './state.ts';
import { entitle } from './load/cpu-entitlement.ts';
import { Provisioner } from './provisioning/provisioning.ts';
import { POLICY_SECONDS } from './provisioning/params.ts';
import { PushImage } from './provisioning/push-image.ts';
import { Autoscale } from './provisioning/autoscale.ts';
import { ClusterOps } from './cluster/cluster.ts';
import { SnapshotLoad } from './storage/snapshot-load.ts';
import type { Workload } from '../../contract/entities.ts';
import { Faults } from './faults/faults.ts';
import { FAULT_EFFECTS } from './faults/params.ts';

interface EngineOwnSaved {
  journal: number;
  problems: [number, string][];
}

/**
 * The simulated cluster. Deterministic: the same lab, seed and actions give the
 * same figures bit for bit. Time is simulated seconds since the Unix epoch.
 */
/** A VM's size as the engine holds it (issue 19: app/hardware.ts derives it from the VM's virtual hardware). */
export interface DesktopSize {
  vcpu: number;
  ramGb: number;
  extraOverheadMb: number;
  diskGb: number;
  /** null: the VM keeps what it has written (a change applied later, at its power cycle). */
  usedGb: number | null;
  noLiveMigration: boolean;
  cpuFactor: number;
}

export class Engine implements EngineCore {
  readonly st: EngineState;
  /** The lab the engine was built from. */
  /** The lab the engine was built from (with the machines added to it since). */
  lab: LabModel;
  readonly seed: number;
  readonly tickSeconds: number;
  t: number;
  readonly queue = new EventQueue<EngineEvent>();
  /** The order of what the engine tells the event log (journal.ts). */
  readonly journal = new Journal();
  readonly broker: Broker;
  readonly provisioner: Provisioner;
  readonly push: PushImage;
  readonly autoscale: Autoscale;
  /** Live migration, maintenance, DRS, HA (docs/CLUSTER.md). */
  readonly cluster: ClusterOps;
  /** Tenant CPU shares and limits (issue 19), configured by the app from the lab's tenants. */
  readonly tenantCpu = new TenantCpu();
  /** Tenant memory limits (issue 19): admission control and reclamation inside the tenant (load/tenant-memory.ts). */
  readonly tenantMem = new TenantMemory();
  /** Snapshot chains (delta growth, read amplification) and snapshot tasks. */
  readonly snapshots: SnapshotLoad;
  /** Each pool's workload (its write share sizes snapshot deltas). */
  readonly poolWorkloads: Workload[];
  /** Injected faults (training) and the effect tables the models read (faults/faults.ts). */
  readonly faults: Faults;
  /** Names for messages (a datastore that is full, say). */
  readonly names: { datastores: string[] };

  // Per-host results of the last tick.
  readonly hDemandMhz: Float64Array;
  readonly hVcpuOn: Float64Array;
  readonly hMemMb: Float64Array;
  readonly hKbps: Float64Array;
  /** Display traffic through each host's uplinks, % of their line rate (`nics × nicGbps`). */
  readonly hNicPct: Float32Array;
  readonly hSessions: Int32Array;
  readonly hCpuPct: Float32Array;
  readonly hReadyPct: Float32Array;
  readonly hMemState: Uint8Array;
  /** 1 while the host's free memory is below the share of minFree that blocks new allocations (power-ons fail). */
  readonly hMemBlocked: Uint8Array;
  readonly hBalloonMb: Float32Array;
  readonly hSwapMb: Float32Array;
  readonly hWatts: Float32Array;
  readonly hUxMs: Float32Array;
  readonly hBaseReadyPct: Float32Array;
  readonly hContended: Uint8Array;
  // Per-desktop CPU demand of the last tick (after its limit) and, on contended hosts, the unmet share.
  // Per-desktop arrays are replaced (longer) when machines are added (addDesktops): read them from the engine, never keep them.
  dDemandMhz: Float64Array;
  dDeficit: Float32Array;
  dLimited: Float32Array; // share of demand a CPU limit withheld
  dIops: Float64Array; // each desktop's IOPS of the last tick (snapshot deltas grow with its writes)
  // Per desktop, what its users take this instant (summed per host in the desktop pass).
  // Per-datastore results.
  readonly sIops: Float64Array;
  readonly sLatencyMs: Float32Array;
  // Per-user experience (ms) of the last tick; 0 without a session.
  readonly uUxMs: Float32Array;
  // Issue 13 (docs/CALIBRATION.md): what each host's CPU is worth, the memory inside each VM, each datastore's queue.
  readonly perf: HostPerfTable;
  readonly guestMem: GuestMemory;
  /** What the sessions on each desktop demand, kept up to date (load/session-load.ts). */
  readonly sessionLoad: SessionLoad;
  /** The desktop pass, kept up to date by change hooks (load/desktop-load.ts). */
  readonly desktopLoad: DesktopLoad;
  /** Tests: every pass is checked against a pass afresh (slow). */
  checkLoad = false;
  readonly storage: StorageQueues;
  /** Power actions throttled per hosting connection, and when each desktop registers (boot storms). */
  readonly powerThrottle: PowerThrottleQueue;
  // Host constants of the load pass (from the host's design).
  private readonly hWaitExponent: Float64Array;
  private readonly hMinFreeMb: Float64Array;
  /** MHz of one core of each host (a runaway process spins one vCPU at this). */
  private readonly hCoreMhz: Float64Array;
  /** The last inputs and result of each host's ready model (readyPctFor), to skip it when they did not change. */
  private readonly hReadyRho: Float64Array;
  private readonly hReadyVpc: Float64Array;
  private readonly hReadyRaw: Float64Array;

  /**
   * `workday: false` plans no users' day (no arrivals, departures or lunch): a
   * capacity test launches sessions itself by scheduling 'arrive' events.
   * `restore`: the engine continues a saved state exactly (its clock, queue, timers,
   * work in flight) instead of starting the lab afresh.
   */
  constructor(
    lab: LabModel,
    opts: { seed: number; tickSeconds?: number; startTime?: number; workday?: boolean; restore?: EngineSnapshot<EngineEvent>; reuse?: Engine },
  ) {
    this.lab = lab;
    this.st = buildState(lab, opts.reuse?.st);
    this.seed = opts.seed;
    this.tickSeconds = opts.tickSeconds ?? ENGINE_PARAMS.tickSeconds;
    if (!(this.tickSeconds > 0 && this.tickSeconds <= 60)) throw new RangeError('tick length must be in (0, 60] seconds');
    this.t = opts.startTime ?? Date.parse(lab.simTime) / 1000;
    const H = this.st.hCapMhz.length;
    const S = this.st.sIopsCap.length;
    const UN = this.st.uState.length;
    this.hDemandMhz = new Float64Array(H);
    this.hVcpuOn = new Float64Array(H);
    this.hMemMb = new Float64Array(H);
    this.hKbps = new Float64Array(H);
    this.hNicPct = new Float32Array(H);
    this.hSessions = new Int32Array(H);
    this.hCpuPct = new Float32Array(H);
    this.hReadyPct = new Float32Array(H);
    this.hMemState = new Uint8Array(H);
    this.hMemBlocked = new Uint8Array(H);
    this.hBalloonMb = new Float32Array(H);
    this.hSwapMb = new Float32Array(H);
    this.hWatts = new Float32Array(H);
    this.hUxMs = new Float32Array(H);
    this.hBaseReadyPct = new Float32Array(H);
    this.hContended = new Uint8Array(H);
    this.dDemandMhz = new Float64Array(this.st.dPower.length);
    this.dDeficit = new Float32Array(this.st.dPower.length);
    this.dLimited = new Float32Array(this.st.dPower.length);
    this.dIops = new Float64Array(this.st.dPower.length);
    this.poolWorkloads = lab.pools.map((p) => p.workload);
    this.sIops = new Float64Array(S);
    this.sLatencyMs = new Float32Array(S);
    this.uUxMs = new Float32Array(UN);
    this.hWaitExponent = Float64Array.from(this.st.hLogical, (c) => waitExponent(c));
    this.hMinFreeMb = Float64Array.from(this.st.hRamMb, (mb) => minFreeMb(mb / 1024));
    this.hReadyRho = new Float64Array(H).fill(Number.NaN);
    this.hReadyVpc = new Float64Array(H).fill(Number.NaN);
    this.hReadyRaw = new Float64Array(H);
    this.hCoreMhz = Float64Array.from(this.st.hCapMhz, (mhz, h) => mhz / Math.max(1, this.st.hCores[h] as number));
    this.names = { datastores: lab.datastores.map((d) => d.name) };
    this.perf = new HostPerfTable(lab.hosts);
    this.guestMem = new GuestMemory(this.st);
    this.guestMem.tenants = this.tenantMem;
    this.storage = new StorageQueues(this.st, lab.datastores);
    this.broker = new Broker(
      this,
      opts.reuse && opts.reuse.seed === opts.seed && opts.reuse.st.ids.users.length === lab.users.length ? opts.reuse.broker.book : undefined,
    );
    this.sessionLoad = new SessionLoad(this.st, this.broker);
    this.desktopLoad = new DesktopLoad(this.st).listen();
    this.sessionLoad.onDesktop = (d) => (d < 0 ? this.desktopLoad.markAll() : this.desktopLoad.mark(d));
    this.provisioner = new Provisioner(this);
    this.push = new PushImage(this);
    this.autoscale = new Autoscale(this);
    this.cluster = new ClusterOps(this, lab);
    this.snapshots = new SnapshotLoad(this);
    this.powerThrottle = new PowerThrottleQueue(this);
    this.faults = new Faults(
      this.st,
      this.queue,
      this.cluster,
      {
        host: (h) => this.cluster.hName[h] ?? '',
        datastore: (s) => this.names.datastores[s] ?? '',
        pool: (p) => lab.pools[p]?.name ?? '',
      },
      (p) => this.poolImage(p),
    );
    this.storage.setFaultFactors(this.faults.sCapFactor, this.faults.sSvcFactor);
    this.broker.book.netOverlay = this.faults.netOverlay;
    if (opts.restore) this.restore(opts.restore);
    else this.start(lab, opts.workday !== false);
    this.computeLoad(); // figures exist before the first tick
  }

  /** The lab's first start: DRS on its grid, the users' day, machines left mid-provisioning, the pools' power rules. */
  /** The image version pool p provisions from now: a push under way's target, else the version most of its machines run (-1: none). */
  private poolImage(p: number): number {
    const t = this.push.target[p] as number;
    if (t >= 0) return t;
    const count = new Map<number, number>();
    for (const d of this.st.pDesktops[p] ?? []) {
      const v = this.st.dVersion[d] as number;
      if (v >= 0) count.set(v, (count.get(v) ?? 0) + 1);
    }
    let best = -1;
    let most = 0;
    for (const [v, n] of count) if (n > most || (n === most && v > best)) [best, most] = [v, n];
    return best;
  }

  private start(lab: LabModel, workday: boolean): void {
    this.cluster.start(this.t);
    if (workday) {
      const st = this.st;
      const since = new Map(lab.sessions.map((s) => [s.userId, s.stateSince ?? null]));
      const desktopSince = (u: number) => lab.desktops[st.uDesktop[u] as number]?.stateSince;
      this.broker.planFrom(this.t, (u) => {
        const at = since.get(st.ids.users[u] as string) ?? desktopSince(u);
        const x = at ? Date.parse(at) / 1000 : Number.NaN;
        return Number.isFinite(x) ? x : this.t;
      });
    }
    this.provisioner.resume(this.t);
  }

  /** The parts of the engine with state of their own. */
  private parts(): DurablePart[] {
    return [
      this.broker,
      this.broker.book,
      this.provisioner,
      this.push,
      this.autoscale,
      this.cluster,
      this.snapshots,
      this.guestMem,
      this.storage,
      this.powerThrottle,
      this.faults,
    ] as DurablePart[];
  }

  /** Every typed array of durable state, named. */
  durableArrays(): DurableArray[] {
    return [...stateArrays(this.st), ...this.parts().flatMap((p) => p.arrays())];
  }

  /** The index space of this engine: the ids of its entities in index order. */
  ids(): EngineIds {
    const ids = this.st.ids;
    return {
      desktop: ids.desktops,
      user: ids.users,
      host: ids.hosts,
      pool: ids.pools,
      datastore: ids.datastores,
      version: ids.versions,
      cluster: this.cluster.clusters.map((c) => c.id),
    };
  }

  /**
   * The engine's whole state, to continue from: arrays are the live ones (not copies), so
   * take it when the engine stops (a rebuild) or write it out before running on.
   */
  capture(): EngineSnapshot<EngineEvent> {
    const arrays = new Map<string, DurableArray['array']>();
    for (const a of this.durableArrays()) arrays.set(a.name, a.array);
    arrays.set('st.sessList', sessionOrder(this.st));
    return { format: 1, t: this.t, ids: this.ids(), arrays, doc: this.saveDoc(), queue: { nextSeq: this.queue.sequence, items: this.queue.items() } };
  }

  /** The object state of the engine and its parts, by section (the store writes each section that changed). */
  saveDoc(): Record<string, unknown> {
    const doc: Record<string, unknown> = { engine: this.saveOwn() };
    for (const p of this.parts()) doc[p.key] = p.save();
    return doc;
  }

  /** The arrays the store keeps, named (the running sessions' order included). */
  storedArrays(): StoredArray[] {
    return [...this.durableArrays(), { name: 'st.sessList', array: sessionOrder(this.st), domain: null }];
  }

  /**
   * A cheap summary that changes whenever the engine acts (schedules, notes, records a session
   * change, a failure, a task): the host compares it around a failed request to know whether the
   * engine must go back to its committed state.
   */
  fingerprint(): string {
    const b = this.broker;
    return [
      this.t,
      this.queue.sequence,
      this.queue.size,
      this.journal.position,
      b.changes.length,
      b.dirtyDesktops.size,
      b.failed,
      this.st.nSess,
      this.cluster.jobs.size,
      this.cluster.log.length,
      this.push.tasks.size,
      this.snapshots.taskIds().length,
      this.faults.sequence,
    ].join('|');
  }

  /** Desktops whose machine state an action outside a tick changed take this instant as their "since". */
  stampStates(): void {
    stampStates(this.st, this.t);
  }

  /** The engine's own object state (what the parts do not hold). */
  saveOwn(): EngineOwnSaved {
    return { journal: this.journal.position, problems: [...this.st.dProblem] };
  }

  /**
   * A session whose desktop or pool is gone from the lab (deleted since the state was saved)
   * cannot go on: it ends without a trace in the engine (the store's rows went with the pool).
   */
  private dropOrphanSessions(): void {
    const st = this.st;
    for (let i = st.nSess - 1; i >= 0; i--) {
      const u = st.sessList[i] as number;
      if ((st.uDesktop[u] as number) >= 0 && (st.uPool[u] as number) >= 0) continue;
      removeSession(st, u);
      st.uState[u] = U.none;
      st.uDesktop[u] = -1;
      st.uPool[u] = -1;
    }
    for (let u = 0; u < st.uState.length; u++) if ((st.sessPos[u] as number) < 0 && st.uState[u] !== U.none) st.uState[u] = U.none;
  }

  /** Continues from a saved state, whose index space may differ from this engine's (entities added or removed since). */
  private restore(snap: EngineSnapshot<EngineEvent>): void {
    const map = new Remap(snap.ids, this.ids());
    const ids = this.ids();
    for (const spec of this.durableArrays()) {
      const saved = snap.arrays.get(spec.name);
      if (!saved) continue;
      applyArray(spec, saved, map);
      // An index into another domain is -1 or an entity that exists (a damaged file must not point the engine past its arrays).
      if (spec.values) {
        const n = ids[spec.values].length;
        for (const v of spec.array)
          if (v !== -1 && !(Number.isInteger(v) && v >= 0 && v < n)) throw new RangeError(`saved ${spec.name} holds ${v}, not a ${spec.values}`);
      }
    }
    const order = snap.arrays.get('st.sessList');
    if (order) restoreSessionOrder(this.st, asTyped(order, this.st.sessList), map);
    this.dropOrphanSessions();
    const saved = snap.ids;
    const sizes = {
      desktop: saved.desktop.length,
      user: saved.user.length,
      host: saved.host.length,
      pool: saved.pool.length,
      version: saved.version.length,
      cluster: saved.cluster.length,
    };
    const items = snap.queue.items.flatMap((s) => {
      // A saved state is a file someone may hand us: an event this engine cannot run is damage, refused whole.
      if (!isValidEvent(s.event, sizes) || !Number.isFinite(s.at) || !Number.isInteger(s.seq) || s.seq < 0 || s.seq >= snap.queue.nextSeq) {
        throw new RangeError(`saved event ${s.seq} is not one this engine can run`);
      }
      const event = map.preserving ? s.event : remapEvent(s.event, map);
      return event ? [{ at: s.at, seq: s.seq, event }] : [];
    });
    this.queue.restore(items, snap.queue.nextSeq);
    for (const p of this.parts()) p.load(snap.doc[p.key], map);
    const own = snap.doc.engine as EngineOwnSaved | undefined;
    this.journal.position = own?.journal ?? 0;
    this.st.dProblem.clear();
    for (const [d, why] of own?.problems ?? []) if (map.to('desktop', d) >= 0) this.st.dProblem.set(map.to('desktop', d), why);
    this.t = snap.t;
  }

  /** Runs whole ticks until `seconds` of simulated time have passed (the last tick may be shorter). */
  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError('cannot advance by a negative or non-numeric time');
    const end = this.t + seconds;
    while (this.t < end - 1e-9) this.tick(Math.min(this.tickSeconds, end - this.t));
  }

  /**
   * Runs whole ticks while the next one ends at or before `target`; returns how
   * many ran. The host drives the engine with this, so however wall-clock time
   * slices the run, ticks fall on the same grid and the history is the same.
   */
  advanceTo(target: number, maxTicks = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < maxTicks && this.t + this.tickSeconds <= target + 1e-9) {
      this.tick(this.tickSeconds);
      n++;
      // A pool asked for new machines, a snapshot task finished, or a host failure fault is due: stop here so the host persists it at this exact simulated moment.
      if (this.provisioner.growRequests.size > 0 || this.snapshots.due() || this.faults.opsDue) break;
    }
    return n;
  }

  tick(dt: number): void {
    const until = this.t + dt;
    for (let ev = this.queue.popDue(until); ev; ev = this.queue.popDue(until)) this.handle(ev.event, ev.at);
    this.t = until;
    if (this.pendingSizes.size > 0) this.applyPendingSizes(until);
    this.powerThrottle.pump(until); // the power-ons the throttle lets through now (core/engine/provisioning/power-throttle.ts)
    stampStates(this.st, until);
    this.snapshots.step(until);
    this.computeLoad();
    this.snapshots.accrue(dt);
    this.faults.stepSpace(dt, until); // thin space: fill faults allocate; a full datastore stuns its VMs (faults/space.ts)
    this.faults.resolveSnapshots(this.snapshots.depth, until);
  }

  /** Routes an event to the part it belongs to. */
  private handle(ev: EngineEvent, at: number): void {
    switch (ev.kind) {
      case 'provision-step':
        return this.provisioner.step(ev.desktop, at);
      case 'policy':
        this.provisioner.policy(at);
        this.queue.schedule(at + POLICY_SECONDS, { kind: 'policy' });
        return;
      case 'push-start':
        return this.push.start(ev.pool, ev.version, { force: ev.force, graceSec: ev.graceSec, stopOnError: ev.stopOnError }, at);
      case 'push-force':
        return this.push.force(ev.pool, at);
      case 'cluster':
        return this.cluster.handle(ev.op, at);
      case 'fault':
        return this.faults.handle(ev.id, ev.step, at);
      default:
        return this.broker.handle(ev, at);
    }
  }

  /**
   * Machines added to the running engine (an on-demand pool grew; their rows were just inserted):
   * every per-desktop array takes them at the end of the index space, where a lab read back from
   * the store lists them too, so this engine and one opened afresh from the store are the same.
   * Cheaper than a rebuild by the size of the lab: nothing else is recomputed.
   */
  addDesktops(lab: LabModel, added: readonly LabModel['desktops'][number][]): void {
    if (added.length === 0) return;
    const N0 = this.st.dPower.length;
    growDesktops(this.st, lab, added, this.t);
    const N = this.st.dPower.length;
    this.lab = lab;
    this.dDemandMhz = grown(this.dDemandMhz, N);
    this.dDeficit = grown(this.dDeficit, N);
    this.dLimited = grown(this.dLimited, N);
    this.dIops = grown(this.dIops, N);
    this.sessionLoad.grow(N);
    this.desktopLoad.grow(N);
    this.guestMem.grow(this.st, N0);
    this.storage.grow(N);
    this.snapshots.grow(N0);
    this.cluster.grow(added);
    this.powerThrottle.grow();
    this.provisioner.grow();
    this.autoscale.grow();
    this.faults.grow();
    this.checkDesktopArrays();
  }

  /**
   * Hardware changes that wait for a VM's power cycle (issue 19), by desktop: set by the app when an
   * admin saves one (and from the store when the engine is built). The engine applies one the first tick
   * it ends with the VM powered off, whoever powered it off (power policy, refresh, HA, an admin), at
   * that tick's simulated time; `appliedSizes` tells the app which, and when, for its rows and events.
   * Not durable state: the store's pending rows are, and they are read again when an engine is built.
   */
  readonly pendingSizes = new Map<number, DesktopSize>();
  appliedSizes: { d: number; t: number }[] = [];

  private applyPendingSizes(t: number): void {
    for (const [d, size] of this.pendingSizes) {
      if (this.st.dPower[d] !== P.poweredOff) continue;
      this.pendingSizes.delete(d);
      this.resizeDesktop(d, size);
      this.appliedSizes.push({ d, t });
    }
  }

  /**
   * A VM's size changed under the running engine (issue 19: vCPU or memory hot-added, or a change
   * applied at a power cycle or to a VM that was off): the engine sees the new size at once — CPU
   * shares, memory overhead, what the guest may hold, and its disk. The store's row says the same
   * (the handler wrote it), so an engine opened afresh from the store agrees.
   */
  resizeDesktop(d: number, size: DesktopSize): void {
    const st = this.st;
    // Shares per vCPU as the engine holds them now (a pool's CPU allocation edit reaches st.dShares, not this.lab's pool copy).
    const sharesPerVcpu = (st.dShares[d] as number) / Math.max(1, st.dVcpu[d] as number);
    const host = this.lab.hosts[st.dHost[d] as number];
    const raw = host?.cpu?.hypervisor ?? 'esxi';
    const hv = raw === 'hyper-v' || raw === 'kvm' || raw === 'ahv' ? raw : 'esxi';
    st.dVcpu[d] = size.vcpu;
    st.dRamMb[d] = size.ramGb * 1024;
    st.dOverheadMb[d] = vmOverheadOn(hv, size.ramGb, size.vcpu) + size.extraOverheadMb;
    st.dBaseMemMb[d] = size.ramGb * 1024 * VM_BASE_MEM_SHARE + (st.dOverheadMb[d] as number);
    st.dNoLiveMig[d] = size.noLiveMigration ? 1 : 0;
    st.dCpuFactor[d] = size.cpuFactor;
    st.dDiskGb[d] = size.diskGb;
    if (size.usedGb !== null) st.dUsedGb[d] = size.usedGb;
    this.guestMem.resized(st, d);
    st.dShares[d] = sharesPerVcpu * size.vcpu;
    this.refreshLoad();
  }

  /**
   * Every per-desktop array of the engine and its parts is as long as the lab has desktops (a missed
   * one would read undefined): the durable ones by their declared domain, the scratch ones by name.
   */
  checkDesktopArrays(): void {
    const N = this.st.dPower.length;
    const bad = (what: string, len: number) => new Error(`engine: ${what} holds ${len} desktops, not ${N}`);
    for (const a of this.durableArrays()) {
      if (a.domain === 'desktop' && a.array.length !== N * (a.stride ?? 1)) throw bad(a.name, a.array.length / (a.stride ?? 1));
    }
    const owners: [string, object][] = [
      ['engine', this],
      ['state', this.st],
      ...this.parts().map((p) => [p.key, p] as [string, object]),
      ['migration', this.cluster.mig],
      ['sessionLoad', this.sessionLoad],
    ];
    for (const [name, o] of owners) {
      for (const [key, v] of Object.entries(o)) {
        if (!/^d[A-Z]/.test(key)) continue;
        const len = ArrayBuffer.isView(v) ? (v as Uint8Array).length : Array.isArray(v) ? v.length : -1;
        if (len >= 0 && len !== N) throw bad(`${name}.${key}`, len);
      }
    }
  }

  /** Recomputes the figures of this instant (after the host loaded snapshot chains into a rebuilt engine). */
  refreshLoad(): void {
    this.desktopLoad.markAll();
    this.computeLoad();
  }

  /** One pass over desktops, sessions, hosts and datastores: the figures of this instant. */
  private computeLoad(): void {
    const st = this.st;
    const t = this.t;
    const p = ENGINE_PARAMS;
    const hDemand = this.hDemandMhz;
    const hMem = this.hMemMb;
    const hKbps = this.hKbps;
    // Per desktop: what its users demand this instant (CPU in vix, I/O, protocol bandwidth, memory), kept up to date by
    // load/session-load.ts; the desktop pass (load/desktop-load.ts) adds its own, converts vix to its host's MHz and sums
    // per host, computing again only the desktops whose inputs changed.
    const gm = this.guestMem;
    this.sessionLoad.update(t);
    // Every figure of the pass is written for every object, so they depend on the state alone (not on the pass before).
    this.dDeficit.fill(0);
    const inputs = this.loadInputs();
    // Tenant shares and limits (issue 19: load/tenant-cpu.ts) set the tenant desktops' shares and limits for this pass. They
    // follow demand, so in a lab with tenants every desktop is computed again each pass (the desktop pass's hook for limits).
    if (this.tenantCpu.active) {
      const x = inputs;
      this.tenantCpu.apply(st, { t, uVix: x.uVix, mhzPerVix: x.mhzPerVix, vmBaseVix: p.vmBaseVix, dHog: x.hogs ? x.dHogVcpu : null, hCoreMhz: x.hCoreMhz });
      touchAllDesktops(st);
    }
    const outputs = this.loadOutputs();
    this.desktopLoad.update(t, inputs, outputs);
    if (this.checkLoad) this.checkDesktopLoad(inputs, outputs);
    // Tenant memory limits (issue 19): a tenant over its limit gives the excess back (balloon, then swap) from its own VMs.
    if (this.tenantMem.active) this.tenantMem.reclaim(hMem, p.balloonShare);

    const H = hDemand.length;
    for (let h = 0; h < H; h++) hDemand[h] = this.perf.used(h, hDemand[h] as number); // hypervisor overhead, HCI controller VM
    this.cluster.mig.addLoad(hDemand); // vMotion's CPU on both hosts
    for (let h = 0; h < H; h++) {
      if (!st.hOn[h]) {
        this.hCpuPct[h] = 0;
        this.hReadyPct[h] = 0;
        this.hWatts[h] = 0;
        this.hBaseReadyPct[h] = 0;
        this.hContended[h] = 0;
        this.hMemState[h] = 0;
        this.hMemBlocked[h] = 0;
        this.hNicPct[h] = 0;
        this.hBalloonMb[h] = 0;
        this.hSwapMb[h] = 0;
        continue;
      }
      const rho = (hDemand[h] as number) / (st.hCapMhz[h] as number);
      this.hCpuPct[h] = Math.min(100, rho * 100);
      // A memory-hungry VM's reservation (an injected fault, faults/faults.ts) is consumed memory like the desktops'.
      hMem[h] = (hMem[h] as number) + (this.perf.cvmRamMb[h] as number) + (this.faults.hMemHogMb[h] as number);
      const vpc = ((this.hVcpuOn[h] as number) + (this.perf.cvmVcpu[h] as number)) / (st.hCores[h] as number);
      const exponent = this.hWaitExponent[h] as number;
      // The ready model is a pure function of the host's load and overcommit: a host whose figures did not change keeps its result.
      if (rho !== this.hReadyRho[h] || vpc !== this.hReadyVpc[h]) {
        this.hReadyRho[h] = rho;
        this.hReadyVpc[h] = vpc;
        this.hReadyRaw[h] = readyPctFor(rho, st.hLogical[h] as number, exponent, vpc, p.readyActivity);
      }
      this.hReadyPct[h] = this.hReadyRaw[h] as number;
      if (rho > 1) {
        this.hBaseReadyPct[h] = readyPctFor(1, st.hLogical[h] as number, exponent, vpc, p.readyActivity);
        this.hContended[h] = 1;
        entitle(st, h, this.perf.guestCapacity(h, st.hCapMhz[h] as number), this.dDemandMhz, this.dDeficit);
      } else {
        this.hBaseReadyPct[h] = 0;
        this.hContended[h] = 0;
      }
      const ramMb = st.hRamMb[h] as number;
      const free = ramMb - (hMem[h] as number);
      const minFree = this.hMinFreeMb[h] as number;
      const need = Math.max(0, minFree - free);
      const si = memoryStateIndex(free, minFree);
      this.hMemState[h] = si;
      this.hMemBlocked[h] = free < minFree * BLOCK_ALLOCATIONS_SHARE ? 1 : 0;
      this.hNicPct[h] = (100 * (hKbps[h] as number)) / Math.max(1, (st.hNicMbps[h] as number) * (this.faults.hNicFactor[h] as number) * 1000);
      const balloon = si >= 2 ? Math.min(need, (hMem[h] as number) * p.balloonShare) : 0;
      this.hBalloonMb[h] = balloon;
      this.hSwapMb[h] = si >= 3 ? Math.max(0, need - balloon) : 0;
      this.hWatts[h] = hostWatts(st.hIdleW[h] as number, st.hPeakW[h] as number, Math.min(1, rho));
    }

    gm.settle(st, this.sessionLoad.dMemMb, hMem, this.hBalloonMb, this.hSwapMb);
    this.snapshots.addLoad(this.sIops);
    this.storage.step(st, this.sIops, this.sLatencyMs, this.dIops, t);
  }

  /** What the desktop pass reads (load/desktop-load.ts). */
  private loadInputs(): DesktopLoadInputs {
    const sl = this.sessionLoad;
    return {
      uVix: sl.dCpuVix,
      uIo: sl.dIops,
      uKbps: sl.dKbps,
      uMemMb: sl.dMemMb,
      mhzPerVix: this.perf.mhzPerVix,
      hCoreMhz: this.hCoreMhz,
      dWriteShare: this.storage.dWriteShare,
      dHogVcpu: this.faults.dHogVcpu,
      hogs: this.faults.hogs,
      sFull: this.faults.space.sFull,
      gm: this.guestMem,
      poolTenant: this.tenantMem.poolTenant,
      tenantSwapping: this.tenantMem.reclaiming,
      vmBaseVix: ENGINE_PARAMS.vmBaseVix,
      vmBaseIops: ENGINE_PARAMS.vmBaseIops,
    };
  }

  /** Where the desktop pass writes (the engine's own arrays). */
  private loadOutputs(): DesktopLoadOutputs {
    return {
      hDemandMhz: this.hDemandMhz,
      hVcpuOn: this.hVcpuOn,
      hMemMb: this.hMemMb,
      hKbps: this.hKbps,
      hSessions: this.hSessions,
      sIops: this.sIops,
      sWriteIops: this.storage.sWriteIops,
      dDemandMhz: this.dDemandMhz,
      dIops: this.dIops,
      dLimited: this.dLimited,
      tHostMemMb: this.tenantMem.hostMb,
    };
  }

  /**
   * Tests (`checkLoad`): the kept-up-to-date pass against every desktop computed afresh by a second
   * instance, bit for bit; throws on the first figure that differs.
   */
  private checkDesktopLoad(inputs: DesktopLoadInputs, got: DesktopLoadOutputs): void {
    const fresh: DesktopLoadOutputs = {
      hDemandMhz: new Float64Array(got.hDemandMhz.length),
      hVcpuOn: new Float64Array(got.hVcpuOn.length),
      hMemMb: new Float64Array(got.hMemMb.length),
      hKbps: new Float64Array(got.hKbps.length),
      hSessions: new Int32Array(got.hSessions.length),
      sIops: new Float64Array(got.sIops.length),
      sWriteIops: new Float64Array(got.sWriteIops.length),
      dDemandMhz: new Float64Array(got.dDemandMhz.length),
      dIops: new Float64Array(got.dIops.length),
      dLimited: new Float32Array(got.dLimited.length),
      tHostMemMb: new Float64Array(got.tHostMemMb.length),
    };
    new DesktopLoad(this.st).update(this.t, inputs, fresh);
    for (const key of Object.keys(fresh) as (keyof DesktopLoadOutputs)[]) {
      const a = got[key];
      const b = fresh[key];
      for (let i = 0; i < a.length; i++)
        if (!Object.is(a[i], b[i])) throw new Error(`desktop load: ${key}[${i}] is ${a[i]} kept up to date, ${b[i]} counted afresh (t=${this.t})`);
    }
    // Guest memory's `mayPage`: the desktops a settle without a balloon walks, as the walk over every session finds them.
    const st = this.st;
    const gm = this.guestMem;
    const want = new Set<number>();
    for (let i = 0; i < st.nSess; i++) {
      const d = st.uDesktop[st.sessList[i] as number] as number;
      if (d < 0 || st.dPower[d] !== P.poweredOn || (st.dSessions[d] as number) === 0) continue;
      const ws = (gm.dOsWsMb[d] as number) + (st.dSessions[d] as number) * (gm.dAppsWsMb[d] as number);
      if (ws * GUEST_MEMORY_PARAMS.headroom > (st.dRamMb[d] as number)) want.add(d);
    }
    for (const d of want) if (!gm.mayPage.has(d)) throw new Error(`desktop load: desktop ${d} can page but is not in mayPage (t=${this.t})`);
    for (const d of gm.mayPage) if (!want.has(d)) throw new Error(`desktop load: desktop ${d} is in mayPage but cannot page (t=${this.t})`);
  }

  /**
   * User experience now: the response time (ms) of a typical action set for
   * every connected session, from the contention it sees (CPU ready, storage
   * latency, swapping). Fills uUxMs and the per-host average hUxMs. Computed on
   * demand (for samples), not every tick.
   */
  experience(): void {
    const st = this.st;
    const { uState, uDesktop, sessList } = st;
    const hUx = this.hUxMs;
    const hCount = new Int32Array(hUx.length);
    hUx.fill(0);
    this.uUxMs.fill(0);
    for (let i = 0; i < st.nSess; i++) {
      const u = sessList[i] as number;
      if (uState[u] === U.disconnected) continue;
      const d = uDesktop[u] as number;
      const h = st.dHost[d] as number;
      // A VM reading through a snapshot chain waits longer the larger its active delta grew (faults/params.ts snapshotLatencyMsPerGb).
      const chain = (this.snapshots.depth[d] as number) > 0 ? (this.snapshots.deltaGb[d] as number) * FAULT_EFFECTS.snapshotLatencyMsPerGb : 0;
      const latencyMs = (this.sLatencyMs[st.dDs[d] as number] as number) + chain;
      // A VM stunned on a full datastore answers nothing until space is freed (faults/space.ts).
      const ux = this.faults.space.stunned(d)
        ? FAULT_EFFECTS.stunnedResponseMs
        : actionResponseMs({
            vixPerCore: this.perf.vixPerCore[h] as number,
            readyPct: this.vmReadyPct(d),
            coStopPct: 0,
            guestWaitPct: 0,
            latencyMs,
            pageDeficit: this.guestMem.dDeficit[d] as number,
            swappedShare: this.guestMem.swapShareOf(st, d),
            swapLatencyMs: latencyMs,
            networkMs: 0,
          });
      this.uUxMs[u] = ux;
      hUx[h] = (hUx[h] as number) + ux;
      hCount[h] = (hCount[h] as number) + 1;
    }
    for (let h = 0; h < hUx.length; h++) if ((hCount[h] as number) > 0) hUx[h] = (hUx[h] as number) / (hCount[h] as number);
  }

  /**
   * CPU ready % of one VM. On a host with spare capacity every VM sees the
   * host's figure; on a contended host a VM also waits for the share of its
   * demand its entitlement does not cover (shares, reservation, limit).
   */
  /** Share of its display bandwidth each session on host h gets through the host's uplinks (1 unless they are saturated). */
  nicShareOf(h: number): number {
    return nicShare(this.hKbps[h] as number, (this.st.hNicMbps[h] as number) * (this.faults.hNicFactor[h] as number));
  }

  vmReadyPct(d: number): number {
    const h = this.st.dHost[d] as number;
    const contended = this.hContended[h] === 1;
    const base = contended ? (this.hBaseReadyPct[h] as number) : (this.hReadyPct[h] as number);
    const unmet = 1 - (1 - (contended ? (this.dDeficit[d] as number) : 0)) * (1 - (this.dLimited[d] as number));
    return Math.min(100, base + 100 * unmet * ENGINE_PARAMS.deficitReadyFactor);
  }

  /** Sessions by engine state, and desktops by machine state (for the dashboard and tests). */
  counts(): { sessions: number; logon: number; active: number; disconnected: number; failed: number; byState: Record<number, number> } {
    let logon = 0;
    let active = 0;
    let disc = 0;
    for (const s of this.st.uState) {
      if (s === U.logon) logon++;
      else if (s === U.active || s === U.reconnecting) active++;
      else if (s === U.disconnected) disc++;
    }
    const byState: Record<number, number> = {};
    for (const s of this.st.dState) byState[s] = (byState[s] ?? 0) + 1;
    return { sessions: logon + active + disc, logon, active, disconnected: disc, failed: this.broker.failed, byState };
  }
}

export { M, P, U, ENGINE_PARAMS };
