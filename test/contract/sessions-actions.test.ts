import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../src-main/contract/methods.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// Admin actions on sessions (small lab, seed 1): each reaches the running engine,
// writes its audit event, and refuses what does not apply without changing anything.

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

async function activeSession(l: TempLab, userId: string, extra: object = {}) {
  const r = await l.client.call('session-connect', { userId, clientDevice: 'windows', network: 'lan', ...extra });
  for (let i = 0; i < 12; i++) {
    if ((await l.client.call('session-screen', { id: r.sessionId })).state !== 'connecting') break;
    await l.client.call('clock-step', { seconds: 10 });
  }
  return r;
}

async function auditFor(l: TempLab, id: string) {
  return (await l.client.call('event-list', { objectId: id, type: 'audit-success', limit: 10 })).rows;
}

/** The call is refused with this code (and path), and nothing changed; returns the error. */
async function refused(l: TempLab, method: MethodName, input: unknown, code: string, path?: (string | number)[]): Promise<{ message: string }> {
  const db = l.peek();
  try {
    const before = contentDigest(db);
    const reply = await l.host.dispatch(method, input);
    expect(reply.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
    if (reply.ok) throw new Error('unreachable');
    expect(reply.error.code).toBe(code);
    if (path) expect(reply.error.path).toEqual(path);
    expect(contentDigest(db)).toBe(before);
    return reply.error;
  } finally {
    db.close();
  }
}

describe('session actions', () => {
  it('disconnect: the session stays, the desktop shows DISCONNECTED, an audit event names the user', async () => {
    const l = (lab = tempLab('small', 1));
    const r = await activeSession(l, 'u-1');
    const topics: string[] = [];
    const off = l.host.onPush((p) => {
      if (p.topic === 'sessions-changed') {
        const pl = p.payload as { changed: number; ids: string[] };
        topics.push(`sessions-changed:${pl.changed}:${pl.ids.join(',')}`);
      }
      if (p.topic === 'lab-changed' && (p.payload as { kinds: string[] }).kinds.includes('session')) topics.push('lab-changed:session');
    });
    const res = await l.client.call('session-disconnect', { ids: [r.sessionId] });
    off();
    expect(topics).toEqual(expect.arrayContaining([`sessions-changed:1:${r.sessionId}`, 'lab-changed:session']));
    expect(res.ids).toEqual([r.sessionId]);
    expect((await l.client.call('session-list', { userId: 'u-1' }))[0]?.state).toBe('disconnected');
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('DISCONNECTED');
    expect((await l.client.call('session-screen', { id: r.sessionId })).endReason).toMatch(/Disconnected by the administrator \(CORP\\test-admin\)/);
    expect((await auditFor(l, r.sessionId))[0]?.message).toMatch(/Disconnected the session of CORP\\.+ on KW-/);
    await refused(l, 'session-disconnect', { ids: [r.sessionId] }, 'conflict', ['ids', 0]); // already disconnected
    // The thin client's Disconnect is the user closing the client, not an administrator's action (black-box round 6).
    await l.client.call('session-connect', { userId: 'u-1', clientDevice: 'thin-client', network: 'lan' });
    await l.client.call('clock-step', { seconds: 30 });
    await l.client.call('session-disconnect', { ids: [r.sessionId], fromClient: true });
    // The screen names its user by id too: Connect as user reconnects them from a session opened by its URL.
    expect((await l.client.call('session-screen', { id: r.sessionId })).userId).toBe('u-1');
    expect((await l.client.call('session-screen', { id: r.sessionId })).endReason).toMatch(
      /^The user disconnected the client \(Connect as user, CORP\\test-admin\)/,
    );
    expect((await auditFor(l, r.sessionId))[0]?.message).toMatch(/^CORP\\.+ disconnected the client from KW-.+ \(Connect as user\)$/);
  });

  it('log off: the session ends (Help Desk history), the desktop is refreshed; a second logoff is a conflict', async () => {
    const l = (lab = tempLab('small', 1));
    const r = await activeSession(l, 'u-2');
    await l.client.call('session-logoff', { ids: [r.sessionId] });
    expect(await l.client.call('session-list', { userId: 'u-2' })).toEqual([]);
    const screen = await l.client.call('session-screen', { id: r.sessionId });
    expect(screen).toMatchObject({ state: 'logged-off' });
    expect(screen.endReason).toMatch(/administrator logged you off/);
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('CUSTOMIZING');
    expect((await auditFor(l, r.sessionId))[0]?.message).toMatch(/Logged off CORP\\.+ from KW-/);
    const hd = await l.client.call('helpdesk-user', { userId: 'u-2' });
    expect(hd.recent[0]).toMatchObject({ id: r.sessionId, desktopName: expect.stringMatching(/^KW-/) });
    expect(hd.recent[0]?.logonSeconds).toBeGreaterThan(10);
    await refused(l, 'session-logoff', { ids: [r.sessionId] }, 'conflict', ['ids', 0]);
  });

  it('restart desktop: graceful logoff, the VM reboots (WAIT_FOR_AGENT) and comes back AVAILABLE', async () => {
    const l = (lab = tempLab('small', 1));
    const r = await activeSession(l, 'u-3');
    const res = await l.client.call('session-restart-desktop', { ids: [r.sessionId] });
    expect(res.ids).toEqual([r.sessionId]);
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('WAIT_FOR_AGENT');
    expect((await l.client.call('session-screen', { id: r.sessionId })).endReason).toMatch(/restarted/);
    const ev = (await l.client.call('event-list', { objectId: r.desktopId, limit: 5 })).rows[0];
    expect(ev).toMatchObject({ type: 'audit-success', severity: 'info' });
    expect(ev?.message).toMatch(/Restarted KW-\d+: 1 session\(s\) logged off/);
    await l.client.call('clock-step', { seconds: 20 });
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('WAIT_FOR_AGENT'); // shutdown 15 s + boot 25 s
    await l.client.call('clock-step', { seconds: 25 });
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('AVAILABLE');
  });

  it('reset VM: the session is lost without logoff and the VM boots again, a warning audit event', async () => {
    const l = (lab = tempLab('small', 1));
    const a = await activeSession(l, 'u-4');
    const res = await l.client.call('session-reset-desktop', { ids: [a.sessionId] });
    expect(res.ids).toEqual([a.sessionId]);
    expect(await l.client.call('session-list', { desktopId: a.desktopId })).toEqual([]);
    expect((await l.client.call('session-screen', { id: a.sessionId })).endReason).toMatch(/reset by the administrator/);
    const ev = (await l.client.call('event-list', { objectId: a.desktopId, limit: 1 })).rows[0];
    expect(ev).toMatchObject({ type: 'audit-success', severity: 'warning' });
    expect(ev?.message).toMatch(/1 session\(s\) lost without logoff/);
    expect((await l.client.call('desktop-get', { id: a.desktopId })).state).toBe('WAIT_FOR_AGENT');
    await l.client.call('clock-step', { seconds: 26 });
    expect((await l.client.call('desktop-get', { id: a.desktopId })).state).toBe('AVAILABLE');
  });

  it('reset VM and restart desktop of a session on an RDS host are refused (Horizon: VDI desktop sessions only); the host itself is reset from its machines', async () => {
    const l = (lab = tempLab('small', 1));
    await l.client.call('pool-update', { id: 'pool-5', loadBalancing: 'depth-first' });
    const a = await activeSession(l, 'u-69', { poolId: 'pool-5' });
    const b = await activeSession(l, 'u-64', { poolId: 'pool-5' });
    expect(b.desktopId).toBe(a.desktopId); // depth-first: the same RDSH host
    const before = await l.client.call('session-list', { desktopId: a.desktopId });
    for (const method of ['session-reset-desktop', 'session-restart-desktop'] as const) {
      const err = await refused(l, method, { ids: [a.sessionId] }, 'conflict', ['ids', 0]);
      expect(err.message).toMatch(/an RDS host with 1 other session\(s\).*log the session off/);
    }
    expect(await l.client.call('session-list', { desktopId: a.desktopId })).toEqual(before);
    const reset = await l.client.call('desktop-power', { ids: [a.desktopId], action: 'reset', force: true });
    expect(reset).toBeTruthy();
    expect(await l.client.call('session-list', { desktopId: a.desktopId })).toEqual([]);
    expect((await l.client.call('session-screen', { id: b.sessionId })).state).toBe('logged-off');
  });

  it('send message: to many sessions at once; the users see it on their screen, with its severity', async () => {
    const l = (lab = tempLab('small', 1));
    const a = await activeSession(l, 'u-5');
    const b = await activeSession(l, 'u-25');
    const pushed: string[] = [];
    const off = l.host.onPush((p) => {
      if (p.topic === 'session-message') pushed.push((p.payload as { sessionId: string }).sessionId);
    });
    const res = await l.client.call('session-send-message', {
      ids: [a.sessionId, b.sessionId],
      severity: 'warning',
      title: 'Maintenance at 18:00',
      body: 'Please save your work and log off by 18:00.',
    });
    off();
    expect(res.messages).toHaveLength(2);
    expect(pushed.sort()).toEqual([a.sessionId, b.sessionId].sort());
    for (const id of [a.sessionId, b.sessionId]) {
      const s = await l.client.call('session-screen', { id });
      expect(s.messages.at(-1)).toMatchObject({ severity: 'warning', title: 'Maintenance at 18:00', from: 'CORP\\test-admin' });
      expect((await auditFor(l, id))[0]?.message).toMatch(/Sent a warning message to .+: "Maintenance at 18:00"/);
    }
    expect((await l.client.call('session-get', { id: a.sessionId })).messages).toHaveLength(1);
  });

  it('a bulk action with one unknown or ended session is refused as a whole', async () => {
    const l = (lab = tempLab('small', 1));
    const a = await activeSession(l, 'u-7');
    const b = await activeSession(l, 'u-8');
    await refused(l, 'session-logoff', { ids: [a.sessionId, 'sess-404'] }, 'not-found', ['ids', 1]);
    await refused(l, 'session-send-message', { ids: [a.sessionId, 'sess-404'], severity: 'info', title: 'x', body: '' }, 'not-found', ['ids', 1]);
    await refused(l, 'session-restart-desktop', { ids: ['sess-404', b.sessionId] }, 'not-found', ['ids', 0]);
    await l.client.call('session-logoff', { ids: [b.sessionId] });
    await refused(l, 'session-reset-desktop', { ids: [a.sessionId, b.sessionId] }, 'conflict', ['ids', 1]);
    expect((await l.client.call('session-list', { userId: 'u-7' }))[0]?.state).toMatch(/active|idle/);
  });
});

describe('sessions table', () => {
  it('filters by pool, host, state, search and problems, with live figures', async () => {
    const l = (lab = tempLab('small', 1));
    const a = await activeSession(l, 'u-9');
    const b = await activeSession(l, 'u-31', { network: 'custom', custom: { rttMs: 260, lossPct: 3, bandwidthKbps: 3000 } });
    const all = await l.client.call('session-list', {});
    const row = all.find((r) => r.id === a.sessionId);
    expect(row).toMatchObject({ userId: 'u-9', poolName: 'KW-Floating', protocol: 'blast', clientDevice: 'windows', network: 'lan' });
    expect(row?.hostName).toMatch(/esx/);
    expect(row?.rttMs).toBeGreaterThan(0);
    expect(row?.userDisplayName.length).toBeGreaterThan(3);
    expect((await l.client.call('session-list', { poolId: 'pool-2' })).map((r) => r.id)).toContain(b.sessionId);
    expect((await l.client.call('session-list', { hostId: row?.hostId ?? '' })).every((r) => r.hostId === row?.hostId)).toBe(true);
    expect((await l.client.call('session-list', { search: row?.userName.split('\\')[1] ?? '' })).map((r) => r.id)).toEqual([a.sessionId]);
    expect((await l.client.call('session-list', { state: 'disconnected' })).every((r) => r.state === 'disconnected')).toBe(true);
    const problems = await l.client.call('session-list', { problemsOnly: true });
    expect(problems.find((r) => r.id === b.sessionId)?.problem).toMatch(/Poor round trip/);
    expect(problems.some((r) => r.id === a.sessionId)).toBe(false);
    const live = await l.client.call('session-live', { ids: [a.sessionId, b.sessionId, 'sess-404'] });
    expect(live.ids).toHaveLength(3);
    expect(live.state[2]).toBe('logged-off');
    expect(live.rttMs[1] ?? 0).toBeGreaterThan(200);
  });
});
