import { NPHASES } from './session-book.ts';
import { U } from '../state.ts';
import type { NetworkConditions } from '../../../contract/session-entities.ts';
import type { Engine } from '../engine.ts';

/** Reconnects take about this long when the moment they started is not known. */
const RECONNECT_RESUME_SEC = 3;

/** The per-user typed arrays of the session book that a rebuilt engine takes over. */
const BOOK_ARRAYS = [
  'client',
  'net',
  'proto',
  'stateSince',
  'startedAt',
  'phases',
  'phase',
  'phaseStart',
  'measured',
  'logonLatency',
  'logonReady',
  'reconnects',
  'retries',
  'manual',
  'serial',
  'frozenUntil',
] as const;
type BookArray = (typeof BOOK_ARRAYS)[number];

/**
 * What the store does not hold about running sessions: endpoints, logon phases in
 * progress, state times, freezes. Captured from a live engine (a rebuild after an admin
 * change) or read back from a lab checkpoint, then applied to a freshly built engine.
 */
export interface SessionCarry {
  users: number;
  book: Record<BookArray, ArrayLike<number>>;
  uState: ArrayLike<number>;
  uLogonEnd: ArrayLike<number>;
  uLogonSec: ArrayLike<number>;
  custom: [number, NetworkConditions][];
  frozenReason: [number, string][];
}

/** A copy of the engine's session state (typed arrays are copied, so the engine may run on). */
export function captureSessions(from: Engine): SessionCarry {
  const a = from.broker.book;
  const book = {} as Record<BookArray, ArrayLike<number>>;
  for (const k of BOOK_ARRAYS) book[k] = a[k].slice();
  return {
    users: from.st.uState.length,
    book,
    uState: from.st.uState.slice(),
    uLogonEnd: from.st.uLogonEnd.slice(),
    uLogonSec: from.st.uLogonSec.slice(),
    custom: [...a.custom],
    frozenReason: [...a.frozenReason],
  };
}

/**
 * An admin change rebuilt the engine (machines added, a pool edited) or a checkpoint was
 * restored: the running sessions carry over with their endpoint, network, logon phases and
 * state times, and a logon in progress goes on where it was. Users keep their indices across
 * such rebuilds (only a new lab changes them; a carry of another size is ignored).
 */
export function applySessions(c: SessionCarry, to: Engine): void {
  const b = to.broker.book;
  const sb = to.st;
  if (c.users !== sb.uState.length) return;
  for (const k of BOOK_ARRAYS) (b[k] as { set(a: ArrayLike<number>): void }).set(c.book[k]);
  for (const [u, x] of c.custom) b.custom.set(u, x);
  for (const [u, r] of c.frozenReason) b.frozenReason.set(u, r);
  sb.uLogonEnd.set(c.uLogonEnd);
  sb.uLogonSec.set(c.uLogonSec);
  for (let u = 0; u < sb.uState.length; u++) {
    if (sb.uState[u] === U.none) continue;
    const s = c.uState[u];
    if (s === U.logon) {
      const k = c.book.phase[u] as number;
      const secs = k >= 0 && k < NPHASES ? (c.book.phases[u * NPHASES + k] as number) : Number.NaN;
      to.broker.life.resumeLogon(u, to.t, k, Number.isNaN(secs) ? null : (c.book.phaseStart[u] as number) + secs);
    } else if (s === U.reconnecting) {
      to.broker.life.resumeReconnect(u, to.t, to.t + RECONNECT_RESUME_SEC);
    } else if (s === U.active) {
      sb.uState[u] = U.active;
    }
  }
}

export function transferSessions(from: Engine, to: Engine): void {
  applySessions(captureSessions(from), to);
}
