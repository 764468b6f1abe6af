import type { Desktop, DesktopRow, MachineState, PowerState, Session, SessionType } from '../contract/entities.ts';
import type { DatastoreUsage, DesktopDetailRow, DesktopOrder } from '../contract/rest-entities.ts';
import { PROBLEM_STATES } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { all, allRaw, get, run } from './stmt.ts';

export interface DesktopFilter {
  poolId?: string | undefined;
  hostId?: string | undefined;
  state?: MachineState | undefined;
  powerState?: PowerState | undefined;
  problemsOnly?: boolean | undefined;
  search?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /** Issue 19: only this tenant's pools' desktops (a tenant-scoped caller), filtered before paging so total and pages are its own. */
  tenantId?: string | null | undefined;
}

const ROW_SELECT = `SELECT d.id, d.name, p.name AS pool, h.name AS host, s.name AS datastore, d.state, d.power_state AS powerState,
    coalesce((SELECT su.login FROM sessions x JOIN users su ON su.id = x.user_id
               WHERE x.desktop_id = d.id AND x.state <> 'logged-off' ORDER BY x.started_at LIMIT 1), u.login) AS user,
    (SELECT count(*) FROM sessions x WHERE x.desktop_id = d.id AND x.state <> 'logged-off') AS sessions
  FROM desktops d JOIN pools p ON p.id = d.pool_id JOIN hosts h ON h.id = d.host_id JOIN datastores s ON s.id = d.datastore_id
  LEFT JOIN users u ON u.id = d.assigned_user_id`;

/** Escapes LIKE wildcards so a search for "KW_1" means what it says. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listDesktopRows(db: Db, f: DesktopFilter): { total: number; rows: DesktopRow[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.poolId) {
    where.push('d.pool_id = ?');
    params.push(f.poolId);
  }
  if (f.hostId) {
    where.push('d.host_id = ?');
    params.push(f.hostId);
  }
  if (f.state) {
    where.push('d.state = ?');
    params.push(f.state);
  }
  if (f.powerState) {
    where.push('d.power_state = ?');
    params.push(f.powerState);
  }
  if (f.tenantId) {
    where.push('d.pool_id IN (SELECT pool_id FROM tenant_pools WHERE tenant_id = ?)');
    params.push(f.tenantId);
  }
  if (f.problemsOnly) where.push(`d.state IN (${PROBLEM_STATES.map((s) => `'${s}'`).join(',')})`);
  if (f.search) {
    where.push("(d.name LIKE ? ESCAPE '\\' OR u.login LIKE ? ESCAPE '\\' OR h.name LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\')");
    const like = likePattern(f.search);
    params.push(like, like, like, like);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (
    get<{ n: number }>(
      db,
      `SELECT count(*) AS n FROM desktops d JOIN pools p ON p.id = d.pool_id JOIN hosts h ON h.id = d.host_id
       LEFT JOIN users u ON u.id = d.assigned_user_id ${cond}`,
      ...params,
    ) as { n: number }
  ).n;
  const page = f.limit !== undefined ? `LIMIT ${f.limit} OFFSET ${f.offset ?? 0}` : f.offset ? `LIMIT -1 OFFSET ${f.offset}` : '';
  const rows = all<DesktopRow>(db, `${ROW_SELECT} ${cond} ORDER BY d.name ${page}`, ...params);
  return { total, rows };
}

interface DesktopDbRow {
  id: string;
  name: string;
  pool_id: string;
  host_id: string;
  datastore_id: string;
  state: MachineState;
  power_state: PowerState;
  assigned_user_id: string | null;
  image_version_id: string | null;
  vcpu: number;
  ram_gb: number;
  disk_gb: number;
  ip: string;
  agent_version: string;
  problem: string | null;
  state_since: string;
  sessions: number;
}

export function getDesktop(db: Db, id: string): Desktop | undefined {
  const r = get<DesktopDbRow>(
    db,
    `SELECT d.*, (SELECT count(*) FROM sessions x WHERE x.desktop_id = d.id AND x.state <> 'logged-off') AS sessions
     FROM desktops d WHERE d.id = ?`,
    id,
  );
  if (!r) return undefined;
  return {
    id: r.id,
    name: r.name,
    poolId: r.pool_id,
    hostId: r.host_id,
    datastoreId: r.datastore_id,
    state: r.state,
    powerState: r.power_state,
    assignedUserId: r.assigned_user_id,
    imageVersionId: r.image_version_id,
    vcpu: r.vcpu,
    ramGb: r.ram_gb,
    diskGb: r.disk_gb,
    ip: r.ip,
    agentVersion: r.agent_version,
    problem: r.problem,
    stateSince: r.state_since,
    sessionCount: r.sessions,
  };
}

export function setDesktopState(db: Db, id: string, state: MachineState, since: string, problem: string | null): void {
  run(db, 'UPDATE desktops SET state = ?, state_since = ?, problem = ? WHERE id = ?', state, since, problem, id);
}

export function listSessions(db: Db, f: { poolId?: string | undefined; userId?: string | undefined }): Session[] {
  const where: string[] = ["s.state <> 'logged-off'"];
  const params: unknown[] = [];
  if (f.poolId) {
    where.push('s.pool_id = ?');
    params.push(f.poolId);
  }
  if (f.userId) {
    where.push('s.user_id = ?');
    params.push(f.userId);
  }
  return all<Session>(
    db,
    `SELECT s.id, s.user_id AS userId, u.login AS userName, s.desktop_id AS desktopId, d.name AS desktopName, s.pool_id AS poolId,
       s.state, s.protocol, s.client_device AS clientDevice, s.started_at AS startedAt
     FROM sessions s JOIN users u ON u.id = s.user_id JOIN desktops d ON d.id = s.desktop_id
     WHERE ${where.join(' AND ')} ORDER BY s.started_at`,
    ...params,
  );
}

/** Every desktop's state, power, owner and state time as stored (an admin change is taken into the running engine from these). */
export function storedDesktopStates(db: Db): { id: string; state: string; power: string; owner: string | null; since: string | null }[] {
  return all(db, 'SELECT id, state, power_state AS power, assigned_user_id AS owner, state_since AS since FROM desktops');
}

// ---- paged, joined listing for the HTTP transports (rest-methods.ts: desktop-detail-list) ----

export interface DesktopDetailFilter {
  sessionType?: SessionType | undefined;
  ids?: readonly string[] | undefined;
  poolIds?: readonly string[] | undefined;
  states?: readonly MachineState[] | undefined;
  powerStates?: readonly PowerState[] | undefined;
  namePrefix?: string | undefined;
  nameContains?: string | undefined;
  nameSuffix?: string | undefined;
  assignedUserIds?: readonly string[] | undefined;
  orderBy?: DesktopOrder | undefined;
  desc?: boolean | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** What filters and orders need; hosts and datastores are joined only for the rows of the page (foreign keys: they never filter). */
const DETAIL_FROM = `FROM desktops d JOIN pools p ON p.id = d.pool_id`;

// The page is chosen first (an index walk on the order, joins only for the filter: its ids, in
// order), then only its rows get the names and the session lookups — a join condition with a
// sub-select would otherwise be evaluated for every row the OFFSET skips. The second statement
// walks the page's ids (json_each) and returns each row with its position, which puts it in its
// place: sorting the wide joined rows again in SQL cost more than the whole lookup (bench rest,
// 2026-12-06: 11.8 → 7.5 ms CPU per 1,000-row page). Rows are read raw: the column order is
// detailRow's, after the position. The session count is only counted where there is a first live
// session (none: 0), so machines without one skip that sub-select.
const DETAIL_COLUMNS = `d.id, d.name, d.pool_id AS poolId, p.name AS poolName, p.kind AS poolKind, p.assignment AS poolAssignment, p.session_type AS sessionType,
    d.host_id AS hostId, h.name AS hostName, d.datastore_id AS datastoreId, s.name AS datastoreName,
    d.state, d.power_state AS powerState, d.assigned_user_id AS assignedUserId, au.login AS assignedUserLogin,
    d.image_version_id AS imageVersionId, d.vcpu, d.ram_gb AS ramGb, d.disk_gb AS diskGb, d.ip, d.agent_version AS agentVersion,
    d.problem, d.state_since AS stateSince,
    CASE WHEN fs.id IS NULL THEN 0 ELSE (SELECT count(*) FROM sessions x WHERE x.desktop_id = d.id AND x.state <> 'logged-off') END AS sessionCount,
    fs.id AS sessionId, fs.user_id AS sessionUserId, su.login AS sessionUserLogin, fs.protocol AS sessionProtocol, fs.state AS sessionState`;

const DETAIL_JOINS = `LEFT JOIN users au ON au.id = d.assigned_user_id
  LEFT JOIN sessions fs ON fs.id = (SELECT x.id FROM sessions x WHERE x.desktop_id = d.id AND x.state <> 'logged-off' ORDER BY x.started_at, x.id LIMIT 1)
  LEFT JOIN users su ON su.id = fs.user_id`;

const DETAIL_ORDER: Record<DesktopOrder, string> = {
  name: 'd.name',
  state: 'd.state',
  powerState: 'd.power_state',
  poolName: 'p.name',
  hostName: 'h.name',
};

function likeText(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Desktops with the names a listing shows, a few statements per page (count, the page's ids, their
 * rows) in one read transaction: filters go to SQL (lists through json_each, so the statement text
 * stays the same and is prepared once), ties ordered by name.
 */
export function listDesktopDetails(db: Db, f: DesktopDetailFilter): { total: number; rows: DesktopDetailRow[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const inList = (col: string, values: readonly string[] | undefined) => {
    if (values === undefined) return;
    where.push(`${col} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  if (f.sessionType) {
    where.push('p.session_type = ?');
    params.push(f.sessionType);
  }
  inList('d.id', f.ids);
  inList('d.pool_id', f.poolIds);
  inList('d.state', f.states);
  inList('d.power_state', f.powerStates);
  inList('d.assigned_user_id', f.assignedUserIds);
  const like = (pattern: string | undefined, make: (t: string) => string) => {
    if (pattern === undefined) return;
    where.push("d.name LIKE ? ESCAPE '\\'");
    params.push(make(likeText(pattern)));
  };
  like(f.namePrefix, (t) => `${t}%`);
  like(f.nameContains, (t) => `%${t}%`);
  like(f.nameSuffix, (t) => `%${t}`);
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // The count, the page's ids and its rows are three statements: one read transaction makes them one
  // snapshot (the front's reader reads while the worker commits).
  return db.transaction(() => detailPage(db, f, cond, params))();
}

function detailPage(db: Db, f: DesktopDetailFilter, cond: string, params: unknown[]): { total: number; rows: DesktopDetailRow[] } {
  const total = (get<{ n: number }>(db, `SELECT count(*) AS n ${DETAIL_FROM} ${cond}`, ...params) as { n: number }).n;
  const key = DETAIL_ORDER[f.orderBy ?? 'name'];
  const dir = f.desc ? 'DESC' : 'ASC';
  const order = key === 'd.name' ? `d.name ${dir}` : `${key} ${dir}, d.name ASC`;
  const page = f.limit !== undefined ? `LIMIT ${f.limit} OFFSET ${f.offset ?? 0}` : f.offset ? `LIMIT -1 OFFSET ${f.offset}` : '';
  const hostJoin = key === 'h.name' ? ' JOIN hosts h ON h.id = d.host_id' : '';
  const ids = allRaw(db, `SELECT d.id ${DETAIL_FROM}${hostJoin} ${cond} ORDER BY ${order} ${page}`, ...params);
  if (ids.length === 0) return { total, rows: [] };
  const raw = allRaw(
    db,
    `SELECT j.key, ${DETAIL_COLUMNS} FROM json_each(?) j JOIN desktops d ON d.id = j.value JOIN pools p ON p.id = d.pool_id
       JOIN hosts h ON h.id = d.host_id JOIN datastores s ON s.id = d.datastore_id ${DETAIL_JOINS}`,
    JSON.stringify(ids.map((c) => c[0])),
  );
  const rows: (DesktopDetailRow | undefined)[] = new Array<DesktopDetailRow | undefined>(ids.length);
  for (const c of raw) rows[c[0] as number] = detailRow(c);
  // One snapshot: every id has its row (the filter only narrows the type).
  return { total, rows: rows.filter((r): r is DesktopDetailRow => r !== undefined) };
}

/** One DesktopDetailRow from its position and its columns in DETAIL_COLUMNS order (raw rows: see allRaw in stmt.ts). */
function detailRow(c: unknown[]): DesktopDetailRow {
  return {
    id: c[1] as string,
    name: c[2] as string,
    poolId: c[3] as string,
    poolName: c[4] as string,
    poolKind: c[5] as DesktopDetailRow['poolKind'],
    poolAssignment: c[6] as DesktopDetailRow['poolAssignment'],
    sessionType: c[7] as SessionType,
    hostId: c[8] as string,
    hostName: c[9] as string,
    datastoreId: c[10] as string,
    datastoreName: c[11] as string,
    state: c[12] as MachineState,
    powerState: c[13] as PowerState,
    assignedUserId: c[14] as string | null,
    assignedUserLogin: c[15] as string | null,
    imageVersionId: c[16] as string | null,
    vcpu: c[17] as number,
    ramGb: c[18] as number,
    diskGb: c[19] as number,
    ip: c[20] as string,
    agentVersion: c[21] as string,
    problem: c[22] as string | null,
    stateSince: c[23] as string,
    sessionCount: c[24] as number,
    sessionId: c[25] as string | null,
    sessionUserId: c[26] as string | null,
    sessionUserLogin: c[27] as string | null,
    sessionProtocol: c[28] as DesktopDetailRow['sessionProtocol'],
    sessionState: c[29] as DesktopDetailRow['sessionState'],
  };
}

/**
 * Machines to clone again (recover, rebuild): back to PROVISIONING, powered off, no problem; the engine,
 * rebuilt after the commit, clones every machine in PROVISIONING. Name, pool, placement and assignment stay.
 */
export function reprovisionDesktops(db: Db, ids: readonly string[], since: string): number {
  return run(
    db,
    `UPDATE desktops SET state = 'PROVISIONING', power_state = 'poweredOff', problem = NULL, state_since = ?
     WHERE id IN (SELECT value FROM json_each(?))`,
    since,
    JSON.stringify(ids),
  ).changes;
}

/** Space used per datastore and pool (thin-provisioned GB the machines hold). */
export function datastoreUsageByPool(db: Db, datastoreId?: string): DatastoreUsage[] {
  const sql = `SELECT datastore_id AS datastoreId, pool_id AS poolId, count(*) AS machines, round(sum(used_gb), 1) AS usedGb
    FROM desktops ${datastoreId ? 'WHERE datastore_id = ?' : ''} GROUP BY datastore_id, pool_id ORDER BY datastore_id, pool_id`;
  return datastoreId ? all<DatastoreUsage>(db, sql, datastoreId) : all<DatastoreUsage>(db, sql);
}

export function setDesktopPower(db: Db, id: string, power: PowerState): void {
  run(db, 'UPDATE desktops SET power_state = ? WHERE id = ?', power, id);
}

/** Whether any session row (current or not yet cleared) still points at a desktop. */
export function desktopHasSessionRows(db: Db, id: string): boolean {
  return get<{ n: number }>(db, 'SELECT count(*) AS n FROM sessions WHERE desktop_id = ?', id)?.n !== 0;
}

/** Deletes one machine (its snapshots and HA settings go with it: ON DELETE CASCADE). */
export function removeDesktop(db: Db, id: string): boolean {
  return run(db, 'DELETE FROM desktops WHERE id = ?', id).changes === 1;
}

/** A pool's machines by name. */
export function poolDesktopNames(db: Db, poolId: string): { id: string; name: string }[] {
  return all<{ id: string; name: string }>(db, 'SELECT id, name FROM desktops WHERE pool_id = ? ORDER BY name', poolId);
}

/** The machines assigned to a user (dedicated assignment), by name. */
export function desktopsAssignedTo(db: Db, userId: string): { id: string; name: string; poolId: string; state: MachineState }[] {
  return all(db, 'SELECT id, name, pool_id AS poolId, state FROM desktops WHERE assigned_user_id = ? ORDER BY name', userId);
}

/** Records a power-on the engine has already made (admission control's manual power-on). */
export function markPoweredOn(db: Db, desktopId: string): void {
  run(db, "UPDATE desktops SET power_state = 'poweredOn' WHERE id = ?", desktopId);
}

/** The machine a user is assigned in a pool, if any. */
export function assignedDesktopIn(db: Db, poolId: string, userId: string): { name: string } | undefined {
  return get<{ name: string }>(db, 'SELECT name FROM desktops WHERE pool_id = ? AND assigned_user_id = ?', poolId, userId);
}

/** Assigns a dedicated machine to a user, or unassigns it (null). */
export function setAssignedUser(db: Db, desktopId: string, userId: string | null): void {
  run(db, 'UPDATE desktops SET assigned_user_id = ? WHERE id = ?', userId, desktopId);
}

/** Whether a user has a session (not logged off) on a machine. */
export function hasOpenSessionOn(db: Db, desktopId: string, userId: string): boolean {
  return get(db, "SELECT 1 FROM sessions WHERE desktop_id = ? AND user_id = ? AND state <> 'logged-off'", desktopId, userId) !== undefined;
}

/** Problem reasons admin operations wrote on desktops (a simulated bad update). */
export function desktopProblems(db: Db): { id: string; problem: string }[] {
  return all<{ id: string; problem: string }>(db, 'SELECT id, problem FROM desktops WHERE problem IS NOT NULL');
}

/** Space a desktop's folder takes on its datastore grows (a memory file, orphaned deltas). */
export function addDesktopUsedGb(db: Db, desktopId: string, gb: number): void {
  run(db, 'UPDATE desktops SET used_gb = used_gb + ? WHERE id = ?', gb, desktopId);
}

/** A desktop that stops answering for a stated reason (a simulated bad update). */
export function markAgentUnreachable(db: Db, desktopId: string, problem: string, since: string): void {
  run(db, "UPDATE desktops SET state = 'AGENT_UNREACHABLE', problem = ?, state_since = ? WHERE id = ?", problem, since, desktopId);
}

/** The open sessions on a desktop with their users, oldest first. */
export function openSessionsOn(
  db: Db,
  desktopId: string,
): { id: string; user_id: string; login: string; display_name: string; state: string; started_at: string }[] {
  return all(
    db,
    `SELECT s.id, s.user_id, u.login, u.display_name, s.state, s.started_at FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.desktop_id = ? AND s.state <> 'logged-off' ORDER BY s.started_at`,
    desktopId,
  );
}
