import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src-main/contract/client.ts';
import { BACKUP_SNAPSHOT_NAME } from '../../src-main/app/fault-snapshots.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// A snapshot left to grow (issue 17): a backup job's snapshot is taken of a few running machines of
// the pool and left behind; each delta grows at the fault's rate on top of the guest's writes,
// taking datastore space; deleting the snapshots merges them, frees the space and resolves the fault.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
function open(dir?: string): TempLab {
  const l = tempLab('small', 1, dir);
  labs.push(l);
  return l;
}
const used = async (c: Client) => (await c.call('datastore-list', {})).reduce((a, d) => a + d.usedGb, 0);

describe('snapshot left to grow', () => {
  it("takes the backup job's snapshot, grows its delta at the rate, and is resolved by deleting the snapshots", async () => {
    const dir = tempDir();
    let lab = open(dir);
    let c = lab.client;
    await c.call('clock-step', { seconds: 2 * 3600 });
    const before = await used(c);
    const f = await c.call('fault-inject', { kind: 'snapshot-growth', targetId: 'pool-3', params: { machines: 2, rateGbPerHour: 40 } });
    expect(f.state).toBe('active');
    const row = (await c.call('fault-list', {})).faults.find((x) => x.id === f.id);
    expect(row?.machines).toHaveLength(2);
    const machines = row?.machines ?? [];
    for (const m of machines) {
      const tree = await c.call('snapshot-list', { desktopId: m.id });
      expect(tree.snapshots.map((s) => s.name)).toContain(BACKUP_SNAPSHOT_NAME);
    }
    // Reopened mid-fault: the growth goes on (the fault and its machines are durable state).
    lab.host.close();
    lab = open(dir);
    c = lab.client;
    await c.call('clock-step', { seconds: 3600 });
    for (const m of machines) {
      const tree = await c.call('snapshot-list', { desktopId: m.id });
      // An hour at 40 GB/h, plus the guest's own new blocks.
      expect(tree.runningDeltaGb).toBeGreaterThanOrEqual(39);
      expect(tree.runningDeltaGb).toBeLessThan(60);
    }
    const grown = await used(c);
    expect(grown - before).toBeGreaterThan(78);
    // The snapshot-size alarm sees the deltas.
    const alarms = (await c.call('alarm-list', {})).rows.filter((a) => a.definitionId === 'snapshot-size');
    expect(alarms.map((a) => a.objectId)).toEqual(expect.arrayContaining(machines.map((m) => m.id)));

    for (const m of machines) await c.call('snapshot-delete-all', { desktopId: m.id });
    await c.call('clock-step', { seconds: 1800 });
    const after = (await c.call('fault-list', {})).faults.find((x) => x.id === f.id);
    expect(after?.state).toBe('ended');
    expect((await c.call('event-list', { search: 'Fault resolved' })).rows).toHaveLength(1);
    // Merging returns most of the deltas' space (the rest lands in the base disks).
    expect(await used(c)).toBeLessThan(grown - 40);
  }, 240_000);

  it('refuses a machine count out of bounds, changing nothing', async () => {
    const { client: c } = open();
    await expect(c.call('fault-inject', { kind: 'snapshot-growth', targetId: 'pool-3', params: { machines: 0 } })).rejects.toMatchObject({
      error: { code: 'invalid-input', path: ['params', 'machines'] },
    });
    expect((await c.call('fault-list', {})).faults).toEqual([]);
  });
});
