import type { ConnectFailureReason, NetworkConditions } from '../../../contract/session-entities.ts';
import { dayPlan, WORKDAY } from './workday.ts';
import { depthFirst, M, P, U } from '../state.ts';
import { SessionBook } from './session-book.ts';
import { BROKER_PARAMS, type SessionChange } from './params.ts';
import { SessionLifecycle } from './session-lifecycle.ts';
import { pickDesktop } from './placement.ts';
import type { EngineCore } from '../core.ts';
import type { EngineEvent } from '../events.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';
import type { Remap } from '../durable/remap.ts';

/**
 * The connection broker and the users' day, as discrete events: entitlement,
 * desktop choice (floating, dedicated, multi-session load balancing), power-on,
 * then the logon phases (session-lifecycle.ts). docs/SESSIONS.md.
 */
export type { EngineEvent };

/** What a connection asks for beyond the user: pool, endpoint, network, protocol (indices into the contract enums). */
export interface ConnectRequest {
  pool?: number;
  client?: number;
  net?: number;
  custom?: NetworkConditions;
  proto?: number;
  /** Asked for by a person (the thin-client view), not the simulated population: no automatic retry. */
  manual?: boolean;
}

/** A client device and network (indices of CLIENT_DEVICES, NETWORK_PROFILES). */
type Endpoint = { client: number; net: number };

export type BrokerChoice =
  { ok: true; reconnect: boolean; desktop: number; pool: number } | { ok: false; reason: ConnectFailureReason; message: string; pool: number };

const DAY = 86400;

interface BrokerSaved {
  failed: number;
  noteMinute: number;
  notesThisMinute: number;
  /** Logons in flight (session-lifecycle.ts). */
  pending: number;
  failedByReason: [ConnectFailureReason, number][];
}

export class Broker implements DurablePart<BrokerSaved> {
  readonly key = 'broker';
  readonly uLunch: Float32Array;
  readonly lunchSeconds = WORKDAY.lunchSeconds;
  readonly lunchActivityFactor = WORKDAY.lunchActivityFactor;
  failed = 0;
  /** The simulated minute whose failed connections the event log is telling, and how many it told. */
  private noteMinute = -1;
  private notesThisMinute = 0;
  /** The broker's figures; a copy so a test can make failures certain on one engine. */
  readonly params = { ...BROKER_PARAMS };
  readonly failedByReason = new Map<ConnectFailureReason, number>();
  /** Changes since the last drain, for the store and the UI. */
  changes: SessionChange[] = [];
  readonly dirtyDesktops = new Set<number>();
  readonly book: SessionBook;
  readonly life: SessionLifecycle;
  private readonly cursor: Int32Array;

  constructor(
    private readonly e: EngineCore,
    sameUsers?: SessionBook,
  ) {
    this.uLunch = new Float32Array(e.st.uState.length);
    this.cursor = new Int32Array(e.st.pDesktops.length);
    this.book = new SessionBook(e.seed, e.st.uState.length, sameUsers);
    this.life = new SessionLifecycle(e, this);
  }

  /**
   * A lab's first start: the sessions it was generated with are already disconnected since
   * `disconnectedSince` (their users left them on Friday), so the pool's logoff timer runs from
   * then; the rest of today is planned, and the start of tomorrow.
   */
  planFrom(t: number, disconnectedSince: (u: number) => number = () => t): void {
    const day = Math.floor(t / DAY);
    const st = this.e.st;
    for (let u = 0; u < st.uState.length; u++) {
      if (st.uState[u] !== U.disconnected) continue;
      const after = st.pLogoffAfterSec[st.uPool[u] as number] as number;
      const since = Math.min(t, disconnectedSince(u));
      st.uDisconnectAt[u] = since;
      if (after >= 0) this.e.queue.schedule(Math.max(t, since + after), { kind: 'auto-logoff', user: u });
    }
    this.planDay(day, t);
    this.e.queue.schedule((day + 1) * DAY, { kind: 'day', day: day + 1 });
  }

  arrays(): DurableArray[] {
    return [
      { name: 'broker.uLunch', array: this.uLunch, domain: 'user' },
      { name: 'broker.cursor', array: this.cursor, domain: 'pool' },
    ];
  }

  save(): BrokerSaved {
    return {
      failed: this.failed,
      noteMinute: this.noteMinute,
      notesThisMinute: this.notesThisMinute,
      pending: this.life.pending,
      failedByReason: [...this.failedByReason],
    };
  }

  load(s: BrokerSaved | undefined, _map: Remap): void {
    if (!s) return;
    this.failed = s.failed;
    this.noteMinute = s.noteMinute;
    this.notesThisMinute = s.notesThisMinute;
    this.life.pending = s.pending;
    this.failedByReason.clear();
    for (const [k, v] of s.failedByReason) this.failedByReason.set(k, v);
  }

  private planDay(day: number, now: number): void {
    const st = this.e.st;
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
    const base = day * DAY;
    for (let u = 0; u < st.uState.length; u++) {
      if ((st.uPools[u]?.length ?? 0) === 0) continue;
      const plan = dayPlan(this.e.seed, day, u, weekday);
      this.uLunch[u] = plan.lunchStart;
      this.book.retries[u] = 0;
      const leaveAt = base + plan.leave;
      if (leaveAt <= now) continue;
      // Someone whose session runs is at work, whatever today's draw said (a lab's early session of a user drawn absent
      // never ended: black-box round 6): they leave at the day's time like everyone else.
      const working = st.uState[u] !== U.none && st.uState[u] !== U.disconnected;
      if (!plan.present && !working) continue;
      if (st.uState[u] !== U.none) {
        // Already connected (the lab's early sessions): they leave like everyone else.
        this.e.queue.schedule(leaveAt, { kind: 'leave', user: u, forgetsLogoff: plan.forgetsLogoff });
        continue;
      }
      this.e.queue.schedule(Math.max(now, base + plan.arrive), { kind: 'arrive', user: u });
      this.e.queue.schedule(leaveAt, { kind: 'leave', user: u, forgetsLogoff: plan.forgetsLogoff });
    }
  }

  handle(ev: EngineEvent, at: number): void {
    switch (ev.kind) {
      case 'day':
        this.planDay(ev.day, at);
        this.e.queue.schedule((ev.day + 1) * DAY, { kind: 'day', day: ev.day + 1 });
        return;
      case 'arrive':
        return void this.connect(ev.user, at, {});
      case 'logon-done':
        return; // kept for event queues written before the phase model: the phases end the logon now
      case 'logon-phase':
        return this.life.phaseEnd(ev.user, ev.serial, at);
      case 'reconnect-done':
        return this.life.reconnectDone(ev.user, ev.serial, at);
      case 'leave':
        return this.leave(ev.user, ev.forgetsLogoff, at);
      case 'auto-logoff':
        if (this.e.st.uState[ev.user] === U.disconnected && (this.e.st.uDisconnectAt[ev.user] as number) <= at) {
          this.life.logoff(ev.user, at, 'Logged off by the pool’s log-off-after-disconnect setting');
        }
        return;
      case 'desktop-ready':
        return this.life.desktopReady(ev.desktop, at);
      default:
        // Provisioning, push image, the pools' policy and cluster events are the engine's to route (engine.ts).
        return;
    }
  }

  /**
   * What the broker would do for user u now, changing nothing: reconnect to
   * the user's session, or a new session on a desktop, or why not.
   */
  choose(u: number, req: ConnectRequest): BrokerChoice {
    const st = this.e.st;
    const s = st.uState[u];
    if (s !== U.none && this.e.faults.brokerDown) {
      return { ok: false, reason: 'broker-unavailable', message: 'The Connection Server is not answering (broker unavailable)', pool: st.uPool[u] as number };
    }
    if (s !== U.none) {
      // One session per user in this simulation: a request for another pool is not answered with the session it has elsewhere.
      if (req.pool !== undefined && req.pool !== st.uPool[u] && (st.uPools[u] ?? new Int32Array(0)).includes(req.pool)) {
        return { ok: false, reason: 'no-desktop', message: 'The user already has a session in another pool (one session per user)', pool: req.pool };
      }
      const d = st.uDesktop[u] as number;
      return { ok: true, reconnect: true, desktop: d, pool: st.uPool[u] as number };
    }
    const entitled = st.uPools[u] ?? new Int32Array(0);
    const pools = req.pool !== undefined ? [req.pool] : [...entitled];
    // Injected faults (faults/faults.ts): the Connection Servers down, or the concurrent-user licence used up.
    const faults = this.e.faults;
    if (faults.brokerDown) {
      return { ok: false, reason: 'broker-unavailable', message: 'The Connection Server is not answering (broker unavailable)', pool: pools[0] ?? -1 };
    }
    if (st.nSess >= faults.sessionCap) {
      return {
        ok: false,
        reason: 'license-exhausted',
        message: `The concurrent-user licence is used up (${faults.sessionCap} sessions)`,
        pool: pools[0] ?? -1,
      };
    }
    if (entitled.length === 0 || (req.pool !== undefined && !entitled.includes(req.pool))) {
      return { ok: false, reason: 'not-entitled', message: 'The user is not entitled to this desktop pool', pool: req.pool ?? -1 };
    }
    let disabled = -1;
    let unreachable = -1;
    for (const p of pools) {
      if (!st.pEnabled[p] || st.pDrain[p]) {
        if (disabled < 0) disabled = p;
        continue; // disabled or draining: no new sessions (reconnects are handled above)
      }
      const d = this.e.faults.pExhausted[p] ? -1 : pickDesktop(this.e, p, u, this.cursor[p] as number); // an exhausted pool (injected fault) has no machine to give
      if (d >= 0) {
        if (st.dState[d] === M.AGENT_UNREACHABLE) {
          unreachable = d;
          continue;
        }
        return { ok: true, reconnect: false, desktop: d, pool: p };
      }
    }
    if (unreachable >= 0) {
      return {
        ok: false,
        reason: 'agent-unreachable',
        message: 'The user’s desktop does not answer (Horizon Agent unreachable)',
        pool: st.dPool[unreachable] as number,
      };
    }
    if (disabled >= 0 && pools.every((p) => !st.pEnabled[p] || st.pDrain[p])) {
      const why = st.pEnabled[disabled] ? 'in drain mode' : 'disabled';
      return { ok: false, reason: 'pool-disabled', message: `The desktop pool is ${why}: no new sessions`, pool: disabled };
    }
    return { ok: false, reason: 'no-desktop', message: 'No desktop available in the entitled pools', pool: pools[0] ?? -1 };
  }

  /**
   * A user asks for a connection now: reconnect, or broker a new session (which
   * then goes through its logon phases), or fail with a reason that is counted.
   */
  connect(u: number, at: number, req: ConnectRequest): BrokerChoice {
    const st = this.e.st;
    const choice = this.choose(u, req);
    if (!choice.ok) {
      // The attempt's endpoint (a refusal sets none: the user's is still their last connection's).
      const from = { client: req.client ?? (this.book.homeClient[u] as number), net: req.net ?? (this.book.homeNet[u] as number) };
      this.recordFailure(u, -1, choice.pool, choice.reason, choice.message, at, req.manual === true, from);
      return choice;
    }
    // Still logging on: the session keeps the endpoint it started with; the new client gets it when it is ready.
    if (choice.reconnect && st.uState[u] === U.logon) return choice;
    this.book.setEndpoint(u, st.pProtocol[choice.pool] as number, req);
    if (choice.reconnect) {
      this.life.reconnect(u, at);
      return choice;
    }
    this.claim(choice.pool, choice.desktop, u);
    this.life.begin(u, choice.desktop, choice.pool, at);
    return choice;
  }

  /** `from`: the endpoint the attempt came from (default: the session's, set when it started). */
  recordFailure(u: number, desktop: number, pool: number, reason: ConnectFailureReason, message: string, at: number, manual: boolean, from?: Endpoint): void {
    const { client, net } = from ?? { client: this.book.client[u] as number, net: this.book.net[u] as number };
    this.failed++;
    this.failedByReason.set(reason, (this.failedByReason.get(reason) ?? 0) + 1);
    const minute = Math.floor(at / 60);
    if (minute !== this.noteMinute) {
      this.noteMinute = minute;
      this.notesThisMinute = 0;
    }
    const told = this.notesThisMinute < this.params.failureNotesPerMinute;
    if (told) this.notesThisMinute++;
    this.changes.push({
      user: u,
      desktop,
      kind: 'failed',
      at,
      reason: message,
      failure: reason,
      pool,
      client,
      net,
      noteSeq: told ? this.e.journal.next() : undefined,
    });
    // A simulated user tries again a little later (not when the answer cannot change: not entitled, pool disabled).
    const retryable = reason !== 'not-entitled' && reason !== 'pool-disabled';
    if (!manual && retryable && (this.book.retries[u] as number) < this.params.maxRetries) {
      this.book.retries[u] = (this.book.retries[u] as number) + 1;
      this.e.queue.schedule(at + this.params.retryAfterSec, { kind: 'arrive', user: u });
    }
  }

  /** Takes the chosen desktop: a dedicated one is assigned to the user, a floating pool's cursor moves on. */
  private claim(p: number, d: number, u: number): void {
    const st = this.e.st;
    if (st.pDedicated[p] === 1 && (st.dOwner[d] as number) < 0) {
      st.dOwner[d] = u;
      this.dirtyDesktops.add(d);
    }
    if (!st.pMulti[p]) {
      const desktops = st.pDesktops[p] as Int32Array;
      const i = desktops.indexOf(d);
      if (i >= 0) this.cursor[p] = (i + 1) % desktops.length;
    }
  }

  /** Whether user u's working day is over at `at` (the day's plan: gone home, or not in today). */
  offDuty(u: number, at: number): boolean {
    const day = Math.floor(at / DAY);
    const plan = dayPlan(this.e.seed, day, u, (day + 4) % 7);
    return !plan.present || at >= day * DAY + plan.leave;
  }

  private leave(u: number, forgetsLogoff: boolean, at: number): void {
    const s = this.e.st.uState[u];
    if (s === U.none || s === U.disconnected) return;
    if (!forgetsLogoff) return this.life.logoff(u, at, 'The user logged off');
    this.life.disconnect(u, at, 'The user closed the client without logging off');
  }

  /** Logs a session off on the admin's or the system's behalf (push image with forced logoff). */
  forceLogoff(u: number, at: number, reason: string): void {
    if (this.e.st.uState[u] !== U.none) this.life.logoff(u, at, reason);
  }

  setDesktop(d: number, state: number): void {
    if (d < 0) return;
    this.e.st.dState[d] = state;
    this.dirtyDesktops.add(d);
  }

  /** The session changes so far, without taking them. */
  peekChanges(): { changes: readonly SessionChange[] } {
    return { changes: this.changes };
  }

  clearChanges(): void {
    this.changes = [];
  }

  /** Hands over the changes since the last call (the store persists them). */
  drain(): { changes: SessionChange[]; desktops: number[] } {
    const out = { changes: this.changes, desktops: [...this.dirtyDesktops] };
    this.changes = [];
    this.dirtyDesktops.clear();
    return out;
  }
}

export { BROKER_PARAMS };
export type { SessionChange };
