import { LabError } from '../../contract/errors.ts';
import { addEntitlement, listEntitlements, listGroups, listUsers, principalName, removeEntitlement } from '../../store/directory.ts';
import { getPool } from '../../store/pools.ts';
import type { AppContext, Handlers } from '../context.ts';

function resolve(ctx: AppContext, input: { poolId: string; principalType: 'user' | 'group'; principalId: string }) {
  const pool = getPool(ctx.db, input.poolId);
  if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.poolId}"`, ['poolId']);
  const name = principalName(ctx.db, input.principalType, input.principalId);
  if (!name) throw new LabError('not-found', `No ${input.principalType} with id "${input.principalId}"`, ['principalId']);
  return { pool, name };
}

export const directoryHandlers: Pick<Handlers, 'user-list' | 'group-list' | 'entitlement-list' | 'entitlement-add' | 'entitlement-remove'> = {
  'user-list': (input, ctx) => listUsers(ctx.db, input),
  'group-list': (_input, ctx) => listGroups(ctx.db),
  'entitlement-list': (input, ctx) => {
    if (input.poolId && !getPool(ctx.db, input.poolId)) throw new LabError('not-found', `No desktop pool with id "${input.poolId}"`, ['poolId']);
    return listEntitlements(ctx.db, input.poolId);
  },
  'entitlement-add': (input, ctx) => {
    const { pool, name } = resolve(ctx, input);
    if (!addEntitlement(ctx.db, pool.id, input.principalType, input.principalId)) {
      throw new LabError('conflict', `${name} is already entitled to ${pool.name}`, ['principalId']);
    }
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      message: `Entitled ${input.principalType} ${name} to desktop pool ${pool.name}`,
    });
    ctx.changed('pool', input.principalType);
    return { poolId: pool.id, principalType: input.principalType, principalId: input.principalId, principalName: name };
  },
  'entitlement-remove': (input, ctx) => {
    const { pool, name } = resolve(ctx, input);
    if (!removeEntitlement(ctx.db, pool.id, input.principalType, input.principalId)) {
      throw new LabError('not-found', `${name} is not entitled to ${pool.name}`, ['principalId']);
    }
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      message: `Removed the entitlement of ${input.principalType} ${name} to desktop pool ${pool.name} (existing sessions are kept)`,
    });
    ctx.changed('pool', input.principalType);
    return { removed: true };
  },
};
