import { mkdirSync, statSync } from 'node:fs';
import { LabError } from '../contract/errors.ts';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Reply } from '../contract/errors.ts';
import type { LabProfile } from '../contract/entities.ts';
import type { MethodName, PushMessage } from '../contract/methods.ts';
import type { Transport } from '../contract/client.ts';
import type { AppServices, CallContext } from '../app/context.ts';
import { Simulation } from '../app/simulation.ts';
import { mutationNeedsEngine } from '../app/mutation-engine.ts';
import { CapacityService } from '../app/capacity/service.ts';
import { simTime as storedSimTime } from '../store/meta.ts';
import { INLINE_CHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from './checkpointer.ts';
import { startClockDriver } from './clock-driver.ts';
import { handlers } from '../app/handlers/index.ts';
import { DEFAULT_SEED, ensureLab } from '../app/lab-setup.ts';
import { sweepCheckpointFolder } from '../app/checkpoint-sweep.ts';
import { openDatabase, type Db } from '../store/db.ts';
import { Dispatcher } from './dispatcher.ts';
import { advertiseControl, lockLabFolder } from './lab-lock.ts';
import { startControlServer, type ControlEndpoint, type ControlServer } from './control.ts';
import { AuditLog } from '../store/audit-log.ts';
import type { TransportKind } from '../contract/roles.ts';
import { AccountGate } from './account-gate.ts';
import { closeViews, resumeAfterLostView } from '../app/replay/views.ts';
import type { HostPort } from './runner/host-port.ts';

export const LAB_FILE = 'lab.sqlite';
/** The audit trail beside the lab: a file of its own, so a restore, an import or a reset of the lab never touches it. */
export const AUDIT_FILE = 'audit.sqlite';

export interface HostOptions {
  /** Folder that holds the lab database; created if missing. */
  dataDir: string;
  /** Profile and seed used only when the folder has no lab yet. */
  lab?: LabProfile;
  seed?: number;
  /** Who the audit trail names for calls without their own context (the local administrator). */
  user?: string;
  /** How calls without their own context arrive (default in-process; the CLI says cli, the desktop app ipc). */
  transport?: TransportKind;
  wallClock?: () => Date;
  /** Run the simulation clock in wall time (serve and the desktop app). Off for the CLI and tests, where only clock-step moves time. */
  run?: boolean;
  /** Answer the contract on a loopback control port advertised in the lab lock, for `vdi-console call` (serve and the desktop app). */
  control?: boolean;
  /** Wall time between a long clock step's commits (ms; default 250): tests stretch it so a step's uncommitted changes are seen on any machine. */
  stepCommitMs?: number;
  /** Where the HTTP API's fault rules and request log live when not in this thread (the worker host's front). */
  restAdmin?: AppServices['restAdmin'];
  /** Wall time between the running clock's flushes (ms; default the clock driver's DRIVER.flushMs): serve --class sets it so each trainee's page hears from its lab at least once a second. */
  flushMs?: number;
  /** A replay's scratch lab (app/replay): clock-step runs whatever speed a replayed clock-set left (no clock driver runs it). */
  scratch?: boolean;
  /** The folder a scenario's lab.checkpointFile is read from (`vdi-console scenario run FILE`: FILE's folder); default resources/scenarios/. */
  scenarioDir?: string;
}

/** The host in this thread: the HostPort of every front, plus the store's own handles (tests, the CLI, the worker). */
export interface Host extends HostPort {
  readonly dataDir: string;
  readonly dbPath: string;
  /** The audit trail (audit.sqlite in the data folder). */
  readonly audit: AuditLog;
  /** The lab's admin accounts and sign-in checks (rate limit, lockout). */
  readonly accounts: AccountGate;
  /** The local administrator's call context (the default of dispatch). */
  readonly localAdmin: CallContext;
  /** True when this start generated a new lab in an empty folder. */
  readonly created: boolean;
  dispatch(method: unknown, input: unknown, call?: CallContext): Promise<Reply<unknown>>;
  dispatchText(text: string, call?: CallContext): Promise<{ id: unknown; reply: Reply<unknown> }>;
  onPush(listener: (msg: PushMessage) => void): () => void;
  /** Resolves once the control port is listening and advertised (null when the host has none). */
  readonly controlReady: Promise<ControlEndpoint | null>;
  /** Where the WAL is checkpointed now: inside the commits, or by a worker (host/checkpointer.ts; the clock driver, a long step). */
  readonly checkpointing: 'in-commits' | 'worker';
  /**
   * Stops the clock, writes what the simulation holds and closes the lab. `flush: false` closes
   * without writing (what a crash leaves: the lab as its last commit left it), for tests.
   */
  close(opts?: { flush?: boolean }): void;
}

export function defaultUser(): string {
  try {
    return `LOCAL\\${userInfo().username}`;
  } catch {
    return 'LOCAL\\admin';
  }
}

/** Opens the lab in `dataDir` (generating it on first start) and wires the dispatcher. Throws LabError for a bad database. */
export function openHost(opts: HostOptions): Host {
  try {
    mkdirSync(opts.dataDir, { recursive: true });
  } catch (err) {
    throw new LabError('invalid-input', `The data folder ${opts.dataDir} cannot be used: ${(err as Error).message}`, ['dataDir']);
  }
  if (!statSync(opts.dataDir).isDirectory()) {
    throw new LabError('invalid-input', `The data folder ${opts.dataDir} is a file, not a folder`, ['dataDir']);
  }
  const dbPath = join(opts.dataDir, LAB_FILE);
  const wallClock = opts.wallClock ?? (() => new Date());
  // One process per lab folder: a second one would run its own simulation over the same rows.
  const unlock = lockLabFolder(opts.dataDir);
  let db: Db;
  let created = false;
  try {
    db = openDatabase(dbPath);
  } catch (err) {
    unlock();
    throw err;
  }
  try {
    created = ensureLab(db, opts.lab ?? 'default', opts.seed ?? DEFAULT_SEED, wallClock().toISOString()).created;
  } catch (err) {
    db.close();
    unlock();
    throw err;
  }
  // A replay view held the live clock when the last console on this folder stopped: the clock gets its speed back.
  if (!opts.scratch) resumeAfterLostView(db, opts.dataDir);
  try {
    // What a killed restore, save or import left in the checkpoints folder (this process holds the folder now).
    sweepCheckpointFolder(db, opts.dataDir, wallClock().toISOString());
  } catch {
    // Best effort: a folder we cannot tidy (permissions) must not keep the lab from opening.
  }
  let audit: AuditLog;
  try {
    audit = new AuditLog(join(opts.dataDir, AUDIT_FILE));
  } catch (err) {
    db.close();
    unlock();
    throw err;
  }
  let sim: Simulation | null = null;
  let dispatcher: Dispatcher | null = null;
  let capacity: CapacityService | null = null;
  /** The WAL's checkpoints off the main thread (host/checkpointer.ts): from the start with the clock driver, or once a long step asks. */
  let checkpointer: Checkpointer | null = null;
  let closed = false;
  const publish = (pushes: PushMessage[]) => {
    for (const p of pushes) dispatcher?.publish(p);
  };
  const services: AppServices = {
    simulation: () => (sim ??= new Simulation(db)),
    stepCommitMs: opts.stepCommitMs,
    hasSimulation: () => sim !== null,
    publish,
    yieldToOthers: () => new Promise((resolve) => setImmediate(resolve)),
    capacity: () => (capacity ??= new CapacityService(db, wallClock, publish, { simTime: () => (sim ? sim.clock().simTime : storedSimTime(db)) })),
    dataDir: opts.dataDir,
    ...(opts.scenarioDir ? { scenarioDir: opts.scenarioDir } : {}),
    audit,
    ...(opts.restAdmin ? { restAdmin: opts.restAdmin } : {}),
    // Replay (app/replay): a scratch lab folder opened like this one, and requests a branch sends through this dispatcher.
    openScratch: (o) => openHost({ ...o, user: opts.user, wallClock, scratch: true }),
    replayScratch: opts.scratch === true,
    dispatch: (method, input, call) => (dispatcher as Dispatcher).dispatch(method, input, call),
    checkpointInBackground: () => {
      if (checkpointer || closed) return;
      checkpointer = startCheckpointer(db, dbPath);
    },
  };
  let before = '';
  let caughtUp = false;
  dispatcher = new Dispatcher(db, wallClock, services, {
    beforeMutation: (ctx) => {
      // An admin change meets the running engine in every process, a one-shot `vdi-console call` too (app/mutation-engine.ts).
      if (!sim && mutationNeedsEngine(ctx.method ?? undefined)) services.simulation();
      if (!sim) return;
      before = sim.engine.fingerprint();
      ctx.pushes.push(...sim.flush());
      caughtUp = sim.lastFlushWrote;
    },
    duringMutation: (ctx) => {
      if (!sim) return [];
      let reloaded = false;
      const statesChanged = ctx.changedKinds().some((k) => k === 'desktop' || k === 'pool' || k === 'user' || k === 'group');
      if (ctx.labReplaced) {
        sim.rebuild(true);
        ctx.afterLabOpen?.(sim);
      } else if (ctx.structural) {
        // Machines added or removed, a push or a plan. The machines' states the handler wrote to their rows (recovered or
        // rebuilt ones are PROVISIONING again) reach the running engine first: the rebuild writes the engine's rows before
        // it reads the store, and put the old states back (a recover did nothing in a console with the engine running).
        if (statesChanged) sim.takeDesktopStates();
        sim.rebuild(false);
      } else if (statesChanged) {
        sim.reloadStates();
        reloaded = true;
      }
      // A training scenario under way records the trainee's action (with its simulated time) in the same transaction.
      if (ctx.method && sim.scenario?.running) sim.scenario.noteAction(ctx.method, ctx.input, ctx.user, sim.engine);
      // The figures of this instant with what the change did (a host in maintenance or failed, a fault injected or cleared,
      // an evacuation's first moves): what a lab opened now computes, and what the next instant's pass starts from.
      if (!ctx.unchanged || reloaded) sim.engine.refreshLoad();
      return sim.flush();
    },
    afterFailedMutation: () => {
      // The transaction rolled back, the engine's catching-up with it: an engine that wrote something in it, or that the
      // handler touched, goes back to the committed state (and runs the same way again from there: the engine is deterministic).
      if (sim && (caughtUp || sim.engine.fingerprint() !== before)) sim.reopen();
    },
  });
  for (const name of Object.keys(handlers) as MethodName[]) dispatcher.register(name, handlers[name] as never);
  services.capacity?.(); // at open: capacity runs a crash left running are marked interrupted
  dispatcher.assertComplete();
  const user: CallContext = { user: opts.user ?? defaultUser(), transport: opts.transport ?? 'in-process' };
  const driver = opts.run ? startClockDriver(services.simulation(), publish, opts.flushMs === undefined ? {} : { flushMs: opts.flushMs }) : null;
  if (opts.run) checkpointer = startCheckpointer(db, dbPath);
  else db.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
  const d = dispatcher;
  let control: ControlServer | null = null;

  const host: Host = {
    dataDir: opts.dataDir,
    dbPath,
    audit,
    accounts: new AccountGate(db, audit, wallClock, () => (sim ? sim.clock().simTime : storedSimTime(db))),
    localAdmin: user,
    created,
    dispatch: (method, input, call) => d.dispatch(method, input, call ?? user),
    dispatchText: (text, call) => d.dispatchText(text, call ?? user),
    dispatchWire: async (text, call) => JSON.stringify(await d.dispatchText(text, call ?? user)),
    onPush: (listener) => d.onPush(listener),
    controlReady: Promise.resolve(null),
    get checkpointing() {
      return checkpointer ? ('worker' as const) : ('in-commits' as const);
    },
    close(o = {}) {
      if (closed) return;
      closed = true;
      // A replay view open on this lab (app/replay): its scratch lab closes and its folder goes; one being opened is dropped when ready.
      if (!opts.scratch) closeViews(opts.dataDir);
      void control?.close();
      driver?.stop();
      capacity?.close();
      try {
        if (sim && o.flush !== false) sim.flush(); // the lab continues from this moment next time
      } finally {
        checkpointer?.stop(); // its connection closed: ours is the last
      }
      db.pragma('wal_autocheckpoint = 1000');
      db.close(); // closing the last connection checkpoints and removes the WAL
      audit.close();
      unlock();
    },
  };
  if (opts.control) {
    (host as { controlReady: Promise<ControlEndpoint | null> }).controlReady = startControlServer(host, user.user).then((c) => {
      if (closed) {
        void c.close();
        return null;
      }
      control = c;
      advertiseControl(opts.dataDir, { port: c.port, secret: c.secret });
      return { port: c.port, secret: c.secret };
    });
  }
  return host;
}

/** The in-process transport: tests and the CLI talk to the host without a wire. */
export function memoryTransport(host: Host, call?: CallContext): Transport {
  return {
    // Round-trip through JSON so tests see exactly what a wire would carry.
    request: async (method, input) => JSON.parse(JSON.stringify(await host.dispatch(method, input, call))) as Reply<unknown>,
    onPush: (listener) => host.onPush((msg) => listener(JSON.parse(JSON.stringify(msg)) as PushMessage)),
  };
}
