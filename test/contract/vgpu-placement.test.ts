import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 19, vGPU placement of NEW machines: a pool whose template has a vGPU profile gets its new
// machines only on hosts with GPUs of the profile's model (app/vgpu.ts vgpuPlacementHostIds), whether
// an admin raises its size (pool-update) or it grows on demand for spares. Small lab, cl-1: only h-2
// has GPUs (A16 × 4); without the filter new machines are spread over h-1, h-2 and h-3.

let lab: TempLab;
beforeAll(async () => {
  lab = tempLab('small', 1);
  await lab.client.call('host-gpu-set', { hostId: 'h-2', gpu: { model: 'A16', gpus: 4 } });
}, 120_000);
afterAll(() => lab.dispose());

/** The pool's machines: name → host id. */
async function machines(poolId: string): Promise<Map<string, string>> {
  await lab.client.call('clock-get', {});
  const db = lab.peek();
  try {
    const rows = db.prepare('SELECT name, host_id AS hostId FROM desktops WHERE pool_id = ? ORDER BY name').all(poolId) as { name: string; hostId: string }[];
    return new Map(rows.map((r) => [r.name, r.hostId]));
  } finally {
    db.close();
  }
}
const added = (before: Map<string, string>, after: Map<string, string>) => [...after].filter(([n]) => !before.has(n)).map(([, h]) => h);

describe('new machines of a vGPU pool', () => {
  it('go only to hosts with GPUs of its profile’s model when an admin raises the pool’s size', async () => {
    const before = await machines('pool-1');
    expect(new Set(before.values()).size).toBeGreaterThan(1); // the pool's machines were spread before
    await lab.client.call('pool-hardware-set', { poolId: 'pool-1', vgpuProfile: 'A16-2Q' });
    const pool = (await lab.client.call('pool-list', {})).find((p) => p.id === 'pool-1');
    if (!pool) throw new Error('no pool-1');
    await lab.client.call('pool-update', { id: 'pool-1', maxMachines: pool.maxMachines + 6 });
    const hosts = added(before, await machines('pool-1'));
    expect(hosts).toHaveLength(6);
    expect(new Set(hosts)).toEqual(new Set(['h-2']));
  });

  it('go only there when the pool grows on demand for spare machines', async () => {
    await lab.client.call('pool-hardware-set', { poolId: 'pool-4', vgpuProfile: 'A16-2Q' });
    const before = await machines('pool-4');
    await lab.client.call('pool-update', { id: 'pool-4', maxMachines: before.size + 6, spareMachines: 6 });
    await lab.client.call('clock-step', { seconds: 600 });
    const hosts = added(before, await machines('pool-4'));
    expect(hosts.length).toBeGreaterThan(0);
    expect(new Set(hosts)).toEqual(new Set(['h-2']));
  }, 120_000);
});
