import type { Entitlement, Group, User } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

function like(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listUsers(
  db: Db,
  f: { groupId?: string | undefined; search?: string | undefined; limit?: number | undefined; offset?: number | undefined },
): { total: number; rows: User[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.groupId) {
    where.push('u.id IN (SELECT user_id FROM group_members WHERE group_id = ?)');
    params.push(f.groupId);
  }
  if (f.search) {
    where.push("(u.login LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE '\\' OR u.department LIKE ? ESCAPE '\\')");
    const l = like(f.search);
    params.push(l, l, l);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (get<{ n: number }>(db, `SELECT count(*) AS n FROM users u ${cond}`, ...params) as { n: number }).n;
  const page = f.limit !== undefined ? `LIMIT ${f.limit} OFFSET ${f.offset ?? 0}` : '';
  const rows = all<Omit<User, 'groupIds'> & { groups: string | null }>(
    db,
    `SELECT u.id, u.login, u.display_name AS displayName, u.department, u.email, u.workload,
       (SELECT group_concat(group_id) FROM group_members m WHERE m.user_id = u.id) AS groups
     FROM users u ${cond} ORDER BY u.login ${page}`,
    ...params,
  );
  return { total, rows: rows.map(({ groups, ...u }) => ({ ...u, groupIds: groups ? groups.split(',') : [] })) };
}

export function listGroups(db: Db): Group[] {
  const rows = all<Omit<Group, 'poolIds'> & { pools: string | null }>(
    db,
    `SELECT g.id, g.name, g.description,
       (SELECT count(*) FROM group_members m WHERE m.group_id = g.id) AS memberCount,
       (SELECT group_concat(pool_id) FROM entitlements e WHERE e.principal_type = 'group' AND e.principal_id = g.id) AS pools
     FROM groups g ORDER BY g.name`,
  );
  return rows.map(({ pools, ...g }) => ({ ...g, poolIds: pools ? pools.split(',') : [] }));
}

export function listEntitlements(db: Db, poolId?: string): Entitlement[] {
  return all<Entitlement>(
    db,
    `SELECT e.pool_id AS poolId, e.principal_type AS principalType, e.principal_id AS principalId,
       coalesce(u.login, g.name, e.principal_id) AS principalName
     FROM entitlements e
     LEFT JOIN users u ON e.principal_type = 'user' AND u.id = e.principal_id
     LEFT JOIN groups g ON e.principal_type = 'group' AND g.id = e.principal_id
     ${poolId ? 'WHERE e.pool_id = ?' : ''} ORDER BY e.pool_id, e.principal_type, principalName`,
    ...(poolId ? [poolId] : []),
  );
}

export function principalName(db: Db, type: 'user' | 'group', id: string): string | undefined {
  return type === 'user'
    ? get<{ login: string }>(db, 'SELECT login FROM users WHERE id = ?', id)?.login
    : get<{ name: string }>(db, 'SELECT name FROM groups WHERE id = ?', id)?.name;
}

export function addEntitlement(db: Db, poolId: string, type: 'user' | 'group', id: string): boolean {
  return run(db, 'INSERT OR IGNORE INTO entitlements VALUES (?, ?, ?)', poolId, type, id).changes === 1;
}

export function removeEntitlement(db: Db, poolId: string, type: 'user' | 'group', id: string): boolean {
  return run(db, 'DELETE FROM entitlements WHERE pool_id = ? AND principal_type = ? AND principal_id = ?', poolId, type, id).changes === 1;
}

/** Users by id, in the order asked (unknown ids left out). */
export function usersByIds(db: Db, ids: readonly string[]): User[] {
  const rows = all<Omit<User, 'groupIds'> & { groups: string | null }>(
    db,
    `SELECT u.id, u.login, u.display_name AS displayName, u.department, u.email, u.workload,
       (SELECT group_concat(group_id) FROM group_members m WHERE m.user_id = u.id) AS groups
     FROM users u WHERE u.id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(ids),
  );
  const byId = new Map(rows.map(({ groups, ...u }) => [u.id, { ...u, groupIds: groups ? groups.split(',') : [] }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Whether a user is entitled to a pool, directly or through a group. */
export function isEntitled(db: Db, poolId: string, userId: string): boolean {
  return (
    get(
      db,
      `SELECT 1 FROM entitlements e WHERE e.pool_id = ? AND (
         (e.principal_type = 'user' AND e.principal_id = ?) OR
         (e.principal_type = 'group' AND e.principal_id IN (SELECT group_id FROM group_members WHERE user_id = ?)))`,
      poolId,
      userId,
      userId,
    ) !== undefined
  );
}
