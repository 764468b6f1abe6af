import { vgpuPlacementHostIds } from '../vgpu.ts';
import { LabError } from '../../contract/errors.ts';
import { getPool } from '../../store/pools.ts';
import { addMachines, freeNames, placementHosts } from '../../store/pool-writer.ts';
import type { Handlers } from '../context.ts';
import { poolPlacementHostIds } from '../tenants.ts';

/**
 * Adding machines to a manual pool (its machines are existing VMs, not clones):
 * | case                                   | error                 |
 * |----------------------------------------|-----------------------|
 * | not a manual pool                      | conflict (provisioning adds machines to automated pools) |
 * | above the pool's maximum               | conflict, count       |
 * | the naming pattern has no free names   | conflict, count       |
 * | no connected host in the cluster       | conflict              |
 */
export const poolMachineHandlers: Pick<Handlers, 'pool-add-machines'> = {
  'pool-add-machines': (input, ctx) => {
    const pool = getPool(ctx.db, input.id);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.id}"`, ['id']);
    if (pool.kind !== 'manual') {
      throw new LabError('conflict', `${pool.name} is an automated pool: it provisions its own machines (raise its maximum instead)`, ['id']);
    }
    if (pool.machineCount + input.count > pool.maxMachines) {
      throw new LabError(
        'conflict',
        `${pool.name} has ${pool.machineCount} of at most ${pool.maxMachines} machines: ${input.count} more would exceed its maximum`,
        ['count'],
      );
    }
    const names = freeNames(ctx.db, pool.namingPattern, input.count);
    if (names.length < input.count)
      throw new LabError('conflict', `Naming pattern ${pool.namingPattern} has only ${names.length} free name(s) left`, ['count']);
    const hosts = placementHosts(
      ctx.db,
      pool.clusterId,
      vgpuPlacementHostIds(ctx.db, pool.id, pool.clusterId, poolPlacementHostIds(ctx.db, pool.id, [pool.networkId])),
    );
    if (hosts.length === 0) throw new LabError('conflict', `The pool's cluster has no connected host to place machines on`, ['id']);
    addMachines(ctx.db, { ...pool }, names, hosts, ctx.simTime(), true);
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      message: `Added ${names.length} existing machine(s) to manual pool ${pool.name}: ${names.join(', ')}`,
    });
    ctx.changed('pool', 'desktop');
    ctx.rebuildEngine();
    return { added: names };
  },
};
