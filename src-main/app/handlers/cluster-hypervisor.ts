import { LabError } from '../../contract/errors.ts';
import { HYPERVISOR_SPECS } from '../../shared/hypervisors/catalogue.ts';
import { clusterHypervisor, setClusterHypervisor, clusterPoolNames, clusterVmCount, hostsNotInMaintenance } from '../../store/hardware.ts';
import { listClusters } from '../../store/inventory.ts';
import type { Handlers } from '../context.ts';

/**
 * Changing the hypervisor a cluster runs (issue 19). No product converts a host in place: moving a
 * host from ESXi to Hyper-V, KVM or AHV (or back) is a reinstall of the host, done with the host in
 * maintenance mode and no VM registered on it, and a VM crosses types only through a V2V conversion
 * of its disks (VMware vCenter Converter, SCVMM V2V, virt-v2v; VMDK → VHDX / QCOW2), which is a new
 * VM. So the console allows the change only when nothing would have to be converted:
 * | rule                                                                  | error                    |
 * |-----------------------------------------------------------------------|--------------------------|
 * | no such cluster                                                       | not-found, clusterId     |
 * | the cluster already runs that hypervisor                              | conflict, hypervisor     |
 * | a VM (any power state) is registered on one of its hosts              | conflict, clusterId      |
 * | a desktop pool still targets the cluster (its template is per type)   | conflict, clusterId      |
 * | a host of the cluster is not in maintenance mode (it is reinstalled)  | conflict, clusterId      |
 * An empty cluster (no host yet) may change at once.
 */
export const clusterHypervisorHandlers: Pick<Handlers, 'cluster-set-hypervisor'> = {
  'cluster-set-hypervisor': (input, ctx) => {
    const cluster = listClusters(ctx.db).find((c) => c.id === input.clusterId);
    if (!cluster) throw new LabError('not-found', `No cluster with id "${input.clusterId}"`, ['clusterId']);
    const from = clusterHypervisor(ctx.db, cluster.id);
    const to = input.hypervisor;
    if (from === to) throw new LabError('conflict', `${cluster.name} already runs ${HYPERVISOR_SPECS[to].label}`, ['hypervisor']);
    const vms = clusterVmCount(ctx.db, cluster.id);
    if (vms > 0)
      throw new LabError(
        'conflict',
        `${cluster.name} has ${vms} VM(s) on its hosts: a VM cannot move across hypervisor types (its ${HYPERVISOR_SPECS[from].diskFormatLabel} disks would need a V2V conversion); move or remove them first`,
        ['clusterId'],
      );
    const pools = clusterPoolNames(ctx.db, cluster.id);
    if (pools.length > 0)
      throw new LabError(
        'conflict',
        `${pools.length} desktop pool(s) target ${cluster.name} (${pools.slice(0, 3).join(', ')}${pools.length > 3 ? ', …' : ''}): their template hardware is ${HYPERVISOR_SPECS[from].label}'s; delete them first`,
        ['clusterId'],
      );
    const notInMaint = hostsNotInMaintenance(ctx.db, cluster.id);
    if (notInMaint.length > 0)
      throw new LabError(
        'conflict',
        `Put every host of ${cluster.name} in maintenance mode first (each is reinstalled with ${HYPERVISOR_SPECS[to].label}): not yet ${notInMaint.slice(0, 3).join(', ')}${notInMaint.length > 3 ? ', …' : ''}`,
        ['clusterId'],
      );
    setClusterHypervisor(ctx.db, cluster.id, to);
    ctx.audit({
      objectKind: 'cluster',
      objectId: cluster.id,
      objectName: cluster.name,
      message: `${cluster.name}: hypervisor changed from ${HYPERVISOR_SPECS[from].label} to ${HYPERVISOR_SPECS[to].label} (managed by ${HYPERVISOR_SPECS[to].manager})`,
    });
    // The engine's per-host CPU and memory overheads follow the cluster's hypervisor: it is built again from the store.
    ctx.rebuildEngine();
    ctx.changed('cluster');
    return listClusters(ctx.db).find((c) => c.id === cluster.id) ?? cluster;
  },
};
