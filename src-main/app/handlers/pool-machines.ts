import { vgpuPlacementHostIds } from '../vgpu.ts';
import { LabError } from '../../contract/errors.ts';
import { getPool } from '../../store/pools.ts';
import { addMachines, freeNames, placementHosts } from '../../store/pool-writer.ts';
import type { PoolMemberItem } from '../../contract/desktop-methods.ts';
import type { Desktop } from '../../contract/entities.ts';
import { getDesktop, desktopHasSessionRows } from '../../store/desktops.ts';
import { adoptionBlocker, adoptVm, getUnmanagedVm, listUnmanagedVms, unmanageDesktop } from '../../store/unmanaged-vms.ts';
import { auditRuleChanges } from '../cluster-common.ts';
import type { AppContext, Handlers } from '../context.ts';
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
/** States in which a machine is being made or unmade (as desktop-bulk's remove). */
const BUSY = new Set<Desktop['state']>(['PROVISIONING', 'CUSTOMIZING', 'DELETING', 'WAIT_FOR_AGENT']);

function manualPool(ctx: AppContext, poolId: string) {
  const pool = getPool(ctx.db, poolId);
  if (!pool) throw new LabError('not-found', `No desktop pool with id "${poolId}"`, ['id']);
  return pool;
}

/** Why a machine of the pool cannot leave it now, or null (the rules of desktop-bulk's remove). */
function removalBlocker(ctx: AppContext, d: Desktop): string | null {
  if (d.sessionCount > 0 || desktopHasSessionRows(ctx.db, d.id)) return `${d.name} has a session: log the user off first`;
  if (d.assignedUserId) return `${d.name} is assigned to a user: unassign it first`;
  if (BUSY.has(d.state)) return `${d.name} is ${d.state}: wait until the operation on it finishes`;
  return null;
}

const refused = (id: string, name: string, code: 'not-found' | 'conflict', message: string): PoolMemberItem => ({ id, name, ok: false, code, message });

/**
 * Changing a manual pool's machines one by one (Horizon's add-machines / remove-machines of a
 * manual pool). A machine removed is unregistered (the engine rebuilds without it) and its VM kept
 * as an unmanaged VM of the lab; adding takes such a VM back. Per id:
 * | case                                                         | result              |
 * |--------------------------------------------------------------|---------------------|
 * | the pool is not manual                                       | conflict, every id  |
 * | remove: not a machine of this pool                           | not-found           |
 * | remove: a session, an assigned user, an operation under way  | conflict            |
 * | add: no unmanaged VM with that id                            | not-found           |
 * | add: host gone / not connected / other cluster, name taken, pool at its maximum | conflict |
 * An unknown pool refuses the whole call (not-found). Duplicated ids count once.
 */
export const poolMachineHandlers: Pick<Handlers, 'pool-add-machines' | 'pool-remove-machines' | 'pool-add-vms' | 'unmanaged-vm-list'> = {
  'unmanaged-vm-list': (_input, ctx) => listUnmanagedVms(ctx.db),
  'pool-remove-machines': (input, ctx) => {
    const pool = manualPool(ctx, input.id);
    const results: PoolMemberItem[] = [];
    const removed: string[] = [];
    for (const id of new Set(input.ids)) {
      const d = getDesktop(ctx.db, id);
      if (!d || d.poolId !== pool.id) {
        results.push(refused(id, d?.name ?? id, 'not-found', `${pool.name} has no machine with id "${id}"`));
        continue;
      }
      if (pool.kind !== 'manual') {
        results.push(refused(id, d.name, 'conflict', `${pool.name} is an automated pool: only a manual pool's machines can be removed this way`));
        continue;
      }
      const why = removalBlocker(ctx, d);
      if (why) {
        results.push(refused(id, d.name, 'conflict', why));
        continue;
      }
      auditRuleChanges(ctx, unmanageDesktop(ctx.db, d.id, ctx.simTime()), `removing ${d.name} from ${pool.name}`);
      removed.push(d.name);
      results.push({ id, name: d.name, ok: true, message: 'removed from the pool; the VM stays in vCenter' });
    }
    if (removed.length) {
      ctx.audit({
        objectKind: 'pool',
        objectId: pool.id,
        objectName: pool.name,
        message: `Removed ${removed.length} machine(s) from manual pool ${pool.name} (their VMs stay in vCenter): ${removed.join(', ')}`,
      });
      ctx.changed('pool', 'desktop');
      ctx.rebuildEngine();
    } else ctx.unchanged = true; // every id refused: nothing for the action log either
    return { results };
  },
  'pool-add-vms': (input, ctx) => {
    const pool = manualPool(ctx, input.id);
    const results: PoolMemberItem[] = [];
    const added: string[] = [];
    let count = pool.machineCount;
    for (const id of new Set(input.vmIds)) {
      const vm = getUnmanagedVm(ctx.db, id);
      if (!vm) {
        results.push(refused(id, id, 'not-found', `No unmanaged VM with id "${id}" (a VM in a pool cannot be added to another)`));
        continue;
      }
      if (pool.kind !== 'manual') {
        results.push(refused(id, vm.name, 'conflict', `${pool.name} is an automated pool: it provisions its own machines`));
        continue;
      }
      const why = adoptionBlocker(ctx.db, vm, pool.clusterId);
      if (why) {
        results.push(refused(id, vm.name, 'conflict', why));
        continue;
      }
      if (count + 1 > pool.maxMachines) {
        results.push(
          refused(id, vm.name, 'conflict', `${pool.name} has ${count} of at most ${pool.maxMachines} machines (raise its maximum with pool-update)`),
        );
        continue;
      }
      adoptVm(ctx.db, vm.id, pool.id, ctx.simTime());
      count++;
      added.push(vm.name);
      results.push({ id, name: vm.name, ok: true, message: 'added to the pool' });
    }
    if (added.length) {
      ctx.audit({
        objectKind: 'pool',
        objectId: pool.id,
        objectName: pool.name,
        message: `Added ${added.length} existing VM(s) to manual pool ${pool.name}: ${added.join(', ')}`,
      });
      ctx.changed('pool', 'desktop');
      ctx.rebuildEngine();
    } else ctx.unchanged = true; // every id refused: nothing for the action log either
    return { results };
  },
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
