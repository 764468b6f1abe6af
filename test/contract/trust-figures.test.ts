import { afterEach, describe, expect, it } from 'vitest';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// Issue #14: one definition per figure, and stamps that agree with the lab's clock.

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

describe('figures that agree', () => {
  it('cluster CPU capacity on the inventory is the figure HA admission control counts', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 60 });
    for (const c of await client.call('cluster-list', {})) {
      const status = await client.call('cluster-status', { clusterId: c.id });
      expect(status.hosts.every((h) => h.status === 'connected')).toBe(true);
      expect(c.ghzTotal).toBeCloseTo(status.admission.cpuCapacityMhz / 1000, 0);
      const hosts = await client.call('host-list', { clusterId: c.id });
      const physical = hosts.reduce((s, h) => s + h.sockets * h.coresPerSocket * h.ghz, 0);
      // Physical cores × clock, as vSphere counts a cluster's MHz (what hyper-threading adds is throughput, not MHz).
      expect(c.ghzTotal).toBeCloseTo(physical, 0);
    }
  });

  it('the restore event carries the simulated time the lab is restored to', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    const cp = await client.call('checkpoint-save', { name: 'Morning' });
    await client.call('clock-step', { seconds: 3 * 3600 });
    await client.call('checkpoint-restore', { id: cp.id, confirm: true });
    const ev = (await client.call('event-list', { objectKind: 'lab', limit: 1 })).rows[0];
    expect(ev?.message).toMatch(/Lab restored from checkpoint "Morning"/);
    expect(ev?.simTime).toBe(cp.simTime);
    expect((await client.call('clock-get', {})).simTime).toBe(cp.simTime);
  });
});
