import { LOGON_PHASES, type LogonPhase, type SessionState } from '../../contract/session-entities.ts';
import { activityAt, type ScreenActivity } from '../models/screen.ts';
import type { ProtocolFigures } from '../models/protocol.ts';
import { WORKLOAD_INDEX } from '../models/workloads.ts';
import { U } from './state.ts';
import type { Engine } from './engine.ts';

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

/** The position of user u in their work loop now (0..1), and the active share (lower over lunch). */
export function loopOf(e: Engine, u: number): { pos: number; share: number; loopSec: number } {
  const st = e.st;
  const x = e.t * (st.uLoopInv[u] as number) + (st.uPhase[u] as number);
  const sod = e.t % 86400;
  const lunch = e.broker.uLunch[u] as number;
  const atLunch = sod >= lunch && sod < lunch + e.broker.lunchSeconds;
  const share = (st.uShare[u] as number) * (atLunch ? e.broker.lunchActivityFactor : 1);
  return { pos: x - Math.floor(x), share, loopSec: 1 / (st.uLoopInv[u] as number) };
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
  const frozen = (book.frozenUntil[u] as number) > e.t;
  let figures = connected ? e.broker.life.figures(u, activity.activity) : null;
  if (figures && frozen) figures = { ...figures, fps: 0 };
  return { state, stateSince, phase, activity, figures, loopPos: pos, frozen };
}
