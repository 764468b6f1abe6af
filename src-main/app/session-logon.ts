import { LOGON_PHASES, type LogonBreakdown, type LogonPhaseTiming } from '../contract/session-entities.ts';
import { U } from '../core/engine/state.ts';
import { logonRating, LOGON_PARAMS } from '../core/models/logon.ts';
import type { LogonContextRec } from '../store/sessions.ts';
import type { Simulation } from './simulation.ts';

// A session's logon as the Help Desk shows it: its phases (done, running, skipped) and, in words,
// why it took as long as it did.

/** What makes a session a problem in the sessions console: a poor logon, a long round trip, loss, a low frame rate. */
export const PROBLEM_LIMITS = { logonSec: LOGON_PARAMS.poorSec, rttMs: 200, lossPct: 2, minFps: 5 };

/** Phases of a logon as timings: done ones, the one running (elapsed so far), skipped ones left out. */
export function phaseTimings(phases: ArrayLike<number | null>, running: { k: number; elapsed: number } | null): LogonPhaseTiming[] {
  const out: LogonPhaseTiming[] = [];
  LOGON_PHASES.forEach((phase, k) => {
    if (running && k === running.k) out.push({ phase, seconds: Math.round(running.elapsed * 10) / 10, running: true });
    else if (running && k > running.k) return;
    else {
      const v = phases[k];
      if (v !== null && v !== undefined && !Number.isNaN(v)) out.push({ phase, seconds: Math.round(v * 10) / 10 });
    }
  });
  return out;
}

/** Why a logon took as long as it did, in words, from its phases and the worst contention it met. */
function logonCauses(timings: LogonPhaseTiming[], total: number | null, ctx: LogonContextRec | null): string[] {
  const out: string[] = [];
  const by = (p: string) => timings.find((t) => t.phase === p)?.seconds ?? 0;
  if (by('vm-start') > 0) out.push(`The desktop was not running (powered off or suspended): starting it took ${by('vm-start')} s`);
  if (ctx && ctx.profileMb >= 1000 && by('profile-load') > 15) {
    out.push(`Large roaming profile (${(ctx.profileMb / 1024).toFixed(1)} GB): profile load took ${by('profile-load')} s`);
  }
  if (ctx && ctx.latencyRatio >= 1.5 && by('profile-load') + by('gpo') + by('logon-scripts') > 20) {
    out.push(`Datastore ${ctx.datastore} latency at ${ctx.latencyRatio.toFixed(1)}× its service time (login storm): profile load, GPO and scripts stretched`);
  }
  if (ctx && ctx.readyPct >= 5) out.push(`CPU ready up to ${ctx.readyPct}% on the desktop: the shell and scripts waited for CPU`);
  if (by('protocol') > 8) out.push(`Protocol connection took ${by('protocol')} s (network round trip or loss)`);
  if (total !== null && total > PROBLEM_LIMITS.logonSec && out.length === 0) out.push('Contention on the host and datastore during the logon');
  return out;
}

export function logonBreakdown(
  sim: Simulation,
  s: { startedAt: string; logonSeconds: number | null; logonPhases: (number | null)[] | null; logonContext: LogonContextRec | null },
  u: number | undefined,
): LogonBreakdown | null {
  const e = sim.engine;
  const connecting = u !== undefined && e.st.uState[u] === U.logon;
  if (connecting && u !== undefined) {
    const book = e.broker.book;
    const k = book.phase[u] as number;
    const timings = phaseTimings(book.phasesOf(u), k >= 0 ? { k, elapsed: e.t - (book.phaseStart[u] as number) } : null);
    const ds = e.st.dDs[e.st.uDesktop[u] as number] as number;
    const ctx = {
      latencyRatio: book.logonLatency[u] as number,
      readyPct: book.logonReady[u] as number,
      profileMb: book.profileMb[u] as number,
      datastore: sim.datastoreName(ds),
    };
    return { startedAt: s.startedAt, finishedAt: null, totalSeconds: null, phases: timings, rating: null, causes: logonCauses(timings, null, ctx) };
  }
  if (!s.logonPhases || s.logonSeconds === null) return null;
  const timings = phaseTimings(s.logonPhases, null);
  const start = Date.parse(s.startedAt);
  return {
    startedAt: s.startedAt,
    finishedAt: new Date(start + s.logonSeconds * 1000).toISOString(),
    totalSeconds: s.logonSeconds,
    phases: timings,
    rating: logonRating(s.logonSeconds),
    causes: logonCauses(timings, s.logonSeconds, s.logonContext),
  };
}
