import { isClusterTask } from '../../src-main/contract/cluster-entities.ts';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentDigest, tempDir, tempLab, type TempLab } from '../helpers/lab.ts';
import { placement, poweredOnOn, sessions } from '../helpers/cluster.ts';

// Maintenance mode: evacuation by live migration with no session lost, the
// "Entering maintenance mode (n of m migrated)" progress, refusal or waiting
// when there is no room, and no new VM placed on the host afterwards.

let lab: TempLab | undefined;
let other: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  other?.dispose();
  lab = undefined;
  other = undefined;
});
const HOUR = 3600;

describe('host maintenance mode', () => {
  it('evacuates a busy host by live migration without losing a session, then takes no VM until it exits', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 3 * HOUR }); // 10:00
    const before = await sessions(client);
    const onH3 = (await client.call('host-get', { id: 'h-3' })).desktops;
    const vms = onH3.length;
    const busy = onH3.filter((d) => d.sessions > 0).length;
    expect(busy).toBeGreaterThan(3);
    const task = await client.call('host-enter-maintenance', { hostId: 'h-3' });
    expect(task).toMatchObject({ kind: 'host-maintenance', state: 'running', total: vms });
    let labels: string[] = [];
    for (let t = 0; t < 900; t += 10) {
      await client.call('clock-step', { seconds: 10 });
      const h3 = (await client.call('cluster-status', { clusterId: 'cl-1' })).hosts.find((h) => h.hostId === 'h-3');
      labels.push(h3?.label ?? '');
      if (h3?.status === 'maintenance') break;
    }
    labels = [...new Set(labels)];
    expect(labels.some((l) => /^Entering maintenance mode \(\d+ of \d+ migrated\)/.test(l))).toBe(true);
    expect(labels[labels.length - 1]).toBe('In maintenance mode');
    const done = (await client.call('task-list', { objectId: 'h-3' }))[0];
    expect(done).toMatchObject({ state: 'completed', done: vms, total: vms });
    expect((await client.call('host-get', { id: 'h-3' })).host.connectionState).toBe('maintenance');
    expect((await client.call('host-get', { id: 'h-3' })).desktops).toEqual([]);
    // Not one session lost: every session from before still exists.
    const after = await sessions(client);
    const lostByMigration = [...before.keys()].filter((id) => !after.has(id));
    const logoffs = (await client.call('event-list', { limit: 200 })).rows.filter((e) => /session\(s\) lost on/.test(e.message));
    expect(logoffs).toEqual([]);
    expect(lostByMigration).toEqual([]); // 10:00–10:15: nobody's day ends, so every session must still be there
    const msg = (await client.call('event-list', { objectId: 'h-3', limit: 5 })).rows.map((e) => e.message);
    expect(msg.some((m) => /entered maintenance mode \(task-\d+\): \d+ VM\(s\) moved, no session lost/.test(m))).toBe(true);
    // Nothing lands there while it is in maintenance: not a migration, not a new machine.
    const d = (await poweredOnOn(client, 'h-1'))[0] as string;
    expect(await lab.host.dispatch('vm-migrate', { desktopIds: [d], toHostId: 'h-3' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await client.call('clock-step', { seconds: HOUR });
    expect((await client.call('host-get', { id: 'h-3' })).desktops).toEqual([]);
    const exit = await client.call('host-exit-maintenance', { hostId: 'h-3' });
    expect(exit).toMatchObject({ state: 'completed' });
    expect((await client.call('host-get', { id: 'h-3' })).host.connectionState).toBe('connected');
  });

  it('refuses when a VM has nowhere to go, naming why; with wait it waits and completes once room appears', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 2 * HOUR });
    const pinned = (await poweredOnOn(client, 'h-2'))[0] as string;
    const rule = await client.call('rule-create', {
      clusterId: 'cl-1',
      name: 'Licensed on esx02',
      kind: 'vm-host-must',
      desktopIds: [pinned],
      hostGroup: { name: 'HG-esx02', hostIds: ['h-2'] },
    });
    const db = lab.peek();
    try {
      const before = contentDigest(db);
      const r = await lab.host.dispatch('host-enter-maintenance', { hostId: 'h-2' });
      expect(r).toMatchObject({ ok: false, error: { code: 'conflict', path: ['hostId'] } });
      if (!r.ok)
        expect(r.error.message).toMatch(
          /cannot enter maintenance mode: 1 of its powered-on VMs have no host to go to .*rule "Licensed on esx02": must run on host group HG-esx02.*Use wait/,
        );
      expect(contentDigest(db)).toBe(before);
    } finally {
      db.close();
    }
    const task = await client.call('host-enter-maintenance', { hostId: 'h-2', wait: true });
    await client.call('clock-step', { seconds: 600 });
    const waiting = (await client.call('task-list', { objectId: 'h-2' }))[0];
    if (!waiting || !isClusterTask(waiting)) throw new Error('no task');
    expect(waiting.state).toBe('running');
    expect(waiting.done).toBe(waiting.total - 1);
    expect(waiting.details.status).toMatch(/Entering maintenance mode \(\d+ of \d+ migrated\), 1 waiting for room/);
    expect(waiting.details.items.find((i) => i.desktopId === pinned)).toMatchObject({ state: 'waiting', reason: expect.stringMatching(/HG-esx02/) });
    await client.call('rule-delete', { id: rule.id });
    await client.call('clock-step', { seconds: 120 });
    expect((await client.call('task-list', {})).find((t) => t.id === task.id)).toMatchObject({ state: 'completed' });
    expect((await placement(client)).get(pinned)).not.toBe('h-2');
  });

  it('refuses when HA admission control would break without the host', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('cluster-set-ha', { clusterId: 'cl-1', admissionControl: { policy: 'percentage', cpuPct: 25, memPct: 70 } });
    const r = await lab.host.dispatch('host-enter-maintenance', { hostId: 'h-1' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!r.ok) expect(r.error.message).toMatch(/admission control would break without it \(Failover capacity: .*reserve 70 %\)/);
  });

  it('an evacuation interrupted by a crash keeps what was moved, is not in maintenance yet, and finishes after the reopen', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 3 * HOUR });
    const vms = (await client.call('host-get', { id: 'h-2' })).desktops.length;
    const task = await client.call('host-enter-maintenance', { hostId: 'h-2' });
    await client.call('clock-step', { seconds: 20 });
    const mid = (await client.call('task-list', { objectId: 'h-2' }))[0];
    expect(mid?.state).toBe('running');
    const moved = mid?.done ?? 0;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(vms);
    // The files as a crash leaves them (copied while the app runs: the last flush is all there is).
    const dir = tempDir();
    copyFileSync(lab.host.dbPath, join(dir, 'lab.sqlite'));
    if (existsSync(`${lab.host.dbPath}-wal`)) copyFileSync(`${lab.host.dbPath}-wal`, join(dir, 'lab.sqlite-wal'));
    other = tempLab('small', 1, dir);
    const c2 = other.client;
    const h2 = await c2.call('host-get', { id: 'h-2' });
    expect(h2.host.connectionState).toBe('connected'); // not in maintenance: the operation is not complete
    expect(h2.desktops.length).toBe(vms - moved); // what had moved stays moved
    expect((await c2.call('task-list', {})).find((t) => t.id === task.id)).toMatchObject({ state: 'running', done: moved, total: vms });
    await c2.call('clock-step', { seconds: 600 });
    expect((await c2.call('task-list', {})).find((t) => t.id === task.id)).toMatchObject({ state: 'completed', done: vms, total: vms });
    expect((await c2.call('host-get', { id: 'h-2' })).host).toMatchObject({ connectionState: 'maintenance', vmCount: 0 });
  });
});
