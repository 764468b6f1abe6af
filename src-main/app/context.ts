import type { LabEvent, ObjectKind } from '../contract/entities.ts';
import type { MethodName, ParsedInput, PushMessage, Result } from '../contract/methods.ts';
import type { Db } from '../store/db.ts';
import type { Role, TransportKind } from '../contract/roles.ts';
import type { RestAdminOp } from './rest-admin.ts';
import type { AuditLog } from '../store/audit-log.ts';
import { appendEvent, type NewEvent } from '../store/events.ts';
import { appendEventNote, recordsAction } from '../store/action-log.ts';
import { simTime } from '../store/meta.ts';
import type { Simulation } from './simulation.ts';
import type { CapacityService } from './capacity/service.ts';
import type { ScratchOpener } from './replay/replayer.ts';
import type { Reply } from '../contract/errors.ts';

/** Long-lived services handlers may use; created by the host. */
export interface AppServices {
  /** The live simulation of the lab (created on first use). */
  simulation(): Simulation;
  hasSimulation(): boolean;
  /** Sends pushes to every client at once (long runs publish as they go). */
  publish?(pushes: PushMessage[]): void;
  /** Lets other requests run between slices of long work. */
  yieldToOthers(): Promise<void>;
  /** The capacity-test worker pool (created on first use; the host closes it). */
  capacity?(): CapacityService;
  /**
   * A long run writes on: the WAL is checkpointed by a worker from now on, not inside its commits (the host starts it once
   * and stops it at close; absent in bare test contexts).
   */
  checkpointInBackground?(): void;
  /** Wall time between a long clock step's commits (ms); tests stretch it to see a step with changes not yet written. */
  stepCommitMs?: number;
  /** The lab's data folder (lab checkpoints live in its checkpoints/ folder); absent in bare test contexts. */
  dataDir?: string;
  /** The audit trail (audit.sqlite beside the lab); absent in bare test contexts. */
  audit?: AuditLog;
  /** The HTTP API's fault rules and request log when they live in another thread (host/runner); absent: restAdminFor here. */
  restAdmin?(op: RestAdminOp): Promise<unknown>;
  /** This host is a replay's scratch lab: a replayed clock-set does not keep clock-step from running (nothing else drives its clock). */
  replayScratch?: boolean;
  /** Opens another lab folder in this process (a replay's scratch lab); absent in bare test contexts. */
  openScratch?: ScratchOpener;
  /** Sends a request through this host's dispatcher (a branch saves, imports and restores checkpoints as the caller). */
  dispatch?(method: unknown, input: unknown, call: CallContext): Promise<Reply<unknown>>;
  /** The folder a scenario's checkpointFile is read from (`vdi-console scenario run FILE`: FILE's); absent: resources/scenarios/. */
  scenarioDir?: string;
}

/**
 * Who is calling, as recorded in the audit trail and checked by the dispatcher.
 * `role` absent: the local administrator (the desktop app's OS user, the CLI, the console token,
 * tests) — Administrators. `role: null`: nobody signed in (a browser once the lab has accounts):
 * only `session-whoami` answers. `accountId`: an account signed in; the dispatcher reads its role
 * from the lab on every request, so a role change or a disable takes effect at once.
 */
export interface CallContext {
  user: string;
  role?: Role | null;
  transport?: TransportKind;
  accountId?: string | null;
  /**
   * The class instructor's calls (host/class/classroom.ts): they read and change the live lab even while the trainee's
   * console shows a past moment (replay view), which is the trainee's screen, not the class's lab.
   */
  live?: boolean;
}

/**
 * What a handler gets besides its parsed input. A mutating handler runs inside
 * one transaction; `audit` writes its event row in that same transaction and
 * queues the push, which is sent only after the commit.
 */
export class AppContext {
  readonly pushes: PushMessage[] = [];
  /** Set when the handler changed the lab's structure (machines, pools, hosts, a push, a plan): the engine is rebuilt over it. */
  structural = false;
  /** Set by a handler whose request changed nothing (a clock already at that speed): it is not an action of the replay log. */
  unchanged = false;
  /** Set when the handler replaced the whole lab (a new one generated): the engine starts it afresh. */
  labReplaced = false;
  private readonly kinds = new Set<ObjectKind>();

  constructor(
    readonly db: Db,
    readonly call: CallContext,
    private readonly wallClock: () => Date,
    readonly services: AppServices,
  ) {}

  get user(): string {
    return this.call.user;
  }

  /** The caller's role as the dispatcher resolved it (set before the handler runs); null = not signed in (only session-whoami runs then). */
  role: Role | null = 'administrators';
  /** Issue 19: the tenant the caller's account is scoped to (null: the whole estate); set by the dispatcher. */
  tenantId: string | null = null;

  /** The method being run and its parsed input (set by the dispatcher; a training scenario records the trainee's actions from them). */
  method: MethodName | null = null;
  input: unknown = undefined;
  /** Run on the simulation once a handler's replaced lab is open (a training scenario starts on it). */
  afterLabOpen: ((sim: Simulation) => void) | null = null;
  /**
   * Work that must run after the handler's transaction committed, before the reply (a scenario that
   * starts from a checkpoint file: the lab is replaced in a transaction of its own, as
   * checkpoint-restore does, which cannot nest in the handler's). Its refusal is the request's.
   */
  afterCommit: (() => Promise<void>) | null = null;

  wallTime(): string {
    return this.wallClock().toISOString();
  }

  /** The lab's simulated time now; once the handler replaced the lab, the new lab's (its events belong to its timeline). */
  simTime(): string {
    return this.services.hasSimulation() && !this.labReplaced ? this.services.simulation().clock().simTime : simTime(this.db);
  }

  /** Writes an event row in the handler's transaction; `at` stamps it at another simulated time (a restore: the time the lab is now at). */
  audit(e: Omit<NewEvent, 'user' | 'type' | 'severity'> & Partial<Pick<NewEvent, 'type' | 'severity' | 'user'>>, at?: string): LabEvent {
    const event = appendEvent(this.db, { type: 'audit-success', severity: 'info', user: this.user, ...e }, at ?? this.simTime(), this.wallTime());
    // A request the action log does not record still wrote a row of the lab's events: the log keeps it as a note (app/replay).
    if (this.method && !recordsAction(this.method)) appendEventNote(this.db, { ...event, key: null }, this.wallTime());
    this.pushes.push({ topic: 'event-added', payload: event });
    this.changed('lab');
    return event;
  }

  /** For long runs: pushes that go out now, their data already committed. */
  publishNow(pushes: PushMessage[]): void {
    this.pushes.push(...pushes);
    this.services.publish?.(this.drainPushes());
  }

  rebuildEngine(): void {
    this.structural = true;
  }

  replaceLab(): void {
    this.labReplaced = true;
  }

  /** Kinds named by the lab-changed pushes so far. */
  changedKinds(): ObjectKind[] {
    return [...this.kinds];
  }

  changed(...kinds: ObjectKind[]): void {
    for (const k of kinds) this.kinds.add(k);
  }

  /**
   * Pushes to send once the handler's transaction has committed. The clock and the figures are states, not
   * happenings: of those, each console gets the last (a request flushes before its handler and after it, and
   * a snapshot-growth fault flushes twice more: it sent the same clock and figures up to four times); the
   * "lab changed" ones become one, naming every kind (each made the console read its lists again).
   */
  drainPushes(): PushMessage[] {
    const out = lastStates(this.kinds.size ? [...this.pushes, { topic: 'lab-changed', payload: { kinds: [...this.kinds] } }] : [...this.pushes]);
    this.pushes.length = 0;
    this.kinds.clear();
    return out;
  }
}

/** Read and write handlers answer synchronously (writes run inside one transaction); `runs` methods may be async. */
export type Handler<K extends MethodName> = (input: ParsedInput<K>, ctx: AppContext) => Result<K> | Promise<Result<K>>;
/** Every method must have exactly one handler: a missing one is a type error. */
export type Handlers = { [K in MethodName]: Handler<K> };

/** Pushes whose payload is a state: a later one replaces an earlier one of the same topic. */
const STATE_TOPICS: ReadonlySet<PushMessage['topic']> = new Set(['clock', 'metrics']);

/**
 * The pushes in order, with only the last of each state topic (where it stood), and one "lab changed"
 * (where the last stood) naming every kind the ones it replaces named.
 */
export function lastStates(pushes: PushMessage[]): PushMessage[] {
  const last = new Map<string, number>();
  const kinds = new Set<ObjectKind>();
  pushes.forEach((p, i) => {
    if (STATE_TOPICS.has(p.topic) || p.topic === 'lab-changed') last.set(p.topic, i);
    if (p.topic === 'lab-changed') for (const k of (p.payload as { kinds: ObjectKind[] }).kinds) kinds.add(k);
  });
  return pushes.flatMap((p, i) => {
    if (p.topic === 'lab-changed') return last.get(p.topic) === i ? [{ topic: 'lab-changed', payload: { kinds: [...kinds] } }] : [];
    return !STATE_TOPICS.has(p.topic) || last.get(p.topic) === i ? [p] : [];
  });
}
