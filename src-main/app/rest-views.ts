import { PROTOCOLS, SESSION_TYPES, type Protocol, type SessionType } from '../contract/entities.ts';
import type { SessionBreakdown, SessionLeanRow } from '../contract/rest-entities.ts';
import { SESSION_STATES, type ClientDevice, type SessionState } from '../contract/session-entities.ts';
import { liveSession } from '../core/engine/sessions/session-view.ts';
import type { SessionWrite } from '../store/sessions.ts';
import type { Simulation } from './simulation.ts';

// Read models for the HTTP transports: sessions as lean rows (no protocol figures) in a stable
// order, and counts by pool / protocol / client. Like session-views.ts they come from the
// simulation's running-session rows, so they are never behind the engine.

const iso = (t: number) => new Date(t * 1000).toISOString();

/** `sess-42` → 42: sessions are numbered in creation order, so this order only appends while the clock runs. */
function seq(id: string): number {
  const n = Number(id.slice(id.lastIndexOf('-') + 1));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

interface Candidate {
  u: number;
  w: SessionWrite;
  d: number;
}

export interface LeanFilter {
  ids?: readonly string[] | undefined;
  poolId?: string | undefined;
  userId?: string | undefined;
  desktopId?: string | undefined;
  state?: SessionState | undefined;
  sessionType?: SessionType | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/**
 * Running sessions in creation order, paged. The live state (idle is derived from the work loop)
 * is computed only for the rows of the page, unless the filter is on state.
 */
export function sessionPage(sim: Simulation, f: LeanFilter): { total: number; rows: SessionLeanRow[] } {
  const e = sim.engine;
  const st = e.st;
  const lab = sim.model;
  const only = f.ids ? new Set(f.ids) : null;
  const candidates: Candidate[] = [];
  for (const [u, w] of sim.sessions.rows) {
    if (only && !only.has(w.id)) continue;
    if (f.userId !== undefined && w.userId !== f.userId) continue;
    if (f.poolId !== undefined && w.poolId !== f.poolId) continue;
    if (f.desktopId !== undefined && w.desktopId !== f.desktopId) continue;
    const d = st.uDesktop[u] as number;
    if (d < 0) continue;
    if (f.sessionType !== undefined && lab.pools[st.dPool[d] as number]?.sessionType !== f.sessionType) continue;
    candidates.push({ u, w, d });
  }
  candidates.sort((a, b) => seq(a.w.id) - seq(b.w.id) || (a.w.id < b.w.id ? -1 : 1));
  const row = (c: Candidate, state: SessionState, since: number | null): SessionLeanRow => {
    const pool = lab.pools[st.dPool[c.d] as number];
    return {
      id: c.w.id,
      userId: c.w.userId,
      userLogin: lab.users[c.u]?.login ?? c.w.userId,
      desktopId: c.w.desktopId,
      desktopName: lab.desktops[c.d]?.name ?? c.w.desktopId,
      agentVersion: lab.desktops[c.d]?.agentVersion ?? '',
      poolId: c.w.poolId,
      poolName: pool?.name ?? c.w.poolId,
      sessionType: pool?.sessionType ?? 'single-session',
      state,
      protocol: c.w.protocol,
      clientDevice: c.w.clientDevice,
      startedAt: c.w.startedAt,
      stateSince: since === null ? c.w.stateSince : iso(since),
    };
  };
  const live = (c: Candidate): { state: SessionState; since: number | null } => {
    const l = liveSession(e, c.u);
    return l ? { state: l.state, since: l.stateSince } : { state: c.w.state, since: null };
  };
  const offset = f.offset ?? 0;
  const limit = f.limit ?? Number.POSITIVE_INFINITY;
  if (f.state !== undefined) {
    const matching: SessionLeanRow[] = [];
    for (const c of candidates) {
      const l = live(c);
      if (l.state === f.state) matching.push(row(c, l.state, l.since));
    }
    return { total: matching.length, rows: matching.slice(offset, offset + limit) };
  }
  const rows = candidates.slice(offset, offset + limit).map((c) => {
    const l = live(c);
    return row(c, l.state, l.since);
  });
  return { total: candidates.length, rows };
}

/** Running sessions counted every way the Horizon monitor endpoints report them. */
export function sessionBreakdown(sim: Simulation): SessionBreakdown {
  const e = sim.engine;
  const st = e.st;
  const lab = sim.model;
  const zero = () => Object.fromEntries(SESSION_STATES.map((s) => [s, 0])) as Record<SessionState, number>;
  const out: SessionBreakdown = {
    simTime: iso(e.t),
    total: 0,
    users: 0,
    byState: zero(),
    byPool: {},
    byProtocol: Object.fromEntries(PROTOCOLS.map((p) => [p, 0])) as Record<Protocol, number>,
    byClientDevice: {},
    bySessionType: Object.fromEntries(SESSION_TYPES.map((t) => [t, zero()])) as Record<SessionType, Record<SessionState, number>>,
  };
  const users = new Set<string>();
  for (const [u, w] of sim.sessions.rows) {
    const d = st.uDesktop[u] as number;
    if (d < 0) continue;
    const state = liveSession(e, u)?.state ?? w.state;
    if (state === 'logged-off') continue;
    out.total++;
    users.add(w.userId);
    out.byState[state]++;
    const byPool = (out.byPool[w.poolId] ??= {});
    byPool[state] = (byPool[state] ?? 0) + 1;
    out.byProtocol[w.protocol] = (out.byProtocol[w.protocol] ?? 0) + 1;
    const client: ClientDevice = w.clientDevice;
    out.byClientDevice[client] = (out.byClientDevice[client] ?? 0) + 1;
    const type = lab.pools[st.dPool[d] as number]?.sessionType ?? 'single-session';
    const byType = out.bySessionType[type];
    byType[state] = (byType[state] ?? 0) + 1;
  }
  out.users = users.size;
  return out;
}
