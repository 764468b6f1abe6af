import type { Desktop, DesktopRow, MachineState, PowerState, Session } from '../contract/entities.ts';
import { PROBLEM_STATES } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

export interface DesktopFilter {
  poolId?: string | undefined;
  hostId?: string | undefined;
  state?: MachineState | undefined;
  powerState?: PowerState | undefined;
  problemsOnly?: boolean | undefined;
  search?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
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
