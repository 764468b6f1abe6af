import { describe, expect, it } from 'vitest';
import { compareDelivery, DELIVERY_PARAMS, SEED_TABLE } from '../../src-main/core/capacity/delivery-models.ts';
import { minFreeMb, vmOverheadMb } from '../../src-main/shared/capacity/memory.ts';
import { RULE_OF_FIVE, RULE_OF_TEN } from '../../src-main/shared/capacity/rules-of-thumb.ts';

const HOST = { sockets: 2, coresPerSocket: 20, ramGb: 768 };

describe('containers vs VMs (issue 19)', () => {
  const c = compareDelivery({ users: 2000, workload: 'knowledge', host: HOST });
  const [vm, ms, ctr] = c.rows;

  it('single-session VMs: rule of five on CPU, guest RAM + ESXi overhead in memory, the smaller wins', () => {
    expect(vm?.byCpu).toBe(40 * RULE_OF_FIVE);
    const perVm = 4 * 1024 + vmOverheadMb(4, 2);
    expect(vm?.byMemory).toBe(Math.floor((768 * 1024 - minFreeMb(768)) / perVm));
    expect(vm?.usersPerHost).toBe(Math.min(vm?.byCpu ?? 0, vm?.byMemory ?? 0));
    expect(vm?.hostsNeeded).toBe(Math.ceil(2000 / (vm?.usersPerHost ?? 1)));
    expect(vm?.overheadPerUserMb).toBe(Math.round(perVm - DELIVERY_PARAMS.appMb.knowledge));
  });

  it('multi-session shares the server OS; containers only pay their runtime', () => {
    expect(ms?.byCpu).toBe(40 * RULE_OF_TEN);
    expect(ms?.overheadPerUserMb).toBeLessThan(vm?.overheadPerUserMb ?? 0);
    expect(ctr?.overheadPerUserMb).toBe(DELIVERY_PARAMS.containerOverheadMb);
    expect(ctr?.memoryPerUserMb).toBe(DELIVERY_PARAMS.appMb.knowledge + DELIVERY_PARAMS.containerOverheadMb);
    expect(ctr?.usersPerHost).toBeGreaterThan(ms?.usersPerHost ?? Infinity);
  });

  it('orders the models as the seed table does: density and start time up, isolation down', () => {
    expect(vm!.usersPerHost).toBeLessThan(ctr!.usersPerHost);
    expect(vm!.startSec).toBeGreaterThanOrEqual(60);
    expect(ctr!.startSec).toBeLessThan(1);
    expect([vm!.isolationRank, ms!.isolationRank, ctr!.isolationRank]).toEqual([3, 2, 1]);
    expect(c.seed).toEqual(SEED_TABLE);
    expect(c.checks).toMatchObject({
      containersInSeedRange: true,
      vmStartsInMinutes: true,
      containerStartsInSeconds: true,
      vmOverheadInGb: true,
      containerOverheadInMb: true,
    });
  });

  it('a heavier workload lowers every density; a smaller host is limited by memory', () => {
    const power = compareDelivery({ users: 2000, workload: 'power', host: HOST });
    power.rows.forEach((r, i) => expect(r.usersPerHost).toBeLessThan(c.rows[i]?.usersPerHost ?? 0));
    const small = compareDelivery({ users: 100, workload: 'knowledge', host: { sockets: 2, coresPerSocket: 20, ramGb: 256 } });
    expect(small.rows[0]?.limitedBy).toBe('memory');
  });
});
