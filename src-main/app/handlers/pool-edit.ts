import { LabError } from '../../contract/errors.ts';
import { INSTANT_CLONE_POWER } from '../../contract/pool-schemas.ts';
import { namingCapacity, parseNamingPattern } from '../../core/naming.ts';
import { getPool, poolMachineTotal, setPoolDatastores, updatePoolColumns } from '../../store/pools.ts';
import { addMachines, freeNames, placementHosts, removeUnusedMachines } from '../../store/pool-writer.ts';
import type { Handlers } from '../context.ts';
import { auditRuleChanges } from '../cluster-common.ts';
import { poolPlacementHostIds } from '../tenants.ts';
import { vgpuPlacementHostIds } from '../vgpu.ts';
import { datastoreInCluster } from '../../store/inventory.ts';

const COLUMNS: Record<string, string> = {
  displayName: 'display_name',
  automaticAssignment: 'automatic_assignment',
  maxSessionsPerHost: 'max_sessions_per_host',
  loadBalancing: 'load_balancing',
  vcpu: 'vcpu',
  ramGb: 'ram_gb',
  diskGb: 'disk_gb',
  namingPattern: 'naming_pattern',
  minMachines: 'min_machines',
  maxMachines: 'max_machines',
  spareMachines: 'spare_machines',
  provisioning: 'provisioning',
  powerPolicy: 'power_policy',
  logoffAfterDisconnect: 'logoff_after_disconnect',
  logoffAfterMinutes: 'logoff_after_minutes',
  onLogoff: 'on_logoff',
  allowUserReset: 'allow_user_reset',
  defaultProtocol: 'default_protocol',
  workload: 'workload',
};

/**
 * Editing a pool. Settings apply to the pool at once; VM size, disk and naming
 * apply to machines created from now on (existing ones change by push image).
 * Machine count follows min/max the way Horizon does: up-front pools grow to
 * max, on-demand pools to at least min; when max drops, unused machines are
 * removed, and a max below the machines in use is refused.
 */
export const poolEditHandlers: Pick<Handlers, 'pool-update'> = {
  'pool-update': (input, ctx) => {
    const db = ctx.db;
    const pool = getPool(db, input.id);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.id}"`, ['id']);
    const next = { ...pool, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as typeof pool;
    if (next.maxMachines < next.minMachines) {
      throw new LabError('invalid-input', `Maximum machines (${next.maxMachines}) is below minimum (${next.minMachines})`, ['maxMachines']);
    }
    if (next.spareMachines > next.maxMachines) {
      throw new LabError('invalid-input', `Spare machines (${next.spareMachines}) exceed maximum machines (${next.maxMachines})`, ['spareMachines']);
    }
    if (pool.sessionType === 'single-session' && input.maxSessionsPerHost !== undefined && input.maxSessionsPerHost !== 1) {
      throw new LabError('invalid-input', 'A single-session pool has one session per machine', ['maxSessionsPerHost']);
    }
    if (pool.kind === 'instant-clone' && input.powerPolicy !== undefined && input.powerPolicy !== 'always-on') {
      throw new LabError('invalid-input', `Pool ${pool.name}: ${INSTANT_CLONE_POWER}`, ['powerPolicy']);
    }
    if (next.logoffAfterDisconnect === 'after' && next.logoffAfterMinutes < 1) {
      throw new LabError('invalid-input', '"Log off after disconnect: after" needs at least 1 minute', ['logoffAfterMinutes']);
    }
    (input.datastoreIds ?? []).forEach((ds, i) => {
      if (!datastoreInCluster(db, ds, pool.clusterId)) {
        throw new LabError('not-found', `Datastore "${ds}" does not exist in cluster ${pool.clusterId}`, ['datastoreIds', i]);
      }
    });
    const pattern = parseNamingPattern(next.namingPattern);
    if (namingCapacity(pattern) < next.maxMachines) {
      throw new LabError('invalid-input', `Naming pattern ${next.namingPattern} cannot name ${next.maxMachines} machines`, ['namingPattern']);
    }
    const current = poolMachineTotal(db, pool.id);
    const target =
      pool.kind === 'manual' ? current : next.provisioning === 'up-front' ? next.maxMachines : Math.max(next.minMachines, Math.min(current, next.maxMachines));

    // One statement: the table's CHECKs (max >= min, spare <= max) hold for the whole row, not column by column.
    const sets = Object.entries(COLUMNS).filter(([k]) => (input as Record<string, unknown>)[k] !== undefined);
    if (sets.length) {
      const values = sets.map(([k]) => {
        const v = (input as Record<string, unknown>)[k];
        return typeof v === 'boolean' ? (v ? 1 : 0) : v;
      });
      updatePoolColumns(
        db,
        pool.id,
        sets.map(([, col]) => col),
        values,
      );
    }
    if (input.datastoreIds) {
      setPoolDatastores(db, pool.id, input.datastoreIds);
    }
    let added = 0;
    let removed = 0;
    if (target > current) {
      const names = freeNames(db, next.namingPattern, target - current);
      if (names.length < target - current) throw new LabError('conflict', `Naming pattern ${next.namingPattern} has no free names left`, ['namingPattern']);
      // New machines of a vGPU pool go only where GPUs of its profile's model are (issue 19), within the tenant fence's hosts.
      const hosts = placementHosts(db, pool.clusterId, vgpuPlacementHostIds(db, pool.id, pool.clusterId, poolPlacementHostIds(db, pool.id, [next.networkId])));
      if (hosts.length === 0)
        throw new LabError('conflict', `The pool's cluster has no connected host to place ${names.length} more machine(s) on`, ['maxMachines']);
      addMachines(db, { ...next, id: pool.id }, names, hosts, ctx.simTime());
      added = names.length;
    } else if (target < current) {
      const out = removeUnusedMachines(db, pool.id, current - target);
      removed = out.removed;
      auditRuleChanges(ctx, out.rules, `removing machines of ${pool.name}`);
      if (current - removed > next.maxMachines) {
        throw new LabError('conflict', `${current - removed} machines of ${pool.name} are in use or assigned: maximum cannot go below that`, ['maxMachines']);
      }
    }
    const changed = Object.keys(input).filter((k) => k !== 'id');
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      message: `Desktop pool ${pool.name} edited (${changed.join(', ')})${added ? `: ${added} machine(s) to provision` : ''}${removed ? `: ${removed} unused machine(s) removed` : ''}`,
    });
    ctx.changed('pool', 'desktop');
    if (added || removed) ctx.rebuildEngine();
    return getPool(db, pool.id) ?? pool;
  },
};
