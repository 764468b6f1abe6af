import { LabError } from '../../contract/errors.ts';
import { SESSION_STATES, type SessionLive, type SessionState, type SessionSummary } from '../../contract/session-entities.ts';
import { liveSession } from '../../core/engine/sessions/session-view.ts';
import { countFailuresSince, getUserRecord, listFailures, listHistory } from '../../store/sessions.ts';
import type { Handlers } from '../context.ts';
import { findSession, screenOf, sessionCounts, sessionDetail, sessionRows } from '../session-views.ts';
import { desktopsAssignedTo } from '../../store/desktops.ts';
import { entitledPools } from '../../store/pools.ts';

const iso = (t: number) => new Date(t * 1000).toISOString();

/** Sessions console and Help Desk: reads (the static half from SQL, the live half from the engine). */
export const sessionHandlers: Pick<
  Handlers,
  'session-list' | 'session-live' | 'session-summary' | 'session-failures' | 'session-get' | 'session-screen' | 'helpdesk-user'
> = {
  'session-list': (input, ctx) => sessionRows(ctx.services.simulation(), input),

  'session-live': (input, ctx) => {
    const sim = ctx.services.simulation();
    const ids = input.ids ?? [...sim.sessions.rows.values()].map((r) => r.id);
    const out: SessionLive = { simTime: iso(sim.engine.t), ids: [], state: [], phase: [], rttMs: [], fps: [], bandwidthKbps: [], lossPct: [] };
    for (const id of ids) {
      const u = sim.sessions.userOf(id);
      const live = u === undefined ? null : liveSession(sim.engine, u);
      out.ids.push(id);
      out.state.push(live?.state ?? 'logged-off');
      out.phase.push(live?.phase ?? null);
      out.rttMs.push(live?.figures?.rttMs ?? null);
      out.fps.push(live?.figures?.fps ?? null);
      out.bandwidthKbps.push(live?.figures?.bandwidthKbps ?? null);
      out.lossPct.push(live?.figures?.lossPct ?? null);
    }
    return out;
  },

  'session-summary': (_input, ctx) => {
    const sim = ctx.services.simulation();
    // Counted from the engine without building the rows (app/session-views.ts sessionCounts).
    const { byState, logonSeconds: logons, problems } = sessionCounts(sim);
    logons.sort((a, b) => a - b);
    const since = iso(sim.engine.t - 3600);
    const byReason = Object.fromEntries(countFailuresSince(ctx.db, since).map((r) => [r.reason, r.n]));
    const r1 = (v: number) => Math.round(v * 10) / 10;
    const summary: SessionSummary = {
      simTime: iso(sim.engine.t),
      total: Object.values(byState).reduce((a, b) => a + b, 0),
      byState,
      logon: {
        count: logons.length,
        avgSeconds: logons.length ? r1(logons.reduce((a, b) => a + b, 0) / logons.length) : null,
        p95Seconds: logons.length ? (logons[Math.min(logons.length - 1, Math.floor(logons.length * 0.95))] ?? null) : null,
        maxSeconds: logons.length ? (logons[logons.length - 1] ?? null) : null,
        over60: logons.filter((v) => v > 60).length,
      },
      failures: { lastHour: Object.values(byReason).reduce((a, b) => a + b, 0), byReason },
      problems,
    };
    return summary;
  },

  'session-failures': (input, ctx) => listFailures(ctx.db, { ...input, limit: input.limit ?? 200 }),

  'session-get': (input, ctx) => sessionDetail(ctx.services.simulation(), ctx.db, input.id),

  'session-screen': (input, ctx) => {
    const sim = ctx.services.simulation();
    const { stored, ended, endReason } = findSession(sim, ctx.db, input.id);
    const workload = getUserRecord(ctx.db, stored.userId)?.workload ?? 'knowledge';
    return screenOf(sim, ctx.db, stored, workload, endReason, ended);
  },

  'helpdesk-user': (input, ctx) => {
    const sim = ctx.services.simulation();
    const user = getUserRecord(ctx.db, input.userId);
    if (!user) throw new LabError('not-found', `No user with id "${input.userId}"`, ['userId']);
    const pools = entitledPools(ctx.db, user.id);
    const assigned = desktopsAssignedTo(ctx.db, user.id);
    return {
      user,
      pools: pools.map((p) => ({ ...p, enabled: p.enabled === 1 })),
      assignedDesktops: assigned,
      current: sessionRows(sim, { userId: user.id }),
      recent: listHistory(ctx.db, user.id, 20).map((h) => ({
        id: h.id,
        poolId: h.poolId,
        desktopName: h.desktopName,
        startedAt: h.startedAt,
        endedAt: h.endedAt,
        logonSeconds: h.logonSeconds,
        endReason: h.endReason,
      })),
      failures: listFailures(ctx.db, { userId: user.id, limit: 20 }),
    };
  },
};
