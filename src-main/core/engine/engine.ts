import type { LabModel } from '../lab/model.ts';
import { TenantCpu } from './load/tenant-cpu.ts';
import { TenantMemory } from './load/tenant-memory.ts';
import { nicShare } from '../models/protocol.ts';
import { HostPerfTable } from './load/host-perf.ts';
import { SessionLoad } from './load/session-load.ts';
import { DesktopLoad } from './load/desktop-load.ts';
import { LoadPass } from './load/load-pass.ts';
import { GuestMemory } from './load/guest-memory.ts';
import { StorageQueues } from './storage/storage-queue.ts';
import { PowerThrottleQueue } from './provisioning/power-throttle.ts';
import { EventQueue } from './event-queue.ts';
import type { EngineCore } from './core.ts';
import { ENGINE_PARAMS } from './params.ts';
import { Broker } from './sessions/broker.ts';
import type { EngineEvent } from './events.ts';
import { Journal } from './journal.ts';
import { captureOf, fingerprintOf, idsOf, restoreEngine, type EngineOwnSaved } from './engine-durable.ts';
import { checkDesktopArrays, growEngineDesktops, poolImage, resizeDesktopState, type DesktopSize } from './engine-desktops.ts';
import { type DurableArray, type DurablePart, type EngineSnapshot, type StoredArray } from './durable/state.ts';
import type { EngineIds } from './durable/remap.ts';
import { reserveDesktops, M, P, sessionOrder, stampStates, stateArrays, U } from './state.ts';
import { Provisioner } from './provisioning/provisioning.ts';
import { POLICY_SECONDS } from './provisioning/params.ts';
import { PushImage } from './provisioning/push-image.ts';
import { Autoscale } from './provisioning/autoscale.ts';
import { ClusterOps } from './cluster/cluster.ts';
import { SnapshotLoad } from './storage/snapshot-load.ts';
import type { Workload } from '../../contract/entities.ts';
import { Faults } from './faults/faults.ts';
import { EngineFigures } from './engine-figures.ts';

export type { DesktopSize } from './engine-desktops.ts';

/**
 * The simulated cluster. Deterministic: the same lab, seed and actions give the
 * same figures bit for bit. Time is simulated seconds since the Unix epoch.
 * Its state and the figures of its last load pass: engine-figures.ts.
 */
export class Engine extends EngineFigures implements EngineCore {
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
  /** The load pass: its host constants and the ready model's last results (load/load-pass.ts). */
  private readonly pass: LoadPass;

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
    super(lab, opts.reuse?.st);
    this.lab = lab;
    this.seed = opts.seed;
    this.tickSeconds = opts.tickSeconds ?? ENGINE_PARAMS.tickSeconds;
    if (!(this.tickSeconds > 0 && this.tickSeconds <= 60)) throw new RangeError('tick length must be in (0, 60] seconds');
    this.t = opts.startTime ?? Date.parse(lab.simTime) / 1000;
    this.poolWorkloads = lab.pools.map((p) => p.workload);
    this.pass = new LoadPass(this.st);
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
      (p) => poolImage(this.st, this.push.target, p),
    );
    this.storage.setFaultFactors(this.faults.sCapFactor, this.faults.sSvcFactor);
    this.broker.book.netOverlay = this.faults.netOverlay;
    if (opts.restore) this.t = restoreEngine(this, this.parts(), opts.restore);
    else this.start(lab, opts.workday !== false);
    // Spare room in every per-desktop array, so the machines an on-demand pool adds later copy nothing (desktop-capacity.ts).
    reserveDesktops(() => growEngineDesktops(this, this.parts(), lab, []));
    this.computeLoad(); // figures exist before the first tick
  }

  /** The lab's first start: DRS on its grid, the users' day, machines left mid-provisioning, the pools' power rules. */
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
      this.tenantMem,
    ] as DurablePart[];
  }

  /** Every typed array of durable state, named. */
  durableArrays(): DurableArray[] {
    return [...stateArrays(this.st), ...this.parts().flatMap((p) => p.arrays())];
  }

  /** The index space of this engine: the ids of its entities in index order. */
  ids(): EngineIds {
    return idsOf(this.st, this.cluster.clusters);
  }

  /**
   * The engine's whole state, to continue from: arrays are the live ones (not copies), so
   * take it when the engine stops (a rebuild) or write it out before running on.
   */
  capture(): EngineSnapshot<EngineEvent> {
    return captureOf(this);
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
    return fingerprintOf(this);
  }

  /** Desktops whose machine state an action outside a tick changed take this instant as their "since". */
  stampStates(): void {
    stampStates(this.st, this.t);
  }

  /** The engine's own object state (what the parts do not hold). */
  saveOwn(): EngineOwnSaved {
    return { journal: this.journal.position, problems: [...this.st.dProblem] };
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
    // Thin space: fill faults allocate; a full datastore stuns its VMs (faults/space.ts). One that filled up or freed up changes
    // what the pass of this instant reads: it is computed again (the desktops it touched), so the figures of this instant are the
    // ones any later pass at it computes (an admin change's refresh, a lab opened by another process), not the ones from before.
    if (this.faults.stepSpace(dt, until)) this.computeLoad();
    // (A snapshot-growth fault resolves only once none of its machines has a snapshot: nothing the pass reads changes.)
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
    this.lab = lab;
    growEngineDesktops(this, this.parts(), lab, added);
  }

  /**
   * Hardware changes that wait for a VM's power cycle (issue 19), by desktop: set by the app when an
   * admin saves one (and from the store when the engine is built). The engine applies one the first tick
   * it ends with the VM powered off, whoever powered it off (power policy, refresh, HA, an admin), at
   * that tick's simulated time; `appliedSizes` tells the app which, and when, for its rows and events.
   * Not durable state: the store's pending rows are, and they are read again when an engine is built.
   */
  readonly pendingSizes = new Map<number, DesktopSize>();
  appliedSizes: { d: number; t: number; seq: number; usedGb: number }[] = [];

  private applyPendingSizes(t: number): void {
    for (const [d, size] of this.pendingSizes) {
      if (this.st.dPower[d] !== P.poweredOff) continue;
      this.pendingSizes.delete(d);
      this.resizeDesktop(d, size);
      // The event's place in the journal and the disk use are this tick's, whenever the flush that writes them comes.
      this.appliedSizes.push({ d, t, seq: this.journal.next(), usedGb: this.st.dUsedGb[d] as number });
    }
  }

  /**
   * A VM's size changed under the running engine (issue 19: vCPU or memory hot-added, or a change
   * applied at a power cycle or to a VM that was off): the engine sees the new size at once — CPU
   * shares, memory overhead, what the guest may hold, and its disk. The store's row says the same
   * (the handler wrote it), so an engine opened afresh from the store agrees.
   */
  resizeDesktop(d: number, size: DesktopSize): void {
    resizeDesktopState(this.st, this.lab, this.guestMem, d, size);
    this.refreshLoad();
  }

  /**
   * Every per-desktop array of the engine and its parts is as long as the lab has desktops (a missed
   * one would read undefined): the durable ones by their declared domain, the scratch ones by name.
   */
  checkDesktopArrays(): void {
    checkDesktopArrays(this, this.parts());
  }

  /** Recomputes the figures of this instant, every desktop afresh (after the host wrote engine state without the change hooks: snapshot chains loaded into a rebuilt engine). */
  refreshLoad(): void {
    this.desktopLoad.markAll();
    this.computeLoad();
  }

  /**
   * The figures of this instant after changes the engine was told of (its own actions, `addDesktops`,
   * `provisioner.fill`): only the desktops marked changed are computed again, the rest keep their
   * contribution. The same figures as `refreshLoad`, bit for bit, at the cost of what changed.
   */
  updateLoad(): void {
    this.computeLoad();
  }

  /** One pass over desktops, sessions, hosts and datastores: the figures of this instant (load/load-pass.ts). */
  private computeLoad(): void {
    this.pass.run(this);
  }

  /** User experience now: the response time (ms) of every connected session, and each host's mean (load/load-pass.ts). Computed on demand (for samples), not every tick. */
  experience(): void {
    this.pass.experience(this);
  }

  /** Share of its display bandwidth each session on host h gets through the host's uplinks (1 unless they are saturated). */
  nicShareOf(h: number): number {
    return nicShare(this.hKbps[h] as number, (this.st.hNicMbps[h] as number) * (this.faults.hNicFactor[h] as number));
  }

  /**
   * CPU ready % of one VM. On a host with spare capacity every VM sees the
   * host's figure; on a contended host a VM also waits for the share of its
   * demand its entitlement does not cover (shares, reservation, limit).
   */
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
