import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src-main/contract/client.ts';
import { memoryTransport, openHost, type Host } from '../../src-main/host/host.ts';
import { CLI, REPO } from '../helpers/crash-writer.ts';
import { contentDigest, tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Restart: stop the host and start it again on the same data folder. The same lab
// comes back, with every change made before the stop, whatever --lab / --seed the
// second start is given.

const run = promisify(execFile);

const FIRST_CLOCK = () => new Date('2026-11-24T09:00:00Z');
const LATER_CLOCK = () => new Date('2027-03-01T12:00:00Z');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function reopen(dir: string, opts: { lab?: 'default' | 'small' | 'scale-10k'; seed?: number } = {}): { host: Host; client: Client } {
  const host = openHost({ dataDir: dir, user: 'CORP\\second-admin', wallClock: LATER_CLOCK, ...opts });
  cleanups.push(() => host.close());
  return { host, client: createClient(memoryTransport(host)) };
}

/** Everything a console shows, read through the API. */
async function snapshot(client: Client): Promise<Record<string, unknown>> {
  return {
    labInfo: await client.call('lab-info', {}),
    dashboard: await client.call('dashboard-summary', {}),
    desktops: await client.call('desktop-list', { limit: 20000 }),
    events: await client.call('event-list', { limit: 20000 }),
    pools: await client.call('pool-list', {}),
    entitlements: await client.call('entitlement-list', {}),
    sessions: await client.call('session-list', {}),
    hosts: await client.call('host-list', {}),
    users: await client.call('user-list', { limit: 20000 }),
    groups: await client.call('group-list', {}),
    settings: await client.call('settings-get', {}),
  };
}

/** The whole content of the file as it is on disk, through a second read-only connection. */
function diskDigest(host: Host): string {
  const db = new Database(host.dbPath, { readonly: true });
  try {
    return contentDigest(db);
  } finally {
    db.close();
  }
}

/** Several admin changes of different kinds: five audited ones, an acknowledgement and a preference. */
async function adminChanges(client: Client): Promise<void> {
  await client.call('pool-set-enabled', { id: 'pool-2', enabled: false });
  await client.call('pool-set-provisioning', { id: 'pool-3', enabled: false });
  await client.call('desktop-set-maintenance', { id: 'vm-3', maintenance: true });
  await client.call('entitlement-add', { poolId: 'pool-3', principalType: 'user', principalId: 'u-1' });
  await client.call('entitlement-remove', { poolId: 'pool-1', principalType: 'group', principalId: 'g-11' });
  await client.call('event-acknowledge', { ids: [1] });
  await client.call('settings-set', { theme: 'dark', lastRoute: '/events' });
}

describe('restart on the same data folder', () => {
  it('brings back the same lab with every change, and created is false', async () => {
    const dir = tempDir('vdi-restart-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first: TempLab = tempLab('small', 1, dir);
    cleanups.push(() => first.host.close());
    expect(first.host.created).toBe(true);

    const eventsBefore = await first.client.call('event-list', { limit: 20000 });
    await adminChanges(first.client);
    const eventsAfter = await first.client.call('event-list', { limit: 20000 });
    expect(eventsAfter.total).toBe(eventsBefore.total + 5); // five audited changes; ack and settings write no event
    const before = await snapshot(first.client);
    const digestBefore = diskDigest(first.host);
    first.host.close();

    const second = reopen(dir);
    expect(second.host.created).toBe(false);
    expect(second.host.dbPath).toBe(join(dir, 'lab.sqlite'));
    expect(await snapshot(second.client)).toEqual(before);
    expect(diskDigest(second.host)).toBe(digestBefore);

    // The changes themselves, one by one.
    expect(await second.client.call('pool-get', { id: 'pool-2' })).toMatchObject({ enabled: false });
    expect(await second.client.call('pool-get', { id: 'pool-3' })).toMatchObject({ provisioningEnabled: false });
    expect(await second.client.call('desktop-get', { id: 'vm-3' })).toMatchObject({ state: 'MAINTENANCE' });
    const ent3 = await second.client.call('entitlement-list', { poolId: 'pool-3' });
    expect(ent3.some((e) => e.principalType === 'user' && e.principalId === 'u-1')).toBe(true);
    const ent1 = await second.client.call('entitlement-list', { poolId: 'pool-1' });
    expect(ent1.some((e) => e.principalType === 'group' && e.principalId === 'g-11')).toBe(false);
    const ev = await second.client.call('event-list', { limit: 20000 });
    expect(ev.rows.find((e) => e.id === 1)).toMatchObject({ acknowledged: true, acknowledgedBy: 'CORP\\test-admin' });
    const audit = ev.rows.filter((e) => e.user === 'CORP\\test-admin').map((e) => [e.objectId, e.type, e.message.split(' ')[0]]);
    expect(audit).toEqual([
      ['pool-1', 'audit-success', 'Removed'],
      ['pool-3', 'audit-success', 'Entitled'],
      ['vm-3', 'audit-success', 'Desktop'],
      ['pool-3', 'audit-success', 'Provisioning'],
      ['pool-2', 'audit-success', 'Desktop'],
    ]);
    expect(await second.client.call('settings-get', {})).toEqual({ theme: 'dark', lastRoute: '/events', sidebarOpen: true, vocabulary: 'horizon' });

    // Writing after the restart continues the event numbering: no id is reused.
    const maxId = Math.max(...ev.rows.map((e) => e.id));
    await second.client.call('pool-set-enabled', { id: 'pool-2', enabled: true });
    const newest = await second.client.call('event-list', { limit: 1 });
    expect(newest.rows[0]).toMatchObject({ id: maxId + 1, objectId: 'pool-2', user: 'CORP\\second-admin', wallTime: LATER_CLOCK().toISOString() });
  });

  it('does not replace the existing lab when started with another profile or seed', async () => {
    const dir = tempDir('vdi-restart-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = tempLab('small', 1, dir);
    cleanups.push(() => first.host.close());
    await first.client.call('pool-set-enabled', { id: 'pool-4', enabled: false });
    const before = await snapshot(first.client);
    const digest = diskDigest(first.host);
    first.host.close();

    for (const opts of [{ lab: 'default', seed: 99 }, { lab: 'small', seed: 2 }, { lab: 'scale-10k', seed: 1 }, {}] as const) {
      const again = reopen(dir, opts);
      expect(again.host.created).toBe(false);
      expect(await again.client.call('lab-info', {})).toMatchObject({ profile: 'small', seed: 1, counts: { hosts: 3, pools: 6 } });
      expect(await snapshot(again.client)).toEqual(before);
      expect(diskDigest(again.host)).toBe(digest);
      again.host.close();
    }
  });

  it('survives many stop/start cycles with writes in between, nothing lost', async () => {
    const dir = tempDir('vdi-restart-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    tempLab('small', 1, dir).host.close();
    const expectedEnabled = new Map<string, boolean>();
    for (let cycle = 0; cycle < 8; cycle++) {
      const { host, client } = reopen(dir);
      expect(host.created).toBe(false);
      for (const [id, enabled] of expectedEnabled) expect((await client.call('pool-get', { id })).enabled).toBe(enabled);
      const id = `pool-${(cycle % 5) + 1}`;
      const enabled = !(expectedEnabled.get(id) ?? true);
      await client.call('pool-set-enabled', { id, enabled });
      expectedEnabled.set(id, enabled);
      host.close();
    }
    const { client } = reopen(dir);
    const audits = await client.call('event-list', { search: 'second-admin', limit: 100 });
    expect(audits.total).toBe(8);
    expect(audits.rows.every((e) => e.type === 'audit-success' && e.objectKind === 'pool')).toBe(true);
    for (const [id, enabled] of expectedEnabled) expect((await client.call('pool-get', { id })).enabled).toBe(enabled);
  });

  it('a separate process (the CLI) sees the same lab, and its writes are seen after the next start', async () => {
    const dir = tempDir('vdi-restart-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = tempLab('small', 1, dir);
    cleanups.push(() => first.host.close());
    await first.client.call('desktop-set-maintenance', { id: 'vm-3', maintenance: true });
    const info = await first.client.call('lab-info', {});
    first.host.close();

    const read = await run(process.execPath, [CLI, 'call', 'lab-info', '--data', dir, '--lab', 'default', '--seed', '5'], { cwd: REPO });
    expect(JSON.parse(read.stdout)).toEqual(info);

    const write = await run(process.execPath, [CLI, 'call', 'desktop-set-maintenance', '{"id":"vm-3","maintenance":false}', '--data', dir], {
      cwd: REPO,
    });
    expect(JSON.parse(write.stdout)).toMatchObject({ id: 'vm-3', state: 'AVAILABLE' });

    const { host, client } = reopen(dir);
    expect(host.created).toBe(false);
    expect(await client.call('desktop-get', { id: 'vm-3' })).toMatchObject({ state: 'AVAILABLE' });
    const ev = await client.call('event-list', { objectId: 'vm-3', limit: 10 });
    expect(ev.rows.map((e) => e.message)).toEqual([expect.stringMatching(/exited maintenance/), expect.stringMatching(/entered maintenance/)]);
    expect(existsSync(join(dir, 'lab.sqlite'))).toBe(true);
  });
});
