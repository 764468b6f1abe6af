import { afterEach, describe, expect, it } from 'vitest';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// Issue #14: bulk actions on desktops, each desktop done or refused with its reason.

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

describe('desktop-bulk', () => {
  it('powers off idle desktops, refuses the ones in use with the reason, and the engine follows', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 2 * 3600 });
    const rows = (await client.call('desktop-list', {})).rows;
    const idle = rows.filter((r) => r.sessions === 0 && r.powerState === 'poweredOn' && r.state === 'AVAILABLE').slice(0, 2);
    const busy = rows.find((r) => r.sessions > 0)!;
    expect(idle.length).toBe(2);
    const res = await client.call('desktop-bulk', { ids: [...idle.map((r) => r.id), busy.id, 'vm-404'], action: 'power-off' });
    expect(res).toMatchObject({ action: 'power-off', done: 2, refused: 2 });
    expect(res.results.find((r) => r.id === busy.id)).toMatchObject({ ok: false, message: expect.stringMatching(/session\(s\): log the users off first/) });
    expect(res.results.find((r) => r.id === 'vm-404')).toMatchObject({ ok: false });
    for (const r of idle) expect((await client.call('desktop-get', { id: r.id })).powerState).toBe('poweredOff');
    // Power on again: through vm-power-on's rules (admission control).
    const on = await client.call('desktop-bulk', { ids: idle.map((r) => r.id), action: 'power-on' });
    expect(on.done).toBe(2);
    await client.call('clock-step', { seconds: 120 });
    for (const r of idle) expect((await client.call('desktop-get', { id: r.id })).powerState).toBe('poweredOn');
  });

  it('restart and reset end the sessions on the desktops; maintenance and remove work per desktop', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 2 * 3600 });
    const rows = (await client.call('desktop-list', {})).rows;
    const busy = rows.filter((r) => r.sessions > 0).slice(0, 2);
    const before = (await client.call('session-list', {})).filter((s) => busy.some((b) => b.id === s.desktopId)).length;
    expect(before).toBeGreaterThan(0);
    const res = await client.call('desktop-bulk', { ids: busy.map((r) => r.id), action: 'reset' });
    expect(res.done).toBe(2);
    expect(res.results[0]?.message).toMatch(/reset, \d+ session\(s\) ended/);
    expect((await client.call('session-list', {})).filter((s) => busy.some((b) => b.id === s.desktopId))).toEqual([]);
    expect((await client.call('desktop-get', { id: busy[0]!.id })).state).toBe('WAIT_FOR_AGENT');

    const idle = rows
      .filter((r) => r.sessions === 0 && r.state === 'AVAILABLE')
      .slice(0, 2)
      .map((r) => r.id);
    expect((await client.call('desktop-bulk', { ids: idle, action: 'maintenance-on' })).done).toBe(2);
    expect((await client.call('desktop-get', { id: idle[0]! })).state).toBe('MAINTENANCE');
    const poolOf = (await client.call('desktop-get', { id: idle[0]! })).poolId;
    const machines = (await client.call('pool-get', { id: poolOf })).machineCount;
    const removed = await client.call('desktop-bulk', { ids: [idle[0]!], action: 'remove' });
    expect(removed.done).toBe(1);
    expect((await client.call('pool-get', { id: poolOf })).machineCount).toBe(machines - 1);
    expect(await lab.host.dispatch('desktop-get', { id: idle[0]! })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const events = (await client.call('event-list', { objectKind: 'desktop', limit: 5 })).rows.map((e) => e.message);
    expect(events[0]).toMatch(/Removed .* \(the VM was deleted\)/);
  });
});
