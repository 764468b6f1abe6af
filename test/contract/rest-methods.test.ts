import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../src-main/contract/methods.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// The contract additions the HTTP transports need (rest-methods.ts), in the small lab with seed 1:
// what they answer agrees with the methods the console already uses, and the actions reach the engine.

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

async function refusedUnchanged(l: TempLab, method: MethodName, input: unknown, code: string, path?: (string | number)[]) {
  const db = l.peek();
  try {
    const before = contentDigest(db);
    const reply = await l.host.dispatch(method, input);
    expect(reply, JSON.stringify(input)).toMatchObject({ ok: false, error: { code } });
    if (path && !reply.ok) expect(reply.error.path).toEqual(path);
    expect(contentDigest(db)).toBe(before);
  } finally {
    db.close();
  }
}

async function connected(l: TempLab, userId: string) {
  const r = await l.client.call('session-connect', { userId, clientDevice: 'windows', network: 'lan' });
  for (let i = 0; i < 12; i++) {
    if ((await l.client.call('session-screen', { id: r.sessionId })).state !== 'connecting') break;
    await l.client.call('clock-step', { seconds: 10 });
  }
  return r;
}

describe('desktop-detail-list', () => {
  it('pages concatenate to the whole ordered list; totals agree with desktop-list; names and the first session are joined', async () => {
    const l = (lab = tempLab('small', 1));
    const all = await l.client.call('desktop-detail-list', {});
    expect(all.total).toBe((await l.client.call('desktop-list', {})).total);
    expect(all.rows.map((r) => r.name)).toEqual([...all.rows.map((r) => r.name)].sort());
    const pages = [];
    for (let offset = 0; offset < all.total; offset += 7) pages.push(...(await l.client.call('desktop-detail-list', { limit: 7, offset })).rows);
    expect(pages).toEqual(all.rows);
    const withSession = all.rows.find((r) => r.sessionCount > 0);
    expect(withSession).toMatchObject({ sessionId: expect.stringMatching(/^sess-/), sessionUserLogin: expect.stringMatching(/^CORP\\/) });
    const assigned = all.rows.find((r) => r.assignedUserId !== null);
    expect(assigned?.assignedUserLogin).toMatch(/^CORP\\/);
    expect(all.rows.every((r) => r.poolName && r.hostName && r.datastoreName)).toBe(true);
  });

  it('filters by session type, pools, states and name (case-insensitive, LIKE wildcards literal); orders by state then name', async () => {
    const l = (lab = tempLab('small', 1));
    const single = await l.client.call('desktop-detail-list', { sessionType: 'single-session' });
    const multi = await l.client.call('desktop-detail-list', { sessionType: 'multi-session' });
    expect(single.total + multi.total).toBe((await l.client.call('desktop-list', {})).total);
    expect(multi.rows.every((r) => r.poolName === 'CC-RDSH-Farm')).toBe(true);
    expect((await l.client.call('desktop-detail-list', { namePrefix: 'kw-' })).total).toBe(22);
    expect((await l.client.call('desktop-detail-list', { nameContains: '_' })).total).toBe(0);
    expect((await l.client.call('desktop-detail-list', { nameSuffix: '-01' })).rows.every((r) => r.name.endsWith('-01'))).toBe(true);
    const problems = await l.client.call('desktop-detail-list', { states: ['AGENT_UNREACHABLE', 'ERROR'], poolIds: ['pool-1'] });
    expect(problems.rows.map((r) => r.name)).toEqual(['KW-009']);
    const byState = (await l.client.call('desktop-detail-list', { orderBy: 'state', desc: true })).rows;
    for (let i = 1; i < byState.length; i++) {
      const [a, b] = [byState[i - 1]!, byState[i]!];
      expect(a.state > b.state || (a.state === b.state && a.name < b.name)).toBe(true);
    }
    expect((await l.client.call('desktop-detail-list', { ids: ['vm-3', 'vm-1', 'vm-404'] })).rows.map((r) => r.id)).toEqual(['vm-1', 'vm-3']);
  });
});

describe('session-page and session-breakdown', () => {
  it('pages in creation order, agree with session-list and session-summary', async () => {
    const l = (lab = tempLab('small', 1));
    await l.client.call('clock-step', { seconds: 2 * 3600 }); // the morning: sessions of every pool
    const list = await l.client.call('session-list', {});
    const page = await l.client.call('session-page', {});
    expect(page.total).toBe(list.length);
    const n = (id: string) => Number(id.split('-')[1]);
    expect(page.rows.map((r) => n(r.id))).toEqual([...page.rows.map((r) => n(r.id))].sort((a, b) => a - b));
    const byId = new Map(list.map((r) => [r.id, r]));
    for (const r of page.rows) expect(byId.get(r.id)).toMatchObject({ userId: r.userId, desktopName: r.desktopName, state: r.state, protocol: r.protocol });
    const halves = [...(await l.client.call('session-page', { limit: 3 })).rows, ...(await l.client.call('session-page', { offset: 3 })).rows];
    expect(halves).toEqual(page.rows);
    const summary = await l.client.call('session-summary', {});
    const breakdown = await l.client.call('session-breakdown', {});
    expect(breakdown.total).toBe(summary.total);
    expect(breakdown.byState).toEqual(summary.byState);
    expect(Object.values(breakdown.byProtocol).reduce((a, b) => a + (b ?? 0), 0)).toBe(summary.total);
    expect(breakdown.users).toBe(new Set(list.map((r) => r.userId)).size);
    const multi = await l.client.call('session-page', { sessionType: 'multi-session' });
    expect(Object.values(breakdown.bySessionType['multi-session']).reduce((a, b) => a + (b ?? 0), 0)).toBe(multi.total);
    const idle = await l.client.call('session-page', { state: 'idle' });
    expect(idle.total).toBe(summary.byState.idle);
  });
});

describe('desktop-power (A3)', () => {
  it('reset without a session: the machine restarts (WAIT_FOR_AGENT → AVAILABLE) with an audit event', async () => {
    const l = (lab = tempLab('small', 1));
    const r = await l.client.call('desktop-power', { ids: ['vm-40'], action: 'reset' });
    expect(r.ids).toEqual(['vm-40']);
    expect((await l.client.call('desktop-get', { id: 'vm-40' })).state).toBe('WAIT_FOR_AGENT');
    const audit = await l.client.call('event-list', { objectId: 'vm-40', type: 'audit-success', limit: 5 });
    expect(audit.rows[0]?.message).toMatch(/^Reset PWR-06/);
    await l.client.call('clock-step', { seconds: 120 });
    expect((await l.client.call('desktop-get', { id: 'vm-40' })).state).toBe('AVAILABLE');
  });

  it('restart of a machine with a session needs force; with it, the session ends', async () => {
    const l = (lab = tempLab('small', 1));
    const s = await connected(l, 'u-1');
    await refusedUnchanged(l, 'desktop-power', { ids: [s.desktopId], action: 'restart' }, 'conflict', ['ids', 0]);
    await l.client.call('desktop-power', { ids: [s.desktopId], action: 'restart', force: true });
    expect((await l.client.call('session-list', { ids: [s.sessionId] })).length).toBe(0);
  });

  it('refuses machines in maintenance or being provisioned, all or nothing', async () => {
    const l = (lab = tempLab('small', 1));
    await l.client.call('desktop-set-maintenance', { id: 'vm-3', maintenance: true });
    await refusedUnchanged(l, 'desktop-power', { ids: ['vm-1', 'vm-3'], action: 'reset' }, 'conflict', ['ids', 1]);
  });
});

describe('desktop-recover and desktop-rebuild (A4)', () => {
  it('recover: a broken instant clone is cloned again and comes back AVAILABLE', async () => {
    const l = (lab = tempLab('small', 1));
    // The engine runs from the first change (host.ts beforeMutation), as in a console: its rebuild used to write the
    // engine's rows over the recovered machine's, which stayed AGENT_UNREACHABLE for ever.
    await l.client.call('desktop-simulate-failure', { id: 'vm-2', kind: 'bad-update' });
    expect(['ERROR', 'AGENT_UNREACHABLE']).toContain((await l.client.call('desktop-get', { id: 'vm-2' })).state);
    await l.client.call('desktop-recover', { ids: ['vm-2'] });
    expect((await l.client.call('desktop-get', { id: 'vm-2' })).state).toBe('PROVISIONING');
    await l.client.call('clock-step', { seconds: 300 });
    const d = await l.client.call('desktop-get', { id: 'vm-2' });
    expect(['AVAILABLE', 'CONNECTED']).toContain(d.state);
    expect(d.problem).toBeNull();
  });

  it('rebuild: a full clone keeps its name and user; refused for a machine with a session', async () => {
    const l = (lab = tempLab('small', 1));
    const before = await l.client.call('desktop-get', { id: 'vm-36' });
    await l.client.call('desktop-rebuild', { ids: ['vm-36'] });
    expect((await l.client.call('desktop-get', { id: 'vm-36' })).state).toBe('PROVISIONING');
    await l.client.call('clock-step', { seconds: 1200 }); // a full clone is a copy: minutes
    const after = await l.client.call('desktop-get', { id: 'vm-36' });
    expect(after).toMatchObject({ name: before.name, assignedUserId: before.assignedUserId });
    expect(['AVAILABLE', 'CONNECTED', 'DISCONNECTED']).toContain(after.state);
    await refusedUnchanged(l, 'desktop-rebuild', { ids: ['vm-35'] }, 'conflict', ['ids', 0]); // PWR-01: Friday's disconnected session
  });
});

describe('pool-configure (A8), counts and lookups', () => {
  it('applies settings and flags in one transaction: a bad setting leaves the flags as they were', async () => {
    const l = (lab = tempLab('small', 1));
    await refusedUnchanged(l, 'pool-configure', { id: 'pool-2', enabled: false, spareMachines: 500 }, 'invalid-input', ['spareMachines']);
    expect((await l.client.call('pool-get', { id: 'pool-2' })).enabled).toBe(true);
    const p = await l.client.call('pool-configure', { id: 'pool-2', enabled: false, provisioningEnabled: false, displayName: 'TW' });
    expect(p).toMatchObject({ enabled: false, provisioningEnabled: false, displayName: 'TW' });
    const audit = await l.client.call('event-list', { objectId: 'pool-2', limit: 5 });
    expect(audit.rows.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/edited/), expect.stringMatching(/disabled/), expect.stringMatching(/Provisioning disabled/)]),
    );
  });

  it('pool-assigned-counts, datastore-usage, event-page and user-get-many agree with the other reads', async () => {
    const l = (lab = tempLab('small', 1));
    const counts = await l.client.call('pool-assigned-counts', {});
    const rows = (await l.client.call('desktop-detail-list', {})).rows;
    for (const c of counts) expect(c.assigned).toBe(rows.filter((r) => r.poolId === c.poolId && r.assignedUserId).length);
    const usage = await l.client.call('datastore-usage', {});
    expect(usage.reduce((a, u) => a + u.machines, 0)).toBe(rows.length);
    expect((await l.client.call('datastore-usage', { datastoreId: 'ds-1' })).every((u) => u.datastoreId === 'ds-1')).toBe(true);
    const all = await l.client.call('event-page', {});
    const ids = all.rows.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const from = all.rows[Math.floor(all.rows.length / 2)]!.simTime;
    const later = await l.client.call('event-page', { fromSimTime: from });
    expect(later.rows.every((e) => e.simTime >= from)).toBe(true);
    expect(later.total).toBeLessThan(all.total + 1);
    const users = await l.client.call('user-get-many', { ids: ['u-3', 'u-404', 'u-1'] });
    expect(users.map((u) => u.id)).toEqual(['u-3', 'u-1']);
    expect(users[0]?.groupIds.length).toBeGreaterThan(0);
  });
});

describe('HTTP API administration (A11)', () => {
  it('fault rules are set, listed, replaced and cleared; the log starts empty; credentials never include a password', async () => {
    const l = (lab = tempLab('small', 1));
    expect(await l.client.call('rest-fault-list', {})).toEqual([]);
    const r = await l.client.call('rest-fault-set', { id: 'flaky', match: { pathPrefix: '/inventory/' }, status: 503, probability: 0.5, count: 2 });
    expect(r).toMatchObject({ id: 'flaky', status: 503, delayMs: 0, probability: 0.5, count: 2, when: 'before', enabled: true, fired: 0 });
    await l.client.call('rest-fault-set', { id: 'flaky', match: { apiMethod: 'pool-list' }, status: 500 });
    await l.client.call('rest-fault-set', { id: 'slow', match: { operationId: 'listMachines' }, delayMs: 100 });
    expect((await l.client.call('rest-fault-list', {})).map((f) => [f.id, f.status ?? null])).toEqual([
      ['flaky', 500],
      ['slow', null],
    ]);
    expect(await l.client.call('rest-fault-clear', { id: 'slow' })).toEqual({ removed: 1 });
    expect(await l.client.call('rest-fault-clear', {})).toEqual({ removed: 1 });
    expect(await l.client.call('rest-log-list', {})).toEqual({ total: 0, entries: [] });
    const c = await l.client.call('rest-credentials-get', {});
    expect(c).toMatchObject({ username: 'administrator', domain: 'CORP', passwordSource: 'not-served' });
    expect(JSON.stringify(c)).not.toMatch(/password"/i);
  });
});
