import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VMOTION } from '../../src-main/core/models/vmotion.ts';
import { contentDigest, tempDir, tempLab, type TempLab } from '../helpers/lab.ts';
import { placement, poweredOnOn, sessions } from '../helpers/cluster.ts';

// Live migration through the API: timing against the pre-copy formula, the
// per-host concurrency limit, sessions surviving, refusals, and a crash mid-flight.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
const open = (seed = 1) => {
  const l = tempLab('small', seed);
  labs.push(l);
  return l;
};
const HOUR = 3600;

describe('live migration (vMotion pre-copy)', () => {
  it('takes the time and downtime the pre-copy formula gives, and the session on the desktop survives', async () => {
    const { client } = open();
    await client.call('clock-step', { seconds: 3 * HOUR }); // 10:00, users at work
    const before = await sessions(client);
    const busy = [...before.values()].map((s) => s.desktopId);
    const h1 = await poweredOnOn(client, 'h-1');
    const desktop = h1.find((d) => busy.includes(d));
    if (!desktop) throw new Error('no desktop with a session on h-1');
    const est = await client.call('vm-migrate-estimate', { desktopId: desktop, toHostId: 'h-2' });
    // The formula, independently: R = half of 25 GbE in MB/s, λ = D/R, round i copies V·λ^i until V·λ^i/R ≤ 0.3 s.
    const R = (25 * 1000 * VMOTION.linkShare) / 8;
    expect(est.linkMBps).toBe(Math.round(R));
    const lambda = est.dirtyMBps / R;
    expect(est.lambda).toBeCloseTo(lambda, 3);
    let copied = 0;
    let i = 0;
    while ((est.memoryMb * lambda ** i) / R > 0.3) copied += (est.memoryMb * lambda ** i++) / R;
    expect(est.rounds.length).toBe(i);
    const downtime = (est.memoryMb * lambda ** i) / R;
    expect(est.downtimeMs).toBeCloseTo(downtime * 1000, 0);
    expect(est.durationSec).toBeCloseTo(VMOTION.setupSec + copied + downtime, 1);
    expect(est.refusal).toBeNull();

    const task = await client.call('vm-migrate', { desktopIds: [desktop], toHostId: 'h-2' });
    expect(task).toMatchObject({ kind: 'vm-migrate', state: 'running', total: 1, details: { items: [{ state: 'migrating', toHostId: 'h-2' }] } });
    await client.call('clock-step', { seconds: Math.floor(est.durationSec) - 1 });
    expect((await client.call('task-list', { objectId: desktop }))[0]?.state).toBe('running');
    expect((await placement(client)).get(desktop)).toBe('h-1'); // not moved until the switchover is done
    await client.call('clock-step', { seconds: 2 });
    const done = (await client.call('task-list', { objectId: desktop }))[0];
    expect(done?.state).toBe('completed');
    if (done?.kind === 'push-image' || !done) throw new Error('wrong task');
    expect((Date.parse(done.finishedAt ?? '') - Date.parse(done.createdAt)) / 1000).toBeCloseTo(est.durationSec, 2);
    expect(done.details.items[0]).toMatchObject({ state: 'done', durationSec: Math.round(est.durationSec * 10) / 10, downtimeMs: Math.round(est.downtimeMs) });
    expect((await placement(client)).get(desktop)).toBe('h-2');
    // The session is the same session, now on h-2; its short freeze is listed.
    const after = await sessions(client);
    for (const [id, s] of before) if (s.desktopId === desktop) expect(after.get(id)).toEqual(s);
    const frozen = (await client.call('vm-frozen-list', {})).find((f) => f.desktopId === desktop);
    expect(frozen?.downtimeMs).toBe(Math.round(est.downtimeMs));
    const events = (await client.call('event-list', { objectId: 'cl-1', limit: 5 })).rows.map((r) => r.message);
    expect(events.some((m) => /Live migration task-1 completed: .* no session lost/.test(m))).toBe(true);
  });

  it('runs at most 8 migrations per 25 GbE host at once and queues the rest; a 1 GbE host takes 4', async () => {
    const { client } = open();
    await client.call('clock-step', { seconds: 3 * HOUR });
    const h1 = await poweredOnOn(client, 'h-1');
    expect(h1.length).toBeGreaterThan(10);
    const move = h1.slice(0, 12);
    const task = await client.call('vm-migrate', { desktopIds: move, toHostId: 'h-2' });
    let st = await client.call('cluster-status', { clusterId: 'cl-1' });
    const host = (id: string) => st.hosts.find((h) => h.hostId === id);
    expect(host('h-1')).toMatchObject({ migrationsOut: 8, migrationLimit: 8 });
    expect(st.migrations.length).toBe(8);
    expect(st.queuedMigrations).toBe(4);
    let peak = 0;
    for (let t = 0; t < 600; t += 5) {
      await client.call('clock-step', { seconds: 5 });
      st = await client.call('cluster-status', { clusterId: 'cl-1' });
      peak = Math.max(peak, host('h-1')?.migrationsOut ?? 0, host('h-2')?.migrationsIn ?? 0);
      if ((await client.call('task-list', { objectId: 'cl-1' })).find((x) => x.id === task.id)?.state === 'completed') break;
    }
    expect(peak).toBeLessThanOrEqual(8);
    expect((await client.call('task-list', {})).find((x) => x.id === task.id)).toMatchObject({ state: 'completed', done: 12, total: 12 });
    const where = await placement(client);
    for (const d of move) expect(where.get(d)).toBe('h-2');
  });

  it('a host on 1 GbE takes four migrations at once (vSphere scales the limit with link speed)', async () => {
    const { client } = open();
    const added = await client.call('host-add', { clusterId: 'cl-1', design: { nicGbps: 1 } });
    const slow = added.objectId;
    // 07:00: nobody is logged on yet, so the VMs are idle (a busy desktop over a shared 1 GbE link may not converge).
    const six = (await poweredOnOn(client, 'h-3')).slice(0, 6);
    expect(six.length).toBe(6);
    const task = await client.call('vm-migrate', { desktopIds: six, toHostId: slow });
    const st = await client.call('cluster-status', { clusterId: 'cl-1' });
    expect(st.hosts.find((h) => h.hostId === slow)).toMatchObject({ migrationLimit: 4, migrationsIn: 4 });
    expect(st.queuedMigrations).toBe(2);
    await client.call('clock-step', { seconds: 15 * 60 });
    expect((await client.call('task-list', {})).find((x) => x.id === task.id)).toMatchObject({ state: 'completed', done: 6 });
  });

  it('refuses bad moves with a structured error and changes nothing', async () => {
    const l = open();
    const { client } = l;
    await client.call('clock-step', { seconds: 2 * HOUR });
    const d1 = (await poweredOnOn(client, 'h-1'))[0] as string;
    await client.call('host-enter-maintenance', { hostId: 'h-3' });
    await client.call('clock-step', { seconds: 600 });
    await client.call('rule-create', {
      clusterId: 'cl-1',
      name: 'Pin',
      kind: 'vm-host-must',
      desktopIds: [d1],
      hostGroup: { name: 'HG-esx01', hostIds: ['h-1'] },
    });
    const db = l.peek();
    try {
      const before = contentDigest(db);
      const cases: [unknown, string, (string | number)[], RegExp][] = [
        [{ desktopIds: [d1], toHostId: 'h-3' }, 'conflict', ['toHostId'], /in maintenance mode/],
        [{ desktopIds: [d1], toHostId: 'h-1' }, 'conflict', ['toHostId'], /already runs on/],
        [{ desktopIds: [d1], toHostId: 'h-2' }, 'conflict', ['toHostId'], /rule "Pin": must run on host group HG-esx01/],
        [{ desktopIds: [d1], toHostId: 'h-99' }, 'not-found', ['toHostId'], /No host/],
        [{ desktopIds: ['vm-9999'] }, 'not-found', ['desktopIds', 0], /No desktop/],
        [{ desktopIds: [d1, d1] }, 'invalid-input', ['desktopIds'], /twice/],
      ];
      for (const [input, code, path, msg] of cases) {
        const r = await l.host.dispatch('vm-migrate', input);
        expect(r, JSON.stringify(input)).toMatchObject({ ok: false, error: { code, path } });
        if (!r.ok) expect(r.error.message).toMatch(msg);
      }
      expect(contentDigest(db)).toBe(before);
    } finally {
      db.close();
    }
  });

  it('a migration in flight when the app crashes is simply not done when the lab reopens, and runs again', async () => {
    const l = open();
    const { client } = l;
    await client.call('clock-step', { seconds: 3 * HOUR });
    const rdsh = (await client.call('host-get', { id: 'h-1' })).desktops.find((d) => d.pool === 'CC-RDSH-Farm' && d.powerState === 'poweredOn');
    if (!rdsh) throw new Error('no session host on h-1');
    const est = await client.call('vm-migrate-estimate', { desktopId: rdsh.id, toHostId: 'h-2' });
    expect(est.durationSec).toBeGreaterThan(10); // a 48 GB session host takes a while
    const task = await client.call('vm-migrate', { desktopIds: [rdsh.id], toHostId: 'h-2' });
    await client.call('clock-step', { seconds: 5 }); // mid-flight; the step's flush is the last thing on disk
    const crashed = tempDir();
    // The files as a crash leaves them: the database and its write-ahead log, copied while the app is still running.
    copyFileSync(l.host.dbPath, join(crashed, 'lab.sqlite'));
    if (existsSync(`${l.host.dbPath}-wal`)) copyFileSync(`${l.host.dbPath}-wal`, join(crashed, 'lab.sqlite-wal'));
    const again = tempLab('small', 1, crashed);
    labs.push(again);
    const reopened = await again.client.call('task-list', {});
    expect(reopened.find((t) => t.id === task.id)).toMatchObject({ state: 'running', done: 0 });
    expect((await placement(again.client)).get(rdsh.id)).toBe('h-1');
    expect((await again.client.call('session-list', {})).filter((s) => s.desktopId === rdsh.id).length).toBe(rdsh.sessions);
    await again.client.call('clock-step', { seconds: Math.ceil(est.durationSec) + 30 });
    expect((await again.client.call('task-list', {})).find((t) => t.id === task.id)).toMatchObject({ state: 'completed', done: 1 });
    expect((await placement(again.client)).get(rdsh.id)).toBe('h-2');
  });
});
