import { afterEach, describe, expect, it } from 'vitest';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// Host lifecycle rules: add (same design as its peers, or specified), power
// off only when empty or in maintenance, power on (boot), remove only an
// empty host in maintenance; bad input changes nothing.

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

describe('host lifecycle', () => {
  it('adds a host like its peers, powers it off and on, and removes it once empty and in maintenance', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    const peer = (await client.call('host-get', { id: 'h-1' })).host;
    const added = await client.call('host-add', { clusterId: 'cl-1' });
    expect(added).toMatchObject({ kind: 'host-add', state: 'completed', objectId: 'h-4', objectName: 'lab-cl01-esx04.corp.local' });
    const h4 = (await client.call('host-get', { id: 'h-4' })).host;
    expect(h4).toMatchObject({
      clusterId: 'cl-1',
      sockets: peer.sockets,
      coresPerSocket: peer.coresPerSocket,
      ramGb: peer.ramGb,
      nicGbps: peer.nicGbps,
      connectionState: 'connected',
      powerState: 'poweredOn',
    });
    expect((await client.call('cluster-list', {})).find((c) => c.id === 'cl-1')?.hostCount).toBe(4);
    // The new host takes VMs at once.
    await client.call('clock-step', { seconds: 3600 });
    const d = (await client.call('host-get', { id: 'h-1' })).desktops.find((x) => x.powerState === 'poweredOn');
    await client.call('vm-migrate', { desktopIds: [d?.id ?? ''], toHostId: 'h-4' });
    await client.call('clock-step', { seconds: 60 });
    expect((await client.call('host-get', { id: 'h-4' })).desktops.map((x) => x.id)).toEqual([d?.id]);
    // Not off while it runs a VM, not removed while it is not in maintenance.
    expect(await lab.host.dispatch('host-power', { hostId: 'h-4', action: 'off' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await lab.host.dispatch('host-remove', { hostId: 'h-4' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/not in maintenance mode/) },
    });
    await client.call('host-enter-maintenance', { hostId: 'h-4' });
    await client.call('clock-step', { seconds: 60 });
    expect((await client.call('host-get', { id: 'h-4' })).host).toMatchObject({ connectionState: 'maintenance', vmCount: 0 });
    expect(await client.call('host-power', { hostId: 'h-4', action: 'off' })).toMatchObject({ state: 'completed' });
    expect((await client.call('host-get', { id: 'h-4' })).host.powerState).toBe('poweredOff');
    const on = await client.call('host-power', { hostId: 'h-4', action: 'on' });
    expect(on.state).toBe('running');
    await client.call('clock-step', { seconds: 60 });
    expect((await client.call('cluster-status', { clusterId: 'cl-1' })).hosts.find((h) => h.hostId === 'h-4')?.status).toBe('powering-on');
    await client.call('clock-step', { seconds: 150 });
    expect((await client.call('task-list', {})).find((t) => t.id === on.id)?.state).toBe('completed');
    expect((await client.call('host-get', { id: 'h-4' })).host).toMatchObject({ powerState: 'poweredOn', connectionState: 'maintenance' });
    const removed = await client.call('host-remove', { hostId: 'h-4' });
    expect(removed).toMatchObject({ kind: 'host-remove', state: 'completed' });
    expect(await lab.host.dispatch('host-get', { id: 'h-4' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const msgs = (await client.call('event-list', { objectId: 'h-4', limit: 20 })).rows.map((e) => e.message);
    expect(msgs.some((m) => /Host lab-cl01-esx04.corp.local added to LAB-VDI-CL01/.test(m))).toBe(true);
    expect(msgs.some((m) => /removed from its cluster/.test(m))).toBe(true);
  });

  it('adds a host of a specified design, and refuses bad host operations without changing anything', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('host-add', { clusterId: 'cl-1', name: 'esx-big.corp.local', design: { ramGb: 1024, sockets: 2, coresPerSocket: 32, nicGbps: 100 } });
    expect((await client.call('host-list', { clusterId: 'cl-1' })).find((h) => h.name === 'esx-big.corp.local')).toMatchObject({
      ramGb: 1024,
      coresPerSocket: 32,
      nicGbps: 100,
    });
    const db = lab.peek();
    try {
      const before = contentDigest(db);
      const bad: [string, unknown, string][] = [
        ['host-power', { hostId: 'h-1', action: 'off' }, 'conflict'], // runs VMs
        ['host-power', { hostId: 'h-2', action: 'on' }, 'conflict'], // already on
        ['host-remove', { hostId: 'h-1' }, 'conflict'],
        ['host-remove', { hostId: 'h-99' }, 'not-found'],
        ['host-exit-maintenance', { hostId: 'h-2' }, 'conflict'],
        ['host-repair', { hostId: 'h-2' }, 'conflict'],
        ['host-add', { clusterId: 'cl-1', name: 'esx-big.corp.local' }, 'conflict'],
        ['host-add', { clusterId: 'cl-9' }, 'not-found'],
        ['host-fail', { hostId: 'h-99', mode: 'power-loss' }, 'not-found'],
      ];
      for (const [m, input, code] of bad)
        expect(await lab.host.dispatch(m, input), `${m} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code } });
      expect(contentDigest(db)).toBe(before);
    } finally {
      db.close();
    }
    await client.call('host-fail', { hostId: 'h-2', mode: 'power-loss' });
    expect(await lab.host.dispatch('host-fail', { hostId: 'h-2', mode: 'isolation' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await lab.host.dispatch('host-power', { hostId: 'h-2', action: 'on' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/repair it/) },
    });
    expect(await lab.host.dispatch('host-enter-maintenance', { hostId: 'h-2' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
