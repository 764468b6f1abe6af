import { LabError } from '../contract/errors.ts';
import { MEMORY_STATE_NAMES } from '../contract/simulation.ts';
import { SESSION_STATES, type ScreenModel, type SessionDetail, type SessionRow, type SessionState } from '../contract/session-entities.ts';
import type { Workload } from '../contract/entities.ts';
import { desktopUsage, liveSession, type LiveSession } from '../core/engine/sessions/session-view.ts';
import { encoderOf, NETWORKS } from '../core/models/protocol.ts';
import { APP_TITLES, workloadApps } from '../core/models/screen.ts';
import { getDesktop } from '../store/desktops.ts';
import { getHistory, getStoredSession, listMessages, recentEventsFor, type StoredSession, endedSessionNames, getUserRecord } from '../store/sessions.ts';
import type { Db } from '../store/db.ts';
import type { Simulation } from './simulation.ts';
import { logonBreakdown, phaseTimings, PROBLEM_LIMITS } from './session-logon.ts';
import { datastoreName, hostNameAndState } from '../store/inventory.ts';

// Read models of sessions: the static half from one SQL query, the live half
// (state, phase, activity, RTT / FPS / bandwidth / loss) from the engine.

const iso = (t: number) => new Date(t * 1000).toISOString();

/** Session counts by state as the engine sees them now (idle is derived from the work loop, not stored). */
export function liveSessionCounts(sim: Simulation): { total: number; active: number; idle: number; disconnected: number } {
  const out = { total: 0, active: 0, idle: 0, disconnected: 0 };
  for (const u of sim.sessions.rows.keys()) {
    const live = liveSession(sim.engine, u);
    if (!live) continue;
    out.total++;
    if (live.state === 'active') out.active++;
    else if (live.state === 'idle') out.idle++;
    else if (live.state === 'disconnected') out.disconnected++;
  }
  return out;
}

export interface RowFilter {
  ids?: readonly string[] | undefined;
  poolId?: string | undefined;
  userId?: string | undefined;
  hostId?: string | undefined;
  desktopId?: string | undefined;
  state?: SessionState | undefined;
  search?: string | undefined;
  problemsOnly?: boolean | undefined;
  limit?: number | undefined;
  /** Only sessions whose id sorts after this one, in id order ('' starts at the first): the sessions table loads the list in pages. */
  afterId?: string | undefined;
}

/**
 * The sessions table from memory: the simulation's running-session rows (the
 * store's rows plus what the engine did since the last flush) with names from
 * the lab, the host from the engine (where the desktop runs now) and live figures.
 * No SQL: 10,000 rows in tens of milliseconds.
 */
export function sessionRows(sim: Simulation, f: RowFilter): SessionRow[] {
  const e = sim.engine;
  const st = e.st;
  const lab = sim.model;
  const needle = f.search?.trim().toLowerCase() ?? '';
  const out: SessionRow[] = [];
  const only = f.ids ? new Set(f.ids) : null;
  // Pages (afterId) walk the sessions in id order, so a session that starts or ends between two
  // pages moves no other across a page boundary (the table learns of that one by its push).
  const after = f.afterId;
  const walk =
    after === undefined
      ? sim.sessions.rows
      : [...sim.sessions.rows].filter(([, w]) => w.id > after).sort(([, a], [, b]) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const [u, w] of walk) {
    if (only && !only.has(w.id)) continue;
    if (f.userId !== undefined && w.userId !== f.userId) continue;
    if (f.poolId !== undefined && w.poolId !== f.poolId) continue;
    if (f.desktopId !== undefined && w.desktopId !== f.desktopId) continue;
    const d = st.uDesktop[u] as number;
    if (d < 0) continue;
    const h = st.dHost[d] as number;
    const hostId = st.ids.hosts[h] ?? '';
    if (f.hostId !== undefined && hostId !== f.hostId) continue;
    const user = lab.users[u];
    const desk = lab.desktops[d];
    const pool = lab.pools[st.dPool[d] as number];
    const host = lab.hosts[h];
    // The names straight into the row (no copy of the stored session first: at 9,500 rows the copies
    // were most of the list's time and garbage, and session-summary builds this list too).
    const names: RowNames = {
      userName: user?.login ?? w.userId,
      userDisplayName: user?.displayName ?? w.userId,
      desktopName: desk?.name ?? w.desktopId,
      poolName: pool?.name ?? w.poolId,
      hostId,
      hostName: host?.name ?? hostId,
    };
    if (needle && ![names.userName, names.userDisplayName, names.desktopName, names.poolName, names.hostName].some((t) => t.toLowerCase().includes(needle)))
      continue;
    const row = rowOf(w, names, liveSession(e, u));
    if (f.state !== undefined && row.state !== f.state) continue;
    if (f.problemsOnly && row.problem === null) continue;
    out.push(row);
    if (f.limit !== undefined && out.length >= f.limit) break;
  }
  return out;
}

/** What session-summary counts: sessions by live state, the logon times of those that logged on, and the problem sessions. */
export interface SessionCounts {
  byState: Record<SessionState, number>;
  logonSeconds: number[];
  problems: number;
}

/**
 * The session table's totals without building its rows (issue 18: session-summary built all 9,500
 * rows, names and live figures, to count them, and ran ahead of the page's first screen): the same
 * sessions sessionRows lists (a desktop assigned), each counted by the engine's live state, its
 * stored logon time and whether it has a problem (problemOf, as on the row). A contract test
 * compares it with a row-by-row count of session-list.
 */
export function sessionCounts(sim: Simulation): SessionCounts {
  const e = sim.engine;
  const st = e.st;
  const byState = Object.fromEntries(SESSION_STATES.map((s) => [s, 0])) as Record<SessionState, number>;
  const logonSeconds: number[] = [];
  let problems = 0;
  for (const [u, w] of sim.sessions.rows) {
    if ((st.uDesktop[u] as number) < 0) continue;
    const live = liveSession(e, u);
    byState[live?.state ?? w.state]++;
    if (w.logonSeconds !== null) logonSeconds.push(w.logonSeconds);
    if (problemOf(w.logonSeconds, live) !== null) problems++;
  }
  return { byState, logonSeconds, problems };
}

/** The engine's view of a stored session, if the engine still runs that very session. */
export function liveOf(sim: Simulation, id: string): { u: number; live: LiveSession } | null {
  const u = sim.sessions.userOf(id);
  if (u === undefined) return null;
  const live = liveSession(sim.engine, u);
  return live ? { u, live } : null;
}

export function problemOf(logonSeconds: number | null, live: LiveSession | null): string | null {
  const p = PROBLEM_LIMITS;
  const out: string[] = [];
  if (logonSeconds !== null && logonSeconds > p.logonSec) out.push(`Slow logon (${Math.round(logonSeconds)} s)`);
  const f = live?.figures;
  if (f && f.rttMs > p.rttMs) out.push(`Poor round trip (${f.rttMs} ms)`);
  if (f && f.lossPct > p.lossPct) out.push(`Packet loss ${f.lossPct}%`);
  if (f && live && (live.activity.activity === 'typing' || live.activity.activity === 'video') && f.fps < p.minFps) {
    out.push(`Low frame rate (${f.fps} fps)`);
  }
  return out.length ? out.join('; ') : null;
}

/** What a row shows by name (from the lab model, or the store). */
type RowNames = Pick<StoredSession, 'userName' | 'userDisplayName' | 'desktopName' | 'poolName' | 'hostId' | 'hostName'>;

export function toRow(s: StoredSession, live: LiveSession | null): SessionRow {
  return rowOf(s, s, live);
}

function rowOf(s: Omit<StoredSession, keyof RowNames | 'datastoreId'>, n: RowNames, live: LiveSession | null): SessionRow {
  const f = live?.figures ?? null;
  return {
    id: s.id,
    userId: s.userId,
    userName: n.userName,
    userDisplayName: n.userDisplayName,
    desktopId: s.desktopId,
    desktopName: n.desktopName,
    poolId: s.poolId,
    poolName: n.poolName,
    hostId: n.hostId,
    hostName: n.hostName,
    state: live?.state ?? s.state,
    protocol: s.protocol,
    clientDevice: s.clientDevice,
    network: s.network,
    startedAt: s.startedAt,
    stateSince: live ? iso(live.stateSince) : s.stateSince,
    logonSeconds: s.logonSeconds,
    phase: live?.phase ?? null,
    rttMs: f?.rttMs ?? null,
    fps: f?.fps ?? null,
    bandwidthKbps: f?.bandwidthKbps ?? null,
    lossPct: f?.lossPct ?? null,
    problem: problemOf(s.logonSeconds, live),
  };
}

export function screenOf(sim: Simulation, db: Db, s: StoredSession, workload: Workload, endReason: string | null, ended: boolean): ScreenModel {
  const hit = ended ? null : liveOf(sim, s.id);
  const live = hit?.live ?? null;
  const f = live?.figures ?? null;
  const net = s.networkCustom ?? (s.network === 'custom' ? NETWORKS.lan : NETWORKS[s.network]);
  const logon = hit ? logonBreakdown(sim, s, hit.u) : null;
  const book = sim.engine.broker.book;
  return {
    sessionId: s.id,
    simTime: iso(sim.engine.t),
    state: ended ? 'logged-off' : (live?.state ?? s.state),
    userId: s.userId,
    user: s.userName,
    userDisplayName: s.userDisplayName,
    desktopName: s.desktopName,
    poolName: s.poolName,
    workload,
    protocol: s.protocol,
    clientDevice: s.clientDevice,
    network: s.network,
    phase: live?.phase ?? null,
    phases: logon?.phases ?? (s.logonPhases ? phaseTimings(s.logonPhases, null) : []),
    apps: workloadApps(workload).map((id) => ({ id, title: APP_TITLES[id] })),
    foreground: live && live.state !== 'connecting' ? live.activity.app : null,
    activity: live?.activity.activity ?? 'idle',
    loopPos: live?.loopPos ?? 0,
    activitySeconds: Math.round((live?.activity.seconds ?? 0) * 10) / 10,
    fps: f?.fps ?? 0,
    quality: f?.quality ?? 0,
    inputLagMs: f?.inputLagMs ?? 0,
    rttMs: f?.rttMs ?? Math.round(net.rttMs),
    bandwidthKbps: f?.bandwidthKbps ?? 0,
    lossPct: f?.lossPct ?? net.lossPct,
    encoder: f?.encoder ?? encoderOf(s.protocol, s.clientDevice, workload),
    frozen: live?.frozen ?? false,
    frozenReason: live?.frozen && hit ? (book.frozenReason.get(hit.u) ?? 'The desktop is not responding') : null,
    messages: listMessages(db, s.id),
    endReason: ended ? endReason : live?.state === 'disconnected' ? (sim.sessions.disconnectReasonOf(s.id) ?? 'Disconnected') : null,
  };
}

/** A running session, or an ended one from history (so a thin-client view can show why it ended). */
export function findSession(sim: Simulation, db: Db, id: string): { stored: StoredSession; ended: boolean; endReason: string | null; endedAt: string | null } {
  const stored = getStoredSession(db, id);
  if (stored) return { stored, ended: false, endReason: null, endedAt: null };
  const h = getHistory(db, id);
  if (!h) throw new LabError('not-found', `No session with id "${id}"`, ['id']);
  const names = endedSessionNames(db, h);
  return {
    stored: {
      id: h.id,
      userId: h.userId,
      userName: names?.login ?? h.userId,
      userDisplayName: names?.displayName ?? h.userId,
      desktopId: h.desktopId,
      desktopName: h.desktopName,
      poolId: h.poolId,
      poolName: names?.poolName ?? h.poolId,
      hostId: names?.hostId ?? '',
      hostName: names?.hostName ?? '',
      datastoreId: names?.datastoreId ?? '',
      state: 'logged-off',
      protocol: h.protocol,
      clientDevice: h.clientDevice,
      network: h.network,
      networkCustom: null,
      startedAt: h.startedAt,
      stateSince: h.endedAt,
      logonSeconds: h.logonSeconds,
      logonPhases: h.logonPhases,
      logonContext: h.logonContext,
      reconnects: 0,
      disconnectReason: null,
    },
    ended: true,
    endReason: h.endReason,
    endedAt: h.endedAt,
  };
}

export function sessionDetail(sim: Simulation, db: Db, id: string): SessionDetail {
  const { stored: s, ended, endReason, endedAt } = findSession(sim, db, id);
  const e = sim.engine;
  const hit = ended ? null : liveOf(sim, id);
  const workload = (getUserRecord(db, s.userId)?.workload ?? 'knowledge') as Workload;
  const desk = getDesktop(db, s.desktopId);
  const f = hit?.live.figures ?? null;
  const h = s.hostId ? e.st.ids.hosts.indexOf(s.hostId) : -1;
  const ds = s.datastoreId ? e.st.ids.datastores.indexOf(s.datastoreId) : -1;
  const dIdx = e.st.ids.desktops.indexOf(s.desktopId);
  const hostRow = h >= 0 ? hostNameAndState(db, s.hostId) : undefined;
  const dsRow = ds >= 0 ? { name: datastoreName(db, s.datastoreId) ?? s.datastoreId } : undefined;
  const series = ended ? [] : sim.sessionSamples.series(e, id, sim.sessions.userOf(id));
  const row = toRow(s, hit?.live ?? null);
  if (ended) row.state = 'logged-off';
  const { cpuPct, memPct } = hit ? desktopUsage(e, hit.u) : { cpuPct: 0, memPct: 0 };
  e.experience();
  return {
    session: row,
    workload,
    desktop: desk
      ? { id: desk.id, name: desk.name, state: desk.state, powerState: desk.powerState, vcpu: desk.vcpu, ramGb: desk.ramGb, agentVersion: desk.agentVersion }
      : { id: s.desktopId, name: s.desktopName, state: 'DELETING', powerState: 'poweredOff', vcpu: 0, ramGb: 0, agentVersion: '' },
    networkConditions: s.networkCustom ?? (s.network === 'custom' ? NETWORKS.lan : NETWORKS[s.network]),
    startedAt: s.startedAt,
    endedAt,
    reconnects: s.reconnects,
    logon: logonBreakdown(sim, s, hit?.u),
    now:
      f && hit && dIdx >= 0
        ? {
            rttMs: f.rttMs,
            fps: f.fps,
            quality: f.quality,
            inputLagMs: f.inputLagMs,
            bandwidthKbps: f.bandwidthKbps,
            lossPct: f.lossPct,
            encoder: f.encoder,
            desktopCpuPct: cpuPct,
            desktopMemPct: memPct,
            desktopReadyPct: Math.round(e.vmReadyPct(dIdx) * 10) / 10,
            uxMs: Math.round(e.uUxMs[hit.u] as number),
          }
        : null,
    series,
    host:
      h >= 0 && hostRow
        ? {
            id: s.hostId,
            name: hostRow.name,
            connectionState: hostRow.state,
            cpuPct: Math.round((e.hCpuPct[h] as number) * 10) / 10,
            readyPct: Math.round((e.hReadyPct[h] as number) * 10) / 10,
            memState: MEMORY_STATE_NAMES[e.hMemState[h] as number] ?? 'high',
            balloonMb: Math.round(e.hBalloonMb[h] as number),
            swapMb: Math.round(e.hSwapMb[h] as number),
            sessions: e.hSessions[h] as number,
          }
        : null,
    datastore:
      ds >= 0 && dsRow
        ? {
            id: s.datastoreId,
            name: dsRow.name,
            latencyMs: Math.round((e.sLatencyMs[ds] as number) * 100) / 100,
            serviceTimeMs: e.st.sSvcMs[ds] as number,
            iops: Math.round(e.sIops[ds] as number),
            iopsCapacity: e.st.sIopsCap[ds] as number,
          }
        : null,
    events: recentEventsFor(db, [s.userId, s.desktopId, s.id], 25),
    messages: listMessages(db, s.id),
    screen: screenOf(sim, db, s, workload, endReason, ended),
  };
}
