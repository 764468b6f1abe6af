import type { UnmanagedVm } from '../contract/desktop-methods.ts';
import type { Db } from './db.ts';
import { forgetDesktopsInRules, type RuleChange } from './cluster-ops.ts';
import { all, get, run } from './stmt.ts';

// VMs of the lab's vCenter that are in no pool (migration 023): a machine removed from a manual
// pool, until add-machines takes it back. The engine does not simulate them.

interface Row {
  id: string;
  name: string;
  host_id: string;
  datastore_id: string;
  former_pool_id: string | null;
  removed_at: string;
  vcpu: number;
  ram_gb: number;
  disk_gb: number;
  image_version_id: string | null;
}

const toVm = (r: Row): UnmanagedVm => ({
  id: r.id,
  name: r.name,
  hostId: r.host_id,
  datastoreId: r.datastore_id,
  formerPoolId: r.former_pool_id,
  removedAt: r.removed_at,
  vcpu: r.vcpu,
  ramGb: r.ram_gb,
  diskGb: r.disk_gb,
  imageVersionId: r.image_version_id,
});

export function listUnmanagedVms(db: Db): UnmanagedVm[] {
  return all<Row>(db, 'SELECT * FROM unmanaged_vms ORDER BY name').map(toVm);
}

export function getUnmanagedVm(db: Db, id: string): UnmanagedVm | undefined {
  const r = get<Row>(db, 'SELECT * FROM unmanaged_vms WHERE id = ?', id);
  return r ? toVm(r) : undefined;
}

/**
 * Unregisters a machine from its pool: the VM row moves from `desktops` to `unmanaged_vms` with its
 * id, name, placement and hardware (its vCenter snapshots and per-VM settings are not kept: they
 * are rows of the machine). The caller has checked it is unused. Returns the rules that named it.
 */
export function unmanageDesktop(db: Db, desktopId: string, removedAt: string): RuleChange[] {
  run(
    db,
    `INSERT INTO unmanaged_vms (id, name, host_id, datastore_id, former_pool_id, removed_at, vcpu, ram_gb, disk_gb, used_gb, ip, agent_version, image_version_id)
     SELECT id, name, host_id, datastore_id, pool_id, ?, vcpu, ram_gb, disk_gb, used_gb, ip, agent_version, image_version_id FROM desktops WHERE id = ?`,
    removedAt,
    desktopId,
  );
  run(db, 'DELETE FROM desktops WHERE id = ?', desktopId);
  return forgetDesktopsInRules(db, [desktopId]);
}

/**
 * Registers an unmanaged VM as a machine of a manual pool: same id, name, host, datastore and
 * hardware; it runs the Horizon Agent, so it is AVAILABLE and powered on at once (as
 * pool-add-machines' existing machines are).
 */
export function adoptVm(db: Db, vmId: string, poolId: string, simTime: string): void {
  run(
    db,
    `INSERT INTO desktops (id, name, pool_id, host_id, datastore_id, state, power_state, assigned_user_id, image_version_id,
       vcpu, ram_gb, disk_gb, used_gb, ip, agent_version, problem, state_since)
     SELECT id, name, ?, host_id, datastore_id, 'AVAILABLE', 'poweredOn', NULL, image_version_id,
       vcpu, ram_gb, disk_gb, used_gb, ip, agent_version, NULL, ? FROM unmanaged_vms WHERE id = ?`,
    poolId,
    simTime,
    vmId,
  );
  run(db, 'DELETE FROM unmanaged_vms WHERE id = ?', vmId);
}

/** Why an unmanaged VM cannot run as a machine of a pool of this cluster now, or null: its host connected and in the cluster, its datastore there, its name free. */
export function adoptionBlocker(db: Db, vm: UnmanagedVm, clusterId: string): string | null {
  const host = get<{ state: string; clusterId: string }>(db, 'SELECT connection_state AS state, cluster_id AS clusterId FROM hosts WHERE id = ?', vm.hostId);
  if (!host) return `${vm.name}'s host ${vm.hostId} is no longer in the lab`;
  if (host.state !== 'connected') return `${vm.name}'s host is ${host.state}`;
  if (host.clusterId !== clusterId) return `${vm.name} runs in another cluster than the pool's`;
  if (!get(db, 'SELECT 1 AS x FROM datastores WHERE id = ?', vm.datastoreId)) return `${vm.name}'s datastore ${vm.datastoreId} is no longer in the lab`;
  if (get(db, 'SELECT 1 AS x FROM desktops WHERE name = ?', vm.name)) return `A machine named ${vm.name} is already in a pool`;
  if (vm.imageVersionId && !get(db, 'SELECT 1 AS x FROM image_versions WHERE id = ?', vm.imageVersionId))
    return `${vm.name}'s image version is no longer in the lab`;
  return null;
}
