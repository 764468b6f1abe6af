import { LabError } from '../../contract/errors.ts';
import { getDesktop } from '../../store/desktops.ts';
import { getPool } from '../../store/pools.ts';
import { get, run } from '../../store/stmt.ts';
import type { AppContext, Handlers } from '../context.ts';

/** Users entitled to a pool, directly or through a group. */
function entitled(ctx: AppContext, poolId: string, userId: string): boolean {
  return (
    get(
      ctx.db,
      `SELECT 1 FROM entitlements e WHERE e.pool_id = ? AND (
         (e.principal_type = 'user' AND e.principal_id = ?) OR
         (e.principal_type = 'group' AND e.principal_id IN (SELECT group_id FROM group_members WHERE user_id = ?)))`,
      poolId,
      userId,
      userId,
    ) !== undefined
  );
}

export const assignmentHandlers: Pick<Handlers, 'pool-set-drain' | 'desktop-assign' | 'desktop-unassign'> = {
  'pool-set-drain': (input, ctx) => {
    const pool = getPool(ctx.db, input.id);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.id}"`, ['id']);
    if (pool.sessionType !== 'multi-session') {
      throw new LabError('conflict', `Drain mode is for multi-session pools; ${pool.name} is single-session (disable the pool instead)`, ['drain']);
    }
    if (pool.drainMode === input.drain) return pool;
    run(ctx.db, 'UPDATE pools SET drain_mode = ? WHERE id = ?', input.drain ? 1 : 0, pool.id);
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      message: input.drain
        ? `Drain mode on for ${pool.name}: no new sessions, existing ones stay and may reconnect`
        : `Drain mode off for ${pool.name}: new sessions are accepted`,
    });
    ctx.changed('pool');
    return getPool(ctx.db, pool.id) ?? pool;
  },
  'desktop-assign': (input, ctx) => {
    const d = getDesktop(ctx.db, input.id);
    if (!d) throw new LabError('not-found', `No desktop with id "${input.id}"`, ['id']);
    const pool = getPool(ctx.db, d.poolId);
    if (pool?.assignment !== 'dedicated') throw new LabError('conflict', `${d.name} is in a floating pool: it is not assigned to users`, ['id']);
    const user = get<{ login: string }>(ctx.db, 'SELECT login FROM users WHERE id = ?', input.userId);
    if (!user) throw new LabError('not-found', `No user with id "${input.userId}"`, ['userId']);
    if (d.assignedUserId === input.userId) return d;
    if (d.assignedUserId) throw new LabError('conflict', `${d.name} is already assigned: unassign it first`, ['id']);
    if (!entitled(ctx, pool.id, input.userId)) throw new LabError('conflict', `${user.login} is not entitled to ${pool.name}`, ['userId']);
    const other = get<{ name: string }>(ctx.db, 'SELECT name FROM desktops WHERE pool_id = ? AND assigned_user_id = ?', pool.id, input.userId);
    if (other) throw new LabError('conflict', `${user.login} already owns ${other.name} in ${pool.name}`, ['userId']);
    run(ctx.db, 'UPDATE desktops SET assigned_user_id = ? WHERE id = ?', input.userId, d.id);
    ctx.audit({ objectKind: 'desktop', objectId: d.id, objectName: d.name, message: `Desktop ${d.name} assigned to ${user.login}` });
    ctx.changed('desktop', 'pool');
    return getDesktop(ctx.db, d.id) ?? d;
  },
  'desktop-unassign': (input, ctx) => {
    const d = getDesktop(ctx.db, input.id);
    if (!d) throw new LabError('not-found', `No desktop with id "${input.id}"`, ['id']);
    if (!d.assignedUserId) throw new LabError('conflict', `${d.name} is not assigned to anyone`, ['id']);
    if (get(ctx.db, "SELECT 1 FROM sessions WHERE desktop_id = ? AND user_id = ? AND state <> 'logged-off'", d.id, d.assignedUserId)) {
      throw new LabError('conflict', `The owner of ${d.name} has a session on it: log the user off first`, ['id']);
    }
    const login = get<{ login: string }>(ctx.db, 'SELECT login FROM users WHERE id = ?', d.assignedUserId)?.login ?? d.assignedUserId;
    run(ctx.db, 'UPDATE desktops SET assigned_user_id = NULL WHERE id = ?', d.id);
    ctx.audit({ objectKind: 'desktop', objectId: d.id, objectName: d.name, message: `Desktop ${d.name} unassigned from ${login}` });
    ctx.changed('desktop', 'pool');
    return getDesktop(ctx.db, d.id) ?? d;
  },
};
