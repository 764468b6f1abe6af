import { dayPlan, WORKDAY } from './workday.ts';
import { POLICY_SECONDS, POWER_ON } from './provisioning.ts';
import { addSession, M, P, removeSession, setSessionKbps, U } from './state.ts';
import type { Engine } from './engine.ts';
import type { ClusterOp } from './cluster.ts';

/**
 * The connection broker and the users' day, as discrete events. (The full
 * broker with logon phases and failure reasons is the sessions issue; this one
 * places users, runs a logon whose length follows contention, and ends sessions
 * the way the pool's settings say.)
 */
export type EngineEvent =
  | { kind: 'day'; day: number }
  | { kind: 'arrive'; user: number }
  | { kind: 'logon-done'; user: number }
  | { kind: 'leave'; user: number; forgetsLogoff: boolean }
  | { kind: 'auto-logoff'; user: number }
  | { kind: 'desktop-ready'; desktop: number }
  | { kind: 'provision-step'; desktop: number }
  | { kind: 'policy' }
  | { kind: 'push-start'; pool: number; version: number; force: boolean; graceSec: number; stopOnError: boolean }
  | { kind: 'push-force'; pool: number }
  | { kind: 'cluster'; op: ClusterOp };

export const BROKER_PARAMS = {
  /** Sum of the logon phases on an idle system (DOMAIN.md: typical total ≈ 30 s). */
  logonBaseSec: 28,
  /** Refresh of a non-persistent desktop after logoff. */
  refreshSec: 20,
  /** I/O and CPU of a boot or refresh (a boot storm is 2–3× steady per desktop, all at once). */
  refreshIops: 25,
  refreshMhz: 900,
  /** How much the profile-load / GPO part (≈ 60% of the logon) stretches with storage latency and CPU ready. */
  logonStorageWeight: 0.6,
  logonReadyWeight: 0.05,
};

export interface SessionChange {
  user: number;
  desktop: number;
  kind: 'start' | 'active' | 'disconnect' | 'logoff' | 'failed';
  at: number;
  logonSec?: number;
  reason?: string;
}

const DAY = 86400;

export class Broker {
  readonly uLunch: Float32Array;
  readonly lunchSeconds = WORKDAY.lunchSeconds;
  readonly lunchActivityFactor = WORKDAY.lunchActivityFactor;
  failed = 0;
  /** Changes since the last drain, for the store and the UI. */
  changes: SessionChange[] = [];
  readonly dirtyDesktops = new Set<number>();
  private readonly cursor: Int32Array;

  constructor(private readonly e: Engine) {
    this.uLunch = new Float32Array(e.st.uState.length);
    this.cursor = new Int32Array(e.st.pDesktops.length);
  }

  /** Schedules the rest of the current day from `t` and the start of the next day. */
  planFrom(t: number): void {
    const day = Math.floor(t / DAY);
    // Sessions found disconnected at start: the pool's logoff timer starts now (the original disconnect time is not kept).
    const st = this.e.st;
    for (let u = 0; u < st.uState.length; u++) {
      if (st.uState[u] !== U.disconnected) continue;
      const after = st.pLogoffAfterSec[st.uPool[u] as number] as number;
      st.uDisconnectAt[u] = t;
      if (after >= 0) this.e.queue.schedule(t + after, { kind: 'auto-logoff', user: u });
    }
    this.planDay(day, t);
    this.e.queue.schedule((day + 1) * DAY, { kind: 'day', day: day + 1 });
  }

  private planDay(day: number, now: number): void {
    const st = this.e.st;
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
    const base = day * DAY;
    for (let u = 0; u < st.uState.length; u++) {
      if ((st.uPools[u]?.length ?? 0) === 0) continue;
      const plan = dayPlan(this.e.seed, day, u, weekday);
      this.uLunch[u] = plan.lunchStart;
      if (!plan.present) continue;
      const leaveAt = base + plan.leave;
      if (leaveAt <= now) continue;
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
        return this.arrive(ev.user, at);
      case 'logon-done':
        return this.logonDone(ev.user, at);
      case 'leave':
        return this.leave(ev.user, ev.forgetsLogoff, at);
      case 'auto-logoff':
        if (this.e.st.uState[ev.user] === U.disconnected && (this.e.st.uDisconnectAt[ev.user] as number) <= at) this.logoff(ev.user, at);
        return;
      case 'desktop-ready':
        return this.desktopReady(ev.desktop, at);
      case 'provision-step':
        return this.e.provisioner.step(ev.desktop, at);
      case 'push-start':
        return this.e.push.start(ev.pool, ev.version, { force: ev.force, graceSec: ev.graceSec, stopOnError: ev.stopOnError }, at);
      case 'push-force':
        return this.e.push.force(ev.pool, at);
      case 'cluster':
        return this.e.cluster.handle(ev.op, at);
      case 'policy':
        this.e.provisioner.policy(at);
        this.e.queue.schedule(at + POLICY_SECONDS, { kind: 'policy' });
        return;
    }
  }

  private arrive(u: number, at: number): void {
    const st = this.e.st;
    if (st.uState[u] === U.disconnected) {
      // Reconnect: back to the same session, no logon phases.
      st.uState[u] = U.active;
      st.uDisconnectAt[u] = -1;
      this.setDesktop(st.uDesktop[u] as number, M.CONNECTED);
      this.changes.push({ user: u, desktop: st.uDesktop[u] as number, kind: 'active', at });
      return;
    }
    if (st.uState[u] !== U.none) return;
    let desktop = -1;
    let pool = -1;
    for (const p of st.uPools[u] ?? []) {
      if (!st.pEnabled[p] || st.pDrain[p]) continue; // disabled or draining: no new sessions (reconnects are handled above)
      desktop = this.pick(p, u);
      if (desktop >= 0) {
        pool = p;
        break;
      }
    }
    if (desktop < 0) {
      this.failed++;
      this.changes.push({ user: u, desktop: -1, kind: 'failed', at, reason: 'No desktop available in the entitled pools' });
      return;
    }
    let extra = 0;
    if (st.dPower[desktop] !== P.poweredOn) {
      extra = st.dPower[desktop] === P.suspended ? POWER_ON.resumeSec : POWER_ON.bootSec; // the VM-start phase of the logon
      this.e.provisioner.powerOn(desktop, at);
    }
    const h = st.dHost[desktop] as number;
    const s = st.dDs[desktop] as number;
    const stretch =
      BROKER_PARAMS.logonStorageWeight * Math.max(0, (this.e.sLatencyMs[s] as number) / (st.sSvcMs[s] as number) - 1) * 0.1 +
      BROKER_PARAMS.logonReadyWeight * (this.e.hReadyPct[h] as number);
    const logonSec = extra + BROKER_PARAMS.logonBaseSec * (1 + stretch);
    st.uState[u] = U.logon;
    st.uDesktop[u] = desktop;
    st.uPool[u] = pool;
    st.uLogonEnd[u] = at + logonSec;
    st.uLogonSec[u] = logonSec;
    st.dSessions[desktop] = (st.dSessions[desktop] as number) + 1;
    setSessionKbps(st, u);
    addSession(st, u);
    if (!st.pMulti[pool]) this.setDesktop(desktop, M.CONNECTED);
    this.e.queue.schedule(at + logonSec, { kind: 'logon-done', user: u });
    this.changes.push({ user: u, desktop, kind: 'start', at, logonSec });
  }

  /** Picks a desktop in pool p for user u, or -1. */
  private pick(p: number, u: number): number {
    const st = this.e.st;
    const desktops = st.pDesktops[p] as Int32Array;
    const n = desktops.length;
    if (n === 0) return -1;
    if (st.pMulti[p]) {
      // Multi-session: breadth-first spreads to the least loaded host, depth-first fills one up.
      const max = st.pMaxSessions[p] as number;
      let best = -1;
      for (let i = 0; i < n; i++) {
        const d = desktops[i] as number;
        if (st.dState[d] !== M.AVAILABLE || st.dPower[d] !== P.poweredOn || (st.dSessions[d] as number) >= max) continue;
        if (best < 0) best = d;
        else if (st.pDepthFirst[p] ? (st.dSessions[d] as number) > (st.dSessions[best] as number) : (st.dSessions[d] as number) < (st.dSessions[best] as number)) best = d;
      }
      return best;
    }
    // Dedicated: the user's own desktop, else the first unassigned one.
    let own = -1;
    let unassigned = -1;
    let floating = -1;
    const start = this.cursor[p] as number;
    for (let k = 0; k < n; k++) {
      const d = desktops[(start + k) % n] as number;
      const owner = st.dOwner[d] as number;
      if (owner === u) {
        own = d;
        break;
      }
      const free = st.dState[d] === M.AVAILABLE && (st.dSessions[d] as number) === 0;
      if (!free) continue;
      if (owner < 0 && unassigned < 0) unassigned = d;
      if (owner < 0 && floating < 0 && st.dPower[d] === P.poweredOn) {
        floating = d;
        this.cursor[p] = (start + k + 1) % n;
      }
    }
    const dedicated = st.pDedicated[p] === 1;
    if (own >= 0) return st.dState[own] === M.AVAILABLE || st.dState[own] === M.DISCONNECTED ? own : -1;
    if (dedicated) {
      if (unassigned >= 0) st.dOwner[unassigned] = u;
      return unassigned;
    }
    return floating >= 0 ? floating : unassigned;
  }

  private logonDone(u: number, at: number): void {
    const st = this.e.st;
    if (st.uState[u] !== U.logon) return;
    st.uState[u] = U.active;
    this.changes.push({ user: u, desktop: st.uDesktop[u] as number, kind: 'active', at });
  }

  private leave(u: number, forgetsLogoff: boolean, at: number): void {
    const st = this.e.st;
    const s = st.uState[u];
    if (s === U.none || s === U.disconnected) return;
    if (!forgetsLogoff) return this.logoff(u, at);
    st.uState[u] = U.disconnected;
    const d = st.uDesktop[u] as number;
    const pool = st.uPool[u] as number;
    if (!st.pMulti[pool]) this.setDesktop(d, M.DISCONNECTED);
    this.changes.push({ user: u, desktop: d, kind: 'disconnect', at });
    const after = st.pLogoffAfterSec[pool] as number;
    st.uDisconnectAt[u] = at;
    if (after >= 0) this.e.queue.schedule(at + after, { kind: 'auto-logoff', user: u });
  }

  private logoff(u: number, at: number): void {
    const st = this.e.st;
    const d = st.uDesktop[u] as number;
    const pool = st.uPool[u] as number;
    removeSession(st, u);
    st.uState[u] = U.none;
    st.uDesktop[u] = -1;
    st.uPool[u] = -1;
    st.dSessions[d] = Math.max(0, (st.dSessions[d] as number) - 1);
    this.changes.push({ user: u, desktop: d, kind: 'logoff', at });
    if ((st.dSessions[d] as number) > 0) return;
    // Push image waiting for this machine: it is recomposed from the new version now.
    if (!st.pMulti[pool]) st.dState[d] = M.AVAILABLE;
    if (this.e.push.recomposeIfIdle(d)) {
      this.e.provisioner.fill(pool, at);
      return;
    }
    if (st.pMulti[pool]) return;
    if (st.pRefresh[pool]) {
      // Non-persistent: refreshed before the next user (its own I/O burst).
      this.setDesktop(d, M.CUSTOMIZING);
      st.dBusyUntil[d] = at + BROKER_PARAMS.refreshSec;
      st.dBusyIops[d] = BROKER_PARAMS.refreshIops;
      st.dBusyMhz[d] = BROKER_PARAMS.refreshMhz;
      this.e.queue.schedule(at + BROKER_PARAMS.refreshSec, { kind: 'desktop-ready', desktop: d });
    } else {
      this.setDesktop(d, M.AVAILABLE);
    }
  }

  /** Logs a session off on the admin's or the system's behalf (push image with forced logoff). */
  forceLogoff(u: number, at: number, _reason: string): void {
    if (this.e.st.uState[u] !== U.none) this.logoff(u, at);
  }

  private desktopReady(d: number, _at: number): void {
    if (this.e.st.dState[d] === M.CUSTOMIZING) this.setDesktop(d, M.AVAILABLE);
  }

  private setDesktop(d: number, state: number): void {
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
