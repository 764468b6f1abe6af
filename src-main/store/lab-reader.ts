import { CONFIDENTIAL_KINDS, type ConfidentialKind } from '../contract/hardware-entities.ts';
import { flagsCpuFactor, flagsOverheadMb } from '../shared/hypervisors/catalogue.ts';
import type { LabModel } from '../core/lab/model.ts';
import type { Db } from './db.ts';
import { listClusters, listDatastores, listHosts, listImages, listNetworks, listSites } from './inventory.ts';
import { labInfo } from './meta.ts';
import { listPools } from './pools.ts';
import { all } from './stmt.ts';

const DESKTOP_SELECT = `SELECT id, name, pool_id AS poolId, host_id AS hostId, datastore_id AS datastoreId, state, power_state AS powerState,
    assigned_user_id AS assignedUserId, image_version_id AS imageVersionId, vcpu, ram_gb AS ramGb, disk_gb AS diskGb,
    used_gb AS usedGb, ip, agent_version AS agentVersion, problem, state_since AS stateSince
  FROM desktops`;

/**
 * The lab with the machines just added to it (on-demand growth): the same model, the new desktops
 * read from the store and appended in their order, without reading the rest of the lab again.
 */
export function withAddedDesktops(db: Db, lab: LabModel, ids: readonly string[]): LabModel {
  const added = ids.flatMap((id) => all<LabModel['desktops'][number]>(db, `${DESKTOP_SELECT} WHERE id = ?`, id));
  return { ...lab, desktops: [...lab.desktops, ...added] };
}

/**
 * Reads the stored lab back as a LabModel, the engine's input. The engine is
 * rebuilt from this on every start, so the lab continues from the stored moment.
 */
/**
 * The parts of the lab an admin changes without rebuilding the engine (pool settings, entitlements,
 * group membership, image versions): read again after such a change, so the model the simulation
 * keeps stays the store's.
 */
export function readLabSettings(db: Db): Pick<LabModel, 'images' | 'imageVersions' | 'pools' | 'poolDatastores' | 'groupMembers' | 'entitlements'> {
  const pools = listPools(db);
  const images = listImages(db);
  return {
    images: images.map(({ versions: _v, ...i }) => i),
    imageVersions: images.flatMap((i) => i.versions.map((v) => ({ ...v, imageId: i.id }))),
    pools: pools.map(
      ({ machineCount: _m, sessionCount: _s, problemCount: _p, stateCounts: _c, entitledGroupIds: _g, entitledUserIds: _u, datastoreIds: _d, ...p }) => p,
    ),
    poolDatastores: pools.flatMap((p) => p.datastoreIds.map((datastoreId) => ({ poolId: p.id, datastoreId }))),
    groupMembers: all<{ groupId: string; userId: string }>(db, 'SELECT group_id AS groupId, user_id AS userId FROM group_members ORDER BY rowid'),
    entitlements: all<LabModel['entitlements'][number]>(
      db,
      'SELECT pool_id AS poolId, principal_type AS principalType, principal_id AS principalId FROM entitlements ORDER BY rowid',
    ),
  };
}

/**
 * The memory a confidential or nested VM costs beyond its hypervisor's overhead (issue 19), from the
 * VM's own hardware or else its pool's template. Only VMs with such a flag get a figure.
 */
function withFlagOverheads(db: Db, desktops: LabModel['desktops']): LabModel['desktops'] {
  const rows = all<{ id: string; ram_gb: number; confidential: string | null; nested: number | null }>(
    db,
    `SELECT d.id, d.ram_gb,
       coalesce(json_extract(dh.hardware, '$.confidential'), json_extract(ph.hardware, '$.confidential')) AS confidential,
       coalesce(json_extract(dh.hardware, '$.nestedVirtualization'), json_extract(ph.hardware, '$.nestedVirtualization')) AS nested
     FROM desktops d LEFT JOIN desktop_hardware dh ON dh.desktop_id = d.id LEFT JOIN pool_hardware ph ON ph.pool_id = d.pool_id
     WHERE dh.desktop_id IS NOT NULL OR ph.pool_id IS NOT NULL`,
  );
  if (rows.length === 0) return desktops;
  const extra = new Map<string, { mb: number; confidential: boolean; cpuFactor: number }>();
  for (const r of rows) {
    const confidential = (CONFIDENTIAL_KINDS as readonly (string | null)[]).includes(r.confidential) ? (r.confidential as ConfidentialKind) : 'none';
    const mb = flagsOverheadMb(r.ram_gb, confidential, r.nested === 1);
    if (mb > 0) extra.set(r.id, { mb, confidential: confidential !== 'none', cpuFactor: flagsCpuFactor(confidential, r.nested === 1) });
  }
  if (extra.size === 0) return desktops;
  return desktops.map((d) => {
    const x = extra.get(d.id);
    return x === undefined ? d : { ...d, extraOverheadMb: x.mb, cpuFactor: x.cpuFactor, ...(x.confidential ? { noLiveMigration: true } : {}) };
  });
}

export function readLabModel(db: Db): LabModel {
  const info = labInfo(db);
  const clusters = listClusters(db).map(({ hostCount: _h, desktopCount: _d, cores: _c, ghzTotal: _g, ramGb: _r, ...c }) => c);
  // The engine's CPU overhead per host follows the cluster's hypervisor (core/models/cpu-perf.ts); ESXi hosts stay as they were.
  const hvOf = new Map(clusters.map((c) => [c.id, c.hypervisor]));
  return {
    name: info.name,
    profile: info.profile,
    seed: info.seed,
    simTime: info.simTime,
    sites: listSites(db),
    clusters,
    hosts: listHosts(db).map(({ vmCount: _v, vmsPoweredOn: _o, vcpuAllocated: _a, ramAllocatedGb: _r, ...h }) => {
      const hypervisor = hvOf.get(h.clusterId) ?? 'esxi';
      return hypervisor === 'esxi' ? h : { ...h, cpu: { hypervisor } };
    }),
    datastores: listDatastores(db).map(({ provisionedGb: _p, usedGb: _u, desktopCount: _d, ...d }) => d),
    networks: listNetworks(db),
    ...readLabSettings(db),
    desktops: withFlagOverheads(db, all<LabModel['desktops'][number]>(db, `${DESKTOP_SELECT} ORDER BY rowid`)),
    groups: all<LabModel['groups'][number]>(db, 'SELECT id, name, description FROM groups ORDER BY rowid'),
    users: all<LabModel['users'][number]>(db, 'SELECT id, login, display_name AS displayName, department, email, workload FROM users ORDER BY rowid'),
    sessions: all<LabModel['sessions'][number]>(
      db,
      `SELECT id, user_id AS userId, desktop_id AS desktopId, pool_id AS poolId, state, protocol, client_device AS clientDevice,
         started_at AS startedAt, state_since AS stateSince FROM sessions WHERE state <> 'logged-off' ORDER BY rowid`,
    ),
    events: [],
  };
}
