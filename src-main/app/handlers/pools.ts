import type { MachineState } from '../../contract/entities.ts';
import { LabError } from '../../contract/errors.ts';
import { getDesktop, listDesktopRows, setDesktopState } from '../../store/desktops.ts';
import { getPool, listPools, setPoolFlag } from '../../store/pools.ts';
import type { AppContext, Handlers } from '../context.ts';

function poolOrThrow(ctx: AppContext, id: string) {
  const pool = getPool(ctx.db, id);
  if (!pool) throw new LabError('not-found', `No desktop pool with id "${id}"`, ['id']);
  return pool;
}

/**
 * Maintenance mode on a desktop, as Horizon allows it:
 * | current state                          | enter maintenance        | exit maintenance |
 * |----------------------------------------|--------------------------|------------------|
 * | AVAILABLE, problem states              | → MAINTENANCE            | conflict         |
 * | CONNECTED / DISCONNECTED (has session) | conflict: log off first  | conflict         |
 * | PROVISIONING, CUSTOMIZING, DELETING…   | conflict: still changing | conflict         |
 * | MAINTENANCE                            | conflict (already)       | → AVAILABLE      |
 */
const CAN_ENTER_MAINTENANCE: readonly MachineState[] = ['AVAILABLE', 'AGENT_UNREACHABLE', 'ERROR', 'ALREADY_USED', 'PROVISIONING_ERROR'];

export const poolHandlers: Pick<
  Handlers,
  'pool-list' | 'pool-get' | 'pool-set-enabled' | 'pool-set-provisioning' | 'desktop-list' | 'desktop-get' | 'desktop-set-maintenance'
> = {
  'pool-list': (_input, ctx) => listPools(ctx.db),
  'pool-get': (input, ctx) => poolOrThrow(ctx, input.id),
  'pool-set-enabled': (input, ctx) => {
    const pool = poolOrThrow(ctx, input.id);
    if (pool.enabled === input.enabled) return pool; // nothing to do, nothing to log
    setPoolFlag(ctx.db, pool.id, 'enabled', input.enabled);
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      message: input.enabled ? `Desktop pool ${pool.name} enabled` : `Desktop pool ${pool.name} disabled: no new connections (existing sessions are kept)`,
    });
    ctx.changed('pool');
    return poolOrThrow(ctx, pool.id);
  },
  'pool-set-provisioning': (input, ctx) => {
    const pool = poolOrThrow(ctx, input.id);
    if (pool.kind === 'manual' && input.enabled) {
      throw new LabError('conflict', `Pool ${pool.name} is a manual pool: its machines are added by hand, not provisioned`, ['enabled']);
    }
    if (pool.provisioningEnabled === input.enabled) return pool;
    setPoolFlag(ctx.db, pool.id, 'provisioning_enabled', input.enabled);
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      message: `Provisioning ${input.enabled ? 'enabled' : 'disabled'} for desktop pool ${pool.name}`,
    });
    ctx.changed('pool');
    return poolOrThrow(ctx, pool.id);
  },
  // A tenant-scoped caller's list is its tenant's, in the query (issue 19): the total and the pages count its desktops only.
  'desktop-list': (input, ctx) => listDesktopRows(ctx.db, { ...input, tenantId: ctx.tenantId }),
  'desktop-get': (input, ctx) => {
    const d = getDesktop(ctx.db, input.id);
    if (!d) throw new LabError('not-found', `No desktop with id "${input.id}"`, ['id']);
    return d;
  },
  'desktop-set-maintenance': (input, ctx) => {
    const d = getDesktop(ctx.db, input.id);
    if (!d) throw new LabError('not-found', `No desktop with id "${input.id}"`, ['id']);
    if (input.maintenance) {
      if (d.state === 'MAINTENANCE') throw new LabError('conflict', `${d.name} is already in maintenance mode`, ['maintenance']);
      if (d.sessionCount > 0) {
        throw new LabError('conflict', `${d.name} has ${d.sessionCount} session(s): log the user off before maintenance`, ['maintenance']);
      }
      if (!CAN_ENTER_MAINTENANCE.includes(d.state)) {
        throw new LabError('conflict', `${d.name} is ${d.state}: wait until the operation on it finishes`, ['maintenance']);
      }
      setDesktopState(ctx.db, d.id, 'MAINTENANCE', ctx.simTime(), null);
    } else {
      if (d.state !== 'MAINTENANCE') throw new LabError('conflict', `${d.name} is not in maintenance mode (it is ${d.state})`, ['maintenance']);
      setDesktopState(ctx.db, d.id, 'AVAILABLE', ctx.simTime(), null);
    }
    ctx.audit({
      objectKind: 'desktop',
      objectId: d.id,
      objectName: d.name,
      message: input.maintenance ? `Desktop ${d.name} entered maintenance mode` : `Desktop ${d.name} exited maintenance mode`,
    });
    ctx.changed('desktop', 'pool');
    return getDesktop(ctx.db, d.id) ?? d;
  },
};
