import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushMessage } from '../../src-main/contract/methods.ts';
import { openHost } from '../../src-main/host/host.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

const HOUR = 3600;

describe('clock control through the API', () => {
  it('starts paused at the lab time; set speed writes an event; step refuses while running', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    const c0 = await client.call('clock-get', {});
    expect(c0).toMatchObject({ simTime: '2026-01-05T07:00:00.000Z', speed: 'paused', running: false, tickSeconds: 1 });
    const pushes: PushMessage[] = [];
    lab.host.onPush((m) => pushes.push(m));
    const c1 = await client.call('clock-set', { speed: '60' });
    // The change itself is pushed, so other consoles see it without waiting for the clock to move.
    expect(
      pushes
        .filter((p) => p.topic === 'clock')
        .map((p) => (p.payload as { speed: string }).speed)
        .at(-1),
    ).toBe('60');
    expect(c1).toMatchObject({ speed: '60', running: true });
    expect((await client.call('event-list', { limit: 1 })).rows[0]?.message).toBe('Simulation clock set to 60×');
    const refused = await lab.host.dispatch('clock-step', { seconds: 60 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', path: ['seconds'] } });
    await client.call('clock-set', { speed: 'paused' });
    const c2 = await client.call('clock-step', { seconds: 90 });
    expect(c2.simTime).toBe('2026-01-05T07:01:30.000Z');
  });

  it('a step moves sessions, desktops and metrics, and persists them', async () => {
    lab = tempLab('default', 1);
    const { client } = lab;
    const before = await client.call('dashboard-summary', {});
    const pushes: PushMessage[] = [];
    lab.host.onPush((m) => pushes.push(m));
    await client.call('clock-step', { seconds: 2 * HOUR }); // 07:00 → 09:00, through the storm
    const after = await client.call('dashboard-summary', {});
    expect(after.simTime).toBe('2026-01-05T09:00:00.000Z');
    expect(after.sessions.total).toBeGreaterThan(before.sessions.total + 400);
    expect(after.desktops.byState.CONNECTED ?? 0).toBeGreaterThan((before.desktops.byState.CONNECTED ?? 0) + 300);
    expect(pushes.some((p) => p.topic === 'clock')).toBe(true);
    expect(pushes.some((p) => p.topic === 'metrics')).toBe(true);
    const sessions = await client.call('session-list', {});
    expect(sessions.length).toBe(after.sessions.total);
    const now = await client.call('metrics-current', {});
    expect(now.hosts).toHaveLength(12);
    expect(now.estate.sessions).toBe(after.sessions.total);
    expect(Math.max(...now.hosts.map((h) => h.cpuPct))).toBeGreaterThan(10);
    const series = await client.call('metrics-series', { scope: 'estate', range: '1h' });
    expect(series.resolution).toBe(20);
    expect(series.points.length).toBe(180);
    const rollups = await client.call('metrics-series', { scope: 'host', id: 'h-1', range: '8h' });
    expect(rollups.resolution).toBe(300);
    // 2 h of 5-minute buckets, plus the one the starting instant (07:00:00) closes.
    expect(rollups.points.length).toBe(25);
    expect(rollups.points.at(-1)?.cpuPct).toBeGreaterThan(rollups.points[0]?.cpuPct ?? Infinity);
  });
});

describe('the simulated state persists', () => {
  it('stop and start again: the lab continues from the same moment with the same sessions', async () => {
    const dir = tempDir();
    const a = openHost({ dataDir: dir, lab: 'small', seed: 3 });
    await a.dispatch('clock-step', { seconds: 3 * HOUR });
    const clockA = await a.dispatch('clock-get', {});
    const sessA = await a.dispatch('session-list', {});
    a.close();
    const b = openHost({ dataDir: dir });
    expect(await b.dispatch('clock-get', {})).toEqual(clockA);
    expect(await b.dispatch('session-list', {})).toEqual(sessA);
    await b.dispatch('clock-step', { seconds: 60 });
    expect(await b.dispatch('clock-get', {})).toMatchObject({ ok: true, result: { simTime: '2026-01-05T10:01:00.000Z' } });
    b.close();
    lab = tempLab('small', 1, dir); // disposes the folder
  });

  it('replays identically: same lab and steps give the same metrics hash, however the steps are cut', async () => {
    const hashOf = async (steps: number[]) => {
      const l = tempLab('small', 5);
      try {
        for (const s of steps) await l.client.call('clock-step', { seconds: s });
        const series = await l.client.call('metrics-series', { scope: 'estate', range: '1h' });
        const hosts = await l.client.call('metrics-current', {});
        return createHash('sha256')
          .update(JSON.stringify([series.points, hosts.hosts, hosts.datastores]))
          .digest('hex');
      } finally {
        l.dispose();
      }
    };
    const one = await hashOf([2 * HOUR]);
    expect(await hashOf([2 * HOUR])).toBe(one);
    expect(await hashOf([1, 599, 3000, 3600])).toBe(one);
  });

  it('admin changes reach the engine: a disabled pool takes no new sessions', async () => {
    lab = tempLab('default', 1);
    const { client } = lab;
    const kw = (await client.call('pool-list', {})).find((p) => p.name === 'KW-Floating');
    if (!kw) throw new Error('no KW pool');
    await client.call('pool-set-enabled', { id: kw.id, enabled: false });
    const before = (await client.call('pool-get', { id: kw.id })).sessionCount;
    await client.call('clock-step', { seconds: 2 * HOUR });
    expect((await client.call('pool-get', { id: kw.id })).sessionCount).toBeLessThanOrEqual(before);
    const failed = await client.call('event-list', { objectKind: 'user', limit: 5 });
    expect(failed.total).toBeGreaterThan(0);
    expect(failed.rows[0]?.message).toMatch(/could not connect/);
  });
});

describe('CPU allocation set by an admin reaches the engine', () => {
  it('admission control refuses reservations a host cannot honour, and changes nothing', async () => {
    lab = tempLab('default', 1);
    const kw = (await lab.client.call('pool-list', {})).find((p) => p.name === 'KW-Floating');
    if (!kw) throw new Error('no KW pool');
    const reply = await lab.host.dispatch('pool-set-cpu-allocation', { id: kw.id, reservationMhz: 4000 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'conflict', path: ['reservationMhz'] } });
    if (!reply.ok) expect(reply.error.message).toMatch(/Admission control: host .* would need \d+ MHz/);
    expect((await lab.client.call('pool-get', { id: kw.id })).cpuReservationMhz).toBe(0);
  });

  it("a CPU limit throttles a pool's users even on an idle host, and their experience shows it", async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    const pools = await client.call('pool-list', {});
    const kw = pools.find((p) => p.name === 'KW-Floating');
    const tw = pools.find((p) => p.name === 'TW-Floating');
    if (!kw || !tw) throw new Error('pools missing');
    await client.call('pool-set-cpu-allocation', { id: kw.id, shares: 'high' });
    const low = await client.call('pool-set-cpu-allocation', { id: tw.id, shares: 'low', limitMhz: 300 });
    expect(low).toMatchObject({ cpuShares: 'low', cpuReservationMhz: 0, cpuLimitMhz: 300 });
    // A limit of 300 MHz throttles a task worker (560 MHz active) even on an idle host: its users wait.
    await client.call('clock-step', { seconds: 3 * HOUR });
    const now = await client.call('metrics-current', {});
    const kwUx = now.pools.find((p) => p.id === kw.id)?.uxMs ?? 0;
    const twUx = now.pools.find((p) => p.id === tw.id)?.uxMs ?? 0;
    expect(kwUx).toBeGreaterThan(0);
    expect(twUx).toBeGreaterThan(kwUx);
    // The audit line of the change (alarm events of the slow pool are on it too since then).
    const events = await client.call('event-list', { objectId: tw.id, type: 'audit-success', limit: 1 });
    expect(events.rows[0]?.message).toMatch(/shares low, reservation 0 MHz, limit 300 MHz/);
  });
});
