import type { Protocol, Workload } from '../contract/entities.ts';
import {
  CLIENT_DEVICE_NAMES,
  CLIENT_DEVICES,
  type ClientDevice,
  type NetworkConditions,
  type NetworkProfile,
  type SessionState,
} from '../contract/session-entities.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';
import { parseCol, parseCtx, type LogonContextRec } from './session-history.ts';

export {
  countFailuresSince,
  endedSessionNames,
  getHistory,
  insertFailure,
  insertMessage,
  listFailures,
  listHistory,
  listMessages,
  pruneSessionHistory,
  recentEventsFor,
  type HistoryRow,
  type LogonContextRec,
} from './session-history.ts';

// Sessions as stored: one row per running session (the engine writes them in batches); ended
// ones in session_history, failed connections and admin messages are session-history.ts's
// (re-exported here, where callers have always found them).

const ctxJson = (v: LogonContextRec | null) => (v ? JSON.stringify(v) : null);

/** A stored session joined with its user, pool, desktop and host: the static half of a table row. */
export interface StoredSession extends SessionWrite {
  userName: string;
  userDisplayName: string;
  desktopName: string;
  poolName: string;
  hostId: string;
  hostName: string;
  datastoreId: string;
}

interface RawSession extends Omit<StoredSession, 'clientDevice' | 'networkCustom' | 'logonPhases' | 'logonContext'> {
  clientDevice: string;
  networkCustom: string | null;
  logonPhases: string | null;
  logonContext: string | null;
}

const BY_NAME = new Map<string, ClientDevice>(CLIENT_DEVICES.map((c) => [CLIENT_DEVICE_NAMES[c], c]));

/** Client devices are stored by id; labs generated before issue 5 stored the display name. */
export function clientDeviceOf(stored: string): ClientDevice {
  if ((CLIENT_DEVICES as readonly string[]).includes(stored)) return stored as ClientDevice;
  return BY_NAME.get(stored) ?? 'windows';
}

/** Columns for a table row: the JSON ones (phases, context, custom network) are left out, 10,000 parses add up. */
const LIST_SELECT = `SELECT s.id, s.user_id AS userId, u.login AS userName, u.display_name AS userDisplayName,
    s.desktop_id AS desktopId, d.name AS desktopName, s.pool_id AS poolId, p.name AS poolName,
    d.host_id AS hostId, h.name AS hostName, d.datastore_id AS datastoreId,
    s.state, s.protocol, s.client_device AS clientDevice, s.network, NULL AS networkCustom,
    s.started_at AS startedAt, coalesce(s.state_since, s.started_at) AS stateSince, s.logon_seconds AS logonSeconds,
    NULL AS logonPhases, NULL AS logonContext, s.reconnects, s.disconnect_reason AS disconnectReason
  FROM sessions s JOIN users u ON u.id = s.user_id JOIN desktops d ON d.id = s.desktop_id
  JOIN pools p ON p.id = s.pool_id JOIN hosts h ON h.id = d.host_id`;

const SELECT = `SELECT s.id, s.user_id AS userId, u.login AS userName, u.display_name AS userDisplayName,
    s.desktop_id AS desktopId, d.name AS desktopName, s.pool_id AS poolId, p.name AS poolName,
    d.host_id AS hostId, h.name AS hostName, d.datastore_id AS datastoreId,
    s.state, s.protocol, s.client_device AS clientDevice, s.network, s.network_custom AS networkCustom,
    s.started_at AS startedAt, coalesce(s.state_since, s.started_at) AS stateSince, s.logon_seconds AS logonSeconds,
    s.logon_phases AS logonPhases, s.logon_context AS logonContext, s.reconnects, s.disconnect_reason AS disconnectReason
  FROM sessions s JOIN users u ON u.id = s.user_id JOIN desktops d ON d.id = s.desktop_id
  JOIN pools p ON p.id = s.pool_id JOIN hosts h ON h.id = d.host_id`;

function parse(r: RawSession): StoredSession {
  return {
    ...r,
    clientDevice: clientDeviceOf(r.clientDevice),
    networkCustom: parseCol<NetworkConditions>('sessions', r.id, 'network_custom', r.networkCustom),
    logonPhases: parseCol<(number | null)[]>('sessions', r.id, 'logon_phases', r.logonPhases),
    logonContext: parseCtx('sessions', r.id, r.logonContext),
  };
}

export interface SessionFilter {
  poolId?: string | undefined;
  userId?: string | undefined;
  hostId?: string | undefined;
  desktopId?: string | undefined;
  search?: string | undefined;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Running sessions (not logged off), one query; live state and figures come from the engine.
 * `full` adds the logon phases, their context and a custom network's figures (for restoring the engine).
 */
export function listStoredSessions(db: Db, f: SessionFilter, full = false): StoredSession[] {
  const where: string[] = ["s.state <> 'logged-off'"];
  const params: unknown[] = [];
  const eq = (col: string, v: string | undefined) => {
    if (v === undefined) return;
    where.push(`${col} = ?`);
    params.push(v);
  };
  eq('s.pool_id', f.poolId);
  eq('s.user_id', f.userId);
  eq('d.host_id', f.hostId);
  eq('s.desktop_id', f.desktopId);
  if (f.search) {
    where.push(
      `(u.login LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE '\\' OR d.name LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\' OR h.name LIKE ? ESCAPE '\\')`,
    );
    const pat = likePattern(f.search);
    params.push(pat, pat, pat, pat, pat);
  }
  // The order the running console lists them in (its tracker adds each session as it starts, and numbers them as they
  // start): by start, then by number, so sess-999 before sess-1000 (as text, sess-1000 came first in any later process).
  const rows = all<RawSession>(db, `${full ? SELECT : LIST_SELECT} WHERE ${where.join(' AND ')} ORDER BY s.started_at, length(s.id), s.id`, ...params);
  if (full) return rows.map(parse);
  for (const r of rows) (r as unknown as StoredSession).clientDevice = clientDeviceOf(r.clientDevice);
  return rows as unknown as StoredSession[];
}

export function getStoredSession(db: Db, id: string): StoredSession | undefined {
  const r = get<RawSession>(db, `${SELECT} WHERE s.id = ?`, id);
  return r ? parse(r) : undefined;
}

/** A row the simulation writes for a running session. */
export interface SessionWrite {
  id: string;
  userId: string;
  desktopId: string;
  poolId: string;
  state: SessionState;
  protocol: Protocol;
  clientDevice: ClientDevice;
  network: NetworkProfile;
  networkCustom: NetworkConditions | null;
  startedAt: string;
  stateSince: string;
  logonSeconds: number | null;
  logonPhases: (number | null)[] | null;
  logonContext: LogonContextRec | null;
  reconnects: number;
  /** Why the session is disconnected, while it is (the thin-client view shows it). */
  disconnectReason: string | null;
}

export function upsertSession(db: Db, s: SessionWrite): void {
  run(
    db,
    `INSERT INTO sessions (id, user_id, desktop_id, pool_id, state, protocol, client_device, started_at, logon_seconds,
       network, network_custom, state_since, logon_phases, logon_context, reconnects, disconnect_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET state = excluded.state, desktop_id = excluded.desktop_id, logon_seconds = excluded.logon_seconds,
       protocol = excluded.protocol, client_device = excluded.client_device, network = excluded.network,
       network_custom = excluded.network_custom, state_since = excluded.state_since, logon_phases = excluded.logon_phases,
       logon_context = excluded.logon_context, reconnects = excluded.reconnects, disconnect_reason = excluded.disconnect_reason`,
    s.id,
    s.userId,
    s.desktopId,
    s.poolId,
    s.state,
    s.protocol,
    s.clientDevice,
    s.startedAt,
    s.logonSeconds,
    s.network,
    s.networkCustom ? JSON.stringify(s.networkCustom) : null,
    s.stateSince,
    s.logonPhases ? JSON.stringify(s.logonPhases) : null,
    ctxJson(s.logonContext),
    s.reconnects,
    s.disconnectReason,
  );
}

/**
 * Writes the columns a running session changes (state, times, logon figures, endpoint, network) to
 * its stored row; false when no row has its id. Cheaper than the upsert: none of these columns is
 * indexed or a foreign key, so SQLite touches the row alone (the upsert's SET names desktop_id, and
 * SQLite rewrites the index entry and checks the key of every column a SET names, changed or not).
 */
export function updateSession(db: Db, s: SessionWrite): boolean {
  return (
    run(
      db,
      `UPDATE sessions SET state = ?, logon_seconds = ?, protocol = ?, client_device = ?, network = ?, network_custom = ?, state_since = ?,
         logon_phases = ?, logon_context = ?, reconnects = ?, disconnect_reason = ? WHERE id = ?`,
      s.state,
      s.logonSeconds,
      s.protocol,
      s.clientDevice,
      s.network,
      s.networkCustom ? JSON.stringify(s.networkCustom) : null,
      s.stateSince,
      s.logonPhases ? JSON.stringify(s.logonPhases) : null,
      ctxJson(s.logonContext),
      s.reconnects,
      s.disconnectReason,
      s.id,
    ).changes === 1
  );
}

/** Ends a session: the running row goes, a history row stays for Help Desk. */
export function endSession(db: Db, s: SessionWrite, desktopName: string, endedAt: string, reason: string | null): void {
  run(db, 'DELETE FROM sessions WHERE id = ?', s.id);
  run(
    db,
    `INSERT INTO session_history (id, user_id, pool_id, desktop_id, desktop_name, protocol, client_device, network, started_at,
       ended_at, logon_seconds, logon_phases, logon_context, end_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET ended_at = excluded.ended_at, end_reason = excluded.end_reason`,
    s.id,
    s.userId,
    s.poolId,
    s.desktopId,
    desktopName,
    s.protocol,
    s.clientDevice,
    s.network,
    s.startedAt,
    endedAt,
    s.logonSeconds,
    s.logonPhases ? JSON.stringify(s.logonPhases) : null,
    ctxJson(s.logonContext),
    reason,
  );
}

/**
 * Ends every running session of a pool or a desktop outside the engine (the pool is being deleted,
 * a training failure broke the guest): each leaves its Help Desk history row with the reason, as any
 * logoff does. Returns how many ended.
 */
export function endSessionsOf(db: Db, of: { poolId: string } | { desktopId: string }, endedAt: string, reason: string): number {
  const [column, value] = 'poolId' in of ? ['pool_id', of.poolId] : ['desktop_id', of.desktopId];
  run(
    db,
    `INSERT INTO session_history (id, user_id, pool_id, desktop_id, desktop_name, protocol, client_device, network, started_at,
       ended_at, logon_seconds, logon_phases, logon_context, end_reason)
     SELECT s.id, s.user_id, s.pool_id, s.desktop_id, d.name, s.protocol, s.client_device, s.network, s.started_at,
       ?, s.logon_seconds, s.logon_phases, s.logon_context, ? FROM sessions s JOIN desktops d ON d.id = s.desktop_id WHERE s.${column} = ?
     ON CONFLICT(id) DO UPDATE SET ended_at = excluded.ended_at, end_reason = excluded.end_reason`,
    endedAt,
    reason,
    value,
  );
  return run(db, `DELETE FROM sessions WHERE ${column} = ?`, value).changes;
}

export interface UserRecord {
  id: string;
  login: string;
  displayName: string;
  department: string;
  email: string;
  workload: Workload;
}

export function getUserRecord(db: Db, id: string): UserRecord | undefined {
  return get<UserRecord>(db, 'SELECT id, login, display_name AS displayName, department, email, workload FROM users WHERE id = ?', id);
}

/** The highest session number used so far: meta's counter, or the lab's own `sess-<n>` ids. */
export function sessionSeq(db: Db): number {
  const meta = Number(get<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'session_seq'")?.value ?? 0);
  const max = (table: string) => get<{ n: number | null }>(db, `SELECT max(CAST(substr(id, 6) AS INTEGER)) AS n FROM ${table} WHERE id LIKE 'sess-%'`)?.n ?? 0;
  return Math.max(Number.isFinite(meta) ? meta : 0, max('sessions'), max('session_history'));
}

/** Entitlements and group membership as the engine needs them (in table order, as the lab reader reads them). */
export function readEntitlements(db: Db): {
  groupMembers: { groupId: string; userId: string }[];
  entitlements: { poolId: string; principalType: 'user' | 'group'; principalId: string }[];
} {
  return {
    groupMembers: all(db, 'SELECT group_id AS groupId, user_id AS userId FROM group_members ORDER BY rowid'),
    entitlements: all(db, 'SELECT pool_id AS poolId, principal_type AS principalType, principal_id AS principalId FROM entitlements ORDER BY rowid'),
  };
}
