import { MACHINE_STATES, POWER_STATES, PROBLEM_STATES } from '../contract/entities.ts';
import { LabError } from '../contract/errors.ts';
import type { PushMessage } from '../contract/methods.ts';
import type { ClockSpeed, ClockState, MetricRange, MetricScopeName, MetricSeries, MetricsNow } from '../contract/simulation.ts';
import { Engine, ENGINE_PARAMS } from '../core/engine/engine.ts';
import { Remap } from '../core/engine/durable/remap.ts';
import type { EngineSnapshot } from '../core/engine/durable/state.ts';
import type { EngineEvent } from '../core/engine/events.ts';
import { applyCpuAllocation, applyPoolSettings, M, P } from '../core/engine/state.ts';
import { entitledPools } from '../core/engine/sessions/entitled-pools.ts';
import type { LabModel } from '../core/lab/model.ts';
import type { Db } from '../store/db.ts';
import { listPools } from '../store/pools.ts';
import { readLabModel, readLabSettings, withAddedDesktops } from '../store/lab-reader.ts';
import { readRollups, writeRollups } from '../store/metrics.ts';
import { writeTrendRows } from '../store/trends.ts';
import { closeTrendHours } from './trends/closer.ts';
import { setMeta, setSimTime, getMeta } from '../store/sim-sync.ts';
import { appendEvent, nextNoteNumber } from '../store/events.ts';
import { EngineStateStore, readEngineState } from '../store/engine-state.ts';
import { readMetricSamples, readSessionRounds, storeMetricSamples, storeSessionRounds } from '../store/samples.ts';
import { readScalingPlan } from '../store/scaling.ts';
import { addMachines, freeNames, placementHosts } from '../store/pool-writer.ts';
import { storedDesktopStates } from '../store/desktops.ts';
import { applyPendingHardware, loadEnginePending } from './hardware.ts';
import { SessionTracker } from './session-tracker.ts';
import { SessionSampler } from './session-sampler.ts';
import { MetricsSampler, RAW_WINDOW_SECONDS, SAMPLE_SECONDS, type MetricsLayout } from './metrics-sampler.ts';
import { PushTracker } from './push-tracker.ts';
import { ClusterTracker } from './cluster-tracker.ts';
import { cannotFail, cannotRepair, failHost, repairHost } from './host-failures.ts';
import { SnapshotTracker } from './snapshot-tracker.ts';
import { EngineRows } from './engine-rows.ts';
import { EventDrafts } from './event-drafts.ts';
import { AlarmEvaluator } from './alarms/evaluator.ts';
import { ScenarioJudge, type JudgeSaved } from './scenarios/judge.ts';
import type { Scenario } from '../contract/scenario-schema.ts';
import type { AlarmEvaluatorSaved } from '../contract/alarm-entities.ts';
import { applyTenancy, poolPlacementHostIds } from './tenants.ts';
import { applyVgpu, vgpuPlacementHostIds } from './vgpu.ts';
import { rowExists } from '../store/inventory.ts';
import { takeBackupSnapshots } from './fault-snapshots.ts';

/**
 * A flush writes about 20 µs per row; past this many pending rows the run stops
 * early so the driver flushes, keeping each transaction (and the thread) under ~10 ms.
 */
export const FLUSH_ROWS = 200;
/** Ticks between wall-clock checks: on scale-10k a tick is ~0.3 ms, so a slice overshoots its budget by ~1 ms at most. */
const TICKS_PER_BUDGET_CHECK = 4;

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
 * The lab model with the columns the engine owns as the engine holds them now (machine state and
 * since, power, owner, image version, host, used space, problem; a host's power): what the store's
 * rows say once the flush wrote them, without reading them again.
 */
function currentLab(e: Engine, lab: LabModel): LabModel {
  const st = e.st;
  const desktops = lab.desktops.map((d, i) => {
    const state = MACHINE_STATES[st.dState[i] as number] ?? d.state;
    return {
      ...d,
      state,
      powerState: POWER_STATES[st.dPower[i] as number] ?? d.powerState,
      assignedUserId: (st.dOwner[i] as number) >= 0 ? (st.ids.users[st.dOwner[i] as number] ?? null) : null,
      imageVersionId: (st.dVersion[i] as number) >= 0 ? (st.ids.versions[st.dVersion[i] as number] ?? null) : null,
      hostId: st.ids.hosts[st.dHost[i] as number] ?? d.hostId,
      usedGb: st.dUsedGb[i] as number,
      problem: PROBLEM_STATES.includes(state) ? (st.dProblem.get(i) ?? null) : null,
      stateSince: iso(st.dSince[i] as number),
    };
  });
  const hosts = lab.hosts.map((h, i) => ({ ...h, powerState: st.hOn[i] === 1 ? ('poweredOn' as const) : ('poweredOff' as const) }));
  return { ...lab, desktops, hosts };
}

/**
 * The live simulation of one lab: the engine, its clock speed, and what it writes back.
 *
 * A lab is a file: every flush writes, in one transaction, what the engine changed (desktop and
 * host rows, sessions, tasks, events, rollups, samples) AND the engine's whole state (clock,
 * queue, timers, work in flight). Whatever process opens the lab next builds the engine from
 * that state and continues exactly; nothing is resumed by guessing. An admin change applies to
 * the running engine (states reloaded, tasks adopted) or, when the lab's structure changed,
 * rebuilds it from the store with the running engine's state carried over.
 */
export class Simulation {
  engine!: Engine;
  private lab!: LabModel;
  private sampler!: MetricsSampler;
  /** The running sessions' rows, history and failures (session-tracker.ts). */
  sessions!: SessionTracker;
  /** Per-session figures over the last hour (session-sampler.ts). */
  sessionSamples!: SessionSampler;
  private pushTracker!: PushTracker;
  /** Cluster operations (migrations, maintenance, HA): handlers hand it their tasks. */
  clusterTracker!: ClusterTracker;
  snapshotTracker!: SnapshotTracker;
  /** Alarms judged on the simulated-minute grid, written by the flush (alarms/evaluator.ts). */
  alarms!: AlarmEvaluator;
  /** The training scenario's judge (app/scenarios/judge.ts), or null. */
  scenario: ScenarioJudge | null = null;
  private readonly stateStore: EngineStateStore;
  private rows!: EngineRows;
  /** Pushes of a flush made inside a run (on-demand growth), sent with the next flush. */
  private deferred: PushMessage[] = [];
  private nextSample = 0;
  private trendsFirstHour = 0;
  /** Bumped when the engine's index space may have changed (a rebuild): the stored ids are written again. */
  private idsVersion = 0;
  /** The stored queue no longer matches the engine's (a new lab, or a rebuild that renumbered entities): rewritten whole. */
  private queueWhole = true;
  /** Why the stored engine state could not be used at open (the lab then resumed from its rows); told once in the event log. */
  private openProblem: string | null = null;
  speed: ClockSpeed;
  /**
   * Long operations on the whole lab (a checkpoint being written or restored) hold the clock still
   * without changing its speed: the clock driver and a running step wait while it is above 0.
   */
  held = 0;
  /**
   * The timeline a run belongs to: bumped when the lab is replaced (a restore, a reset) or a running
   * step is told to stop. A step that sees it change stops where it is and says why (`stopReason`).
   */
  timeline = 0;
  stopReason = '';
  /** The clock step under way (one at a time; a second waits its turn), and the whole-lab operation under way. */
  stepping: { until: number } | null = null;
  busy: 'checkpoint-save' | 'checkpoint-restore' | null = null;
  private steps: Promise<unknown> = Promise.resolve();
  private exclusive: Promise<unknown> = Promise.resolve();
  /** Whether the last flush wrote anything (a refused request's flush must then be undone with it). */
  lastFlushWrote = false;
  /** Bytes of engine state the last flush wrote (for the bench). */
  lastStateBytes = 0;
  /**
   * A lab that has never run, opened and not moved since (its engine is what any process would
   * start afresh from the same rows): a flush writes nothing, so merely looking at a lab changes no byte of it.
   */
  private pristine: string | null = null;

  constructor(private readonly db: Db) {
    this.stateStore = new EngineStateStore(db);
    this.open();
    const stored = getMeta(db, 'clock_speed') as ClockSpeed | undefined;
    this.speed = stored ?? 'paused';
  }

  /** Builds the engine from the store: continues its stored state, or starts the lab afresh (a lab that has never run). */
  private open(): void {
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
    this.alarms = new AlarmEvaluator(this.db, this.engine.t, app?.alarms);
    this.scenario = app?.scenario ? new ScenarioJudge(app.scenario, this.db) : null;
    this.sessionSamples = new SessionSampler();
    this.sessionSamples.restore(readSessionRounds(this.db, this.engine.t - RAW_WINDOW_SECONDS), this.engine, this.sessions);
    this.attach();
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
  private attach(): void {
    this.pushTracker = new PushTracker(this.db, this.engine, (u) => this.sessions.idOf(u));
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
    // Machines the change added (a new pool, a bigger one, on-demand growth) start provisioning now.
    for (let p = 0; p < this.engine.st.pDesktops.length; p++) this.engine.provisioner.fill(p, this.engine.t);
    this.engine.refreshLoad();
  }

  /**
   * Machines an on-demand pool just added (their rows inserted in this flush's transaction): the
   * running engine takes them in at the end of its index space, which is where an engine opened
   * from the store puts them too, and starts provisioning them. No rebuild: the cost is the new
   * machines', not the lab's.
   */
  private addMachines(added: readonly string[]): void {
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
    e.refreshLoad();
  }

  /** Opens the engine again from the last committed state (a mutating request failed after touching it). */
  reopen(): void {
    this.open();
  }

  /**
   * Runs a whole-lab operation (checkpoint save or restore) alone: one after another in the order
   * they came, with the clock held still while each runs (a step in progress waits between slices).
   */
  whole<T>(kind: 'checkpoint-save' | 'checkpoint-restore', fn: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(async () => {
      this.busy = kind;
      this.held++;
      try {
        return await fn();
      } finally {
        this.held--;
        this.busy = null;
      }
    });
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  /** Resolves once no whole-lab operation is queued or running. */
  async settled(): Promise<void> {
    for (let seen = this.exclusive; ; seen = this.exclusive) {
      await seen;
      if (seen === this.exclusive) return;
    }
  }

  /** Runs a clock step after the ones before it (a step never overlaps another). */
  step<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.steps.then(fn);
    this.steps = run.catch(() => undefined);
    return run;
  }

  /** Stops the step under way (it replies with where it stopped and why). */
  stopStep(reason: string): void {
    if (!this.stepping) return;
    this.timeline++;
    this.stopReason = reason;
  }

  clock(): ClockState {
    return {
      simTime: new Date(this.engine.t * 1000).toISOString(),
      speed: this.speed,
      running: this.speed !== 'paused',
      tickSeconds: this.engine.tickSeconds,
      ...(this.scenario?.instructorPaused ? { lockedBy: 'instructor' as const } : {}),
    };
  }

  /**
   * A slice or a flush failed unexpectedly (a defect, not a refusal): the engine goes back to the
   * last committed state (which it matches again), the clock stops, and the event log says why.
   * Nothing committed is lost; what ran since the last flush runs again when the clock is started.
   */
  recoverFrom(err: unknown): PushMessage[] {
    const why = err instanceof Error ? err.message : String(err);
    process.stderr.write(
      `vdi-console: the simulation stopped on an error and went back to its last saved state: ${err instanceof Error ? (err.stack ?? why) : why}\n`,
    );
    this.speed = 'paused';
    try {
      this.open();
    } catch (again) {
      // The committed lab cannot be opened either: the clock stays stopped on the engine as it is, and nothing more is written.
      process.stderr.write(`vdi-console: the lab could not be opened again: ${(again as Error).message}\n`);
      return [{ topic: 'clock', payload: this.clock() }];
    }
    const pushes: PushMessage[] = [{ topic: 'clock', payload: this.clock() }];
    try {
      this.db.transaction(() => {
        setMeta(this.db, 'clock_speed', 'paused');
        const ev = appendEvent(
          this.db,
          {
            type: 'error',
            severity: 'error',
            objectKind: 'lab',
            objectId: null,
            objectName: null,
            user: 'system',
            message: `The simulation stopped on an internal error and went back to its last saved state (${this.clock().simTime}); the clock is paused: ${why}`,
          },
          this.clock().simTime,
          new Date().toISOString(),
        );
        if (ev) pushes.push({ topic: 'event-added', payload: ev });
      })();
    } catch {
      // The store itself refuses writes (disk full, damaged): the engine still matches what it holds.
    }
    return pushes;
  }

  /**
   * Starts a training scenario on the lab just opened (scenario-start replaced it): runs the warm-up
   * (the estate's morning up to the scenario's start), then plans its timeline and starts judging.
   * Runs inside the caller's transaction.
   */
  beginScenario(scenario: Scenario): void {
    const target = this.engine.t + scenario.lab.warmupSec;
    while (!this.runUntil(target)) {
      /* a run stops early to flush (machines added on demand); it goes on from there */
    }
    this.scenario = ScenarioJudge.start(scenario, this.engine, this.db);
  }

  setSpeed(speed: ClockSpeed): void {
    this.speed = speed;
    setMeta(this.db, 'clock_speed', speed);
  }

  /**
   * Runs ticks up to simulated time `target` or until `budgetMs` of wall time is
   * used, sampling metrics every 20 simulated seconds. Returns true when it reached the target.
   */
  runUntil(target: number, budgetMs = Number.POSITIVE_INFINITY, now: () => number = () => performance.now()): boolean {
    const start = now();
    const e = this.engine;
    while (e.t + e.tickSeconds <= target + 1e-9) {
      const stop = Math.min(target, this.nextSample);
      e.advanceTo(stop, TICKS_PER_BUDGET_CHECK);
      if (e.provisioner.growRequests.size > 0 || e.snapshots.due() || e.faults.opsDue) {
        // Deterministic: the engine stopped right after the tick that asked (or that finished a snapshot task); it is persisted now.
        // (flush() replaces this.deferred: take its result first, or the pushes land in the old array and are lost)
        const pushes = this.flush();
        this.deferred.push(...pushes);
        return false;
      }
      if (e.t >= this.nextSample - 1e-9) {
        this.sampler.sample(e);
        this.sessionSamples.sample(e, this.sessions);
        this.nextSample += SAMPLE_SECONDS;
      }
      this.collect();
      if (e.t >= this.alarms.nextEval - 1e-9)
        this.alarms.evaluate(
          e,
          this.lab,
          (u) => this.sessions.idOf(u),
          (id) => this.sessions.userOf(id),
        );
      if (this.scenario && e.t >= this.scenario.nextEval - 1e-9) this.scenario.evaluate(e, this.lab);
      if (now() - start >= budgetMs || this.pendingRows() >= FLUSH_ROWS) return false;
    }
    return true;
  }

  /** Rows the next flush will write. */
  pendingRows(): number {
    return this.sessions.pending() + this.engine.broker.dirtyDesktops.size + this.alarms.pending();
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
   * Writes everything since the last flush, and the engine's state, in one transaction (nested
   * in the caller's when there is one). Returns the pushes to send after commit.
   */
  flush(): PushMessage[] {
    // A host failure fault started or ended: its step runs through the cluster's HA machinery, in this flush's transaction.
    if (this.engine.faults.hostOps.length > 0) return this.db.transaction(() => (this.applyHostFaults(), this.flushSnapshotFaults()))();
    return this.flushSnapshotFaults();
  }

  /**
   * A snapshot-growth fault started (issue 17): the backup job's snapshots are taken after this
   * flush wrote every delta, in its transaction, as snapshot-take writes one (a row and the chain),
   * and the engine reads the chains again.
   */
  private flushSnapshotFaults(): PushMessage[] {
    const e = this.engine;
    if (e.faults.snapshotOps.length === 0) return this.flushNow();
    return this.db.transaction(() => {
      const pushes = this.flushNow();
      const taken = takeBackupSnapshots(this.db, e);
      if (taken > 0) {
        this.snapshotTracker.reload();
        e.refreshLoad();
        pushes.push({ topic: 'lab-changed', payload: { kinds: ['desktop', 'datastore'] } });
      }
      return pushes;
    })();
  }

  /**
   * The host failure faults' steps (issue 17): a start fails the host as `host-fail` does (an HA
   * failover task), an end or a clear repairs it as `host-repair` does. A start on a host that is
   * not running ends the fault at once, saying why; a repair of a host already repaired is nothing.
   */
  applyHostFaults(): void {
    const e = this.engine;
    for (const op of e.faults.takeHostOps()) {
      if (op.h < 0 || op.h >= e.st.ids.hosts.length) continue;
      if (op.op === 'fail') {
        const why = cannotFail(e, op.h);
        if (why) e.faults.endUnapplied(op.fault, e.t, why);
        else failHost(this.db, e, this.clusterTracker, op.h, op.mode, 'system');
      } else if (cannotRepair(e, op.h) === null) repairHost(this.db, e, this.clusterTracker, op.h, 'system');
    }
  }

  private flushNow(): PushMessage[] {
    const deferred = this.deferred;
    this.deferred = [];
    const e = this.engine;
    this.lastFlushWrote = false;
    if (this.pristine !== null) {
      if (this.pristine === e.fingerprint() && this.sessions.pending() === 0) return [...deferred, { topic: 'clock', payload: this.clock() }];
      this.pristine = null;
    }
    // Desktops an admin's action changed outside a tick take the action's time.
    e.stampStates();
    this.collect();
    const { desktops } = e.broker.drain();
    const simTime = iso(e.t);
    const sessionRows = this.sessions.pending();
    const rollups = this.sampler.takeRollups();
    const trendRows = this.sampler.takeTrendRows();
    const pushes: PushMessage[] = [];
    const drafts = new EventDrafts();
    const grow = [...e.provisioner.growRequests];
    e.provisioner.growRequests.clear();
    const wallTime = new Date().toISOString();
    let rowsWritten = 0;
    let samples = 0;
    let told = 0;
    this.db.transaction(() => {
      if (this.openProblem) {
        drafts.add(e.journal.next(), simTime, {
          type: 'warning',
          severity: 'warning',
          objectKind: 'lab',
          objectId: null,
          objectName: null,
          user: 'system',
          message: `The simulation's saved state could not be read (${this.openProblem}); it resumed from the lab's rows, so logons, migrations and timers under way started over`,
        });
        this.openProblem = null;
      }
      rowsWritten = this.rows.write(e);
      // A VM's hardware change that waited for its power cycle (issue 19), once the VM is off.
      rowsWritten += applyPendingHardware(this.db, e, simTime, drafts);
      pushes.push(...this.sessions.persist(simTime, drafts));
      pushes.push(...this.pushTracker.persist(drafts));
      pushes.push(...this.clusterTracker.persist(drafts));
      pushes.push(...this.snapshotTracker.persist(simTime, drafts));
      this.alarms.readSnapshots();
      const added = grow.flatMap(([p, n]) => this.growPool(p, n, simTime, drafts));
      const alarmRows = this.alarms.pending();
      pushes.push(...this.alarms.persist(drafts));
      rowsWritten += alarmRows;
      pushes.push(...drafts.write(this.db, wallTime));
      told = pushes.length;
      if (rollups.length) writeRollups(this.db, rollups);
      // Trends (app/trends): the 5-minute rows of the run, then the hours (and days) that ended, pruned by each level's retention.
      writeTrendRows(this.db, trendRows);
      closeTrendHours(this.db, e.t, this.nextSample - SAMPLE_SECONDS, this.trendsFirstHour);
      const newSamples = this.sampler.takeNewSamples();
      const newRounds = this.sessionSamples.takeNewRounds();
      samples = newSamples.length + newRounds.length;
      storeMetricSamples(this.db, newSamples, e.t - RAW_WINDOW_SECONDS);
      storeSessionRounds(this.db, newRounds, e.t - RAW_WINDOW_SECONDS);
      setSimTime(this.db, simTime);
      // New machines of an on-demand pool: the running engine takes them in (it then clones them), and its state is written with them.
      if (added.length) {
        this.addMachines(added);
        rowsWritten += this.rows.write(this.engine);
      }
      this.writeState();
    })();
    this.lastFlushWrote =
      rowsWritten + desktops.length + sessionRows + grow.length + rollups.length + trendRows.length + samples + told + this.lastStateBytes > 0;
    if (rowsWritten || desktops.length || sessionRows || grow.length) pushes.push({ topic: 'lab-changed', payload: { kinds: ['desktop', 'session', 'pool'] } });
    pushes.push({ topic: 'clock', payload: this.clock() });
    pushes.push({ topic: 'metrics', payload: this.sampler.snapshot(this.engine) });
    return [...deferred, ...pushes];
  }

  /** Writes the engine's state (what changed since the last write). Call inside a transaction. */
  private writeState(): void {
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
      queue: () => {
        const changes = e.queue.takeChanges();
        return { whole: whole ? e.queue.items() : null, added: changes.added, removed: changes.removed, nextSeq: e.queue.sequence };
      },
    });
  }

  /** Adds machines to an on-demand pool short of spares (inside the flush transaction). */
  private growPool(p: number, n: number, simTime: string, drafts: EventDrafts): string[] {
    const pool = this.lab.pools[p];
    if (!pool) return [];
    const names = freeNames(this.db, pool.namingPattern, n);
    if (names.length === 0) return [];
    const datastoreIds = this.lab.poolDatastores.filter((x) => x.poolId === pool.id).map((x) => x.datastoreId);
    // No host of the cluster can take a machine now (all failed, off or in maintenance): the pool asks again at its next policy run.
    const hosts = placementHosts(
      this.db,
      pool.clusterId,
      vgpuPlacementHostIds(this.db, pool.id, pool.clusterId, poolPlacementHostIds(this.db, pool.id, [pool.networkId])),
    );
    if (hosts.length === 0) return [];
    const ids = addMachines(this.db, { ...pool, datastoreIds }, names, hosts, simTime);
    drafts.add(this.engine.journal.next(), simTime, {
      type: 'info',
      severity: 'info',
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      user: 'system',
      message: `${pool.name}: ${names.length} machine(s) provisioned on demand to keep ${pool.spareMachines} spare (${names.join(', ')})`,
    });
    return ids;
  }

  /** Admin operations changed desktops or pools in the store: take their states into the engine. Call inside the change's transaction. */
  reloadStates(): void {
    const e = this.engine;
    const st = e.st;
    const idx = new Map(st.ids.desktops.map((id, i) => [id, i]));
    const userIdx = new Map(st.ids.users.map((id, i) => [id, i]));
    for (const r of storedDesktopStates(this.db)) {
      const d = idx.get(r.id);
      if (d === undefined) continue;
      const state = M[r.state as keyof typeof M];
      if (state !== st.dState[d]) {
        st.dState[d] = state;
        st.dSeen[d] = state;
        const since = Date.parse(r.since ?? '');
        st.dSince[d] = Number.isFinite(since) ? since / 1000 : e.t;
      }
      st.dPower[d] = P[r.power as keyof typeof P];
      st.dOwner[d] = r.owner ? (userIdx.get(r.owner) ?? -1) : -1;
    }
    // The model follows the store (names, settings, entitlements): views read it, and an engine rebuilt for growth is built from it.
    this.lab = { ...this.lab, ...readLabSettings(this.db) };
    const pools = listPools(this.db);
    applyPoolSettings(st, pools);
    // Entitlements may have changed: the broker checks them on every new connection.
    st.uPools = entitledPools(this.lab);
    applyCpuAllocation(st, { pools });
    applyTenancy(this.db, e);
    applyVgpu(this.db, e);
    this.snapshotTracker.reload();
    this.pushTracker.reconcile();
    this.clusterTracker.reconcile();
    // A machine the admin took out (maintenance) no longer counts toward a push in progress.
    for (let p = 0; p < st.pDesktops.length; p++) e.push.check(p, e.t);
    e.refreshLoad();
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

  private exists(scope: MetricScopeName, id: string): boolean {
    return scope !== 'estate' && rowExists(this.db, scope, id);
  }
}
