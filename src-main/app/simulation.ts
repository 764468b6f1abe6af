import { MACHINE_STATES, POWER_STATES, PROBLEM_STATES } from '../contract/entities.ts';
import { LabError } from '../contract/errors.ts';
import type { PushMessage } from '../contract/methods.ts';
import type { ClockSpeed, ClockState, MetricRange, MetricScopeName, MetricSeries, MetricsNow } from '../contract/simulation.ts';
import { Engine, ENGINE_PARAMS } from '../core/engine/engine.ts';
import { applyCpuAllocation, applyPoolSettings, M, P } from '../core/engine/state.ts';
import { listPools } from '../store/pools.ts';
import type { LabModel } from '../core/lab/model.ts';
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { readLabModel } from '../store/lab-reader.ts';
import { pruneRollups, readRollups, writeRollups } from '../store/metrics.ts';
import { get } from '../store/stmt.ts';
import { applySimulation, setMeta, type DesktopUpdate } from '../store/sim-sync.ts';
import { SessionTracker } from './session-tracker.ts';
import { SessionSampler } from './session-sampler.ts';
import { applySessions, transferSessions } from '../core/engine/sessions/session-transfer.ts';
import { takeStoredCarry } from './session-carry.ts';
import { entitledPools } from '../core/engine/sessions/entitled-pools.ts';
import { readEntitlements } from '../store/sessions.ts';
import { MetricsSampler, SAMPLE_SECONDS } from './metrics-sampler.ts';
import { PushTracker } from './push-tracker.ts';
import { ClusterTracker } from './cluster-tracker.ts';
import { SnapshotTracker } from './snapshot-tracker.ts';
import { readScalingPlan } from '../store/scaling.ts';
import { addMachines, freeNames, placementHosts } from '../store/pool-writer.ts';

/**
 * A flush writes about 20 µs per row; past this many pending rows the run stops
 * early so the driver flushes, keeping each transaction (and the thread) under ~10 ms.
 */
export const FLUSH_ROWS = 200;
/** Ticks between wall-clock checks: on scale-10k a tick is ~0.3 ms, so a slice overshoots its budget by ~1 ms at most. */
const TICKS_PER_BUDGET_CHECK = 4;

const RANGE_SECONDS: Record<MetricRange, number> = { '1h': 3600, '8h': 8 * 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 };

/**
 * The live simulation of one lab: the engine, its clock speed, and what it
 * writes back. Engine changes reach SQLite in `flush()`, one transaction each:
 * desktop states, sessions, the simulated time and the metric rollups.
 * Time only moves through `runUntil`; the host's clock driver decides when.
 */
export class Simulation {
  engine!: Engine;
  private lab!: LabModel;
  private sampler!: MetricsSampler;
  /** The running sessions' rows, history and failures (session-tracker.ts). */
  sessions!: SessionTracker;
  /** Per-session figures over the last hour, in memory (session-sampler.ts). */
  sessionSamples = new SessionSampler();
  private pushTracker!: PushTracker;
  /** Cluster operations (migrations, maintenance, HA): handlers hand it their tasks. */
  clusterTracker!: ClusterTracker;
  snapshotTracker!: SnapshotTracker;
  /** Pushes of a flush made inside a run (on-demand growth), sent with the next flush. */
  private deferred: PushMessage[] = [];
  private nextSample = 0;
  speed: ClockSpeed;

  constructor(private readonly db: Db) {
    this.rebuild();
    const stored = get<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'clock_speed'")?.value as ClockSpeed | undefined;
    this.speed = stored ?? 'paused';
  }

  /** (Re)builds the engine from the stored lab: at start, and after the lab was replaced. */
  rebuild(labReplaced = true): void {
    const previous = labReplaced ? undefined : this.engine;
    this.lab = readLabModel(this.db);
    this.engine = new Engine(this.lab, { seed: this.lab.seed, tickSeconds: ENGINE_PARAMS.tickSeconds });
    // A restored checkpoint brings the engine's session state with it (session-carry.ts).
    const carry = labReplaced ? takeStoredCarry(this.db, this.lab.simTime) : undefined;
    if (previous) transferSessions(previous, this.engine);
    else if (carry) applySessions(carry, this.engine);
    if (labReplaced) this.sessionSamples = new SessionSampler();
    // The last hour of samples survives a rebuild for an admin change; only a new lab starts them afresh.
    if (labReplaced || !this.sampler) this.sampler = new MetricsSampler(this.lab);
    else this.sampler.addPools(this.lab.pools.map((p) => p.id));
    this.sessions = new SessionTracker(this.db, this.engine, this.lab);
    this.sessions.load(previous === undefined && carry === undefined);
    // A kept sampler keeps its schedule (the sample at this instant may already be taken).
    if (labReplaced || this.nextSample === 0) this.nextSample = Math.ceil(this.engine.t / SAMPLE_SECONDS) * SAMPLE_SECONDS;
    this.pushTracker = new PushTracker(this.db, this.engine);
    this.clusterTracker = new ClusterTracker(this.db, this.engine);
    this.snapshotTracker = new SnapshotTracker(this.db, this.engine);
    this.lab.pools.forEach((p, i) => (this.engine.autoscale.plans[i] = readScalingPlan(this.db, p.id)));
  }

  clock(): ClockState {
    return {
      simTime: new Date(this.engine.t * 1000).toISOString(),
      speed: this.speed,
      running: this.speed !== 'paused',
      tickSeconds: this.engine.tickSeconds,
    };
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
      if (e.provisioner.growRequests.size > 0 || e.snapshots.due()) {
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
      if (now() - start >= budgetMs || this.pendingRows() >= FLUSH_ROWS) return false;
    }
    return true;
  }

  /** Rows the next flush will write. */
  pendingRows(): number {
    return this.sessions.pending() + this.engine.broker.dirtyDesktops.size;
  }

  /** Moves engine changes into the pending session rows (cheap; called after every slice). */
  collect(): void {
    const { changes } = this.engine.broker.peekChanges();
    if (changes.length === 0) return;
    this.sessions.collect(changes);
    this.engine.broker.clearChanges();
  }

  /** Writes everything since the last flush in one transaction. Returns the pushes to send after commit. */
  flush(): PushMessage[] {
    const deferred = this.deferred;
    this.deferred = [];
    this.collect();
    const { desktops } = this.engine.broker.drain();
    const st = this.engine.st;
    const simTime = new Date(this.engine.t * 1000).toISOString();
    const updates: DesktopUpdate[] = desktops.map((d) => ({
      id: st.ids.desktops[d] as string,
      state: MACHINE_STATES[st.dState[d] as number] ?? 'AVAILABLE',
      powerState: POWER_STATES[st.dPower[d] as number] ?? 'poweredOn',
      assignedUserId: (st.dOwner[d] as number) >= 0 ? (st.ids.users[st.dOwner[d] as number] ?? null) : null,
      since: simTime,
      usedGb: Math.round((st.dUsedGb[d] as number) * 10) / 10,
      imageVersionId: (st.dVersion[d] as number) >= 0 ? (st.ids.versions[st.dVersion[d] as number] ?? null) : null,
      problem: PROBLEM_STATES.includes(MACHINE_STATES[st.dState[d] as number] ?? 'AVAILABLE') ? (st.dProblem.get(d) ?? null) : null,
    }));
    const sessionRows = this.sessions.pending();
    const rollups = this.sampler.takeRollups();
    const pushes: PushMessage[] = [];
    const grow = [...this.engine.provisioner.growRequests];
    this.engine.provisioner.growRequests.clear();
    this.db.transaction(() => {
      for (const [p, n] of grow) pushes.push(...this.growPool(p, n, simTime));
      applySimulation(this.db, simTime, updates, [], []);
      pushes.push(...this.sessions.persist(simTime));
      pushes.push(...this.pushTracker.persist(simTime));
      pushes.push(...this.clusterTracker.persist(simTime));
      pushes.push(...this.snapshotTracker.persist(simTime, new Date().toISOString()));
      if (rollups.length) {
        writeRollups(this.db, rollups);
        if (rollups.some((r) => r.resolution === 3600)) pruneRollups(this.db, this.engine.t);
      }
    })();
    if (grow.length) this.rebuild(false); // the new machines are provisioned by the rebuilt engine
    if (updates.length || sessionRows) pushes.push({ topic: 'lab-changed', payload: { kinds: ['desktop', 'session', 'pool'] } });
    pushes.push({ topic: 'clock', payload: this.clock() });
    pushes.push({ topic: 'metrics', payload: this.sampler.snapshot(this.engine) });
    return [...deferred, ...pushes];
  }

  /** Adds machines to an on-demand pool short of spares (inside the flush transaction). */
  private growPool(p: number, n: number, simTime: string): PushMessage[] {
    const pool = this.lab.pools[p];
    if (!pool) return [];
    const names = freeNames(this.db, pool.namingPattern, n);
    if (names.length === 0) return [];
    const datastoreIds = this.lab.poolDatastores.filter((x) => x.poolId === pool.id).map((x) => x.datastoreId);
    addMachines(this.db, { ...pool, datastoreIds }, names, placementHosts(this.db, pool.clusterId), simTime);
    const ev = appendEvent(
      this.db,
      {
        type: 'info',
        severity: 'info',
        objectKind: 'pool',
        objectId: pool.id,
        objectName: pool.name,
        user: 'system',
        message: `${pool.name}: ${names.length} machine(s) provisioned on demand to keep ${pool.spareMachines} spare (${names.join(', ')})`,
      },
      simTime,
      new Date().toISOString(),
    );
    return [{ topic: 'event-added', payload: ev }];
  }

  /** Admin operations changed desktops or pools in the store: take their states into the engine. */
  reloadStates(): void {
    const st = this.engine.st;
    const idx = new Map(st.ids.desktops.map((id, i) => [id, i]));
    const userIdx = new Map(st.ids.users.map((id, i) => [id, i]));
    const rows = this.db.prepare('SELECT id, state, power_state AS power, assigned_user_id AS owner FROM desktops').all() as {
      id: string;
      state: string;
      power: string;
      owner: string | null;
    }[];
    for (const r of rows) {
      const d = idx.get(r.id);
      if (d === undefined) continue;
      st.dState[d] = M[r.state as keyof typeof M];
      st.dPower[d] = P[r.power as keyof typeof P];
      st.dOwner[d] = r.owner ? (userIdx.get(r.owner) ?? -1) : -1;
    }
    const pools = listPools(this.db);
    applyPoolSettings(st, pools);
    // Entitlements may have changed: the broker checks them on every new connection.
    st.uPools = entitledPools({ ...readEntitlements(this.db), users: this.lab.users, pools: this.lab.pools });
    applyCpuAllocation(st, { pools });
    this.snapshotTracker.reload();
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
    const table = { cluster: 'clusters', host: 'hosts', datastore: 'datastores', pool: 'pools', estate: '' }[scope];
    return table !== '' && get(this.db, `SELECT 1 FROM ${table} WHERE id = ?`, id) !== undefined;
  }
}
