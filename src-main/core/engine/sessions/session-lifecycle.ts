import { LOGON_PHASES, type ConnectFailureReason, type LogonPhase } from '../../../contract/session-entities.ts';
import { PROTOCOLS } from '../../../contract/entities.ts';
import { logonRating, phaseSeconds, type LogonContext } from '../../models/logon.ts';
import { hashJitter, PROTOCOL_PARAMS, protocolTimeout } from '../../models/protocol.ts';
import { PROTOCOL_KBPS, WORKLOAD_INDEX } from '../../models/workloads.ts';
import { BROKER_PARAMS, type SessionChange } from './params.ts';
import type { SessionBook } from './session-book.ts';
import { POWER_ON } from '../provisioning/params.ts';
import { NPHASES } from './session-book.ts';
import { addSession, M, P, removeSession, U, touchDesktop, touchSession } from '../state.ts';
import type { EngineCore } from '../core.ts';
import { agentDeadReason, onBadImage } from '../faults/bad-image.ts';

/** The broker as a session's life uses it (broker.ts implements it). */
export interface BrokerLink {
  readonly book: SessionBook;
  readonly params: typeof BROKER_PARAMS;
  readonly changes: SessionChange[];
  setDesktop(d: number, state: number): void;
  recordFailure(u: number, desktop: number, pool: number, reason: ConnectFailureReason, message: string, at: number, manual: boolean): void;
}

/** A graceful restart first shuts the guest OS down (apps close, the profile is written back). */
export const RESTART_PARAMS = { shutdownSec: 15 };

const PHASE = Object.fromEntries(LOGON_PHASES.map((p, i) => [p, i])) as Record<LogonPhase, number>;

/**
 * A session from connection to logoff: the logon phases one after the other
 * (each timed from the contention when it starts), the failures that can stop
 * it, disconnect and reconnect, logoff and what the pool does after, and the
 * admin's restart and reset of a desktop.
 */
export class SessionLifecycle {
  /** Logons in flight (the broker is a little slower with many). */
  pending = 0;

  constructor(
    private readonly e: EngineCore,
    private readonly b: BrokerLink,
  ) {}

  /** A brokered session starts on desktop d: the first logon phase begins. */
  begin(u: number, d: number, pool: number, at: number): void {
    const st = this.e.st;
    const book = this.b.book;
    st.uState[u] = U.logon;
    touchSession(st, u);
    st.uDesktop[u] = d;
    st.uPool[u] = pool;
    st.uDisconnectAt[u] = -1;
    st.dSessions[d] = (st.dSessions[d] as number) + 1;
    touchDesktop(st, d);
    const proto = book.protocolOf(u);
    st.uKbps[u] = PROTOCOL_KBPS[proto][WORKLOAD_INDEX[st.uWorkload[u] as number] ?? 'knowledge'];
    addSession(st, u);
    book.serial[u] = (book.serial[u] as number) + 1;
    book.resetPhases(u);
    book.startedAt[u] = at;
    book.stateSince[u] = at;
    book.reconnects[u] = 0;
    book.frozenUntil[u] = 0;
    this.pending++;
    if (!st.pMulti[pool]) this.b.setDesktop(d, M.CONNECTED);
    this.b.changes.push({ user: u, desktop: d, kind: 'start', at, pool });
    this.startPhase(u, 0, at);
  }

  /**
   * A session that was connecting when the engine was rebuilt: its phase k goes on
   * and ends at `endAt` (known when carried over from the previous engine), or starts again now.
   */
  resumeLogon(u: number, at: number, k: number, endAt: number | null): void {
    const book = this.b.book;
    this.e.st.uState[u] = U.logon;
    touchSession(this.e.st, u);
    book.serial[u] = (book.serial[u] as number) + 1;
    this.pending++;
    if (endAt === null || k < 0) return this.startPhase(u, Math.max(0, k), at);
    book.phase[u] = k;
    this.e.queue.schedule(Math.max(at, endAt), { kind: 'logon-phase', user: u, serial: book.serial[u] as number });
  }

  /** A session that was reconnecting when the engine was rebuilt finishes its reconnect at `endAt`. */
  resumeReconnect(u: number, at: number, endAt: number): void {
    const book = this.b.book;
    this.e.st.uState[u] = U.reconnecting;
    touchSession(this.e.st, u);
    book.serial[u] = (book.serial[u] as number) + 1;
    this.e.queue.schedule(Math.max(at, endAt), { kind: 'reconnect-done', user: u, serial: book.serial[u] as number });
  }

  /** What the logon phases feel right now on this session's desktop. */
  context(u: number, vmStartSec = 0): LogonContext {
    const st = this.e.st;
    const book = this.b.book;
    const d = st.uDesktop[u] as number;
    const s = st.dDs[d] as number;
    const net = book.conditions(u);
    return {
      protocol: book.protocolOf(u),
      latencyRatio: (this.e.sLatencyMs[s] as number) / Math.max(0.01, st.sSvcMs[s] as number),
      readyPct: this.e.vmReadyPct(d),
      rttMs: net.rttMs,
      profileMb: book.profileMb[u] as number,
      pendingLogons: this.pending,
      vmStartSec,
      // Keyed by the session's start, not its serial: a logon carried over a rebuild draws the same.
      jitter: hashJitter(u, Math.round(book.startedAt[u] as number) * 16 + (book.phase[u] as number)),
    };
  }

  private startPhase(u: number, k: number, at: number): void {
    const st = this.e.st;
    const book = this.b.book;
    const phase = LOGON_PHASES[k] as LogonPhase;
    const d = st.uDesktop[u] as number;
    book.phase[u] = k;
    book.phaseStart[u] = at;
    let secs: number;
    if (phase === 'vm-start') {
      // A desktop still booting (powered on by the pool, not yet registered) is waited for; one that is off starts now.
      const booting = st.dPower[d] === P.poweredOn ? this.e.powerThrottle.remaining(d, at) : this.e.provisioner.powerOn(d, at).totalSec;
      if (booting <= 0) {
        book.phasesOf(u)[k] = Number.NaN; // the desktop was on: no VM start
        return this.startPhase(u, k + 1, at);
      }
      secs = phaseSeconds(phase, this.context(u, booting));
    } else if (phase === 'protocol' && this.protocolFailure(u, d)) {
      secs = BROKER_PARAMS.protocolTimeoutSec;
    } else {
      const c = this.context(u);
      book.logonLatency[u] = Math.max(book.logonLatency[u] as number, c.latencyRatio);
      book.logonReady[u] = Math.max(book.logonReady[u] as number, c.readyPct);
      secs = phaseSeconds(phase, c);
    }
    secs *= this.e.faults.phaseFactor[k] as number; // an injected slow broker, directory or profile server (faults/faults.ts)
    book.phasesOf(u)[k] = secs;
    this.e.queue.schedule(at + secs, { kind: 'logon-phase', user: u, serial: book.serial[u] as number });
  }

  /** The phase in progress ended: check what can fail there, then the next phase or the session is ready. */
  phaseEnd(u: number, serial: number, at: number): void {
    const st = this.e.st;
    const book = this.b.book;
    if (book.serial[u] !== serial || st.uState[u] !== U.logon) return;
    const k = book.phase[u] as number;
    const phase = LOGON_PHASES[k] as LogonPhase;
    const d = st.uDesktop[u] as number;
    const roll = (salt: number) => (hashJitter(u * 31 + salt, Math.round(book.startedAt[u] as number) * 7 + d) + 1) / 2;
    if (phase === 'vm-start') {
      if (roll(1) < this.b.params.powerOnFailShare) {
        return this.fail(u, at, 'power-on-failed', 'The desktop failed to power on (vCenter task error)');
      }
      if (roll(2) < this.b.params.agentUnreachableShare) {
        return this.fail(u, at, 'agent-unreachable', 'The Horizon Agent on the desktop did not answer after power-on');
      }
    }
    if (phase === 'protocol') {
      const why = this.protocolFailure(u, d);
      if (why) return this.fail(u, at, 'protocol-timeout', why);
    }
    if (k + 1 < NPHASES) return this.startPhase(u, k + 1, at);
    // Interactive: the shell is up, the user works.
    let total = 0;
    for (const s of book.phasesOf(u)) if (!Number.isNaN(s)) total += s;
    st.uState[u] = U.active;
    touchSession(st, u);
    st.uLogonEnd[u] = at;
    st.uLogonSec[u] = total;
    book.phase[u] = -1;
    book.measured[u] = 1;
    book.retries[u] = 0;
    book.stateSince[u] = at;
    this.pending = Math.max(0, this.pending - 1);
    this.b.changes.push({ user: u, desktop: d, kind: 'active', at, logonSec: total });
  }

  /** A connection that failed part-way: the session ends, the desktop shows why, the failure is counted. */
  private fail(u: number, at: number, reason: ConnectFailureReason, message: string): void {
    const st = this.e.st;
    const d = st.uDesktop[u] as number;
    const pool = st.uPool[u] as number;
    this.end(u, at, message, false);
    if (reason === 'power-on-failed') {
      st.dPower[d] = P.poweredOff;
      st.dBusyUntil[d] = 0;
      touchDesktop(st, d);
      st.dProblem.set(d, message);
      this.b.setDesktop(d, M.ERROR);
    } else if (reason === 'agent-unreachable') {
      st.dProblem.set(d, message);
      this.b.setDesktop(d, M.AGENT_UNREACHABLE);
      this.e.queue.schedule(at + BROKER_PARAMS.agentRecoverSec, { kind: 'desktop-ready', desktop: d });
    } else if (!st.pMulti[pool] && (st.dSessions[d] as number) === 0) {
      this.b.setDesktop(d, M.AVAILABLE);
    }
    this.b.recordFailure(u, d, pool, reason, message, at, this.b.book.manual[u] === 1);
  }

  /** Why this session's protocol handshake times out: a network beyond the protocol, or a flaky link's bad moment; else null. */
  private protocolFailure(u: number, d: number): string | null {
    const book = this.b.book;
    const net = book.conditions(u);
    const why = protocolTimeout(book.protocolOf(u), net);
    if (why) return why;
    const roll = (hashJitter(u * 31 + 3, Math.round(book.startedAt[u] as number) * 7 + d) + 1) / 2;
    return roll < PROTOCOL_PARAMS.flakyTimeoutPerLossPct * net.lossPct
      ? `Protocol timeout: the connection over ${book.networkOf(u)} (${net.lossPct}% loss, ${Math.round(net.rttMs)} ms) dropped during the handshake`
      : null;
  }

  /** Takes the session off its desktop (no change pushed unless `emit`). */
  private end(u: number, at: number, reason: string, emit: boolean): void {
    const st = this.e.st;
    const book = this.b.book;
    const d = st.uDesktop[u] as number;
    const pool = st.uPool[u] as number;
    if (st.uState[u] === U.logon) this.pending = Math.max(0, this.pending - 1);
    removeSession(st, u);
    st.uState[u] = U.none;
    touchSession(st, u);
    st.uDesktop[u] = -1;
    st.uPool[u] = -1;
    st.uDisconnectAt[u] = -1;
    if (d >= 0) st.dSessions[d] = Math.max(0, (st.dSessions[d] as number) - 1);
    touchDesktop(st, d);
    book.serial[u] = (book.serial[u] as number) + 1;
    book.phase[u] = -1;
    book.stateSince[u] = at;
    if (emit) this.b.changes.push({ user: u, desktop: d, kind: 'logoff', at, reason, pool });
  }

  /** The user goes back to the session: a short protocol reconnect, no logon phases. */
  reconnect(u: number, at: number): void {
    const st = this.e.st;
    const book = this.b.book;
    const s = st.uState[u];
    // Still logging on: the new client simply gets the session when it is ready. Connected: the new client takes it over.
    if (s === U.none || s === U.logon) return;
    const d = st.uDesktop[u] as number;
    const pool = st.uPool[u] as number;
    st.uState[u] = U.reconnecting;
    touchSession(st, u);
    st.uDisconnectAt[u] = -1;
    book.serial[u] = (book.serial[u] as number) + 1;
    book.stateSince[u] = at;
    book.reconnects[u] = (book.reconnects[u] as number) + 1;
    const proto = book.protocolOf(u);
    st.uKbps[u] = PROTOCOL_KBPS[proto][WORKLOAD_INDEX[st.uWorkload[u] as number] ?? 'knowledge'];
    if (!st.pMulti[pool]) this.b.setDesktop(d, M.CONNECTED);
    // A desktop suspended with the session in it (Horizon's suspendOnDisconnect, as labs from before 8 Dec 2026 were generated)
    // is resumed first: the session is in its memory, so the client waits for the resume, then reconnects.
    const resumeSec = st.dPower[d] === P.poweredOn ? 0 : this.e.provisioner.powerOn(d, at).totalSec;
    const c = this.context(u);
    const secs = resumeSec + phaseSeconds('protocol', c) + phaseSeconds('authentication', c);
    this.e.queue.schedule(at + secs, { kind: 'reconnect-done', user: u, serial: book.serial[u] as number });
    this.b.changes.push({ user: u, desktop: d, kind: 'reconnecting', at, pool });
  }

  reconnectDone(u: number, serial: number, at: number): void {
    const st = this.e.st;
    const book = this.b.book;
    if (book.serial[u] !== serial || st.uState[u] !== U.reconnecting) return;
    const why = protocolTimeout(book.protocolOf(u), book.conditions(u));
    if (why) return this.disconnect(u, at, why);
    st.uState[u] = U.active;
    touchSession(st, u);
    book.stateSince[u] = at;
    this.b.changes.push({ user: u, desktop: st.uDesktop[u] as number, kind: 'active', at });
  }

  /** The client goes away; the session and its desktop stay, the pool's logoff timer starts. */
  disconnect(u: number, at: number, reason: string): void {
    const st = this.e.st;
    const book = this.b.book;
    const s = st.uState[u];
    if (s === U.none || s === U.disconnected) return;
    if (s === U.logon) this.pending = Math.max(0, this.pending - 1);
    const d = st.uDesktop[u] as number;
    const pool = st.uPool[u] as number;
    st.uState[u] = U.disconnected;
    touchSession(st, u);
    book.serial[u] = (book.serial[u] as number) + 1;
    book.phase[u] = -1;
    book.stateSince[u] = at;
    if (!st.pMulti[pool]) this.b.setDesktop(d, M.DISCONNECTED);
    this.b.changes.push({ user: u, desktop: d, kind: 'disconnect', at, reason, pool });
    const after = st.pLogoffAfterSec[pool] as number;
    st.uDisconnectAt[u] = at;
    if (after >= 0) this.e.queue.schedule(at + after, { kind: 'auto-logoff', user: u });
  }

  /** Logoff: the session ends; the desktop is refreshed, recomposed or made available as the pool says. */
  logoff(u: number, at: number, reason: string): void {
    const st = this.e.st;
    const d = st.uDesktop[u] as number;
    const pool = st.uPool[u] as number;
    if (st.uState[u] === U.none) return;
    this.end(u, at, reason, true);
    if ((st.dSessions[d] as number) > 0) return;
    // Push image waiting for this machine: it is recomposed from the new version now.
    if (!st.pMulti[pool]) st.dState[d] = M.AVAILABLE;
    if (this.e.push.recomposeIfIdle(d)) {
      this.e.provisioner.fill(pool, at);
      return;
    }
    if (st.pMulti[pool]) return;
    if (st.pRefresh[pool] === 2) {
      this.e.provisioner.deleteAfterLogoff(d, at);
    } else if (st.pRefresh[pool]) {
      // Non-persistent: refreshed before the next user (its own I/O burst).
      this.b.setDesktop(d, M.CUSTOMIZING);
      st.dBusyUntil[d] = at + BROKER_PARAMS.refreshSec;
      st.dBusyIops[d] = BROKER_PARAMS.refreshIops;
      st.dBusyMhz[d] = BROKER_PARAMS.refreshMhz;
      touchDesktop(st, d);
      this.e.queue.schedule(at + BROKER_PARAMS.refreshSec, { kind: 'desktop-ready', desktop: d });
    } else {
      this.b.setDesktop(d, M.AVAILABLE);
    }
  }

  /**
   * Restart (graceful: users logged off, guest shut down, then boot) or reset
   * (hard: sessions lost without logoff, the VM power-cycles) of desktop d.
   * Returns the users whose sessions ended.
   */
  restartDesktop(d: number, at: number, hard: boolean): number[] {
    const st = this.e.st;
    const users: number[] = [];
    for (let i = 0; i < st.nSess; i++) {
      const u = st.sessList[i] as number;
      if (st.uDesktop[u] === d) users.push(u);
    }
    for (const u of users) {
      this.end(u, at, hard ? 'Your desktop was reset by the administrator (unsaved work is lost)' : 'Your desktop was restarted by the administrator', true);
    }
    const secs = (hard ? 0 : RESTART_PARAMS.shutdownSec) + POWER_ON.bootSec;
    st.dPower[d] = P.poweredOn;
    st.dBusyUntil[d] = at + secs;
    st.dBusyIops[d] = POWER_ON.iops;
    st.dBusyMhz[d] = POWER_ON.mhz;
    touchDesktop(st, d);
    st.dProblem.delete(d);
    this.b.setDesktop(d, M.WAIT_FOR_AGENT);
    this.e.queue.schedule(at + secs, { kind: 'desktop-ready', desktop: d });
    return users;
  }

  /**
   * The sessions on desktop d see a frozen picture until `until` (a live migration's
   * stun, a hung guest): the thin client shows it with the reason; the session itself goes on.
   * Returns the users affected.
   */
  freezeDesktop(d: number, until: number, reason: string): number[] {
    const st = this.e.st;
    const book = this.b.book;
    const users: number[] = [];
    for (let i = 0; i < st.nSess; i++) {
      const u = st.sessList[i] as number;
      if (st.uDesktop[u] !== d) continue;
      book.frozenUntil[u] = Math.max(book.frozenUntil[u] as number, until);
      book.frozenReason.set(u, reason);
      users.push(u);
    }
    return users;
  }

  /** A refresh, reboot or agent outage is over: the desktop takes sessions again. */
  desktopReady(d: number, at: number): void {
    const st = this.e.st;
    const s = st.dState[d];
    // Its host failed meanwhile (a refresh or reboot that was under way): it stays down until HA restarts it elsewhere or the host is back.
    if (!this.e.cluster.runsVms(st.dHost[d] as number)) return;
    // Booted again from a bad golden image (faults/faults.ts): the agent does not come up; it stays unreachable.
    if ((s === M.WAIT_FOR_AGENT || s === M.AGENT_UNREACHABLE) && (st.dSessions[d] as number) === 0 && onBadImage(this.e, d)) {
      if ((st.dBusyUntil[d] as number) > at + 1e-6) return;
      st.dProblem.set(d, agentDeadReason(this.e, d));
      this.b.setDesktop(d, M.AGENT_UNREACHABLE);
      return;
    }
    if (s === M.AGENT_UNREACHABLE && (st.dSessions[d] as number) === 0) {
      st.dProblem.delete(d);
      this.b.setDesktop(d, M.AVAILABLE);
      return;
    }
    if ((st.dBusyUntil[d] as number) > at + 1e-6) return; // a later refresh or reboot is still running
    if (s === M.CUSTOMIZING || s === M.WAIT_FOR_AGENT) this.b.setDesktop(d, M.AVAILABLE);
  }

  /** Rating and figures for tests and Help Desk. */
  rating(u: number): ReturnType<typeof logonRating> | null {
    return this.b.book.measured[u] ? logonRating(this.e.st.uLogonSec[u] as number) : null;
  }
}

export { PHASE };
