import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src-main/contract/client.ts';
import { FAULT_EFFECTS } from '../../src-main/core/engine/faults/params.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Datastore filling up (issue 17): thin disks of the datastore's running VMs allocate at the fault's
// rate until the datastore is full; the free-space alarm follows; a full datastore stuns its VMs
// (their sessions stay, but get no response); clearing the fault gives the blocks back and the VMs
// resume. Survives a reopen. Bad input changes nothing.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
function open(dir?: string): TempLab {
  const l = tempLab('small', 1, dir);
  labs.push(l);
  return l;
}
const WARM = 2 * 3600;

async function busiest(c: Client): Promise<{ id: string; capacityGb: number; usedGb: number }> {
  const sessions = await c.call('session-list', {});
  const desktops = (await c.call('desktop-list', { limit: 5000 })).rows;
  const names = new Map((await c.call('datastore-list', {})).map((d) => [d.name, d.id]));
  const dsOf = new Map(desktops.map((d) => [d.id, names.get(d.datastore) ?? '']));
  const count = new Map<string, number>();
  for (const s of sessions) count.set(dsOf.get(s.desktopId) ?? '', (count.get(dsOf.get(s.desktopId) ?? '') ?? 0) + 1);
  const id = [...count].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return datastore(c, id);
}
async function datastore(c: Client, id: string) {
  const ds = (await c.call('datastore-list', {})).find((d) => d.id === id);
  if (!ds) throw new Error(`no datastore ${id}`);
  return ds;
}
/** Response times (ms) of the running sessions on desktops of datastore `ds`. */
async function responses(c: Client, ds: string): Promise<number[]> {
  const name = (await datastore(c, ds)).name;
  const desktops = (await c.call('desktop-list', { limit: 5000 })).rows;
  const on = new Set(desktops.filter((d) => d.datastore === name).map((d) => d.id));
  const out: number[] = [];
  for (const s of (await c.call('session-list', {})).filter((s) => on.has(s.desktopId) && s.state === 'active').slice(0, 5)) {
    const g = await c.call('session-get', { id: s.id });
    if (g.now) out.push(g.now.uxMs);
  }
  return out;
}

describe('datastore filling up', () => {
  it('fills the thin datastore at its rate, raises the free-space alarm, stuns the VMs when full, and gives everything back when cleared', async () => {
    const dir = tempDir();
    let lab = open(dir);
    let c = lab.client;
    await c.call('clock-step', { seconds: WARM });
    const ds0 = await busiest(c);
    const free0 = ds0.capacityGb - ds0.usedGb;
    expect(free0).toBeGreaterThan(10);
    // Fast enough to fill it within half an hour.
    const rate = Math.ceil(free0 * 2.5);
    const f = await c.call('fault-inject', { kind: 'datastore-fill', targetId: ds0.id, params: { rateGbPerHour: rate } });
    expect(f).toMatchObject({ state: 'active', target: { type: 'datastore', id: ds0.id }, params: { rateGbPerHour: rate } });

    await c.call('clock-step', { seconds: 600 });
    const ds1 = await datastore(c, ds0.id);
    // Ten minutes at the rate (a flush rounds the rows' used space): nothing else grows that much.
    expect(ds1.usedGb - ds0.usedGb).toBeGreaterThan(rate / 6 - 5);
    expect(ds1.usedGb - ds0.usedGb).toBeLessThan(rate / 6 + 5);
    expect(await responses(c, ds0.id)).not.toContain(FAULT_EFFECTS.stunnedResponseMs);

    // A reopen mid-fault continues where it was (the blocks it wrote are durable state).
    lab.host.close();
    lab = open(dir);
    c = lab.client;
    await c.call('clock-step', { seconds: 1800 });
    const full = await datastore(c, ds0.id);
    expect(full.capacityGb - full.usedGb).toBeLessThan(1);
    const events = (await c.call('event-list', { search: 'Datastore full' })).rows;
    expect(events.map((e) => e.objectId)).toContain(ds0.id);
    const alarms = (await c.call('alarm-list', {})).rows.filter((a) => a.definitionId === 'datastore-free' && a.objectId === ds0.id);
    expect(alarms.map((a) => a.severity)).toContain('critical');
    const stunned = await responses(c, ds0.id);
    expect(stunned.length).toBeGreaterThan(0);
    expect(stunned.every((ms) => ms === FAULT_EFFECTS.stunnedResponseMs)).toBe(true);
    // Sessions are kept: users are frozen, not logged off.
    expect((await c.call('session-list', {})).length).toBeGreaterThan(0);

    await c.call('fault-clear', { id: f.id });
    await c.call('clock-step', { seconds: 120 });
    const after = await datastore(c, ds0.id);
    expect(after.usedGb).toBeLessThan(full.usedGb - free0 / 2);
    const back = (await c.call('event-list', { search: 'free space again' })).rows;
    expect(back.map((e) => e.objectId)).toContain(ds0.id);
    const resumed = await responses(c, ds0.id);
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.every((ms) => ms < FAULT_EFFECTS.stunnedResponseMs)).toBe(true);
  }, 240_000);

  it('freeing space on a full datastore (deleting snapshots) lets its VMs resume, and the fault, still active, fills it again', async () => {
    const { client: c } = open();
    await c.call('clock-step', { seconds: 2 * 3600 });
    const g = await c.call('fault-inject', { kind: 'snapshot-growth', targetId: 'pool-3', params: { machines: 2, rateGbPerHour: 200 } });
    const machines = (await c.call('fault-list', {})).faults.find((x) => x.id === g.id)?.machines ?? [];
    expect(machines).toHaveLength(2);
    await c.call('clock-step', { seconds: 1800 });
    const rows = (await c.call('desktop-list', { poolId: 'pool-3', limit: 500 })).rows.filter((r) => machines.some((m) => m.id === r.id));
    const dsName = rows[0]?.datastore ?? '';
    const ds = (await c.call('datastore-list', {})).find((d) => d.name === dsName);
    if (!ds) throw new Error('no datastore');
    await c.call('fault-inject', { kind: 'datastore-fill', targetId: ds.id, params: { rateGbPerHour: Math.ceil((ds.capacityGb - ds.usedGb) * 3) } });
    await c.call('clock-step', { seconds: 1500 });
    const full = (await c.call('event-list', { search: 'Datastore full', objectId: ds.id })).rows;
    expect(full).toHaveLength(1);
    // The trainee deletes the backup snapshots of the machines on that datastore: the merges return space.
    for (const r of rows.filter((x) => x.datastore === dsName)) await c.call('snapshot-delete-all', { desktopId: r.id });
    await c.call('clock-step', { seconds: 1800 });
    const back = (await c.call('event-list', { search: 'free space again', objectId: ds.id })).rows;
    expect(back.length).toBeGreaterThanOrEqual(1);
    // The fill is still running: the freed space is taken again and the VMs are stunned again.
    expect((await c.call('event-list', { search: 'Datastore full', objectId: ds.id })).rows.length).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('refuses a rate out of bounds or a target that is not a datastore, changing nothing', async () => {
    const { client: c } = open();
    await expect(c.call('fault-inject', { kind: 'datastore-fill', targetId: 'ds-1', params: { rateGbPerHour: 0 } })).rejects.toMatchObject({
      error: { code: 'invalid-input', path: ['params', 'rateGbPerHour'] },
    });
    await expect(c.call('fault-inject', { kind: 'datastore-fill', targetId: 'host-1' })).rejects.toMatchObject({
      error: { code: 'not-found', path: ['targetId'] },
    });
    expect((await c.call('fault-list', {})).faults).toEqual([]);
  });
});
