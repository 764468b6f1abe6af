import { LabError } from '../contract/errors.ts';
import type { PushMessage } from '../contract/methods.ts';
import type { MetricRange, MetricScopeName, MetricSeries, MetricsNow } from '../contract/simulation.ts';
import { Engine, ENGINE_PARAMS } from '../core/engine/engine.ts';
import { Remap } from '../core/engine/durable/remap.ts';
import type { EngineSnapshot } from '../core/engine/durable/state.ts';
import { M } from '../core/engine/state.ts';
import type { EngineEvent } from '../core/engine/events.ts';
import type { LabModel } from '../core/lab/model.ts';
import type { Db } from '../store/db.ts';
import { readLabModel, withAddedDesktops } from '../store/lab-reader.ts';
import { readRollups } from '../store/metrics.ts';
import { nextNoteNumber } from '../store/events.ts';
import { EngineStateStore, readEngineState } from '../store/engine-state.ts';
import { readMetricSamples, readSessionRounds } from '../store/samples.ts';
import { readScalingPlan } from '../store/scaling.ts';
import { loadEnginePending } from './hardware.ts';
import { SessionTracker } from './session-tracker.ts';
import { SessionSampler } from './session-sampler.ts';
import { MetricsSampler, RAW_WINDOW_SECONDS, SAMPLE_SECONDS, type MetricsLayout } from './metrics-sampler.ts';
import { PushTracker } from './push-tracker.ts';
import { ClusterTracker } from './cluster-tracker.ts';
import { SnapshotTracker } from './snapshot-tracker.ts';
import { EngineRows } from './engine-rows.ts';
import { AlarmEvaluator } from './alarms/evaluator.ts';
import { ScenarioJudge, type JudgeSaved } from './scenarios/judge.ts';
import type { AlarmEvaluatorSaved } from '../contract/alarm-entities.ts';
import { applyTenancy } from './tenants.ts';
import { applyVgpu } from './vgpu.ts';
import { rowExists } from '../store/inventory.ts';
import { endedSessionAt } from '../store/session-history.ts';
import { ClockCoordination } from './sim-coordination.ts';
import { currentLab, reloadDesktopStates, reloadEngineStates } from './sim-lab.ts';

const RANGE_SECONDS: Record<MetricRange, number> = { '1h': 3600, '8h': 8 * 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 };

/** What the host keeps beside the engine's own state: the samples' layout and the next sample's time. */
interface AppSaved {
  metrics: MetricsLayout;
  nextSample: number;
  /** The alarm evaluator's breaches and windows (absent in labs saved before alarms). */
  alarms?: AlarmEvaluatorSaved;
  /** The training scenario under way or last played (issue 17; absent when none was started in this lab). */
  scenario?: JudgeSaved;
}

const iso = (t: number) => new Date(t * 1000).toISOString();

/**
 * The engine of a lab and what it is built from (simulation.ts's base): opened from the store (its
 * saved state continued, or the lab started afresh), rebuilt when the lab's structure changed, grown
 * by an on-demand pool, and written back as engine state; the trackers that turn its changes into
 * rows; the lab model beside it. Simulation adds the clock: running slices and flushing them.
 */
export class LabEngine extends ClockCoordination {
  engine!: Engine;
  protected lab!: LabModel;
  protected sampler!: MetricsSampler;
  /** The running sessions' rows, history and failures (session-tracker.ts). */
  sessions!: SessionTracker;
  /** Per-session figures over the last hour (session-sampler.ts). */
  sessionSamples!: SessionSampler;
  protected pushTracker!: PushTracker;
  /** Cluster operations (migrations, maintenance, HA): handlers hand it their tasks. */
  clusterTracker!: ClusterTracker;
  snapshotTracker!: SnapshotTracker;
  /** Alarms judged on the simulated-minute grid, written by the flush (alarms/evaluator.ts). */
  alarms!: AlarmEvaluator;
  /** The training scenario's judge (app/scenarios/judge.ts), or null. */
  scenario: ScenarioJudge | null = null;
  protected readonly stateStore: EngineStateStore;
  protected rows!: EngineRows;
  /** Pushes of a flush made inside a run (on-demand growth), sent with the next flush. */
  protected deferred: PushMessage[] = [];
  protected nextSample = 0;
  protected trendsFirstHour = 0;
  /** Bumped when the engine's index space may have changed (a rebuild): the stored ids are written again. */
  protected idsVersion = 0;
  /** The stored queue no longer matches the engine's (a new lab, or a rebuild that renumbered entities): rewritten whole. */
  protected queueWhole = true;
  /** Why the stored engine state could not be used at open (the lab then resumed from its rows); told once in the event log. */
  protected openProblem: string | null = null;
  /** Bytes of engine state the last flush wrote (for the bench). */
  lastStateBytes = 0;
  /**
   * A lab that has never run, opened and not moved since (its engine is what any process would
   * start afresh from the same rows): a flush writes nothing, so merely looking at a lab changes no byte of it.
   */
  protected pristine: string | null = null;

  constructor(protected readonly db: Db) {
    super();
    this.stateStore = new EngineStateStore(db);
    this.open();
  }

  /** Builds the engine from the store: continues its stored state, or starts the lab afresh (a lab that has never run). */
  protected open(): void {
    this.lab = readLabModel(this.db);
    let stored: ReturnType<typeof readEngineState<EngineEvent>>;
    let engine: Engine | undefined;
    this.openProblem = null;
    try {
      stored = readEngineState<EngineEvent>(this.db);
      if (stored && Math.abs(stored.t - Date.parse(this.lab.simTime) / 1000) > 1e-3) {
        throw new LabError('store-corrupt', `its time ${iso(stored.t)} is not the lab's ${this.lab.simTime}`);
      }
      if (stored) engine = new Engine(this.lab, { seed: this.lab.seed, tickSeconds: ENGINE_PARAMS.tickSeconds, restore: { format: 1, ...stored } });
    } catch (err) {
      this.openProblem = (err as Error).message;
      stored = undefined;
    }
    this.engine = engine ?? new Engine(this.lab, { seed: this.lab.seed, tickSeconds: ENGINE_PARAMS.tickSeconds });
    // An engine started from the rows (a lab that never ran, or one whose saved state could not be read) numbers its
    // notes after those the event log holds: a number given again is a key the log ignores, and that event is lost.
    if (!engine) this.engine.journal.position = Math.max(this.engine.journal.position, nextNoteNumber(this.db));
    const app = stored?.doc.app as AppSaved | undefined;
    this.sampler = new MetricsSampler(this.lab, app?.metrics);
    this.sampler.addPools(this.lab.pools.map((p) => p.id));
    this.sampler.restoreRing(readMetricSamples(this.db, this.engine.t - RAW_WINDOW_SECONDS));
    this.nextSample = app?.nextSample ?? Math.ceil(this.engine.t / SAMPLE_SECONDS) * SAMPLE_SECONDS;
    // The first Trends hour, if the lab has not closed one yet: the hour the engine opened in (the same for every process that opens the same committed state).
    this.trendsFirstHour = Math.floor(this.engine.t / 3600) * 3600;
    this.sessions = new SessionTracker(this.db, this.engine, this.lab);
    this.sessions.load(stored === undefined);
    this.alarms = new AlarmEvaluator(this.db, this.engine.t, app?.alarms, stored?.doc);
    this.scenario = app?.scenario ? new ScenarioJudge(app.scenario, this.db) : null;
    this.sessionSamples = new SessionSampler();
    this.sessionSamples.restore(readSessionRounds(this.db, this.engine.t - RAW_WINDOW_SECONDS), this.engine, this.sessions);
    this.attach();
    // The engine computed its figures when it was built, before attach() gave it the tenants' limits, vGPU slots and
    // waiting hardware changes: computed again with them, as the running engine had them (and as rebuild() does). Until
    // the first tick's pass, a reopened lab's datastore latency and ready times otherwise ignored a tenant's paging,
    // and the logon phases that tick scheduled read them.
    this.engine.refreshLoad();
    this.rows = new EngineRows(this.db);
    this.rows.prime(this.engine, this.lab);
    this.idsVersion++;
    if (stored) {
      // The engine is built over the lab's rows, which may hold more than the saved state named (image versions created
      // since it was written): then its ids are written at the next flush, and records and queue whole if they moved.
      const sameIds = JSON.stringify(stored.ids) === JSON.stringify(this.engine.ids());
      this.stateStore.prime(stored, sameIds ? this.idsVersion : -1);
      this.queueWhole = !sameIds && !new Remap(stored.ids, this.engine.ids()).preserving;
    } else {
      this.stateStore.reset();
      this.queueWhole = true;
    }
    this.deferred = [];
    this.pristine = stored || this.openProblem ? null : this.engine.fingerprint();
  }

  /** Trackers for the current engine, the lab's plans, and the tasks the engine does not run yet. */
  protected attach(): void {
    this.pushTracker = new PushTracker(this.db, this.engine, (u, at) => this.sessionAt(u, at));
    this.clusterTracker = new ClusterTracker(this.db, this.engine);
    applyTenancy(this.db, this.engine); // tenant isolation and CPU shares / limits (issue 19)
    applyVgpu(this.db, this.engine); // vGPU slots on hosts' GPUs (issue 19)
    this.snapshotTracker = new SnapshotTracker(this.db, this.engine);
    this.lab.pools.forEach((p, i) => {
      const plan = readScalingPlan(this.db, p.id);
      this.engine.autoscale.plans[i] = plan;
      if (!plan) this.engine.st.pPhaseLb[i] = -1; // a plan removed: the pool's own load balancing again
    });
    this.pushTracker.reconcile();
    this.clusterTracker.reconcile();
    loadEnginePending(this.db, this.engine); // hardware changes waiting for a power cycle (issue 19)
  }

  /**
   * (Re)builds the engine after the lab changed under it. `labReplaced` (a new lab, a restored
   * checkpoint): the engine is opened from the store as a new process would. Otherwise (machines,
   * pools or hosts added or removed, a push, a plan): the running engine's state goes into one
   * built from the changed store. Call inside the transaction of the change.
   */
  rebuild(labReplaced = true, added?: readonly string[]): void {
    if (labReplaced) {
      // Another timeline from here: a step of the old one must not run on.
      if (this.stepping && !this.stopReason) this.stopReason = 'the lab was replaced';
      this.timeline++;
      return this.open();
    }
    // The store first catches up with the running engine: the new engine reads machine states from its rows,
    // and takes over the queue the stored rows then match.
    this.rows.write(this.engine);
    this.writeState();
    // The state is stored now: the lab is no longer one that never ran (a flush of the rebuilt engine must write its own,
    // or the store would keep the old engine's, its index space without what the change added).
    this.pristine = null;
    const old = this.engine;
    const snap: EngineSnapshot<EngineEvent> = old.capture();
    // Machines added on demand: the lab as the engine holds it now, plus them (read alone); any other change: the lab as stored.
    this.lab = added ? withAddedDesktops(this.db, currentLab(old, this.lab), added) : readLabModel(this.db);
    // Growth changes no user, pool or entitlement: the engine takes the running one's entitlement lists and population draws.
    this.engine = new Engine(this.lab, { seed: this.lab.seed, tickSeconds: ENGINE_PARAMS.tickSeconds, restore: snap, reuse: added ? old : undefined });
    if (!new Remap(snap.ids, this.engine.ids()).preserving) this.queueWhole = true;
    this.idsVersion++;
    this.sampler.addPools(this.lab.pools.map((p) => p.id));
    const sessions = new SessionTracker(this.db, this.engine, this.lab);
    // The running sessions' rows carry over (they were just written); read again only if the users changed.
    if (!sessions.adopt(this.sessions)) sessions.load(false);
    this.sessions = sessions;
    this.attach();
    // Machines the change added (a new pool, a bigger one, on-demand growth) start provisioning now, in their pools only.
    // Clones that waited for their host start at the next policy pass (provisioning.ts policy), as they would without
    // the rebuild: a change that is nothing in effect starts nothing.
    const known = new Set(snap.ids.desktop);
    const st = this.engine.st;
    for (let p = 0; p < st.pDesktops.length; p++) {
      if ((st.pDesktops[p] as Int32Array).some((d) => !known.has(st.ids.desktops[d] as string))) this.engine.provisioner.fill(p, this.engine.t);
    }
    this.engine.refreshLoad();
  }

  /**
   * Machines an on-demand pool just added (their rows inserted in this flush's transaction): the
   * running engine takes them in at the end of its index space, which is where an engine opened
   * from the store puts them too, and starts provisioning them. No rebuild: the cost is the new
   * machines', not the lab's.
   */
  protected addMachines(added: readonly string[]): void {
    const e = this.engine;
    const from = e.st.dPower.length;
    // The lab the simulation keeps lists the engine's machines in its order; if not, a rebuild is the safe way.
    if (this.lab.desktops.length !== from || this.lab.desktops.some((d, i) => d.id !== e.st.ids.desktops[i])) return this.rebuild(false, added);
    this.lab = withAddedDesktops(this.db, this.lab, added);
    e.addDesktops(this.lab, this.lab.desktops.slice(from));
    this.idsVersion++;
    this.sessions.labGrew(this.lab);
    this.snapshotTracker.desktopsAdded(from);
    for (let p = 0; p < e.st.pDesktops.length; p++) e.provisioner.fill(p, e.t);
    // Everything that changed went through the change hooks (addDesktops, provisioner.fill): only those desktops' load.
    e.updateLoad();
  }

  /**
   * The stored id of the session user u had at simulated time `at`: the live one if it had started by then, else the
   * one that ended since (the flush writes ended sessions' history rows before the trackers that ask).
   */
  private sessionAt(u: number, at: number): string | undefined {
    const live = this.sessions.idOf(u);
    if (live !== undefined && (this.engine.broker.book.startedAt[u] as number) <= at + 1e-9) return live;
    const user = this.engine.st.ids.users[u];
    return user === undefined ? undefined : endedSessionAt(this.db, user, new Date(at * 1000).toISOString());
  }

  /** Opens the engine again from the last committed state (a mutating request failed after touching it). */
  reopen(): void {
    this.open();
  }

  /** Writes the engine's state (what changed since the last write). Call inside a transaction. */
  protected writeState(): void {
    const e = this.engine;
    const snapDoc = e.saveDoc();
    const app: AppSaved = {
      metrics: this.sampler.layout(),
      nextSample: this.nextSample,
      alarms: this.alarms.save(),
      ...(this.scenario ? { scenario: this.scenario.save() } : {}),
    };
    const whole = this.queueWhole;
    this.queueWhole = false;
    this.lastStateBytes = this.stateStore.write<EngineEvent>({
      t: e.t,
      ids: e.ids(),
      idsVersion: this.idsVersion,
      arrays: e.storedArrays(),
      renumbered: whole,
      doc: { ...snapDoc, app },
      frozenDoc: this.alarms.logonWindow.sections(),
      queue: () => {
        const changes = e.queue.takeChanges();
        return { whole: whole ? e.queue.items() : null, added: changes.added, removed: changes.removed, nextSeq: e.queue.sequence };
      },
    });
  }

  /** Moves engine changes into the pending session rows (cheap; called after every slice). */
  collect(): void {
    const { changes } = this.engine.broker.peekChanges();
    if (changes.length === 0) return;
    this.alarms.note(changes, this.engine);
    this.scenario?.note(changes, this.engine);
    this.sessions.collect(changes);
    this.engine.broker.clearChanges();
  }

  /**
   * Before a rebuild over a changed structure: the machines' states the change wrote to their rows (a recovered or rebuilt
   * machine is PROVISIONING again) go into the running engine, whose rows the rebuild writes first. Nothing else: the
   * rebuilt engine reads the rest from the store, and its trackers adopt the change's tasks.
   */
  takeDesktopStates(): void {
    reloadDesktopStates(this.db, this.engine);
  }

  /**
   * Admin operations changed desktops or pools in the store: take their states into the engine. Call inside the change's
   * transaction; the caller then computes the figures of the instant again (host.ts duringMutation: once, for every change).
   */
  reloadStates(): void {
    const e = this.engine;
    const st = e.st;
    const inMaintenance: number[] = [];
    for (let d = 0; d < st.dState.length; d++) if (st.dState[d] === M.MAINTENANCE) inMaintenance.push(d);
    this.lab = reloadEngineStates(this.db, e, this.lab);
    this.snapshotTracker.reload();
    this.pushTracker.reconcile();
    this.clusterTracker.reconcile();
    // A machine back from maintenance mode during a push is recomposed now, as the push's other unused machines were
    // (it waited for it): otherwise it stayed on the old image, the broker handed it out, and the push never ended.
    const pools = new Set<number>();
    for (const d of inMaintenance) if (st.dState[d] !== M.MAINTENANCE && e.push.recomposeIfIdle(d)) pools.add(st.dPool[d] as number);
    for (const p of pools) e.provisioner.fill(p, e.t);
    // A machine the admin took out (maintenance) no longer counts toward a push in progress.
    for (let p = 0; p < st.pDesktops.length; p++) e.push.check(p, e.t);
  }

  /** Logs off every session of a pool (it is being deleted): each ends like any logoff, into Help Desk's history. */
  logoffPool(poolId: string, reason: string): void {
    const e = this.engine;
    const p = e.st.ids.pools.indexOf(poolId);
    if (p < 0) return;
    for (let i = e.st.nSess - 1; i >= 0; i--) {
      const u = e.st.sessList[i] as number;
      if (e.st.uPool[u] === p) e.broker.forceLogoff(u, e.t, reason);
    }
    this.collect();
  }

  /** The lab as the engine was built from it (names of users, desktops, pools, hosts by engine index). */
  get model(): LabModel {
    return this.lab;
  }

  datastoreName(i: number): string {
    return this.lab.datastores[i]?.name ?? '';
  }

  metricsNow(): MetricsNow {
    return this.sampler.snapshot(this.engine);
  }

  series(scope: MetricScopeName, id: string | undefined, range: MetricRange): MetricSeries {
    const objectId = scope === 'estate' ? '' : (id ?? '');
    if (scope !== 'estate' && !this.exists(scope, objectId)) {
      throw new LabError('not-found', `No ${scope} with id "${objectId}"`, ['id']);
    }
    if (range === '1h') return { scope, id: objectId, range, resolution: SAMPLE_SECONDS, points: this.sampler.raw(scope, objectId) };
    const resolution = range === '8h' || range === '24h' ? 300 : 3600;
    const to = this.engine.t + 1;
    const points = readRollups(this.db, scope, objectId, resolution, to - RANGE_SECONDS[range], to).map((r) => ({ ts: r.ts, ...r.values }));
    return { scope, id: objectId, range, resolution, points };
  }

  protected exists(scope: MetricScopeName, id: string): boolean {
    return scope !== 'estate' && rowExists(this.db, scope, id);
  }
}
