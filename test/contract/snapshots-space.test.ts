import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src-main/contract/client.ts';
import { SNAPSHOT_COST } from '../../src-main/core/snapshots/cost.ts';
import { ENGINE_PARAMS } from '../../src-main/core/engine/engine.ts';
import { WORKLOADS } from '../../src-main/core/models/workloads.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// What snapshots cost: delta disks grow with the desktop's writes, take datastore space, add read
// I/O per chain level; deleting gives the space back. Compared against a twin lab (same seed, same
// steps, no snapshots), so every difference is the snapshots' doing.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
function lab(): TempLab {
  const l = tempLab('small', 1);
  labs.push(l);
  return l;
}

const dsUsed = async (c: Client, id: string) => (await c.call('datastore-list', {})).find((d) => d.id === id)?.usedGb ?? Number.NaN;

async function finish(c: Client, taskId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const t = (await c.call('task-list', {})).find((x) => x.id === taskId);
    if (t && t.state !== 'running') return;
    await c.call('clock-step', { seconds: 5 });
  }
  throw new Error('task did not finish');
}

describe('space accounting', () => {
  it('an idle desktop grows its delta by exactly its base writes; a powered-off one does not grow', async () => {
    const l = lab();
    const c = l.client;
    await c.call('snapshot-take', { desktopId: 'vm-41', name: 'idle', includeMemory: true }); // DEV-01, nobody on it at 07:00
    await c.call('snapshot-take', { desktopId: 'vm-43', name: 'off' }); // DEV-03, powered off
    await c.call('clock-step', { seconds: 600 });
    const dev1 = await c.call('desktop-get', { id: 'vm-41' });
    expect(dev1.sessionCount, 'DEV-01 stayed unused').toBe(0);
    const writes = ENGINE_PARAMS.vmBaseIops * WORKLOADS.power.writeShare * 600;
    const expected = (writes * SNAPSHOT_COST.writeIoKb * SNAPSHOT_COST.newBlockShare) / (1024 * 1024);
    expect((await c.call('snapshot-list', { desktopId: 'vm-41' })).runningDeltaGb).toBeCloseTo(expected, 3);
    expect((await c.call('snapshot-list', { desktopId: 'vm-43' })).runningDeltaGb).toBe(0);
  });

  it('datastore used space carries the memory file and the delta growth; deleting all gives back all but the merged part', async () => {
    const snap = lab();
    const twin = lab();
    const ds = 'ds-1'; // vsanDatastore-CL01, where KW-001 lives
    await snap.client.call('clock-step', { seconds: 2 * 3600 }); // 09:00: KW desktops are in use
    await twin.client.call('clock-step', { seconds: 2 * 3600 });
    expect(await dsUsed(snap.client, ds)).toBe(await dsUsed(twin.client, ds));
    const odd = (await snap.client.call('desktop-list', { poolId: 'pool-1', limit: 100 })).rows.filter(
      (r) => r.datastore === 'vsanDatastore-CL01' && r.powerState === 'poweredOn' && r.state !== 'AGENT_UNREACHABLE',
    );
    let memory = 0;
    for (const d of odd) memory += (await snap.client.call('snapshot-take', { desktopId: d.id, name: 'm', includeMemory: true })).memoryGb;
    expect(memory).toBeGreaterThan(0);
    expect((await dsUsed(snap.client, ds)) - (await dsUsed(twin.client, ds))).toBeCloseTo(memory, -0.5);

    await snap.client.call('clock-step', { seconds: 3 * 3600 });
    await twin.client.call('clock-step', { seconds: 3 * 3600 });
    let delta = 0;
    for (const d of odd) delta += (await snap.client.call('snapshot-list', { desktopId: d.id })).runningDeltaGb;
    expect(delta, 'three working hours of writes').toBeGreaterThan(0.1);
    const diff = (await dsUsed(snap.client, ds)) - (await dsUsed(twin.client, ds));
    expect(Math.abs(diff - (memory + delta))).toBeLessThanOrEqual(1); // datastore figures are whole GB

    for (const d of odd) await finish(snap.client, (await snap.client.call('snapshot-delete-all', { desktopId: d.id })).id);
    await twin.client.call('clock-step', { seconds: 0 + 60 });
    const left = (await dsUsed(snap.client, ds)) - (await dsUsed(twin.client, ds));
    // Memory files go; of the deltas the parent keeps parentGrowShare (plus what was written meanwhile).
    expect(left).toBeLessThan(diff - memory * 0.9);
    expect(left).toBeGreaterThanOrEqual(Math.floor(delta * SNAPSHOT_COST.parentGrowShare) - 1);
  });

  it('a delete of a snapshot frees what its preview said (in the desktop tree and on the datastore)', async () => {
    const l = lab();
    const c = l.client;
    const a = await c.call('snapshot-take', { desktopId: 'vm-40', name: 'a', includeMemory: true }); // PWR-06 on NFS (ds-2), 8 GB? its RAM
    await c.call('clock-step', { seconds: 3600 });
    await c.call('snapshot-take', { desktopId: 'vm-40', name: 'b', includeMemory: false, quiesce: true });
    const before = await c.call('snapshot-list', { desktopId: 'vm-40' });
    const preview = await c.call('snapshot-delete-preview', { snapshotId: a.id });
    expect(preview.freedGb).toBeCloseTo(a.memoryGb, 1);
    await finish(c, (await c.call('snapshot-delete', { snapshotId: a.id })).id);
    const after = await c.call('snapshot-list', { desktopId: 'vm-40' });
    expect(before.totalGb - after.totalGb).toBeCloseTo(preview.freedGb, 0);
  });
});

describe('determinism', () => {
  it('the same actions at the same simulated times give the same chains and space, however often the lab was flushed', async () => {
    const a = lab();
    const b = lab();
    const run = async (c: Client, stepSec: number) => {
      await c.call('clock-step', { seconds: 2 * 3600 });
      for (const id of ['vm-1', 'vm-2', 'vm-36', 'vm-41']) await c.call('snapshot-take', { desktopId: id, name: 'a', includeMemory: true });
      for (let t = 0; t < 1800; t += stepSec) await c.call('clock-step', { seconds: stepSec });
      await c.call('snapshot-take', { desktopId: 'vm-1', name: 'b', includeMemory: false, quiesce: true });
      await c.call('desktop-simulate-failure', { id: 'vm-2', kind: 'orphaned-delta' });
      for (let t = 0; t < 1800; t += stepSec) await c.call('clock-step', { seconds: stepSec });
      const trees = [];
      for (const id of ['vm-1', 'vm-2', 'vm-36', 'vm-41']) trees.push(await c.call('snapshot-list', { desktopId: id }));
      return { trees, ds: (await c.call('datastore-list', {})).map((d) => d.usedGb), m: (await c.call('metrics-current', {})).datastores };
    };
    const ra = await run(a.client, 1800); // two long steps
    const rb = await run(b.client, 60); // sixty short ones, a flush after each
    expect(rb).toEqual(ra);
    expect(ra.trees[0]?.runningDeltaGb).toBeGreaterThan(0);
  });

  it('deleting the only snapshot merges the running delta into the base disk, however often the lab was flushed', async () => {
    // Found by cutting a scripted morning: the delta went on growing until the merge ended, but once the desktop had no
    // snapshot it was no longer written, so the store kept whatever the last flush before the end had seen.
    const a = lab();
    const b = lab();
    const twin = lab();
    const stored = (l: TempLab) => {
      const db = l.peek();
      try {
        return {
          chains: db.prepare('SELECT * FROM desktop_snapshot_state ORDER BY desktop_id').all(),
          used: db.prepare("SELECT used_gb FROM desktops WHERE id = 'vm-1'").get() as { used_gb: number },
        };
      } finally {
        db.close();
      }
    };
    const run = async (l: TempLab, stepSec: number) => {
      const c = l.client;
      await c.call('clock-step', { seconds: 2 * 3600 });
      const snap = await c.call('snapshot-take', { desktopId: 'vm-1', name: 'before patching', includeMemory: true });
      for (let t = 0; t < 1800; t += stepSec) await c.call('clock-step', { seconds: stepSec });
      const grown = (await c.call('snapshot-list', { desktopId: 'vm-1' })).runningDeltaGb;
      await c.call('snapshot-delete', { snapshotId: snap.id });
      for (let t = 0; t < 600; t += stepSec) await c.call('clock-step', { seconds: stepSec });
      return { grown, tree: await c.call('snapshot-list', { desktopId: 'vm-1' }), ...stored(l) };
    };
    const ra = await run(a, 600); // long steps: no flush between the merge's start and its end
    const rb = await run(b, 1); // a flush every second
    expect(rb).toEqual(ra);
    expect(ra.grown, 'half an hour of writes in the delta').toBeGreaterThan(0.01);
    expect(ra.tree.snapshots).toEqual([]);
    expect(ra.tree.totalGb, 'nothing is left of the chain').toBe(0);
    expect(ra.chains).toEqual([]);
    // The desktop keeps the part of the delta that lands in the base disk; the memory file and the rest are freed.
    await twin.client.call('clock-step', { seconds: 2 * 3600 + 1800 + 600 });
    expect(ra.used.used_gb - stored(twin).used.used_gb).toBeCloseTo(ra.grown * SNAPSHOT_COST.parentGrowShare, 2);
  });
});

describe('I/O cost', () => {
  it('a deep chain adds read I/O on the datastore; a merge adds its I/O while it runs', async () => {
    const snap = lab();
    const twin = lab();
    await snap.client.call('clock-step', { seconds: 2 * 3600 });
    await twin.client.call('clock-step', { seconds: 2 * 3600 });
    const kw = (await snap.client.call('desktop-list', { poolId: 'pool-1', limit: 100 })).rows.filter(
      (r) => r.state !== 'AGENT_UNREACHABLE' && r.powerState === 'poweredOn',
    );
    for (const d of kw)
      for (let i = 0; i < 10; i++) await snap.client.call('snapshot-take', { desktopId: d.id, name: `s${i}`, includeMemory: false, quiesce: true });
    await snap.client.call('clock-step', { seconds: 60 });
    await twin.client.call('clock-step', { seconds: 60 });
    const iops = async (c: Client) => (await c.call('metrics-current', {})).datastores.reduce((a, d) => a + d.iops, 0);
    const withChains = await iops(snap.client);
    const without = await iops(twin.client);
    // Each chained desktop reads through 10 levels: readAmpPerLevel × 10 = +100 % of its reads (~15 % of its I/O).
    expect(withChains - without).toBeGreaterThan(kw.length * 0.5);
    // And the latency follows (M/M/1 on the datastore).
    const lat = async (c: Client) => Math.max(...(await c.call('metrics-current', {})).datastores.map((d) => d.latencyMs));
    expect(await lat(snap.client)).toBeGreaterThan(await lat(twin.client));

    // A delete-all merging a chain runs with mergeIops on top.
    const d = kw[0]?.id ?? '';
    await snap.client.call('snapshot-delete-all', { desktopId: d });
    await snap.client.call('clock-step', { seconds: 1 });
    await twin.client.call('clock-step', { seconds: 1 });
    const during = (await iops(snap.client)) - (await iops(twin.client));
    expect(during).toBeGreaterThan(SNAPSHOT_COST.mergeIops * 0.9);
  });
});
