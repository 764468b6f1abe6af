import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src-main/contract/client.ts';
import { VCENTER_ID, enc } from '../../src-main/host/rest/ids.ts';
import { startWebServer, type WebServer } from '../../src-main/host/web-server.ts';
import { END, firstDifference, open, storeRows } from '../helpers/durable.ts';
import { http } from '../helpers/http-client.ts';
import { contentDigest, tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 15: add / remove machines of a manual pool through /rest (2512 addMachines, removeMachines)
// and the vCenter's VMs (listVirtualMachines). A machine removed leaves the pool and the engine and
// stays in vCenter as a VM in no pool; add-machines takes it back, and a user can connect to it.
// Refusals are per-id results that change nothing; the lab continues the same across a reopen.

type Obj = Record<string, unknown>;
let root: string;
let lab: TempLab;
let web: WebServer;
let access = '';

/** A floating manual pool of two machines (RCP-01, RCP-02) on the small lab's cluster, with two entitled users who have no session. */
async function manualPool(c: Client) {
  const pool = await c.call('pool-create', {
    name: 'RECEPTION',
    displayName: 'Reception PCs',
    kind: 'manual',
    assignment: 'floating',
    namingPattern: 'RCP-{n:2}',
    minMachines: 0,
    maxMachines: 3,
    spareMachines: 0,
    clusterId: 'cl-1',
    datastoreIds: ['ds-1'],
    networkId: 'net-3',
  });
  await c.call('pool-add-machines', { id: pool.id, count: 2 });
  const busy = new Set((await c.call('session-list', {})).map((s) => s.userId));
  const users = (await c.call('user-list', { limit: 200 })).rows.filter((u) => !busy.has(u.id)).slice(-2);
  for (const u of users) await c.call('entitlement-add', { poolId: pool.id, principalType: 'user', principalId: u.id });
  const machines = (await c.call('desktop-list', { poolId: pool.id })).rows;
  return { pool, users: users.map((u) => u.id), machines: machines.map((m) => ({ id: m.id, name: m.name })) };
}

beforeAll(async () => {
  root = tempDir('vdi-horizon-members-');
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  lab = tempLab('small', 1, join(root, 'lab'));
  web = await startWebServer({ host: lab.host, rendererDir: join(root, 'renderer'), port: 0 });
  const login = await http<{ access_token: string }>(web.port, 'POST', '/rest/login', {
    body: { username: 'administrator', password: web.token, domain: 'CORP' },
  });
  access = login.json.access_token;
}, 120_000);

afterAll(async () => {
  await web.close();
  lab.host.close();
  rmSync(root, { recursive: true, force: true });
});

const rest = <T = unknown>(method: string, path: string, body?: unknown) => http<T>(web.port, method, `/rest${path}`, { token: access, body });

function digest(): string {
  const db = lab.peek();
  try {
    return contentDigest(db);
  } finally {
    db.close();
  }
}

const item = (id: string, status: number) =>
  status === 200 ? { id, status_code: 200 } : { id, status_code: status, errors: [expect.any(Object)], timestamp: expect.any(Number) };
const vmsNamed = async (name: string) =>
  (
    await rest<Obj[]>(
      'GET',
      `/external/v1/virtual-machines?vcenter_id=${VCENTER_ID}&filter=${encodeURIComponent(JSON.stringify({ type: 'Equals', name: 'name', value: name }))}`,
    )
  ).json;

describe('manual pool machines through /rest', () => {
  it('remove then add back: the VM waits in vCenter in no pool, returns as the same machine, and a user connects to it', async () => {
    const { pool, users, machines } = await manualPool(lab.client);
    const [uA, uB] = users as [string, string];
    const poolRest = enc('pool', pool.id);
    // uB holds one machine; the other is free.
    const held = await lab.client.call('session-connect', { userId: uB, poolId: pool.id, clientDevice: 'windows', network: 'lan' });
    const busy = machines.find((m) => m.id === held.desktopId)!;
    const free = machines.find((m) => m.id !== held.desktopId)!;

    // Refusals only: the machine in use, a machine of another pool, an unknown id; an automated pool. Nothing changes.
    const before = digest();
    const other = (await lab.client.call('desktop-list', { poolId: 'pool-1' })).rows[0]!;
    const refused = await rest<Obj[]>('POST', `/inventory/v1/desktop-pools/${poolRest}/action/remove-machines`, [
      enc('machine', busy.id),
      enc('machine', other.id),
      enc('machine', 'vm-999999'),
      'not-a-machine',
    ]);
    expect(refused.status, refused.text).toBe(200);
    expect(refused.json).toEqual([
      item(enc('machine', busy.id), 400),
      item(enc('machine', other.id), 404),
      item(enc('machine', 'vm-999999'), 404),
      item('not-a-machine', 404),
    ]);
    expect(JSON.stringify(refused.json[0])).toMatch(/has a session/);
    const automated = await rest<Obj[]>('POST', `/inventory/v1/desktop-pools/${enc('pool', 'pool-1')}/action/remove-machines`, [enc('machine', other.id)]);
    expect(automated.json).toEqual([item(enc('machine', other.id), 400)]);
    expect((await rest('POST', `/inventory/v1/desktop-pools/${enc('pool', 'pool-404')}/action/remove-machines`, [enc('machine', free.id)])).status).toBe(404);
    expect((await rest('POST', `/inventory/v1/desktop-pools/${poolRest}/action/remove-machines`, { ids: [free.id] })).status).toBe(400);
    expect(digest()).toBe(before);
    // In the pool, the free machine is a vCenter VM in use by a pool.
    expect(await vmsNamed(free.name)).toEqual([expect.objectContaining({ id: free.id, incompatible_reasons: ['IN_USE_BY_LOCAL_DESKTOP_POOL'] })]);

    // Removed: gone from the pool and from /rest machines; its VM stays, in no pool.
    const removed = await rest<Obj[]>('POST', `/inventory/v1/desktop-pools/${poolRest}/action/remove-machines`, [enc('machine', free.id)]);
    expect(removed.json).toEqual([item(enc('machine', free.id), 200)]);
    expect((await rest('GET', `/inventory/v1/machines/${enc('machine', free.id)}`)).status).toBe(404);
    expect((await lab.client.call('pool-get', { id: pool.id })).machineCount).toBe(1);
    expect(await vmsNamed(free.name)).toEqual([
      { id: free.id, name: free.name, path: `/vm/${free.name}`, operating_system: expect.any(String), incompatible_reasons: [] },
    ]);
    expect((await lab.client.call('unmanaged-vm-list', {})).map((v) => [v.id, v.name, v.formerPoolId])).toEqual([[free.id, free.name, pool.id]]);
    // With no free machine left, uA cannot connect.
    const full = await lab.host.dispatch('session-connect', { userId: uA, poolId: pool.id, clientDevice: 'windows', network: 'lan' });
    expect(full.ok).toBe(false);

    // An automated pool does not take it; an unknown VM is 404; both change nothing.
    const before2 = digest();
    const wrongPool = await rest<Obj[]>('POST', `/inventory/v1/desktop-pools/${enc('pool', 'pool-1')}/action/add-machines`, [free.id]);
    expect(wrongPool.json).toEqual([item(free.id, 400)]);
    expect((await rest<Obj[]>('POST', `/inventory/v1/desktop-pools/${poolRest}/action/add-machines`, ['vm-999999'])).json).toEqual([item('vm-999999', 404)]);
    expect(digest()).toBe(before2);

    // Added back: the same machine (id, name), in the pool, and uA's connection lands on it.
    const added = await rest<Obj[]>('POST', `/inventory/v1/desktop-pools/${poolRest}/action/add-machines`, [free.id]);
    expect(added.json).toEqual([item(free.id, 200)]);
    const back = await rest<Obj>('GET', `/inventory/v1/machines/${enc('machine', free.id)}`);
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ name: free.name, desktop_pool_id: poolRest, state: 'AVAILABLE' });
    expect(await lab.client.call('unmanaged-vm-list', {})).toEqual([]);
    const s = await lab.client.call('session-connect', { userId: uA, poolId: pool.id, clientDevice: 'windows', network: 'lan' });
    expect(s.desktopId).toBe(free.id);
    await lab.client.call('clock-step', { seconds: 300 });
    const detail = await lab.client.call('session-get', { id: s.sessionId });
    expect(detail.session.state).toMatch(/active|idle/);
    expect(detail.desktop).toMatchObject({ id: free.id, state: 'CONNECTED' });
  });

  it('the VM list wants the lab vCenter id', async () => {
    expect((await rest('GET', '/external/v1/virtual-machines')).status).toBe(400);
    expect((await rest('GET', `/external/v1/virtual-machines?vcenter_id=${enc('pool', 'pool-1')}`)).status).toBe(404);
  });
});

describe('durability', () => {
  /** Remove a machine, run, add it back, run: with `cut`, the lab is closed and reopened between each. */
  async function run(dir: string, cut: boolean): Promise<Map<string, string[]>> {
    let r = open(dir);
    const reopen = () => {
      if (!cut) return;
      r.host.close();
      r = open(dir);
    };
    const { pool, machines } = await manualPool(r.client);
    await r.client.call('clock-step', { seconds: 1800 });
    const gone = (await r.client.call('pool-remove-machines', { id: pool.id, ids: machines.map((m) => m.id) })).results.filter((x) => x.ok);
    expect(gone.length).toBeGreaterThan(0);
    reopen();
    await r.client.call('clock-step', { seconds: 1800 });
    const back = await r.client.call('pool-add-vms', { id: pool.id, vmIds: gone.map((g) => g.id) });
    expect(back.results.every((x) => x.ok)).toBe(true);
    reopen();
    await r.client.call('clock-step', { seconds: END / 3 });
    r.host.close();
    return storeRows(join(dir, 'lab.sqlite'));
  }

  it('the lab continues exactly the same when it is reopened between a remove and an add', async () => {
    const a = tempDir('vdi-members-a-');
    const b = tempDir('vdi-members-b-');
    try {
      const straight = await run(a, false);
      const cut = await run(b, true);
      expect(straight.get('unmanaged_vms')).toEqual([]);
      expect(firstDifference(straight, cut)).toBeNull();
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  }, 300_000);
});
