import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src-main/contract/client.ts';
import type { LogonPhase } from '../../src-main/contract/session-entities.ts';
import { FAULT_CATALOGUE } from '../../src-main/contract/fault-methods.ts';
import { tableCounts, tempLab, type TempLab } from '../helpers/lab.ts';

// Fault injection (issue 17, part 1): each kind moves its model figure against a control run of the
// same lab, seed and actions, and the figure comes back after a clear. Faults persist in the engine's
// durable state: across a reopen mid-fault and a checkpoint restore.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
function open(dir?: string): TempLab {
  const l = tempLab('small', 1, dir);
  labs.push(l);
  return l;
}
const WARM = 2 * 3600; // into the morning: users arriving, logons under way

async function datastoreLatency(c: Client): Promise<number> {
  const m = await c.call('metrics-current', {});
  return Math.max(...m.datastores.map((d) => d.latencyMs));
}
async function idleUsers(c: Client): Promise<string[]> {
  const users = (await c.call('user-list', { limit: 500 })).rows;
  const busy = new Set((await c.call('session-list', {})).map((s) => s.userId));
  return users.map((u) => u.id).filter((u) => !busy.has(u));
}
/** The first idle user the broker gives a desktop now (their session is logged off again at once). */
async function idleUser(c: Client): Promise<string> {
  for (const u of await idleUsers(c)) {
    try {
      const r = await c.call('session-connect', { userId: u, clientDevice: 'windows', network: 'lan' });
      await c.call('session-logoff', { ids: [r.sessionId] });
      return u;
    } catch {
      // no desktop for this one: try the next
    }
  }
  throw new Error('no user can connect');
}
/** Connects a user now, runs until the logon is done, and returns its phase durations. */
async function logon(c: Client, userId: string): Promise<Partial<Record<LogonPhase, number>>> {
  const r = await c.call('session-connect', { userId, clientDevice: 'windows', network: 'lan' });
  await c.call('clock-step', { seconds: 600 });
  const s = await c.call('session-get', { id: r.sessionId });
  expect(s.logon?.totalSeconds).not.toBeNull();
  return Object.fromEntries((s.logon?.phases ?? []).map((p) => [p.phase, p.seconds]));
}

describe('fault catalogue', () => {
  it('lists every kind with its target type and parameters with defaults inside their bounds', async () => {
    const { client } = open();
    const { kinds } = await client.call('fault-catalogue', {});
    expect(kinds.map((k) => k.kind).sort()).toEqual(Object.keys(FAULT_CATALOGUE).sort());
    for (const k of kinds) for (const p of Object.values(k.params)) expect(p.default).toBeGreaterThanOrEqual(p.min);
  });
});

describe('each fault acts through the models and returns to normal after clear', () => {
  it('datastore latency spike: latency and logon durations rise against a control run, and fall back after clear', async () => {
    const ctl = open();
    const lab = open();
    for (const l of [ctl, lab]) await l.client.call('clock-step', { seconds: WARM });
    const base = await datastoreLatency(lab.client);
    const user = await idleUser(ctl.client);
    expect(await idleUser(lab.client)).toBe(user);
    for (const ds of await lab.client.call('datastore-list', {})) {
      await lab.client.call('fault-inject', { kind: 'datastore-latency-spike', targetId: ds.id, params: { serviceFactor: 8 } });
    }
    const [a, b] = [await logon(ctl.client, user), await logon(lab.client, user)];
    const sum = (x: Partial<Record<LogonPhase, number>>) => Object.values(x).reduce((s, v) => s + (Number.isFinite(v) ? (v as number) : 0), 0);
    expect(await datastoreLatency(lab.client)).toBeGreaterThan(4 * Math.max(base, await datastoreLatency(ctl.client)));
    expect(sum(b)).toBeGreaterThan(sum(a) * 1.3);
    expect(b.gpo as number).toBeGreaterThan(a.gpo as number);
    for (const f of (await lab.client.call('fault-list', {})).faults) await lab.client.call('fault-clear', { id: f.id });
    for (const l of [ctl, lab]) await l.client.call('clock-step', { seconds: 300 });
    expect(await datastoreLatency(lab.client)).toBeLessThan(1.5 * (await datastoreLatency(ctl.client)) + 0.5);
  });

  it('datastore outage and controller failover cut the datastore’s capacity (latency climbs); the failover settles to reduced performance', async () => {
    const lab = open();
    await lab.client.call('clock-step', { seconds: WARM });
    const [ds] = await lab.client.call('datastore-list', {});
    const before = await datastoreLatency(lab.client);
    const f = await lab.client.call('fault-inject', { kind: 'datastore-outage', targetId: ds?.id ?? '' });
    await lab.client.call('clock-step', { seconds: 60 });
    const during = await datastoreLatency(lab.client);
    expect(during).toBeGreaterThan(20 * before);
    await lab.client.call('fault-clear', { id: f.id });
    await lab.client.call('clock-step', { seconds: 900 });
    expect(await datastoreLatency(lab.client)).toBeLessThan(during / 5);
    const g = await lab.client.call('fault-inject', { kind: 'array-controller-failover', targetId: ds?.id ?? '', params: { pauseSec: 30, capacityPct: 50 } });
    await lab.client.call('clock-step', { seconds: 20 });
    const pause = await datastoreLatency(lab.client);
    expect(pause).toBeGreaterThan(5 * before);
    expect((await lab.client.call('fault-list', {})).faults.find((x) => x.id === g.id)?.state).toBe('active');
  });

  it('profile server, directory and broker slowness lengthen their own logon phase by the factor (same logon in a control run)', async () => {
    const ctl = open();
    const lab = open();
    for (const l of [ctl, lab]) await l.client.call('clock-step', { seconds: WARM });
    const user = await idleUser(ctl.client);
    expect(await idleUser(lab.client)).toBe(user);
    await lab.client.call('fault-inject', { kind: 'profile-server-slowness', params: { factor: 5 } });
    await lab.client.call('fault-inject', { kind: 'directory-slowness', params: { factor: 8 } });
    await lab.client.call('fault-inject', { kind: 'broker-slowness', params: { factor: 10 } });
    const a = await logon(ctl.client, user);
    const b = await logon(lab.client, user);
    expect((b['profile-load'] as number) / (a['profile-load'] as number)).toBeCloseTo(5, 0);
    expect((b.authentication as number) / (a.authentication as number)).toBeCloseTo(8, 0);
    expect((b.brokering as number) / (a.brokering as number)).toBeCloseTo(10, 0);
    for (const f of (await lab.client.call('fault-list', {})).faults) await lab.client.call('fault-clear', { id: f.id });
    const user2 = await idleUser(ctl.client);
    expect(await idleUser(lab.client)).toBe(user2);
    const c = await logon(ctl.client, user2);
    const d = await logon(lab.client, user2);
    expect((d['profile-load'] as number) / (c['profile-load'] as number)).toBeLessThan(1.3);
    expect((d.authentication as number) / (c.authentication as number)).toBeLessThan(1.3);
  });

  it('broker outage refuses connections with "broker-unavailable"; after clear the user connects', async () => {
    const lab = open();
    const c = lab.client;
    await c.call('clock-step', { seconds: 3600 });
    const user = await idleUser(c);
    await c.call('fault-inject', { kind: 'broker-outage', durationSec: 1800 });
    await expect(c.call('session-connect', { userId: user, clientDevice: 'windows', network: 'lan' })).rejects.toMatchObject({
      message: expect.stringMatching(/Connection Server is not answering/),
    });
    await c.call('clock-step', { seconds: 600 });
    const sum = await c.call('session-summary', {});
    expect(sum.failures.byReason['broker-unavailable'] ?? 0).toBeGreaterThan(0);
    const [f] = (await c.call('fault-list', {})).faults;
    await c.call('fault-clear', { id: f?.id ?? 0 });
    const ok = await c.call('session-connect', { userId: user, clientDevice: 'windows', network: 'lan' });
    expect(ok.sessionId).toBeTruthy();
  });

  it('licence exhaustion refuses new sessions past the cap; pool exhaustion leaves the pool no machine', async () => {
    const lab = open();
    const c = lab.client;
    await c.call('clock-step', { seconds: 3600 });
    const user = await idleUser(c);
    const lic = await c.call('fault-inject', { kind: 'license-exhaustion', params: { maxSessions: 0 } });
    await expect(c.call('session-connect', { userId: user, clientDevice: 'windows', network: 'lan' })).rejects.toMatchObject({
      message: expect.stringMatching(/licence is used up/),
    });
    await c.call('clock-step', { seconds: 300 });
    expect((await c.call('session-summary', {})).failures.byReason['license-exhausted'] ?? 0).toBeGreaterThan(0);
    await c.call('fault-clear', { id: lic.id });
    const hd = await c.call('helpdesk-user', { userId: user });
    const pool = hd.pools[0]?.id ?? '';
    const pe = await c.call('fault-inject', { kind: 'pool-exhaustion', targetId: pool });
    await c.call('clock-step', { seconds: 10 });
    await expect(c.call('session-connect', { userId: user, poolId: pool, clientDevice: 'windows', network: 'lan' })).rejects.toMatchObject({
      message: expect.stringMatching(/No desktop available/),
    });
    await c.call('fault-clear', { id: pe.id });
    const ok = await c.call('session-connect', { userId: user, poolId: pool, clientDevice: 'windows', network: 'lan' });
    expect(ok.poolId).toBe(pool);
  });

  it('a CPU hog raises the CPU of the pool’s hosts against a control run, and it falls back after clear', async () => {
    const ctl = open();
    const lab = open();
    for (const l of [ctl, lab]) await l.client.call('clock-step', { seconds: WARM });
    const pools = await lab.client.call('pool-list', {});
    const f = await lab.client.call('fault-inject', { kind: 'cpu-hog', targetId: pools[0]?.id ?? '', params: { sharePct: 100, vcpus: 2 } });
    for (const l of [ctl, lab]) await l.client.call('clock-step', { seconds: 60 });
    const cpu = async (c: Client) => (await c.call('metrics-current', {})).hosts.reduce((s, h) => s + h.cpuPct, 0);
    expect(await cpu(lab.client)).toBeGreaterThan((await cpu(ctl.client)) + 10);
    await lab.client.call('fault-clear', { id: f.id });
    for (const l of [ctl, lab]) await l.client.call('clock-step', { seconds: 60 });
    expect(Math.abs((await cpu(lab.client)) - (await cpu(ctl.client)))).toBeLessThan(10);
  });

  it('host uplinks degraded raise the host’s NIC load; a network impairment raises the round trip of sessions on that network', async () => {
    const lab = open();
    const c = lab.client;
    await c.call('clock-step', { seconds: WARM });
    const nic = async () => (await c.call('metrics-current', {})).hosts[0]?.nicPct ?? 0;
    const n0 = await nic();
    const hosts = await c.call('host-list', {});
    const f = await c.call('fault-inject', { kind: 'host-nic-degraded', targetId: hosts[0]?.id ?? '', params: { capacityPct: 1 } });
    await c.call('clock-step', { seconds: 20 });
    expect(await nic()).toBeGreaterThan(50 * Math.max(n0, 0.001));
    await c.call('fault-clear', { id: f.id });
    await c.call('clock-step', { seconds: 20 });
    expect(await nic()).toBeLessThan(5 * Math.max(n0, 0.05));

    const user = await idleUser(c);
    const s = await c.call('session-connect', { userId: user, clientDevice: 'windows', network: 'branch-wan' });
    await c.call('clock-step', { seconds: 300 });
    const rtt = async () => (await c.call('session-get', { id: s.sessionId })).now?.rttMs ?? 0;
    const r0 = await rtt();
    const g = await c.call('fault-inject', { kind: 'network-impairment', targetId: 'branch-wan', params: { addRttMs: 200, addLossPct: 2, bandwidthPct: 50 } });
    await c.call('clock-step', { seconds: 20 });
    expect(await rtt()).toBeGreaterThan(r0 + 150);
    await c.call('fault-clear', { id: g.id });
    await c.call('clock-step', { seconds: 20 });
    expect(await rtt()).toBeLessThan(r0 + 50);
  });
});

describe('host failures as timeline faults (power loss, isolation, PSOD) through the HA model', () => {
  it('a scheduled power loss fails the host at its time through an HA failover task; its end powers the host back on', async () => {
    const { client: c } = open();
    await c.call('clock-step', { seconds: WARM });
    const before = (await c.call('host-list', {})).find((h) => h.id === 'h-2');
    expect(before?.connectionState).toBe('connected');
    const f = await c.call('fault-inject', { kind: 'host-power-loss', targetId: 'h-2', delaySec: 120, durationSec: 1200 });
    expect(f).toMatchObject({ state: 'scheduled', target: { type: 'host', id: 'h-2' } });
    await c.call('clock-step', { seconds: 60 });
    expect((await c.call('host-list', {})).find((h) => h.id === 'h-2')?.connectionState).toBe('connected');
    await c.call('clock-step', { seconds: 120 });
    expect((await c.call('host-list', {})).find((h) => h.id === 'h-2')?.connectionState).toBe('notResponding');
    const tasks = await c.call('task-list', {});
    const ha = tasks.find((t) => t.kind === 'ha-failover' && t.objectId === 'h-2');
    expect(ha).toBeDefined();
    expect((await c.call('fault-list', {})).faults.find((x) => x.id === f.id)?.state).toBe('active');
    // HA restarts the VMs elsewhere: none of h-2's powered-on desktops is left on it.
    await c.call('clock-step', { seconds: 600 });
    const onIt = (await c.call('desktop-list', { limit: 1000 })).rows.filter((d) => d.host === before?.name && d.powerState === 'poweredOn');
    expect(onIt).toEqual([]);
    // The fault's end repairs the host: a power-on task, ESXi boots, the host connects again.
    await c.call('clock-step', { seconds: 600 });
    expect((await c.call('fault-list', {})).faults.find((x) => x.id === f.id)?.state).toBe('ended');
    expect((await c.call('task-list', {})).some((t) => t.kind === 'host-power' && t.objectId === 'h-2')).toBe(true);
    await c.call('clock-step', { seconds: 900 });
    expect((await c.call('host-list', {})).find((h) => h.id === 'h-2')?.connectionState).toBe('connected');
    const msgs = (await c.call('event-list', { search: 'Host power loss' })).rows.map((e) => e.message);
    expect(msgs.some((m) => /Fault started: Host power loss on/.test(m))).toBe(true);
  });

  it('isolation and PSOD: a clear (instructor) or the trainee’s host repair reverses them; a failure of a host already down ends at once', async () => {
    const { client: c } = open();
    await c.call('clock-step', { seconds: WARM });
    const iso = await c.call('fault-inject', { kind: 'host-isolation', targetId: 'h-1' });
    expect((await c.call('host-list', {})).find((h) => h.id === 'h-1')?.connectionState).toBe('notResponding');
    await c.call('fault-clear', { id: iso.id });
    expect((await c.call('host-list', {})).find((h) => h.id === 'h-1')?.connectionState).toBe('connected');

    const psod = await c.call('fault-inject', { kind: 'host-psod', targetId: 'h-3' });
    const task = (await c.call('task-list', {})).find((t) => t.kind === 'ha-failover' && t.objectId === 'h-3');
    expect(task?.details).toMatchObject({ status: expect.stringMatching(/PSOD|restart|Host/) });
    // A second failure of the same host: nothing to fail, the fault ends at once and says why.
    const again = await c.call('fault-inject', { kind: 'host-power-loss', targetId: 'h-3' });
    expect(again.state).toBe('ended');
    // The trainee repairs the host: the fault is cleared by that repair, no second repair is asked for.
    await c.call('host-repair', { hostId: 'h-3' });
    expect((await c.call('fault-list', {})).faults.find((x) => x.id === psod.id)?.state).toBe('cleared');
    await c.call('clock-step', { seconds: 900 });
    expect((await c.call('host-list', {})).find((h) => h.id === 'h-3')?.connectionState).toBe('connected');
    await expect(c.call('fault-clear', { id: psod.id })).rejects.toMatchObject({ error: { code: 'conflict' } });
  });

  it('a scenario timeline fails a host on a condition, and the debrief shows the failure and its repair', async () => {
    const { client: c, host } = open();
    const sc = await c.call('scenario-get', { id: 'desktops-exhausted' });
    const file = {
      ...sc,
      id: 'late-host-failure',
      timeline: [{ when: { is: 'elapsed', atLeastSec: 180 }, fault: 'host-power-loss', target: 'h-2' }],
      objectives: [
        {
          id: 'host-back',
          text: 'h-2 runs again after its failure',
          kind: 'reach' as const,
          check: {
            is: 'all' as const,
            of: [
              { is: 'fault-active' as const, kind: 'host-power-loss' as const },
              { is: 'elapsed' as const, atLeastSec: 3000 },
            ],
          },
          points: 10,
        },
      ],
      hints: [],
    };
    const r = await host.dispatch('scenario-start', { scenario: file, confirm: true, paused: true });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    await c.call('clock-step', { seconds: 120 });
    expect((await c.call('host-list', {})).find((h) => h.id === 'h-2')?.connectionState).toBe('connected');
    await c.call('clock-step', { seconds: 120 });
    expect((await c.call('host-list', {})).find((h) => h.id === 'h-2')?.connectionState).toBe('notResponding');
    const st = await c.call('scenario-status', {});
    expect(st.figures.firstFaultAt).not.toBeNull();
    await c.call('host-repair', { hostId: 'h-2' });
    const d = await c.call('scenario-debrief', {});
    expect(d.timeline.some((x) => x.lane === 'fault' && /Host power loss on .* started/.test(x.text))).toBe(true);
    expect(d.timeline.some((x) => x.lane === 'fault' && /Host power loss on .* cleared/.test(x.text))).toBe(true);
    expect(d.timeline.some((x) => x.lane === 'action' && /host-repair h-2/.test(x.text))).toBe(true);
  });

  it('survives a restart of the app: a host down by a fault stays down with its HA task, a scheduled one still fires, and its end repairs', async () => {
    const first = open();
    const dir = first.dir;
    await first.client.call('clock-step', { seconds: WARM });
    const down = await first.client.call('fault-inject', { kind: 'host-power-loss', targetId: 'h-1', durationSec: 1800 });
    const later = await first.client.call('fault-inject', { kind: 'host-isolation', targetId: 'h-3', delaySec: 600, durationSec: 600 });
    await first.client.call('clock-step', { seconds: 60 });
    first.host.close();
    labs.pop();
    const again = open(dir);
    const c = again.client;
    const faults = (await c.call('fault-list', {})).faults;
    expect(faults.find((x) => x.id === down.id)?.state).toBe('active');
    expect(faults.find((x) => x.id === later.id)?.state).toBe('scheduled');
    expect((await c.call('host-list', {})).find((h) => h.id === 'h-1')?.connectionState).toBe('notResponding');
    // One HA task for the failure, not a second one after the reopen.
    expect((await c.call('task-list', {})).filter((t) => t.kind === 'ha-failover' && t.objectId === 'h-1')).toHaveLength(1);
    await c.call('clock-step', { seconds: 600 });
    expect((await c.call('host-list', {})).find((h) => h.id === 'h-3')?.connectionState).toBe('notResponding');
    await c.call('clock-step', { seconds: 2100 });
    const hosts = await c.call('host-list', {});
    expect(hosts.find((h) => h.id === 'h-1')?.connectionState).toBe('connected');
    expect(hosts.find((h) => h.id === 'h-3')?.connectionState).toBe('connected');
  });
});

describe('schedule, events, persistence and refusals', () => {
  it('a delayed fault with a duration starts and ends on time and tells the event log', async () => {
    const lab = open();
    const c = lab.client;
    const f = await c.call('fault-inject', { kind: 'directory-slowness', delaySec: 120, durationSec: 300 });
    expect(f.state).toBe('scheduled');
    await c.call('clock-step', { seconds: 180 });
    let row = (await c.call('fault-list', {})).faults.find((x) => x.id === f.id);
    expect(row?.state).toBe('active');
    await c.call('clock-step', { seconds: 300 });
    row = (await c.call('fault-list', {})).faults.find((x) => x.id === f.id);
    expect(row?.state).toBe('ended');
    expect(Date.parse(row?.endAt ?? '') - Date.parse(row?.startAt ?? '')).toBe(300_000);
    const msgs = (await c.call('event-list', { search: 'Fault' })).rows.map((e) => e.message);
    expect(msgs.some((m) => /Fault started: Directory/.test(m))).toBe(true);
    expect(msgs.some((m) => /Fault ended: Directory/.test(m))).toBe(true);
  });

  it('survives a reopen of the lab mid-fault and a checkpoint restore', async () => {
    const first = open();
    const dir = first.dir;
    await first.client.call('clock-step', { seconds: WARM });
    const [ds] = await first.client.call('datastore-list', {});
    const f = await first.client.call('fault-inject', { kind: 'datastore-latency-spike', targetId: ds?.id ?? '', durationSec: 3600 });
    await first.client.call('clock-step', { seconds: 60 });
    const latency = await datastoreLatency(first.client);
    first.host.close();
    labs.pop();
    const again = open(dir);
    const row = (await again.client.call('fault-list', {})).faults.find((x) => x.id === f.id);
    expect(row).toMatchObject({ state: 'active', kind: 'datastore-latency-spike' });
    await again.client.call('clock-step', { seconds: 20 });
    expect(await datastoreLatency(again.client)).toBeGreaterThan(latency / 3);
    const cp = await again.client.call('checkpoint-save', { name: 'mid-fault' });
    await again.client.call('fault-clear', { id: f.id });
    expect((await again.client.call('fault-list', {})).faults[0]?.state).toBe('cleared');
    await again.client.call('checkpoint-restore', { id: cp.id, confirm: true });
    expect((await again.client.call('fault-list', {})).faults.find((x) => x.id === f.id)?.state).toBe('active');
    await again.client.call('clock-step', { seconds: 3600 });
    expect((await again.client.call('fault-list', {})).faults.find((x) => x.id === f.id)?.state).toBe('ended');
  });

  it('travels in a lab file: exported from one console and imported into another, the fault is active there and ends on time', async () => {
    const a = open();
    await a.client.call('clock-step', { seconds: 600 });
    const f = await a.client.call('fault-inject', { kind: 'profile-server-slowness', params: { factor: 4 }, durationSec: 1200 });
    const cp = await a.client.call('checkpoint-save', { name: 'with a fault' });
    const parts: Buffer[] = [];
    for (let offset = 0; ;) {
      const chunk = await a.client.call('checkpoint-export-chunk', { id: cp.id, offset });
      const buf = Buffer.from(chunk.data, 'base64');
      parts.push(buf);
      offset += buf.length;
      if (chunk.done) break;
    }
    const bytes = Buffer.concat(parts);
    const b = open();
    expect((await b.client.call('fault-list', {})).faults).toEqual([]);
    const { uploadId, chunkBytes } = await b.client.call('checkpoint-import-begin', { name: 'from a', sizeBytes: bytes.length });
    for (let off = 0; off < bytes.length; off += chunkBytes) {
      await b.client.call('checkpoint-import-chunk', { uploadId, offset: off, data: bytes.subarray(off, off + chunkBytes).toString('base64') });
    }
    const imported = await b.client.call('checkpoint-import-finish', { uploadId });
    await b.client.call('checkpoint-restore', { id: imported.id, confirm: true });
    const row = (await b.client.call('fault-list', {})).faults.find((x) => x.id === f.id);
    expect(row).toMatchObject({ state: 'active', kind: 'profile-server-slowness', params: { factor: 4 } });
    await b.client.call('clock-step', { seconds: 1200 });
    expect((await b.client.call('fault-list', {})).faults.find((x) => x.id === f.id)?.state).toBe('ended');
  });

  it('bad input is refused with a structured error and changes nothing', async () => {
    const lab = open();
    const c = lab.client;
    await c.call('clock-step', { seconds: 60 });
    const db = lab.peek();
    const before = tableCounts(db);
    const list = await c.call('fault-list', {});
    for (const input of [
      { kind: 'datastore-outage', targetId: 'ds-404' },
      { kind: 'cpu-hog', targetId: 'pool-1', params: { sharePct: 0 } },
      { kind: 'cpu-hog', targetId: 'pool-1', params: { nonsense: 1 } },
      { kind: 'broker-outage', targetId: 'h-1' },
    ]) {
      await expect(c.call('fault-inject', input as never)).rejects.toMatchObject({ error: { code: expect.stringMatching(/invalid-input|not-found/) } });
    }
    expect(tableCounts(db)).toEqual(before);
    expect(await c.call('fault-list', {})).toEqual(list);
    db.close();
  });
});
