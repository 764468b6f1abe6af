import { LabError } from '../../contract/errors.ts';
import { getPool, setPoolCpuAllocation, hostReservationRoom } from '../../store/pools.ts';
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
    const hosts = hostReservationRoom(ctx.db, pool.id, pool.clusterId);
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
