import { describe, expect, it } from 'vitest';
import { waterLevel } from '../../src-main/core/engine/load/tenant-cpu.ts';
import { TenantFence, type FenceData } from '../../src-main/core/engine/cluster/tenant-fence.ts';
import type { EngineCore } from '../../src-main/core/engine/core.ts';

// Issue 19: the tenant fence (which host a VM may use, by its networks and datastore) and the
// tenant CPU limit's division (max-min fair by shares).

describe('waterLevel (a tenant limit divided by shares, capped at each VM demand)', () => {
  it('gives small demands all they ask and splits the rest by shares', () => {
    const demand = Float64Array.from([1000, 5000, 5000]);
    const share = Float64Array.from([1000, 1000, 2000]);
    const lambda = waterLevel([0, 1, 2], demand, share, 7000);
    const got = [0, 1, 2].map((d) => Math.min(demand[d] as number, lambda * (share[d] as number)));
    expect(got[0]).toBeCloseTo(1000);
    expect(got[1]).toBeCloseTo(2000);
    expect(got[2]).toBeCloseTo(4000);
    expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(7000);
  });
  it('is unbounded when the demand fits under the limit', () => {
    expect(waterLevel([0], Float64Array.from([100]), Float64Array.from([1000]), 500)).toBe(Number.POSITIVE_INFINITY);
  });
});

function fakeEngine(): EngineCore {
  return {
    st: { dPool: Int32Array.from([0, 1]), dDs: Int32Array.from([0, 1]) },
    cluster: { dName: (d: number) => `vm-${d}`, hName: ['esx01', 'esx02', 'esx03'] },
  } as unknown as EngineCore;
}

const DATA: FenceData = {
  tenants: ['Contoso', 'Fabrikam'],
  poolTenant: Int32Array.from([0, 1]),
  poolNets: [[0], [1]],
  vmNets: new Map(),
  networks: [
    { name: 'A', portGroup: 'dvpg-A-110', vlan: 110, tenant: 0, hosts: null },
    { name: 'B', portGroup: 'pg-B-210', vlan: 210, tenant: 1, hosts: new Set([2]) },
  ],
  dsTenant: Int32Array.from([0, 1]),
};

describe('TenantFence', () => {
  it('is inactive (no check) in a lab without tenants or host-scoped port groups', () => {
    const f = new TenantFence();
    f.set({ ...DATA, tenants: [], networks: DATA.networks.map((n) => ({ ...n, hosts: null })) });
    expect(f.active).toBe(false);
    expect(f.check(fakeEngine(), 1, 0)).toBeNull();
  });
  it('keeps a VM on hosts carrying its port groups', () => {
    const f = new TenantFence();
    f.set(DATA);
    const e = fakeEngine();
    expect(f.check(e, 1, 0)).toMatch(/no compatible host\/network for tenant Fabrikam: port group pg-B-210 \(VLAN 210\) is not on esx01/);
    expect(f.check(e, 1, 2)).toBeNull();
    expect(f.check(e, 0, 0)).toBeNull();
  });
  it('refuses a vNIC on another tenant’s network and a disk on another tenant’s datastore', () => {
    const f = new TenantFence();
    f.set({ ...DATA, vmNets: new Map([[0, [1]]]) });
    expect(f.check(fakeEngine(), 0, 2)).toMatch(/tenant Contoso: vm-0 has a vNIC on pg-B-210 \(VLAN 210\), which belongs to tenant Fabrikam/);
    f.set({ ...DATA, dsTenant: Int32Array.from([1, 1]) });
    expect(f.check(fakeEngine(), 0, 0)).toMatch(/no compatible datastore for tenant Contoso/);
  });
});
