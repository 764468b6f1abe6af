import { LabError } from '../../contract/errors.ts';
import { getDesktop, assignedDesktopIn, hasOpenSessionOn, setAssignedUser } from '../../store/desktops.ts';
import { getPool, setPoolDrainMode } from '../../store/pools.ts';
import type { Handlers } from '../context.ts';
import { isEntitled, principalName } from '../../store/directory.ts';

/** Users entitled to a pool, directly or through a group. */

export const assignmentHandlers: Pick<Handlers, 'pool-set-drain' | 'desktop-assign' | 'desktop-unassign'> = {
  'pool-set-drain': (input, ctx) => {
    const pool = getPool(ctx.db, input.id);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.id}"`, ['id']);
    if (pool.sessionType !== 'multi-session') {
      throw new LabError('conflict', `Drain mode is for multi-session pools; ${pool.name} is single-session (disable the pool instead)`, ['drain']);
    }
    if (pool.drainMode === input.drain) return pool;
    setPoolDrainMode(ctx.db, pool.id, input.drain);
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
    const login = principalName(ctx.db, 'user', input.userId);
    if (login === undefined) throw new LabError('not-found', `No user with id "${input.userId}"`, ['userId']);
    if (d.assignedUserId === input.userId) return d;
    if (d.assignedUserId) throw new LabError('conflict', `${d.name} is already assigned: unassign it first`, ['id']);
    if (!isEntitled(ctx.db, pool.id, input.userId)) throw new LabError('conflict', `${login} is not entitled to ${pool.name}`, ['userId']);
    const other = assignedDesktopIn(ctx.db, pool.id, input.userId);
    if (other) throw new LabError('conflict', `${login} already owns ${other.name} in ${pool.name}`, ['userId']);
    setAssignedUser(ctx.db, d.id, input.userId);
    ctx.audit({ objectKind: 'desktop', objectId: d.id, objectName: d.name, message: `Desktop ${d.name} assigned to ${login}` });
    ctx.changed('desktop', 'pool');
    return getDesktop(ctx.db, d.id) ?? d;
  },
  'desktop-unassign': (input, ctx) => {
    const d = getDesktop(ctx.db, input.id);
    if (!d) throw new LabError('not-found', `No desktop with id "${input.id}"`, ['id']);
    if (!d.assignedUserId) throw new LabError('conflict', `${d.name} is not assigned to anyone`, ['id']);
    if (hasOpenSessionOn(ctx.db, d.id, d.assignedUserId)) {
      throw new LabError('conflict', `The owner of ${d.name} has a session on it: log the user off first`, ['id']);
    }
    const login = principalName(ctx.db, 'user', d.assignedUserId) ?? d.assignedUserId;
    setAssignedUser(ctx.db, d.id, null);
    ctx.audit({ objectKind: 'desktop', objectId: d.id, objectName: d.name, message: `Desktop ${d.name} unassigned from ${login}` });
    ctx.changed('desktop', 'pool');
    return getDesktop(ctx.db, d.id) ?? d;
  },
};
