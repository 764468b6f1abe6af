import { LabError } from '../../contract/errors.ts';
import { expandName, namingCapacity, parseNamingPattern } from '../../core/naming.ts';
import { getPool, desktopNamesInUse, poolNameTaken } from '../../store/pools.ts';
import { addEntitlement, principalName } from '../../store/directory.ts';
import { createPool, deletePool, placementHosts } from '../../store/pool-writer.ts';
import type { Handlers } from '../context.ts';
import { auditRuleChanges } from '../cluster-common.ts';
import { poolPlacementHostIds } from '../tenants.ts';
import { setOwner } from '../../store/tenants.ts';
import { datastoreInCluster, imageHasVersion, networkInCluster, rowExists } from '../../store/inventory.ts';

/**
 * Creating a pool: the rules Horizon's wizard enforces, each with its field.
 * | rule                                                                  | code, path                    |
 * |-----------------------------------------------------------------------|-------------------------------|
 * | pool ID already used                                                  | conflict, name                |
 * | automated pool without an image version, or a version of another image | not-found, imageVersionId     |
 * | manual pool with an image                                             | invalid-input, imageId        |
 * | multi-session pool that is dedicated, or a linked/full clone          | invalid-input, assignment/kind|
 * | max below min, spare above max                                        | invalid-input, max/spare      |
 * | naming pattern invalid, too few names, or names already in use        | invalid-input/conflict, naming|
 * | "log off after" without minutes                                       | invalid-input, minutes        |
 * | cluster, datastore or network missing or of another cluster           | not-found, …                  |
 * | VM larger than the cluster's hosts                                    | conflict, vcpu / ramGb        |
 * | an entitled user or group that does not exist                         | not-found, entitlements.i     |
 */
export const poolLifecycleHandlers: Pick<Handlers, 'pool-create' | 'pool-delete'> = {
  'pool-create': (input, ctx) => {
    const db = ctx.db;
    if (poolNameTaken(db, input.name)) {
      throw new LabError('conflict', `A desktop pool named ${input.name} already exists`, ['name']);
    }
    const manual = input.kind === 'manual';
    if (manual && (input.imageId || input.imageVersionId)) {
      throw new LabError('invalid-input', 'A manual pool uses existing machines: it has no golden image', ['imageId']);
    }
    if (!manual) {
      if (!input.imageId || !rowExists(db, 'image', input.imageId)) {
        throw new LabError('not-found', `An automated pool needs a golden image; "${input.imageId ?? ''}" does not exist`, ['imageId']);
      }
      if (!input.imageVersionId || !imageHasVersion(db, input.imageId, input.imageVersionId)) {
        throw new LabError('not-found', `Image version "${input.imageVersionId ?? ''}" does not exist for image ${input.imageId}`, ['imageVersionId']);
      }
    }
    if (input.sessionType === 'multi-session') {
      if (input.assignment !== 'floating') throw new LabError('invalid-input', 'Multi-session (RDS) pools are floating', ['assignment']);
      if (input.kind !== 'instant-clone' && input.kind !== 'manual') {
        throw new LabError('invalid-input', 'Multi-session pools are instant-clone or manual farms', ['kind']);
      }
    }
    if (input.maxMachines < input.minMachines) {
      throw new LabError('invalid-input', `Maximum machines (${input.maxMachines}) is below minimum (${input.minMachines})`, ['maxMachines']);
    }
    if (input.spareMachines > input.maxMachines) {
      throw new LabError('invalid-input', `Spare machines (${input.spareMachines}) exceed maximum machines (${input.maxMachines})`, ['spareMachines']);
    }
    const pattern = parseNamingPattern(input.namingPattern);
    const capacity = namingCapacity(pattern);
    if (capacity < input.maxMachines) {
      throw new LabError(
        'invalid-input',
        `Naming pattern ${input.namingPattern} can produce ${capacity} names of at most 15 characters; the pool needs ${input.maxMachines}`,
        ['namingPattern'],
      );
    }
    const names = Array.from({ length: input.maxMachines }, (_, i) => expandName(pattern, i + 1));
    const taken = desktopNamesInUse(db);
    const clash = names.find((n) => taken.has(n));
    if (clash) throw new LabError('conflict', `Machine name ${clash} from pattern ${input.namingPattern} is already in use`, ['namingPattern']);
    if (input.logoffAfterDisconnect === 'after' && input.logoffAfterMinutes < 1) {
      throw new LabError('invalid-input', '"Log off after disconnect: after" needs at least 1 minute', ['logoffAfterMinutes']);
    }
    if (!rowExists(db, 'cluster', input.clusterId)) {
      throw new LabError('not-found', `No cluster with id "${input.clusterId}"`, ['clusterId']);
    }
    input.datastoreIds.forEach((ds, i) => {
      if (!datastoreInCluster(db, ds, input.clusterId)) {
        throw new LabError('not-found', `Datastore "${ds}" does not exist in cluster ${input.clusterId}`, ['datastoreIds', i]);
      }
    });
    if (!networkInCluster(db, input.networkId, input.clusterId)) {
      throw new LabError('not-found', `Network "${input.networkId}" does not exist in cluster ${input.clusterId}`, ['networkId']);
    }
    const principals = input.entitlements.map((e, i) => {
      const name = principalName(db, e.principalType, e.principalId);
      if (!name) throw new LabError('not-found', `No ${e.principalType} with id "${e.principalId}" to entitle`, ['entitlements', i, 'principalId']);
      return { ...e, name };
    });
    const hosts = placementHosts(db, input.clusterId, poolPlacementHostIds(db, null, [input.networkId]));
    if (hosts.length === 0) throw new LabError('conflict', `Cluster ${input.clusterId} has no connected host to place machines on`, ['clusterId']);
    const biggest = hosts.reduce((a, h) => ({ cores: Math.max(a.cores, h.cores), ramGb: Math.max(a.ramGb, h.ramGb) }), { cores: 0, ramGb: 0 });
    if (input.vcpu > biggest.cores)
      throw new LabError('conflict', `${input.vcpu} vCPU is more than the ${biggest.cores} cores of any host in the cluster`, ['vcpu']);
    if (input.ramGb > biggest.ramGb)
      throw new LabError('conflict', `${input.ramGb} GB is more than the ${biggest.ramGb} GB of any host in the cluster`, ['ramGb']);

    const settings = {
      ...input,
      maxSessionsPerHost: input.sessionType === 'single-session' ? 1 : input.maxSessionsPerHost,
      powerPolicy: input.powerPolicy ?? (input.kind === 'instant-clone' ? ('always-on' as const) : ('take-no-action' as const)),
    };
    const machines = manual ? 0 : input.provisioning === 'up-front' ? input.maxMachines : input.minMachines;
    const id = createPool(db, settings, names.slice(0, machines), hosts, ctx.simTime());
    // A tenant-scoped admin's new pool is its tenant's (issue 19; its network and datastores were checked to be the tenant's).
    if (ctx.tenantId) setOwner(db, 'pool', id, ctx.tenantId);
    ctx.audit({
      objectKind: 'pool',
      objectId: id,
      objectName: input.name,
      message: manual
        ? `Manual desktop pool ${input.name} created`
        : `Desktop pool ${input.name} created (${input.kind}, ${input.assignment}, ${input.sessionType}): ${machines} machine(s) to provision ${input.provisioning === 'up-front' ? 'up front' : 'on demand'}`,
    });
    for (const e of principals) {
      if (!addEntitlement(db, id, e.principalType, e.principalId)) continue; // listed twice
      ctx.audit({ objectKind: 'pool', objectId: id, objectName: input.name, message: `Entitled ${e.principalType} ${e.name} to desktop pool ${input.name}` });
    }
    ctx.changed('pool', 'desktop', ...(principals.length ? (['user', 'group'] as const) : []));
    ctx.rebuildEngine();
    return getPool(db, id) as NonNullable<ReturnType<typeof getPool>>;
  },
  'pool-delete': (input, ctx) => {
    const pool = getPool(ctx.db, input.id);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.id}"`, ['id']);
    if (pool.sessionCount > 0 && input.force !== true) {
      throw new LabError('conflict', `Pool ${pool.name} has ${pool.sessionCount} session(s): delete with force to log them off`, ['force']);
    }
    // The engine logs the sessions off and writes them (Help Desk history, like any logoff) before the pool's rows go.
    const reason = `Desktop pool ${pool.name} was deleted by the administrator (${ctx.user})`;
    const sessions = pool.sessionCount;
    if (ctx.services.hasSimulation()) {
      const sim = ctx.services.simulation();
      sim.logoffPool(pool.id, reason);
      ctx.pushes.push(...sim.flush());
    }
    const { machines, rules } = deletePool(ctx.db, pool.id, ctx.simTime(), reason);
    auditRuleChanges(ctx, rules, `deleting pool ${pool.name}`);
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      severity: sessions > 0 ? 'warning' : 'info',
      message: `Desktop pool ${pool.name} deleted with its ${machines} machine(s)${sessions > 0 ? `; ${sessions} session(s) were logged off` : ''}`,
    });
    ctx.changed('pool', 'desktop', 'session');
    ctx.rebuildEngine();
    return { deleted: true, machines };
  },
};
