import { afterEach, describe, expect, it } from 'vitest';
import type { PushMessage } from '../../src-main/contract/methods.ts';
import { ApiCallError } from '../../src-main/contract/client.ts';
import { Dispatcher } from '../../src-main/host/dispatcher.ts';
import { handlers } from '../../src-main/app/handlers/index.ts';
import { apiDescription } from '../../src-main/host/cli.ts';
import { LabError } from '../../src-main/contract/errors.ts';
import { openDatabase } from '../../src-main/store/db.ts';
import { setPoolFlag } from '../../src-main/store/pools.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

describe('lab on disk', () => {
  it('matches the dashboard: counts come from the stored lab', async () => {
    lab = tempLab('default', 11);
    const { client } = lab;
    const info = await client.call('lab-info', {});
    const dash = await client.call('dashboard-summary', {});
    const hosts = await client.call('host-list', {});
    const desktops = await client.call('desktop-list', {});
    expect(info.profile).toBe('default');
    expect(dash.hosts.total).toBe(hosts.length);
    expect(dash.desktops.total).toBe(desktops.total);
    expect(desktops.rows).toHaveLength(desktops.total);
    const byState: Record<string, number> = {};
    for (const d of desktops.rows) byState[d.state] = (byState[d.state] ?? 0) + 1;
    expect(dash.desktops.byState).toEqual(byState);
    const problems = await client.call('desktop-list', { problemsOnly: true });
    expect(dash.desktops.problems).toBe(problems.total);
    expect(problems.total).toBeGreaterThan(0);
    const sessions = await client.call('session-list', {});
    expect(dash.sessions.total).toBe(sessions.length);
    expect(dash.capacity.cores).toBe(hosts.filter((h) => h.powerState === 'poweredOn').reduce((a, h) => a + h.sockets * h.coresPerSocket, 0));
  });

  it('is the same lab for the same seed (store content, apart from wall-clock times)', () => {
    const a = tempLab('small', 77);
    const b = tempLab('small', 77);
    try {
      const strip = (s: string) => s.replace(/"(wall_time|created_at|value)":"2026-11[^"]*"/g, '');
      const da = a.peek();
      const db = b.peek();
      expect(strip(contentDigest(da))).toBe(strip(contentDigest(db)));
      da.close();
      db.close();
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});

describe('admin operations write their event in the same transaction and push it', () => {
  it('pool disable → event, push, persisted; repeating it is a no-op without an event', async () => {
    lab = tempLab();
    const pushes: PushMessage[] = [];
    lab.host.onPush((m) => pushes.push(m));
    const before = (await lab.client.call('event-list', {})).total;
    const pool = await lab.client.call('pool-set-enabled', { id: 'pool-1', enabled: false });
    expect(pool.enabled).toBe(false);
    const events = await lab.client.call('event-list', { objectId: 'pool-1' });
    expect(events.rows[0]).toMatchObject({ type: 'audit-success', objectKind: 'pool', objectName: pool.name, user: 'CORP\\test-admin' });
    expect(events.rows[0]?.message).toMatch(/disabled/);
    // The engine is open for any change to the lab (host.ts beforeMutation): its clock is pushed with the change.
    expect(pushes.map((p) => p.topic)).toEqual(['event-added', 'clock', 'lab-changed']);
    await lab.client.call('pool-set-enabled', { id: 'pool-1', enabled: false });
    expect((await lab.client.call('event-list', {})).total).toBe(before + 1);
    expect((await lab.client.call('dashboard-summary', {})).pools.enabled).toBe(5);
  });

  it('a request that flushes several times pushes the clock, the figures and "lab changed" once each, after its events', async () => {
    // A request flushes before its handler and after it; a snapshot-growth fault twice more (the backup job's snapshots are taken
    // in the flush). Each flush pushed the clock and the figures, and three "lab changed" made every console read its lists again.
    lab = tempLab();
    await lab.client.call('clock-step', { seconds: 7200 });
    const pushes: PushMessage[] = [];
    lab.host.onPush((m) => pushes.push(m));
    await lab.client.call('fault-inject', { kind: 'snapshot-growth', targetId: 'pool-3', params: { machines: 2, rateGbPerHour: 40 } });
    expect(pushes.map((p) => p.topic)).toEqual(['event-added', 'event-added', 'clock', 'metrics', 'lab-changed']);
    const kinds = (pushes.at(-1)?.payload as { kinds: string[] }).kinds;
    expect(kinds).toEqual(expect.arrayContaining(['desktop', 'datastore']));
    expect(new Set(kinds).size).toBe(kinds.length);
    expect((pushes[2]?.payload as { simTime: string }).simTime).toBe((await lab.client.call('clock-get', {})).simTime);
  });

  it('a handler that fails after writing leaves nothing behind (rollback), and pushes nothing', async () => {
    lab = tempLab();
    const db = openDatabase(lab.host.dbPath);
    const d = new Dispatcher(db);
    d.register('pool-set-enabled', (input, ctx) => {
      setPoolFlag(ctx.db, input.id, 'enabled', input.enabled);
      ctx.audit({ objectKind: 'pool', objectId: input.id, objectName: input.id, message: 'half-done' });
      throw new LabError('conflict', 'failed after writing');
    });
    const pushes: PushMessage[] = [];
    d.onPush((m) => pushes.push(m));
    const peek = lab.peek();
    const before = contentDigest(peek);
    const reply = await d.dispatch('pool-set-enabled', { id: 'pool-1', enabled: false }, { user: 't' });
    expect(reply).toEqual({ ok: false, error: { code: 'conflict', message: 'failed after writing' } });
    expect(contentDigest(peek)).toBe(before);
    expect(pushes).toEqual([]);
    peek.close();
    db.close();
  });

  it('an unexpected exception becomes an internal error, not a crash', async () => {
    lab = tempLab();
    const db = openDatabase(lab.host.dbPath);
    const d = new Dispatcher(db);
    d.register('lab-info', () => {
      throw new TypeError('boom');
    });
    expect(await d.dispatch('lab-info', {}, { user: 't' })).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/boom/) } });
    db.close();
  });

  it('desktop maintenance follows the truth table', async () => {
    lab = tempLab('default', 3);
    const { client } = lab;
    const rows = (await client.call('desktop-list', {})).rows;
    const available = rows.find((r) => r.state === 'AVAILABLE');
    const connected = rows.find((r) => r.state === 'CONNECTED');
    const unreachable = rows.find((r) => r.state === 'AGENT_UNREACHABLE');
    if (!available || !connected || !unreachable) throw new Error('lab lacks the states this test needs');
    const d = await client.call('desktop-set-maintenance', { id: available.id, maintenance: true });
    expect(d.state).toBe('MAINTENANCE');
    await expect(client.call('desktop-set-maintenance', { id: available.id, maintenance: true })).rejects.toThrow(/already/);
    const out = await client.call('desktop-set-maintenance', { id: available.id, maintenance: false });
    expect(out.state).toBe('AVAILABLE');
    await expect(client.call('desktop-set-maintenance', { id: available.id, maintenance: false })).rejects.toThrow(/not in maintenance/);
    const err = await client.call('desktop-set-maintenance', { id: connected.id, maintenance: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect((err as ApiCallError).error).toMatchObject({ code: 'conflict', path: ['maintenance'] });
    expect((err as ApiCallError).error.message).toMatch(/log the user off/);
    expect((await client.call('desktop-set-maintenance', { id: unreachable.id, maintenance: true })).state).toBe('MAINTENANCE');
  });

  it('entitlements: add, list, remove, each audited', async () => {
    lab = tempLab();
    const { client } = lab;
    const users = await client.call('user-list', { limit: 1 });
    const user = users.rows[0];
    if (!user) throw new Error('no users');
    const e = await client.call('entitlement-add', { poolId: 'pool-3', principalType: 'user', principalId: user.id });
    expect(e.principalName).toBe(user.login);
    expect((await client.call('pool-get', { id: 'pool-3' })).entitledUserIds).toContain(user.id);
    expect(await client.call('entitlement-remove', { poolId: 'pool-3', principalType: 'user', principalId: user.id })).toEqual({ removed: true });
    const events = await client.call('event-list', { objectId: 'pool-3' });
    expect(events.rows.map((r) => r.message).slice(0, 2)).toEqual([
      expect.stringMatching(/^Removed the entitlement of user/),
      expect.stringMatching(/^Entitled user/),
    ]);
  });

  it('events: acknowledge, filter by acknowledgement', async () => {
    lab = tempLab('default', 3);
    const { client } = lab;
    const open = await client.call('event-list', { acknowledged: false });
    expect(open.unacknowledged).toBeGreaterThan(1);
    const ids = open.rows.slice(0, 2).map((r) => r.id);
    expect(await client.call('event-acknowledge', { ids })).toEqual({ acknowledged: 2 });
    expect(await client.call('event-acknowledge', { ids })).toEqual({ acknowledged: 0 });
    const after = await client.call('event-list', { acknowledged: true });
    expect(after.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(after.rows[0]?.acknowledgedBy).toBe('CORP\\test-admin');
    expect(after.unacknowledged).toBe(open.unacknowledged - 2);
  });

  it("lab-reset replaces the lab and says so in the new lab's events", async () => {
    lab = tempLab('small', 1);
    const info = await lab.client.call('lab-reset', { profile: 'default', seed: 9, confirm: true });
    expect(info).toMatchObject({ profile: 'default', seed: 9, counts: { hosts: 12 } });
    const events = await lab.client.call('event-list', { limit: 1 });
    expect(events.rows[0]?.message).toMatch(/regenerated from profile default with seed 9/);
  });

  it('settings persist and are not lab events', async () => {
    lab = tempLab();
    const before = (await lab.client.call('event-list', {})).total;
    await lab.client.call('settings-set', { theme: 'dark', lastRoute: '/events' });
    expect(await lab.client.call('settings-get', {})).toEqual({ theme: 'dark', lastRoute: '/events', sidebarOpen: true, vocabulary: 'horizon' });
    expect((await lab.client.call('event-list', {})).total).toBe(before);
  });

  it('the vocabulary is a saved preference: the next process reads it; a wrong one is refused and changes nothing', async () => {
    lab = tempLab();
    await lab.client.call('settings-set', { vocabulary: 'citrix' });
    expect((await lab.client.call('settings-get', {})).vocabulary).toBe('citrix');
    const err = await lab.client.call('settings-set', { vocabulary: 'vmware', theme: 'dark' } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect((err as ApiCallError).error).toMatchObject({ code: 'invalid-input', path: ['vocabulary'] });
    expect(await lab.client.call('settings-get', {})).toMatchObject({ vocabulary: 'citrix', theme: 'light' });
    // What another process reads: the saved preference in the file.
    const db = lab.peek();
    try {
      expect(db.prepare("SELECT value FROM settings WHERE key = 'vocabulary'").get()).toEqual({ value: '"citrix"' });
    } finally {
      db.close();
    }
    await lab.client.call('settings-set', { vocabulary: 'avd' });
    expect((await lab.client.call('settings-get', {})).vocabulary).toBe('avd');
  });
});

describe('registration', () => {
  it('registering a method twice throws; every method has a handler', () => {
    lab = tempLab();
    const db = lab.peek();
    const d = new Dispatcher(db);
    d.register('lab-info', handlers['lab-info']);
    expect(() => d.register('lab-info', handlers['lab-info'])).toThrow(/registered twice/);
    expect(() => d.assertComplete()).toThrow(/without a handler/);
    db.close();
  });

  it('`vdi-console api` describes every method with a JSON Schema of its input', async () => {
    const api = await apiDescription();
    expect(api.map((m) => m.method).sort()).toEqual(Object.keys(handlers).sort());
    const reset = api.find((m) => m.method === 'lab-reset');
    expect(reset?.input).toMatchObject({ type: 'object', required: expect.arrayContaining(['profile', 'seed', 'confirm']) });
    for (const m of api) expect(m.description.length).toBeGreaterThan(10);
  });
});
