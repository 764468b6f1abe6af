import type { LabEvent, Protocol } from '../contract/entities.ts';
import type { ClientDevice, ConnectFailure, ConnectFailureReason, MessageSeverity, NetworkProfile, SessionMessage } from '../contract/session-entities.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';
import { parseStored, rowKey } from './stored-json.ts';

// Help Desk's history (sessions.ts keeps the running ones): ended sessions, failed connections,
// messages sent to sessions, recent events about a user's objects, and how long they are kept.

/** The worst contention a logon met (for Help Desk's "why"): datastore latency over service time, CPU ready %, profile size. */
export interface LogonContextRec {
  latencyRatio: number;
  readyPct: number;
  profileMb: number;
  datastore: string;
}

/** A session's (or ended session's) JSON column; a damaged one is `store-corrupt` naming the row. */
export const parseCol = <T>(table: 'sessions' | 'session_history', id: string, column: string, v: string | null): T | null =>
  v ? parseStored<T>(v, () => ({ table, key: rowKey({ id }), column })) : null;
export const parseCtx = (table: 'sessions' | 'session_history', id: string, v: string | null) => parseCol<LogonContextRec>(table, id, 'logon_context', v);

export interface HistoryRow {
  id: string;
  userId: string;
  poolId: string;
  desktopId: string;
  desktopName: string;
  protocol: Protocol;
  clientDevice: ClientDevice;
  network: NetworkProfile;
  startedAt: string;
  endedAt: string;
  logonSeconds: number | null;
  logonPhases: (number | null)[] | null;
  logonContext: LogonContextRec | null;
  endReason: string | null;
}

type RawHistory = Omit<HistoryRow, 'logonPhases' | 'logonContext'> & { logonPhases: string | null; logonContext: string | null };
const parseHistory = (r: RawHistory): HistoryRow => ({
  ...r,
  logonPhases: parseCol<(number | null)[]>('session_history', r.id, 'logon_phases', r.logonPhases),
  logonContext: parseCtx('session_history', r.id, r.logonContext),
});

export function getHistory(db: Db, id: string): HistoryRow | undefined {
  const r = get<RawHistory>(
    db,
    `SELECT id, user_id AS userId, pool_id AS poolId, desktop_id AS desktopId, desktop_name AS desktopName, protocol,
       client_device AS clientDevice, network, started_at AS startedAt, ended_at AS endedAt, logon_seconds AS logonSeconds,
       logon_phases AS logonPhases, logon_context AS logonContext, end_reason AS endReason FROM session_history WHERE id = ?`,
    id,
  );
  return r ? parseHistory(r) : undefined;
}

export function listHistory(db: Db, userId: string, limit: number): HistoryRow[] {
  return all<RawHistory>(
    db,
    `SELECT id, user_id AS userId, pool_id AS poolId, desktop_id AS desktopId, desktop_name AS desktopName, protocol,
       client_device AS clientDevice, network, started_at AS startedAt, ended_at AS endedAt, logon_seconds AS logonSeconds,
       logon_phases AS logonPhases, logon_context AS logonContext, end_reason AS endReason FROM session_history
     WHERE user_id = ? ORDER BY ended_at DESC, id DESC LIMIT ?`,
    userId,
    limit,
  ).map(parseHistory);
}

export function listFailures(
  db: Db,
  f: { userId?: string | undefined; poolId?: string | undefined; reason?: ConnectFailureReason | undefined; since?: string; limit: number },
): ConnectFailure[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.userId) {
    where.push('user_id = ?');
    params.push(f.userId);
  }
  if (f.poolId) {
    where.push('pool_id = ?');
    params.push(f.poolId);
  }
  if (f.reason) {
    where.push('reason = ?');
    params.push(f.reason);
  }
  if (f.since) {
    where.push('at >= ?');
    params.push(f.since);
  }
  return all<ConnectFailure>(
    db,
    `SELECT at, user_id AS userId, pool_id AS poolId, reason, message, client_device AS clientDevice, network
     FROM connection_failures ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`,
    ...params,
    f.limit,
  );
}

export function countFailuresSince(db: Db, since: string): { reason: ConnectFailureReason; n: number }[] {
  return all(db, 'SELECT reason, count(*) AS n FROM connection_failures WHERE at >= ? GROUP BY reason', since);
}

/** The id of user `userId`'s session that ended after `at` having started by then (the flush that ended it wrote its row). */
export function endedSessionAt(db: Db, userId: string, at: string): string | undefined {
  return get<{ id: string }>(
    db,
    'SELECT id FROM session_history WHERE user_id = ? AND started_at <= ? AND ended_at >= ? ORDER BY ended_at, id LIMIT 1',
    userId,
    at,
    at,
  )?.id;
}

export function insertFailure(db: Db, f: ConnectFailure): void {
  run(
    db,
    'INSERT INTO connection_failures (at, user_id, pool_id, reason, message, client_device, network) VALUES (?, ?, ?, ?, ?, ?, ?)',
    f.at,
    f.userId,
    f.poolId,
    f.reason,
    f.message,
    f.clientDevice,
    f.network,
  );
}

export function insertMessage(db: Db, m: Omit<SessionMessage, 'id'>): SessionMessage {
  const r = run(
    db,
    'INSERT INTO session_messages (session_id, at, severity, title, body, sender) VALUES (?, ?, ?, ?, ?, ?)',
    m.sessionId,
    m.at,
    m.severity,
    m.title,
    m.body,
    m.from,
  );
  return { ...m, id: String(r.lastInsertRowid) };
}

export function listMessages(db: Db, sessionId: string, limit = 50): SessionMessage[] {
  return all<{ id: number; sessionId: string; at: string; severity: MessageSeverity; title: string; body: string; from: string }>(
    db,
    `SELECT id, session_id AS sessionId, at, severity, title, body, sender AS "from" FROM session_messages
     WHERE session_id = ? ORDER BY id DESC LIMIT ?`,
    sessionId,
    limit,
  )
    .reverse()
    .map((m) => ({ ...m, id: String(m.id) }));
}

/** Keeps Help Desk history bounded: ended sessions, failures and messages older than `before` go. */
export function pruneSessionHistory(db: Db, before: string): void {
  run(db, 'DELETE FROM session_history WHERE ended_at < ?', before);
  run(db, 'DELETE FROM connection_failures WHERE at < ?', before);
  run(db, 'DELETE FROM session_messages WHERE at < ? AND session_id NOT IN (SELECT id FROM sessions)', before);
}

/** Recent events about any of these objects (a user, their desktop, their session), newest first. */
export function recentEventsFor(db: Db, objectIds: string[], limit: number): LabEvent[] {
  if (objectIds.length === 0) return [];
  const marks = objectIds.map(() => '?').join(', ');
  return all<Omit<LabEvent, 'acknowledged'> & { acknowledged: number }>(
    db,
    `SELECT id, sim_time AS simTime, wall_time AS wallTime, type, severity, object_kind AS objectKind, object_id AS objectId,
       object_name AS objectName, user, message, acknowledged, acknowledged_by AS acknowledgedBy
     FROM events WHERE object_id IN (${marks}) ORDER BY id DESC LIMIT ?`,
    ...objectIds,
    limit,
  ).map((r) => ({ ...r, acknowledged: r.acknowledged === 1 }));
}

/** The names an ended session's history row points to (its user, pool, desktop's host and datastore), as they are now. */
export function endedSessionNames(
  db: Db,
  h: { poolId: string; desktopId: string; userId: string },
): { login: string; displayName: string; poolName: string; hostId: string | null; hostName: string | null; datastoreId: string | null } | undefined {
  return get(
    db,
    `SELECT u.login, u.display_name AS displayName, coalesce(p.name, ?) AS poolName, d.host_id AS hostId, hs.name AS hostName, d.datastore_id AS datastoreId
     FROM users u LEFT JOIN pools p ON p.id = ? LEFT JOIN desktops d ON d.id = ? LEFT JOIN hosts hs ON hs.id = d.host_id WHERE u.id = ?`,
    h.poolId,
    h.poolId,
    h.desktopId,
    h.userId,
  );
}
