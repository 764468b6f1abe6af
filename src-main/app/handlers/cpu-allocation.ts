import { LabError } from '../../contract/errors.ts';
import { getPool, setPoolCpuAllocation } from '../../store/pools.ts';
import { all } from '../../store/stmt.ts';
import type { Handlers } from '../context.ts';

/**
 * CPU resource settings for a pool's machines, with the checks vSphere makes:
 * | rule                                                        | error                 |
 * |-------------------------------------------------------------|-----------------------|
 * | limit below the reservation                                 | invalid-input, limit  |
 * | reservation above what the VM's vCPUs can use on its host   | conflict, reservation |
 * | reservations of powered-on VMs above a host's physical MHz  | conflict (admission)  |
 * Reservations count physical MHz (no hyper-threading gain), as ESXi admission does.
 */
export const cpuAllocationHandlers: Pick<Handlers, 'pool-set-cpu-allocation'> = {
  'pool-set-cpu-allocation': (input, ctx) => {
    const pool = getPool(ctx.db, input.id);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.id}"`, ['id']);
    const next = {
      cpuShares: input.shares ?? pool.cpuShares,
      cpuReservationMhz: input.reservationMhz ?? pool.cpuReservationMhz,
      cpuLimitMhz: input.limitMhz === undefined ? pool.cpuLimitMhz : input.limitMhz,
    };
    if (next.cpuLimitMhz !== null && next.cpuLimitMhz < next.cpuReservationMhz) {
      throw new LabError('invalid-input', `The limit (${next.cpuLimitMhz} MHz) is below the reservation (${next.cpuReservationMhz} MHz)`, ['limitMhz']);
    }
    const hosts = all<{ id: string; name: string; mhz: number; ghz: number; reserved_other: number; pool_vms_on: number }>(
      ctx.db,
      `SELECT h.id, h.name, h.sockets * h.cores_per_socket * h.ghz * 1000 AS mhz, h.ghz,
         coalesce((SELECT sum(p.cpu_reservation_mhz) FROM desktops d JOIN pools p ON p.id = d.pool_id
                   WHERE d.host_id = h.id AND d.power_state = 'poweredOn' AND d.pool_id <> ?), 0) AS reserved_other,
         (SELECT count(*) FROM desktops d WHERE d.host_id = h.id AND d.pool_id = ? AND d.power_state = 'poweredOn') AS pool_vms_on
       FROM hosts h WHERE h.cluster_id = ?`,
      pool.id,
      pool.id,
      pool.clusterId,
    );
    const maxPerVm = Math.min(...hosts.map((h) => pool.vcpu * h.ghz * 1000));
    if (next.cpuReservationMhz > maxPerVm) {
      throw new LabError(
        'conflict',
        `A machine of ${pool.vcpu} vCPU can use at most ${Math.round(maxPerVm)} MHz: it cannot reserve ${next.cpuReservationMhz} MHz`,
        ['reservationMhz'],
      );
    }
    for (const h of hosts) {
      const need = h.reserved_other + h.pool_vms_on * next.cpuReservationMhz;
      if (need > h.mhz) {
        throw new LabError(
          'conflict',
          `Admission control: host ${h.name} would need ${Math.round(need)} MHz of reservations for its powered-on machines but has ${Math.round(h.mhz)} MHz`,
          ['reservationMhz'],
        );
      }
    }
    setPoolCpuAllocation(ctx.db, pool.id, next);
    const limit = next.cpuLimitMhz === null ? 'unlimited' : `${next.cpuLimitMhz} MHz`;
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      message: `CPU allocation of desktop pool ${pool.name} set to shares ${next.cpuShares}, reservation ${next.cpuReservationMhz} MHz, limit ${limit}`,
    });
    ctx.changed('pool');
    return getPool(ctx.db, pool.id) ?? pool;
  },
};
