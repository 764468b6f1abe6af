import type { PushMessage } from '../contract/methods.ts';
import type { ClockSpeed, ClockState } from '../contract/simulation.ts';
import type { Db } from '../store/db.ts';
import { writeRollups } from '../store/metrics.ts';
import { writeTrendRows } from '../store/trends.ts';
import { closeTrendHours } from './trends/closer.ts';
import { setMeta, setSimTime, getMeta } from '../store/sim-sync.ts';
import { appendEvent } from '../store/events.ts';
import { storeMetricSamples, storeSessionRounds } from '../store/samples.ts';
import { applyPendingHardware } from './hardware.ts';
import { RAW_WINDOW_SECONDS, SAMPLE_SECONDS } from './metrics-sampler.ts';
import { cannotFail, cannotRepair, failHost, repairHost } from './host-failures.ts';
import { EventDrafts } from './event-drafts.ts';
import { ScenarioJudge } from './scenarios/judge.ts';
import type { Scenario } from '../contract/scenario-schema.ts';
import { takeBackupSnapshots } from './fault-snapshots.ts';
import { LabEngine } from './lab-engine.ts';
import { growPool } from './sim-lab.ts';

/**
 * A flush writes about 20 µs per row; past this many pending rows the run stops
 * early so the driver flushes, keeping each transaction (and the thread) under ~10 ms.
 */
export const FLUSH_ROWS = 200;
/** Ticks between wall-clock checks: on scale-10k a tick is ~0.3 ms, so a slice overshoots its budget by ~1 ms at most. */
const TICKS_PER_BUDGET_CHECK = 4;

const iso = (t: number) => new Date(t * 1000).toISOString();

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
export class Simulation extends LabEngine {
  speed: ClockSpeed;
  /** Whether the last flush wrote anything (a refused request's flush must then be undone with it). */
  lastFlushWrote = false;
  /** A flush the run makes is under way (flushInRun): its pushes are sent by the next flush, with that flush's metrics. */
  private inRun = false;

  constructor(db: Db) {
    super(db);
    const stored = getMeta(db, 'clock_speed') as ClockSpeed | undefined;
    this.speed = stored ?? 'paused';
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
   * Runs ticks up to simulated time `target` or until `budgetMs` of wall time is used or
   * `flushRows` rows wait, sampling metrics every 20 simulated seconds. Returns true when it
   * reached the target. `batch` (clock-step): a pool's growth is written in the same flush as
   * the run before it, not in a second one (see below).
   */
  runUntil(target: number, budgetMs = Number.POSITIVE_INFINITY, now: () => number = () => performance.now(), flushRows = FLUSH_ROWS, batch = false): boolean {
    const start = now();
    const e = this.engine;
    if (e.provisioner.growRequests.size > 0) {
      // An on-demand pool asked for machines at this instant and the run up to it is written: they are created now, in a flush
      // of their own, before the engine runs on (the engine is where it was when it asked, in this process or the one that wrote it).
      this.flushInRun(true);
      return false;
    }
    while (e.t + e.tickSeconds <= target + 1e-9) {
      const stop = Math.min(target, this.nextSample);
      e.advanceTo(stop, TICKS_PER_BUDGET_CHECK);
      if (e.provisioner.growRequests.size > 0 || e.snapshots.due() || e.faults.opsDue) {
        // Deterministic: the engine stopped right after the tick that asked (or that finished a snapshot task); it is persisted now.
        // With the clock running, a pool's new machines wait for the next flush (the top of the next run): the run's changes and
        // the growth are two shorter transactions, each a turn of the event loop of its own (the flush's p99). A step is a batch
        // whose flushes hold up to STEP_FLUSH_ROWS anyway: one flush writes both, at the same instant, in the same order
        // (the scale-10k workday grows 18 times: 60 flushes → 42).
        this.flushInRun(batch || e.provisioner.growRequests.size === 0);
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
      if (now() - start >= budgetMs || this.pendingRows() >= flushRows) return false;
    }
    return true;
  }

  /**
   * A flush the run makes (a pool grew, a snapshot task ended): its pushes wait in `deferred` for
   * the next flush, which measures the metrics of its own moment, so this one measures none (the
   * cluster's figures, 0.5–3 ms on scale-10k, on the growth flush that is the flush bench's p99).
   */
  private flushInRun(grow: boolean): void {
    this.inRun = true;
    try {
      // (flush() replaces this.deferred: take its result first, or the pushes land in the old array and are lost)
      const pushes = this.flush(grow);
      this.deferred.push(...pushes);
    } finally {
      this.inRun = false;
    }
  }

  /** Rows the next flush will write. */
  pendingRows(): number {
    return this.sessions.pending() + this.engine.broker.dirtyDesktops.size + this.alarms.pending();
  }

  /**
   * Writes everything since the last flush, and the engine's state, in one transaction (nested
   * in the caller's when there is one). Returns the pushes to send after commit. With `grow`
   * false, machines on-demand pools asked for are left for the next flush (the requests are
   * written with the engine's state).
   */
  flush(grow = true): PushMessage[] {
    // A host failure fault started or ended: its step runs through the cluster's HA machinery, in this flush's transaction.
    if (this.engine.faults.hostOps.length > 0) return this.db.transaction(() => (this.applyHostFaults(), this.flushSnapshotFaults(grow)))();
    return this.flushSnapshotFaults(grow);
  }

  /**
   * A snapshot-growth fault started (issue 17): the backup job's snapshots are taken after this
   * flush wrote every delta, in its transaction, as snapshot-take writes one (a row and the chain),
   * and the engine reads the chains again. What that changed in the engine (its chains, a fault that
   * ended at once and its note) is written by a second flush at the same instant, in the same
   * transaction: the state the first wrote predates it, and no crash may come between the two; the
   * alarms then read the snapshots' ages with the new ones.
   */
  private flushSnapshotFaults(grow: boolean): PushMessage[] {
    const e = this.engine;
    if (e.faults.snapshotOps.length === 0) return this.flushNow(grow);
    return this.db.transaction(() => {
      const pushes = this.flushNow(grow);
      const taken = takeBackupSnapshots(this.db, e);
      if (taken > 0) {
        this.snapshotTracker.reload();
        e.refreshLoad();
        pushes.push({ topic: 'lab-changed', payload: { kinds: ['desktop', 'datastore'] } });
      }
      pushes.push(...this.flushNow(false));
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
    // Whatever a failure's start or end changed at this instant (its VMs go down through HA's events at later ticks; a repaired
    // isolation may start migrations now), the figures are computed again, as after an admin's host-fail or host-repair
    // (duringMutation), so a lab opened now computes the same.
    e.refreshLoad();
  }

  private flushNow(growNow: boolean): PushMessage[] {
    const deferred = this.deferred;
    this.deferred = [];
    const e = this.engine;
    this.lastFlushWrote = false;
    if (this.pristine !== null) {
      const untouched = this.pristine === e.fingerprint() && this.sessions.pending() === 0 && e.provisioner.growRequests.size === 0;
      if (untouched) return [...deferred, { topic: 'clock', payload: this.clock() }];
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
    const grow = growNow ? [...e.provisioner.growRequests] : [];
    if (growNow) e.provisioner.growRequests.clear();
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
      const added = grow.flatMap(([p, n]) => growPool(this.db, e, this.lab, p, n, simTime, drafts));
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
    if (!this.inRun) pushes.push({ topic: 'metrics', payload: this.sampler.snapshot(this.engine) });
    return [...deferred, ...pushes];
  }
}
