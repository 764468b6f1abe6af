import { afterEach, describe, expect, it } from 'vitest';
import type { Input } from '../../src-main/contract/methods.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// The connection broker through the API (small lab, seed 1, Monday 07:00, clock paused):
// placement for floating, dedicated and multi-session pools, the power-on path,
// failures with their reasons, and refusals that change nothing.

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

const open = () => (lab = tempLab('small', 1));
const connect = (l: TempLab, input: Partial<Input<'session-connect'>> & { userId: string }) =>
  l.client.call('session-connect', { clientDevice: 'thin-client', network: 'lan', ...input });
/** Runs the clock until the session's logon is over (or at most `max` seconds). */
async function untilActive(l: TempLab, id: string, max = 180) {
  for (let t = 0; t < max; t += 10) {
    const s = await l.client.call('session-screen', { id });
    if (s.state !== 'connecting') return s;
    await l.client.call('clock-step', { seconds: 10 });
  }
  return l.client.call('session-screen', { id });
}

/** Expects the call to be refused with this code and path, with the database exactly as before. */
async function refused(l: TempLab, method: 'session-connect', input: unknown, code: string, path?: (string | number)[]) {
  const db = l.peek();
  try {
    const before = contentDigest(db);
    const reply = await l.host.dispatch(method, input);
    expect(reply.ok).toBe(false);
    if (reply.ok) return '';
    expect(reply.error.code).toBe(code);
    if (path) expect(reply.error.path).toEqual(path);
    expect(contentDigest(db)).toBe(before);
    return reply.error.message;
  } finally {
    db.close();
  }
}

describe('placement', () => {
  it('floating: an available powered-on desktop, no VM start, the logon phases in order', async () => {
    const l = open();
    const r = await connect(l, { userId: 'u-1' });
    expect(r).toMatchObject({ reconnected: false, poolId: 'pool-1', state: 'connecting' });
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('CONNECTED');
    const first = await l.client.call('session-screen', { id: r.sessionId });
    expect(first.phase).not.toBeNull();
    const s = await untilActive(l, r.sessionId);
    expect(s.state).toMatch(/active|idle/);
    const d = await l.client.call('session-get', { id: r.sessionId });
    expect(d.logon?.phases.map((p) => p.phase)).toEqual(['brokering', 'protocol', 'authentication', 'gpo', 'logon-scripts', 'profile-load', 'interactive']);
    const total = d.logon?.phases.reduce((a, p) => a + p.seconds, 0) ?? 0;
    expect(d.logon?.totalSeconds).toBeCloseTo(total, 0);
    expect(total).toBeGreaterThan(15); // DOMAIN.md: typical ≈ 30 s
    expect(total).toBeLessThan(45);
    expect(d.session).toMatchObject({ protocol: 'blast', clientDevice: 'thin-client', network: 'lan', desktopId: r.desktopId });
    expect(d.now?.rttMs).toBeLessThan(20);
  });

  it('dedicated: the user’s own suspended desktop is resumed, with a VM start phase', async () => {
    const l = open();
    const own = (await l.client.call('desktop-list', { poolId: 'pool-3' })).rows.find((d) => d.name === 'PWR-02');
    expect(own?.powerState).toBe('suspended');
    const owner = (await l.client.call('desktop-get', { id: own?.id ?? '' })).assignedUserId ?? '';
    const r = await connect(l, { userId: owner, poolId: 'pool-3' });
    expect(r.desktopId).toBe(own?.id);
    await untilActive(l, r.sessionId);
    const d = await l.client.call('session-get', { id: r.sessionId });
    const vm = d.logon?.phases.find((p) => p.phase === 'vm-start');
    expect(vm?.seconds).toBeGreaterThan(3); // a resume (6 s) stretched by contention, not a 25 s boot
    expect(d.logon?.causes.join(' ')).toMatch(/desktop was not running/);
    expect((await l.client.call('desktop-get', { id: r.desktopId })).powerState).toBe('poweredOn');
  });

  it('dedicated: a user without a desktop gets an unassigned one, which becomes theirs', async () => {
    const l = open();
    const free = (await l.client.call('desktop-list', { poolId: 'pool-3' })).rows.find((d) => d.user === null);
    expect(free).toBeDefined();
    const r = await connect(l, { userId: 'u-40', poolId: 'pool-3' });
    expect(r.desktopId).toBe(free?.id);
    await l.client.call('clock-step', { seconds: 1 }); // the assignment is written with the next batch
    expect((await l.client.call('desktop-get', { id: r.desktopId })).assignedUserId).toBe('u-40');
  });

  it('multi-session: breadth-first spreads over the session hosts, depth-first fills one up', async () => {
    const l = open();
    const members = ['u-69', 'u-64', 'u-54', 'u-50', 'u-58', 'u-53', 'u-67'];
    const spread = new Set<string>();
    for (const u of members.slice(0, 4)) spread.add((await connect(l, { userId: u, poolId: 'pool-5' })).desktopId);
    expect(spread.size).toBe(4); // four RDSH hosts, one session each
    await l.client.call('pool-update', { id: 'pool-5', loadBalancing: 'depth-first' });
    const filled = new Set<string>();
    for (const u of members.slice(4)) filled.add((await connect(l, { userId: u, poolId: 'pool-5' })).desktopId);
    expect(filled.size).toBe(1); // all onto the same (fullest) host
    const host = [...filled][0] ?? '';
    expect((await l.client.call('session-list', { desktopId: host })).length).toBe(4);
  });
});

describe('failures', () => {
  it('not entitled, disabled pool, no desktop, impossible network: structured errors, nothing changes', async () => {
    const l = open();
    expect(await refused(l, 'session-connect', { userId: 'u-1', poolId: 'pool-3', clientDevice: 'windows', network: 'lan' }, 'conflict', ['poolId'])).toMatch(
      /not entitled/,
    );
    expect(await refused(l, 'session-connect', { userId: 'u-73', clientDevice: 'windows', network: 'lan' }, 'conflict', ['userId'])).toMatch(/not-entitled/);
    await l.client.call('pool-set-enabled', { id: 'pool-2', enabled: false });
    expect(await refused(l, 'session-connect', { userId: 'u-25', clientDevice: 'windows', network: 'lan' }, 'conflict', ['poolId'])).toMatch(/disabled/);
    // DEV-Linked has 4 machines: the fifth developer finds none.
    for (const u of ['u-42', 'u-44', 'u-46', 'u-41']) await connect(l, { userId: u, poolId: 'pool-4' });
    expect(await refused(l, 'session-connect', { userId: 'u-43', poolId: 'pool-4', clientDevice: 'windows', network: 'lan' }, 'conflict', ['userId'])).toMatch(
      /No desktop available/,
    );
    const custom = (c: object) => ({ userId: 'u-2', clientDevice: 'windows', network: 'custom', custom: c });
    await refused(l, 'session-connect', custom({ rttMs: -1, lossPct: 0, bandwidthKbps: 5000 }), 'invalid-input', ['custom', 'rttMs']);
    await refused(l, 'session-connect', custom({ rttMs: 20, lossPct: 101, bandwidthKbps: 5000 }), 'invalid-input', ['custom', 'lossPct']);
    await refused(l, 'session-connect', custom({ rttMs: 20, lossPct: 1, bandwidthKbps: -3 }), 'invalid-input', ['custom', 'bandwidthKbps']);
    await refused(
      l,
      'session-connect',
      { userId: 'u-2', clientDevice: 'windows', network: 'lan', custom: { rttMs: 1, lossPct: 0, bandwidthKbps: 5000 } },
      'invalid-input',
      ['custom'],
    );
  });

  it('follows entitlement changes at once: removed → refused, added → connects', async () => {
    const l = open();
    await l.client.call('entitlement-remove', { poolId: 'pool-2', principalType: 'group', principalId: 'g-12' });
    expect(await refused(l, 'session-connect', { userId: 'u-25', clientDevice: 'windows', network: 'lan' }, 'conflict', ['userId'])).toMatch(/not-entitled/);
    await l.client.call('entitlement-add', { poolId: 'pool-4', principalType: 'user', principalId: 'u-25' });
    expect((await connect(l, { userId: 'u-25' })).poolId).toBe('pool-4');
  });

  it('a user with a session in one pool who asks for another is told so, not handed the old session', async () => {
    const l = open();
    await l.client.call('entitlement-add', { poolId: 'pool-4', principalType: 'user', principalId: 'u-25' });
    const first = await connect(l, { userId: 'u-25', poolId: 'pool-2' });
    expect(first.poolId).toBe('pool-2');
    const message = await refused(l, 'session-connect', { userId: 'u-25', poolId: 'pool-4', clientDevice: 'windows', network: 'lan' }, 'conflict', ['poolId']);
    expect(message).toMatch(/already has a session in .*\(sess-\d+\).*log it off first/);
    // The pool it has a session in reconnects it; once logged off, the other pool is granted.
    expect(await connect(l, { userId: 'u-25', poolId: 'pool-2' })).toMatchObject({ reconnected: true, sessionId: first.sessionId });
    await l.client.call('session-logoff', { ids: [first.sessionId] });
    await l.client.call('clock-step', { seconds: 30 });
    expect((await connect(l, { userId: 'u-25', poolId: 'pool-4' })).poolId).toBe('pool-4');
  });

  it('a network beyond the protocol fails the connection with a protocol timeout, counted and written as an event', async () => {
    const l = open();
    const r = await connect(l, { userId: 'u-2', network: 'custom', custom: { rttMs: 40, lossPct: 45, bandwidthKbps: 2000 } });
    await l.client.call('clock-step', { seconds: 60 });
    const screen = await l.client.call('session-screen', { id: r.sessionId });
    expect(screen.state).toBe('logged-off');
    expect(screen.endReason).toMatch(/Protocol timeout/);
    expect(screen.phases.find((p) => p.phase === 'protocol')?.seconds).toBeGreaterThanOrEqual(30);
    const hd = await l.client.call('helpdesk-user', { userId: 'u-2' });
    expect(hd.current).toEqual([]);
    expect(hd.failures[0]).toMatchObject({ reason: 'protocol-timeout', network: 'custom', clientDevice: 'thin-client' });
    expect(hd.recent[0]).toMatchObject({ id: r.sessionId });
    const ev = await l.client.call('event-list', { objectId: 'u-2', limit: 5 });
    expect(ev.rows.some((e) => /could not connect: Protocol timeout/.test(e.message))).toBe(true);
    const sum = await l.client.call('session-summary', {});
    expect(sum.failures.byReason['protocol-timeout']).toBe(1);
    expect(await l.client.call('session-failures', { reason: 'protocol-timeout' })).toEqual([hd.failures[0]]);
    expect(await l.client.call('session-failures', { reason: 'no-desktop' })).toEqual([]);
    // The desktop is free again.
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('AVAILABLE');
  });

  it('a bad network is visibly worse than the LAN: round trip, frame rate, quality, input lag', async () => {
    const l = open();
    const lan = await connect(l, { userId: 'u-3' });
    const hotel = await connect(l, { userId: 'u-4', network: 'hotel-wifi', protocol: 'rdp', clientDevice: 'windows' });
    await l.client.call('clock-step', { seconds: 120 });
    const a = await l.client.call('session-get', { id: lan.sessionId });
    const b = await l.client.call('session-get', { id: hotel.sessionId });
    expect(b.session.protocol).toBe('rdp');
    expect(b.now?.encoder).toBe('RemoteFX');
    expect(b.now?.rttMs ?? 0).toBeGreaterThan((a.now?.rttMs ?? 0) + 100);
    expect(b.now?.inputLagMs ?? 0).toBeGreaterThan((a.now?.inputLagMs ?? 0) + 100);
    expect(b.now?.lossPct ?? 0).toBeGreaterThan(1);
    expect(b.logon?.phases.find((p) => p.phase === 'protocol')?.seconds ?? 0).toBeGreaterThan(
      a.logon?.phases.find((p) => p.phase === 'protocol')?.seconds ?? 0,
    );
  });
});

describe('contention shows on the screen', () => {
  it('a CPU-starved desktop (limit far below demand) is visibly sluggish: more lag and round trip, fewer frames', async () => {
    const l = open();
    const r = await connect(l, { userId: 'u-6' });
    await untilActive(l, r.sessionId);
    // Sample over a work loop so the comparison is not one lucky instant.
    const sample = async () => {
      const xs: { lag: number; rtt: number; fps: number; ready: number }[] = [];
      for (let i = 0; i < 12; i++) {
        await l.client.call('clock-step', { seconds: 60 });
        const d = await l.client.call('session-get', { id: r.sessionId });
        if (d.now) xs.push({ lag: d.now.inputLagMs, rtt: d.now.rttMs, fps: d.now.fps, ready: d.now.desktopReadyPct });
      }
      const avg = (k: 'lag' | 'rtt' | 'fps' | 'ready') => xs.reduce((a, x) => a + x[k], 0) / xs.length;
      return { lag: avg('lag'), rtt: avg('rtt'), fps: avg('fps'), ready: avg('ready') };
    };
    const fine = await sample();
    await l.client.call('pool-set-cpu-allocation', { id: 'pool-1', limitMhz: 250 });
    const starved = await sample();
    expect(starved.ready).toBeGreaterThan(fine.ready + 10);
    expect(starved.lag).toBeGreaterThan(fine.lag * 2);
    expect(starved.rtt).toBeGreaterThan(fine.rtt + 10);
    expect(starved.fps).toBeLessThan(fine.fps * 0.7);
  });
});

describe('disconnect and reconnect', () => {
  it('keeps the session and the desktop; the reconnect has no logon phases', async () => {
    const l = open();
    const r = await connect(l, { userId: 'u-5' });
    await untilActive(l, r.sessionId);
    const before = await l.client.call('session-get', { id: r.sessionId });
    await l.client.call('session-disconnect', { ids: [r.sessionId] });
    expect((await l.client.call('session-screen', { id: r.sessionId })).state).toBe('disconnected');
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('DISCONNECTED');
    await l.client.call('clock-step', { seconds: 60 });
    const again = await connect(l, { userId: 'u-5', clientDevice: 'macos', network: 'home-broadband' });
    expect(again).toMatchObject({ sessionId: r.sessionId, desktopId: r.desktopId, reconnected: true, state: 'reconnecting' });
    await l.client.call('clock-step', { seconds: 10 });
    const after = await l.client.call('session-get', { id: r.sessionId });
    expect(after.session.state).toMatch(/active|idle/);
    expect(after.reconnects).toBe(1);
    expect(after.logon).toEqual(before.logon); // measured once, on the first connection
    expect(after.session).toMatchObject({ clientDevice: 'macos', network: 'home-broadband', startedAt: before.session.startedAt });
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('CONNECTED');
  });

  it('logs off after disconnect as the pool says, and refreshes the desktop', async () => {
    const l = open();
    const pool = await l.client.call('pool-get', { id: 'pool-2' });
    expect(pool).toMatchObject({ logoffAfterDisconnect: 'after', onLogoff: 'refresh' });
    const r = await connect(l, { userId: 'u-25' });
    await untilActive(l, r.sessionId);
    await l.client.call('session-disconnect', { ids: [r.sessionId] });
    await l.client.call('clock-step', { seconds: pool.logoffAfterMinutes * 60 - 30 });
    expect((await l.client.call('session-screen', { id: r.sessionId })).state).toBe('disconnected');
    await l.client.call('clock-step', { seconds: 31 });
    const s = await l.client.call('session-screen', { id: r.sessionId });
    expect(s.state).toBe('logged-off');
    expect(s.endReason).toMatch(/log-off-after-disconnect/);
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('CUSTOMIZING'); // refresh on logoff
    await l.client.call('clock-step', { seconds: 30 });
    expect((await l.client.call('desktop-get', { id: r.desktopId })).state).toBe('AVAILABLE');
  });

  it('delete on logoff: the machine is DELETING, then provisioned again as a new clone, and serves the next user', async () => {
    const l = open();
    await l.client.call('pool-update', { id: 'pool-2', onLogoff: 'delete' });
    const r = await connect(l, { userId: 'u-25' });
    await untilActive(l, r.sessionId);
    const before = await l.client.call('desktop-get', { id: r.desktopId });
    await l.client.call('session-logoff', { ids: [r.sessionId] });
    await l.client.call('clock-step', { seconds: 1 });
    const deleting = await l.client.call('desktop-get', { id: r.desktopId });
    expect(deleting).toMatchObject({ state: 'DELETING', powerState: 'poweredOff' });
    const seen = new Set<string>([deleting.state]);
    for (let t = 0; t < 300; t += 2) {
      await l.client.call('clock-step', { seconds: 2 });
      const d = await l.client.call('desktop-get', { id: r.desktopId });
      seen.add(d.state);
      if (d.state === 'AVAILABLE') break;
    }
    // A new clone walks the provisioning states (never the refresh's CUSTOMIZING alone), and is ready again.
    expect([...seen]).toEqual(['DELETING', 'PROVISIONING', 'CUSTOMIZING', 'AVAILABLE']);
    const after = await l.client.call('desktop-get', { id: r.desktopId });
    expect(after.name).toBe(before.name);
    // The machine restarts and reopens as any other: the next user gets it.
    const again = await connect(l, { userId: 'u-26' });
    expect(again.poolId).toBe('pool-2');
  });
});
