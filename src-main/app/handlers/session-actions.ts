import { PROTOCOLS } from '../../contract/entities.ts';
import { LabError } from '../../contract/errors.ts';
import { CLIENT_DEVICE_NAMES, CLIENT_DEVICES, NETWORK_PROFILES, type SessionMessage } from '../../contract/session-entities.ts';
import { engineView, type SessionState } from '../../core/engine/engine-view.ts';
import { getStoredSession, getHistory, getUserRecord, insertMessage } from '../../store/sessions.ts';
import type { AppContext, Handlers } from '../context.ts';
import type { Simulation } from '../simulation.ts';
import { poolRef } from '../../store/pools.ts';

/** Bulk actions on more sessions than this write one summary audit event instead of one per session. */
const AUDIT_EACH_UP_TO = 20;

const NETWORK_NAMES = {
  lan: 'LAN',
  'branch-wan': 'branch WAN',
  'home-broadband': 'home broadband',
  '4g': '4G',
  'hotel-wifi': 'hotel Wi-Fi',
  custom: 'a custom network',
};

interface Target {
  id: string;
  u: number;
  user: string;
  userId: string;
  desktopId: string;
  desktop: string;
}

/**
 * Resolves the sessions of a bulk action to engine users, refusing the whole
 * call (nothing changed) when one is unknown, ended, or in a state the action does not apply to.
 */
function targets(ctx: AppContext, sim: Simulation, ids: string[], allowed: (state: SessionState | undefined, t: Target) => string | null): Target[] {
  const out: Target[] = [];
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) return;
    seen.add(id);
    const s = getStoredSession(ctx.db, id);
    const u = sim.sessions.userOf(id);
    if (!s || u === undefined) {
      if (getHistory(ctx.db, id)) throw new LabError('conflict', `Session ${id} has ended (logged off)`, ['ids', i]);
      throw new LabError('not-found', `No session with id "${id}"`, ['ids', i]);
    }
    const t: Target = { id, u, user: s.userName, userId: s.userId, desktopId: s.desktopId, desktop: s.desktopName };
    const why = allowed(engineView(sim.engine).sessionState(u), t);
    if (why) throw new LabError('conflict', why, ['ids', i]);
    out.push(t);
  });
  return out;
}

/** The engine acted: its changes go to the store inside this transaction, their pushes after the commit. */
function commit(ctx: AppContext, sim: Simulation): void {
  ctx.pushes.push(...sim.flush());
  ctx.changed('session', 'desktop');
}

function auditEach(ctx: AppContext, ts: Target[], verb: (t: Target) => string, summary: string): void {
  if (ts.length <= AUDIT_EACH_UP_TO) {
    for (const t of ts) ctx.audit({ objectKind: 'session', objectId: t.id, objectName: t.user, message: verb(t) });
  } else {
    ctx.audit({ objectKind: 'session', objectId: null, objectName: null, message: summary });
  }
}

export const sessionActionHandlers: Pick<
  Handlers,
  'session-connect' | 'session-disconnect' | 'session-logoff' | 'session-restart-desktop' | 'session-reset-desktop' | 'session-send-message'
> = {
  'session-connect': (input, ctx) => {
    const sim = ctx.services.simulation();
    const e = sim.engine;
    const v = engineView(e);
    const user = getUserRecord(ctx.db, input.userId);
    if (!user) throw new LabError('not-found', `No user with id "${input.userId}"`, ['userId']);
    const u = v.userIndex(user.id);
    if (u < 0) throw new LabError('not-found', `User ${user.login} is not in the running simulation`, ['userId']);
    let pool: number | undefined;
    if (input.poolId !== undefined) {
      pool = v.poolIndex(input.poolId);
      if (pool < 0) throw new LabError('not-found', `No desktop pool with id "${input.poolId}"`, ['poolId']);
    }
    const req = {
      manual: true,
      ...(pool !== undefined ? { pool } : {}),
      client: CLIENT_DEVICES.indexOf(input.clientDevice),
      net: NETWORK_PROFILES.indexOf(input.network),
      ...(input.custom ? { custom: input.custom } : {}),
      ...(input.protocol ? { proto: PROTOCOLS.indexOf(input.protocol) } : {}),
    };
    if (pool !== undefined && v.entitled(u, pool) && v.sessionState(u) !== 'none' && v.sessionPool(u) !== pool) {
      // The broker would otherwise hand back the session the user has in another pool: say so instead.
      const other = sim.sessions.idOf(u);
      const otherPool = poolRef(ctx.db, v.poolId(v.sessionPool(u)) ?? '')?.name ?? 'another pool';
      throw new LabError(
        'conflict',
        `${user.login} already has a session in ${otherPool}${other ? ` (${other})` : ''}: the simulation runs one session per user; log it off first, or connect to ${otherPool} to reconnect`,
        ['poolId'],
      );
    }
    const choice = e.broker.choose(u, req);
    if (!choice.ok) {
      const where = choice.reason === 'not-entitled' ? (input.poolId ? ['poolId'] : ['userId']) : choice.reason === 'pool-disabled' ? ['poolId'] : ['userId'];
      const poolName = choice.pool >= 0 ? poolRef(ctx.db, v.poolId(choice.pool) ?? '')?.name : undefined;
      throw new LabError('conflict', `${user.login} cannot connect${poolName ? ` to ${poolName}` : ''}: ${choice.message} (${choice.reason})`, where);
    }
    const state = v.sessionState(u);
    const wasConnected = state !== 'none' && state !== 'disconnected';
    e.broker.connect(u, e.t, req);
    commit(ctx, sim);
    const id = sim.sessions.idOf(u);
    const stored = id ? getStoredSession(ctx.db, id) : undefined;
    if (!id || !stored) throw new LabError('internal', 'The broker placed the session but it was not recorded');
    const how = `from a ${CLIENT_DEVICE_NAMES[input.clientDevice]} over ${NETWORK_NAMES[input.network]} (${stored.protocol.toUpperCase()})`;
    ctx.audit({
      objectKind: 'session',
      objectId: id,
      objectName: user.login,
      message: choice.reconnect
        ? `${user.login} ${wasConnected ? 'took over the running session' : 'reconnected'} on ${stored.desktopName} ${how}`
        : `${user.login} connected to ${stored.poolName} on ${stored.desktopName} ${how}`,
    });
    return {
      sessionId: id,
      reconnected: choice.reconnect,
      desktopId: stored.desktopId,
      desktopName: stored.desktopName,
      poolId: stored.poolId,
      state: stored.state,
    };
  },

  'session-disconnect': (input, ctx) => {
    const sim = ctx.services.simulation();
    const ts = targets(ctx, sim, input.ids, (s, t) =>
      s === 'disconnected'
        ? `${t.user}'s session is already disconnected`
        : s === 'logon'
          ? `${t.user} is still logging on: log the session off instead`
          : null,
    );
    // From the thin-client view the user closes the client: said so, not "by the administrator" (black-box round 6). The audit
    // still names who did it (the admin driving Connect as user).
    const why = input.fromClient ? `The user disconnected the client (Connect as user, ${ctx.user})` : `Disconnected by the administrator (${ctx.user})`;
    for (const t of ts) sim.engine.broker.life.disconnect(t.u, sim.engine.t, why);
    commit(ctx, sim);
    auditEach(
      ctx,
      ts,
      (t) =>
        input.fromClient ? `${t.user} disconnected the client from ${t.desktop} (Connect as user)` : `Disconnected the session of ${t.user} on ${t.desktop}`,
      `Disconnected ${ts.length} sessions`,
    );
    return { ids: ts.map((t) => t.id), message: `${ts.length} session(s) disconnected; the users can reconnect to them` };
  },

  'session-logoff': (input, ctx) => {
    const sim = ctx.services.simulation();
    const ts = targets(ctx, sim, input.ids, () => null);
    for (const t of ts) sim.engine.broker.life.logoff(t.u, sim.engine.t, `Your administrator logged you off (${ctx.user})`);
    commit(ctx, sim);
    auditEach(ctx, ts, (t) => `Logged off ${t.user} from ${t.desktop}`, `Logged off ${ts.length} sessions`);
    return { ids: ts.map((t) => t.id), message: `${ts.length} session(s) logged off` };
  },

  'session-restart-desktop': (input, ctx) => restart(ctx, input.ids, false),
  'session-reset-desktop': (input, ctx) => restart(ctx, input.ids, true),

  'session-send-message': (input, ctx) => {
    const sim = ctx.services.simulation();
    const ts = targets(ctx, sim, input.ids, () => null);
    const at = ctx.simTime();
    const messages: SessionMessage[] = ts.map((t) =>
      insertMessage(ctx.db, { sessionId: t.id, at, severity: input.severity, title: input.title, body: input.body, from: ctx.user }),
    );
    for (const m of messages) ctx.pushes.push({ topic: 'session-message', payload: m });
    auditEach(
      ctx,
      ts,
      (t) => `Sent a ${input.severity} message to ${t.user}: "${input.title}"`,
      `Sent a ${input.severity} message to ${ts.length} sessions: "${input.title}"`,
    );
    ctx.changed('session');
    return { ids: ts.map((t) => t.id), message: `Message sent to ${ts.length} session(s)`, messages };
  },
};

/** Restart (graceful) or reset (hard) the desktops of these single-session desktop sessions (an RDS host's is refused). */
function restart(ctx: AppContext, ids: string[], hard: boolean) {
  const sim = ctx.services.simulation();
  const e = sim.engine;
  const v = engineView(e);
  // Horizon resets or restarts the machine of a VDI desktop session only: an RDS host carries other users' sessions
  // (its restart is the machine's, from the Machines page: desktop-power names everyone on it).
  const ts = targets(ctx, sim, ids, (_s, t) => {
    const on = v.rdsHostSessions(v.sessionDesktop(t.u));
    if (on === null) return null;
    return `${t.user}'s session is on ${t.desktop}, an RDS host${on > 1 ? ` with ${on - 1} other session(s)` : ''}: only a single-session desktop's machine can be ${hard ? 'reset' : 'restarted'} from a session; log the session off, or ${hard ? 'reset' : 'restart'} the host from its machines (desktop-power), which ends every session on it`;
  });
  const desktops = new Map<number, Target>();
  for (const t of ts) desktops.set(v.sessionDesktop(t.u), t);
  const ended: string[] = [];
  for (const [d, t] of desktops) {
    const users = e.broker.life.restartDesktop(d, e.t, hard);
    for (const u of users) {
      const id = sim.sessions.idOf(u);
      if (id) ended.push(id);
    }
    const others = users.length - 1;
    ctx.audit({
      objectKind: 'desktop',
      objectId: t.desktopId,
      objectName: t.desktop,
      severity: hard ? 'warning' : 'info',
      message: hard
        ? `Reset ${t.desktop} (hard power cycle): ${users.length} session(s) lost without logoff, including ${t.user}${others > 0 ? ` and ${others} other user(s)` : ''}`
        : `Restarted ${t.desktop}: ${users.length} session(s) logged off, including ${t.user}${others > 0 ? ` and ${others} other user(s)` : ''}`,
    });
  }
  commit(ctx, sim);
  return {
    ids: ended,
    message: hard
      ? `${desktops.size} desktop(s) reset; ${ended.length} session(s) lost`
      : `${desktops.size} desktop(s) restarting; ${ended.length} session(s) logged off`,
  };
}
