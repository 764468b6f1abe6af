import { NPHASES } from './session-book.ts';
import { U } from './state.ts';
import type { Engine } from './engine.ts';

/** Reconnects take about this long when the moment they started is not known. */
const RECONNECT_RESUME_SEC = 3;

/**
 * An admin change rebuilt the engine (machines added, a pool edited): the
 * running sessions carry over with their endpoint, network, logon phases and
 * state times, and a logon in progress goes on where it was. Users keep their
 * indices across such rebuilds (only a new lab changes them).
 */
export function transferSessions(from: Engine, to: Engine): void {
  const a = from.broker.book;
  const b = to.broker.book;
  const sa = from.st;
  const sb = to.st;
  if (sa.uState.length !== sb.uState.length) return;
  b.client.set(a.client);
  b.net.set(a.net);
  b.proto.set(a.proto);
  b.stateSince.set(a.stateSince);
  b.startedAt.set(a.startedAt);
  b.phases.set(a.phases);
  b.phaseStart.set(a.phaseStart);
  b.measured.set(a.measured);
  b.logonLatency.set(a.logonLatency);
  b.logonReady.set(a.logonReady);
  b.reconnects.set(a.reconnects);
  b.retries.set(a.retries);
  b.manual.set(a.manual);
  b.serial.set(a.serial);
  b.frozenUntil.set(a.frozenUntil);
  for (const [u, c] of a.custom) b.custom.set(u, c);
  for (const [u, r] of a.frozenReason) b.frozenReason.set(u, r);
  sb.uLogonEnd.set(sa.uLogonEnd);
  sb.uLogonSec.set(sa.uLogonSec);
  for (let u = 0; u < sb.uState.length; u++) {
    if (sb.uState[u] === U.none) continue;
    const s = sa.uState[u];
    if (s === U.logon) {
      const k = a.phase[u] as number;
      const secs = k >= 0 && k < NPHASES ? (a.phasesOf(u)[k] as number) : Number.NaN;
      to.broker.life.resumeLogon(u, to.t, k, Number.isNaN(secs) ? null : (a.phaseStart[u] as number) + secs);
    } else if (s === U.reconnecting) {
      to.broker.life.resumeReconnect(u, to.t, to.t + RECONNECT_RESUME_SEC);
    } else if (s === U.active) {
      sb.uState[u] = U.active;
    }
  }
}
