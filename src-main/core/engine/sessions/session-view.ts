import { LOGON_PHASES, type LogonPhase, type SessionState, type UserActivity } from '../../../contract/session-entities.ts';
import { activityAt, type ScreenActivity } from '../../models/screen.ts';
import { hashJitter, protocolFigures, type ProtocolFigures } from '../../models/protocol.ts';
import { WORKLOAD_INDEX } from '../../models/workloads.ts';
import { U } from '../state.ts';
import type { Engine } from '../engine.ts';

/** What a session is like right now: state (idle derived from the work loop), phase, activity and protocol figures. */
export interface LiveSession {
  state: SessionState;
  /** Seconds since the state began (idle counts from the last input). */
  stateSince: number;
  phase: LogonPhase | null;
  activity: ScreenActivity;
  /** Null while disconnected (no client) or before the protocol is up. */
  figures: ProtocolFigures | null;
  loopPos: number;
  frozen: boolean;
}

/** The position of user u in their work loop at time t (default now, 0..1), and the active share (lower over lunch). */
export function loopOf(e: Engine, u: number, t = e.t): { pos: number; share: number; loopSec: number } {
  const st = e.st;
  const x = t * (st.uLoopInv[u] as number) + (st.uPhase[u] as number);
  const sod = t % 86400;
  const lunch = e.broker.uLunch[u] as number;
  const atLunch = sod >= lunch && sod < lunch + e.broker.lunchSeconds;
  const share = (st.uShare[u] as number) * (atLunch ? e.broker.lunchActivityFactor : 1);
  return { pos: x - Math.floor(x), share, loopSec: 1 / (st.uLoopInv[u] as number) };
}

/** Share of a desktop's RAM the guest OS and its cache hold before any user works (Windows 10/11 VDI). */
export const GUEST_BASE_MEM_SHARE = 0.35;

/** CPU % (of its vCPUs) and memory % (of its RAM) of the desktop VM that user u's session runs on. */
/** A percentage to one decimal, at most 100. */
const r1 = (v: number): number => Math.round(Math.min(100, v) * 10) / 10;

export function desktopUsage(e: Engine, u: number): { cpuPct: number; memPct: number } {
  return { cpuPct: desktopCpuPct(e, u), memPct: desktopMemPct(e, u) };
}

/** `desktopUsage(e, u).cpuPct` with no object: the session sampler reads it for every running session each minute. */
export function desktopCpuPct(e: Engine, u: number): number {
  const st = e.st;
  const d = st.uDesktop[u] as number;
  if (d < 0) return 0;
  return cpuPctOf(e, d, vcpuMhzOn(st, st.dHost[d] as number));
}

/** What one vCPU of a VM on host h can run at (MHz): the host's capacity over its logical CPUs. */
export function vcpuMhzOn(st: Engine['st'], h: number): number {
  return (st.hCapMhz[h] as number) / Math.max(1, st.hLogical[h] as number);
}

/** Desktop d's CPU %, with a vCPU's MHz on its host worked out (`vcpuMhzOn`): a pass over 10,000 sessions does that once per host. */
export function cpuPctOf(e: Engine, d: number, vcpuMhz: number): number {
  return r1((100 * (e.dDemandMhz[d] as number)) / Math.max(1, (e.st.dVcpu[d] as number) * vcpuMhz));
}

/** `desktopUsage(e, u).memPct` with no object. */
export function desktopMemPct(e: Engine, u: number): number {
  const st = e.st;
  const d = st.uDesktop[u] as number;
  if (d < 0) return 0;
  const ram = Math.max(1, st.dRamMb[d] as number);
  // A multi-session host carries every user's working set; its users are alike, so this one's stands for each.
  const users = Math.max(1, st.dSessions[d] as number);
  return r1((100 * (GUEST_BASE_MEM_SHARE * ram + users * (st.uMemMb[u] as number) * 0.8)) / ram);
}

/**
 * The protocol figures of user u's session at time t, given what the user does and the
 * contention then (the desktop's CPU ready, its host's CPU): the live figures use now's,
 * Help Desk's time series the sampled ones, so both agree.
 */
export function figuresAt(
  e: Engine,
  u: number,
  t: number,
  activity: UserActivity,
  readyPct: number,
  hostCpuPct: number,
  nic: { share: number; pct: number } = { share: 1, pct: 0 },
): ProtocolFigures {
  const st = e.st;
  const book = e.broker.book;
  return protocolFigures({
    protocol: book.protocolOf(u),
    workload: WORKLOAD_INDEX[st.uWorkload[u] as number] ?? 'knowledge',
    activity,
    clientDevice: book.clientOf(u),
    net: book.conditions(u),
    readyPct,
    hostCpuPct,
    nicShare: nic.share,
    nicPct: nic.pct,
    jitter: hashJitter(u, Math.floor(t / 5)),
  });
}

/** What user u does at time t (in the work loop). */
export function activityOf(e: Engine, u: number, t: number): ScreenActivity {
  const { pos, share, loopSec } = loopOf(e, u, t);
  return activityAt(WORKLOAD_INDEX[e.st.uWorkload[u] as number] ?? 'knowledge', pos, loopSec, share);
}

const PROTOCOL_UP = LOGON_PHASES.indexOf('authentication');

export function liveSession(e: Engine, u: number): LiveSession | null {
  const st = e.st;
  const s = st.uState[u];
  if (s === U.none) return null;
  const book = e.broker.book;
  const { pos, share, loopSec } = loopOf(e, u);
  const w = WORKLOAD_INDEX[st.uWorkload[u] as number] ?? 'knowledge';
  const since = book.stateSince[u] as number;
  let activity = activityAt(w, pos, loopSec, share);
  let state: SessionState;
  let stateSince = since;
  let phase: LogonPhase | null = null;
  if (s === U.logon) {
    state = 'connecting';
    const k = book.phase[u] as number;
    phase = k >= 0 ? (LOGON_PHASES[k] ?? null) : null;
    activity = { app: 'outlook', activity: 'idle', seconds: e.t - since, idle: false };
  } else if (s === U.reconnecting) {
    state = 'reconnecting';
  } else if (s === U.disconnected) {
    state = 'disconnected';
  } else if (activity.idle && e.t - since > activity.seconds) {
    state = 'idle';
    stateSince = e.t - activity.seconds;
  } else {
    state = 'active';
  }
  const connected = s === U.active || (s === U.logon && (book.phase[u] as number) >= PROTOCOL_UP);
  const d = st.uDesktop[u] as number;
  // Frozen: a live migration's switchover or a hung VM (frozenUntil), or its VM stunned on a full datastore (faults/space.ts).
  const frozen = (book.frozenUntil[u] as number) > e.t || e.faults.space.stunned(d);
  const h = st.dHost[d] as number;
  let figures = connected
    ? figuresAt(e, u, e.t, activity.activity, e.vmReadyPct(d), e.hCpuPct[h] as number, { share: e.nicShareOf(h), pct: e.hNicPct[h] as number })
    : null;
  if (figures && frozen) figures = { ...figures, fps: 0 };
  return { state, stateSince, phase, activity, figures, loopPos: pos, frozen };
}
