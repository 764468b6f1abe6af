import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm, Client } from '../../src-main/contract/index.ts';
import { DEFAULT_ALARM_DEFINITIONS } from '../../src-main/core/alarms/defaults.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 16: alarms, separate from events. Each default definition triggers and resets on a scripted
// lab, through the dispatcher; acknowledgement with a comment; definitions edited and validated;
// everything kept across a checkpoint restore and a reopened lab.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
function lab(profile: 'small' | 'default' = 'small'): TempLab {
  const l = tempLab(profile, 1);
  labs.push(l);
  return l;
}

async function alarmsOf(c: Client, definitionId: string): Promise<Alarm[]> {
  return (await c.call('alarm-list', { state: 'all', definitionId, limit: 5000 })).rows;
}
const active = (rows: Alarm[]) => rows.filter((a) => a.state !== 'reset');
const t = (iso: string) => Date.parse(iso) / 1000;

describe('a login storm overwhelms a pool', () => {
  it('"no available desktops" and "failed connections" trigger within a simulated minute of the first refusal, and reset once the pool has room', async () => {
    const { client: c } = lab();
    // KW-Floating sized below its users: 10 machines for the knowledge workers who arrive from 08:00.
    await c.call('pool-update', { id: 'pool-1', minMachines: 10, maxMachines: 10, spareMachines: 1 });
    await c.call('clock-step', { seconds: 2.5 * 3600 }); // Monday 07:00 → 09:30, through the storm
    const failures = (await c.call('session-failures', { reason: 'no-desktop', limit: 5000 })).filter((f) => f.poolId !== null);
    expect(failures.length).toBeGreaterThan(0);
    const poolId = 'pool-1';
    const first = Math.min(...failures.filter((f) => f.poolId === poolId).map((f) => t(f.at)));

    const none = (await alarmsOf(c, 'pool-no-desktops')).filter((a) => a.objectId === poolId);
    expect(none[0]).toMatchObject({ severity: 'critical', objectKind: 'pool', value: 0 });
    // A user refused "No desktop available": the alarm stands at the next evaluation minute.
    expect(Math.min(...none.map((a) => t(a.triggeredAt))) - first).toBeLessThanOrEqual(60);
    // Failed connections: more than one a minute over 5 minutes (a sixth refusal within 5 minutes), judged within the minute.
    const times = failures
      .filter((f) => f.poolId === poolId)
      .map((f) => t(f.at))
      .sort((a, b) => a - b);
    const sixth = times.find((x, i) => i >= 5 && x - (times[i - 5] as number) < 300) as number;
    expect(sixth).toBeDefined();
    const failed = (await alarmsOf(c, 'pool-failed-connections')).filter((a) => a.objectId === poolId);
    expect(failed.length).toBeGreaterThan(0);
    expect(Math.min(...failed.map((a) => t(a.triggeredAt))) - sixth).toBeLessThanOrEqual(60);

    // The masthead's count: active warning and critical alarms only (the clock's audit lines are not in it).
    const list = await c.call('alarm-list', {});
    expect(list.counts.critical).toBeGreaterThanOrEqual(1);
    expect(list.counts.byObject[`pool:${poolId}`]?.severity).toBe('critical');
    await c.call('clock-set', { speed: '10' });
    await c.call('clock-set', { speed: 'paused' });
    expect((await c.call('alarm-list', {})).counts).toEqual(list.counts);

    // The events say so, with their severity.
    const ev = (await c.call('event-list', { objectId: poolId, search: 'Pool has no available desktops' })).rows;
    expect(ev.some((e) => e.severity === 'critical' && e.type === 'error')).toBe(true);

    // Room in the pool: the alarm resets at the next minute; failures stop and their rate falls to 0 within the window.
    const pool = await c.call('pool-get', { id: poolId });
    await c.call('pool-update', { id: poolId, maxMachines: pool.maxMachines + 40, spareMachines: Math.max(pool.spareMachines, 10) });
    await c.call('clock-step', { seconds: 1800 });
    expect(active((await alarmsOf(c, 'pool-no-desktops')).filter((a) => a.objectId === poolId))).toEqual([]);
    const after = (await alarmsOf(c, 'pool-failed-connections')).filter((a) => a.objectId === poolId);
    expect(after.some((a) => a.state === 'reset' && a.resetAt !== null)).toBe(true);
    expect((await c.call('event-list', { objectId: poolId, search: 'reset' })).rows.some((e) => e.severity === 'info')).toBe(true);
  }, 300_000);
});

describe('a dedicated pool full by design', () => {
  it('four kiosks for four entitled users raise no "no available desktops" alarm; a fifth entitled user does', async () => {
    const { client: c } = lab('default');
    // KIOSK-Manual: 4 machines, each assigned to one of its 4 entitled users. It stayed critical all day (black-box round 6).
    const kiosk = (await c.call('pool-list', {})).find((p) => p.name === 'KIOSK-Manual');
    expect(kiosk).toMatchObject({ assignment: 'dedicated', machineCount: 4 });
    if (!kiosk) return;
    await c.call('clock-step', { seconds: 600 });
    expect(active((await alarmsOf(c, 'pool-no-desktops')).filter((a) => a.objectId === kiosk.id))).toEqual([]);
    // A fifth user entitled: a newcomer there gets "No desktop available", so the pool is short and the alarm stands.
    const owners = new Set((await c.call('entitlement-list', {})).filter((e) => e.poolId === kiosk.id).map((e) => e.principalId));
    const newcomer = (await c.call('user-list', { limit: 50 })).rows.find((u) => !owners.has(u.id));
    if (!newcomer) throw new Error('no user');
    await c.call('entitlement-add', { poolId: kiosk.id, principalType: 'user', principalId: newcomer.id });
    await c.call('clock-step', { seconds: 120 });
    expect(active((await alarmsOf(c, 'pool-no-desktops')).filter((a) => a.objectId === kiosk.id))).toMatchObject([{ severity: 'critical', value: 0 }]);
  }, 120_000);
});

describe('each default definition triggers and resets', () => {
  it('pool logon duration (the storm), session RTT and loss, a failed host, HA capacity', async () => {
    const { client: c } = lab();
    await c.call('clock-step', { seconds: 2.5 * 3600 });
    // Logons in the storm run past 45 s on a pool, and the alarm resets when the 5-minute window has only quick ones.
    const logon = await alarmsOf(c, 'pool-logon-duration');
    expect(logon.length).toBeGreaterThan(0);
    expect(logon.some((a) => a.state === 'reset')).toBe(true);

    // A user on a poor network: RTT 350 ms and 6 % loss, held 2 minutes → critical; logged off → reset.
    const users = (await c.call('user-list', { limit: 2000 })).rows;
    const busy = new Set((await c.call('session-list', {})).map((s) => s.userId));
    let sessionId = '';
    for (const u of users.filter((x) => !busy.has(x.id))) {
      try {
        const r = await c.call('session-connect', {
          userId: u.id,
          clientDevice: 'windows',
          network: 'custom',
          custom: { rttMs: 350, lossPct: 6, bandwidthKbps: 4000 },
        });
        sessionId = r.sessionId;
        break;
      } catch {
        // not entitled to a pool with room: the next user
      }
    }
    expect(sessionId).not.toBe('');
    await c.call('clock-step', { seconds: 240 });
    expect(active(await alarmsOf(c, 'session-rtt')).find((a) => a.objectId === sessionId)).toMatchObject({ severity: 'critical', value: 350 });
    expect(active(await alarmsOf(c, 'session-loss')).find((a) => a.objectId === sessionId)).toMatchObject({ severity: 'critical', value: 6 });
    await c.call('session-logoff', { ids: [sessionId] });
    await c.call('clock-step', { seconds: 120 });
    for (const d of ['session-rtt', 'session-loss']) {
      expect((await alarmsOf(c, d)).find((a) => a.objectId === sessionId)?.state).toBe('reset');
    }

    // A host fails: "not responding" at once (a state alarm); repaired → reset.
    const host = (await c.call('host-list', {}))[0]?.id as string;
    await c.call('host-fail', { hostId: host, mode: 'power-loss' });
    await c.call('clock-step', { seconds: 120 });
    expect(active(await alarmsOf(c, 'host-not-responding'))).toMatchObject([{ objectId: host, severity: 'critical' }]);
    await c.call('host-repair', { hostId: host });
    await c.call('clock-step', { seconds: 900 });
    expect(active(await alarmsOf(c, 'host-not-responding'))).toEqual([]);
    expect((await alarmsOf(c, 'host-not-responding'))[0]?.state).toBe('reset');

    // Admission control asks for more failover capacity than the cluster has → insufficient; turned off → reset.
    const cluster = (await c.call('cluster-list', {}))[0]?.id as string;
    await c.call('cluster-set-ha', { clusterId: cluster, enabled: true, admissionControl: { policy: 'percentage', cpuPct: 95, memPct: 95 } });
    await c.call('clock-step', { seconds: 60 });
    expect(active(await alarmsOf(c, 'ha-capacity'))).toMatchObject([{ objectId: cluster, severity: 'critical', objectKind: 'cluster' }]);
    await c.call('cluster-set-ha', { clusterId: cluster, admissionControl: { policy: 'percentage', cpuPct: 10, memPct: 10 } });
    await c.call('clock-step', { seconds: 60 });
    expect((await alarmsOf(c, 'ha-capacity'))[0]?.state).toBe('reset');
  }, 300_000);

  it('host CPU, memory state, CPU ready, datastore latency and free space, snapshot size and age, user logon: on their real figures, with thresholds the small lab crosses', async () => {
    const { client: c } = lab();
    // The small lab idles at ~10 % CPU: each definition is moved to where its figure is now (through the API, as an admin
    // would), so what triggers is the metric read from the engine; restoring the default resets the alarm.
    const tight: Record<string, { warning: number | null; critical: number | null; durationSeconds?: number }> = {
      'host-cpu': { warning: 0.5, critical: 99, durationSeconds: 60 },
      'host-memory': { warning: -0.5, critical: 4.5 },
      'cpu-ready': { warning: 0.1, critical: 99, durationSeconds: 60 },
      'datastore-latency': { warning: 0.01, critical: 1000, durationSeconds: 60 },
      'datastore-free': { warning: 99.9, critical: 1 },
      'snapshot-size': { warning: 0, critical: 1000 },
      'user-logon-duration': { warning: 1, critical: 1000 },
    };
    for (const [id, changes] of Object.entries(tight)) await c.call('alarm-definition-update', { id, changes: { ...changes, enabled: true } });
    const desktop = (await c.call('desktop-list', { state: 'AVAILABLE', limit: 1 })).rows[0]?.id as string;
    await c.call('snapshot-take', { desktopId: desktop, name: 'before the patch', description: '' });
    // Two hosts of three in maintenance: the morning's desktops run on one, whose vCPUs then wait (CPU ready).
    await c.call('host-enter-maintenance', { hostId: 'h-2' });
    await c.call('host-enter-maintenance', { hostId: 'h-3' });
    await c.call('clock-step', { seconds: 3 * 3600 }); // 07:00 → 10:00: logons, load
    for (const id of Object.keys(tight)) {
      // A user's slow logon is an alarm while it is in the 5-minute window: it may have reset since.
      const rows = id === 'user-logon-duration' ? await alarmsOf(c, id) : active(await alarmsOf(c, id));
      expect(rows.length, id).toBeGreaterThan(0);
      expect(rows[0]?.severity, id).toBe('warning');
    }
    expect(active(await alarmsOf(c, 'snapshot-size'))[0]?.objectId).toBe(desktop);
    // A snapshot kept past 24 hours: warning (VMware KB 1025279); past 72 hours: critical.
    await c.call('clock-step', { seconds: 22 * 3600 });
    expect(active(await alarmsOf(c, 'snapshot-age'))).toMatchObject([{ objectId: desktop, severity: 'warning' }]);

    for (const id of Object.keys(tight)) await c.call('alarm-definition-update', { id, changes: {}, restoreDefault: true });
    await c.call('alarm-definition-update', { id: 'user-logon-duration', changes: { enabled: false } });
    await c.call('alarm-definition-update', { id: 'snapshot-age', changes: { enabled: false } });
    await c.call('clock-step', { seconds: 120 });
    for (const id of [...Object.keys(tight), 'snapshot-age']) {
      const rows = await alarmsOf(c, id);
      expect(rows.length, id).toBeGreaterThan(0);
      expect(active(rows), id).toEqual([]);
    }
    const defs = await c.call('alarm-definition-list', {});
    for (const d of DEFAULT_ALARM_DEFINITIONS.filter((x) => x.id !== 'snapshot-age')) {
      expect(defs.find((x) => x.id === d.id)).toMatchObject({
        warning: d.warning,
        critical: d.critical,
        durationSeconds: d.durationSeconds,
        enabled: d.enabled,
      });
    }
  }, 300_000);
});

describe('acknowledge, escalate, and keep', () => {
  it('an acknowledgement records who and the comment; refused twice and with no comment; a restore brings the alarm back as it was', async () => {
    const l = lab();
    const c = l.client;
    await c.call('alarm-definition-update', { id: 'datastore-latency', changes: { warning: 0.01, critical: 1000, durationSeconds: 0 } });
    await c.call('clock-step', { seconds: 3600 });
    const [first] = active(await alarmsOf(c, 'datastore-latency'));
    expect(first?.state).toBe('triggered');
    const id = (first as Alarm).id;
    const cp = await c.call('checkpoint-save', { name: 'before the ack', notes: '' });

    const missing = await l.host.dispatch('alarm-acknowledge', { ids: [id] });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid-input', path: ['comment'] } });
    await c.call('alarm-acknowledge', { ids: [id], comment: 'Storage team paged: array rebuild' });
    const acked = (await alarmsOf(c, 'datastore-latency')).find((a) => a.id === id);
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'CORP\\test-admin', acknowledgedComment: 'Storage team paged: array rebuild' });
    expect(acked?.acknowledgedAt).not.toBeNull();
    const again = await l.host.dispatch('alarm-acknowledge', { ids: [id], comment: 'again' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', path: ['ids', 0] } });
    expect((await c.call('alarm-list', {})).counts.unacknowledged).toBe((await c.call('alarm-list', { state: 'triggered' })).total);
    const audit = (await c.call('event-list', { type: 'audit-success', search: 'Storage team paged' })).rows;
    expect(audit[0]?.user).toBe('CORP\\test-admin');

    // Escalation asks for attention again: an acknowledged warning that turns critical is triggered.
    await c.call('alarm-definition-update', { id: 'datastore-latency', changes: { critical: 0.02 } });
    await c.call('clock-step', { seconds: 120 });
    const escalated = (await alarmsOf(c, 'datastore-latency')).find((a) => a.id === id);
    expect(escalated).toMatchObject({ severity: 'critical', state: 'triggered' });

    // The checkpoint: the alarm unacknowledged and warning again, the definition as it was then.
    await c.call('checkpoint-restore', { id: cp.id, confirm: true });
    expect((await alarmsOf(c, 'datastore-latency')).find((a) => a.id === id)).toMatchObject({ state: 'triggered', severity: 'warning', acknowledgedBy: null });
    expect((await c.call('alarm-definition-list', {})).find((d) => d.id === 'datastore-latency')?.critical).toBe(1000);
    // and it goes on from there: the same alarm (no second one for the same object).
    await c.call('clock-step', { seconds: 300 });
    const rows = await alarmsOf(c, 'datastore-latency');
    expect(new Set(active(rows).map((a) => a.objectId)).size).toBe(active(rows).length);
    expect(rows.some((a) => a.id === id && a.state !== 'reset')).toBe(true);
  }, 300_000);

  it('a reopened lab keeps definitions, alarms and the breaches under way (a duration started before the close completes after it)', async () => {
    const dir = tempDir('vdi-alarms-');
    const first = tempLab('small', 1, dir);
    await first.client.call('alarm-definition-create', { name: 'Busy hosts', metric: 'host-cpu-usage', warning: 0.5, durationSeconds: 0 });
    await first.client.call('clock-step', { seconds: 3 * 3600 });
    const hostAlarms = active((await first.client.call('alarm-list', { objectKind: 'host' })).rows).length;
    expect(hostAlarms).toBeGreaterThan(0);
    // 5 of the 10 minutes of the latency definition are held when the lab closes.
    await first.client.call('alarm-definition-update', { id: 'datastore-latency', changes: { warning: 0.01, critical: 1000, durationSeconds: 600 } });
    await first.client.call('clock-step', { seconds: 300 });
    expect(active(await alarmsOf(first.client, 'datastore-latency'))).toEqual([]);
    first.host.close();
    const again = tempLab('small', 1, dir);
    labs.push(again);
    const c = again.client;
    expect((await c.call('alarm-definition-list', {})).find((d) => d.name === 'Busy hosts')).toMatchObject({ metric: 'host-cpu-usage', builtin: false });
    expect(active((await c.call('alarm-list', { objectKind: 'host' })).rows).length).toBe(hostAlarms);
    await c.call('clock-step', { seconds: 360 });
    const latency = active(await alarmsOf(c, 'datastore-latency'));
    expect(latency.length).toBeGreaterThan(0);
    // It triggered 10 minutes after the breach began (10:01 → 10:11), sooner than 10 minutes after the reopen (10:05 → 10:15).
    const at = Math.min(...latency.map((a) => t(a.triggeredAt)));
    expect(at).toBe(t('2026-01-05T10:11:00.000Z'));
  }, 300_000);
});
