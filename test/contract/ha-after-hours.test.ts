import { afterEach, describe, expect, it } from 'vitest';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// Users who lose their session to a host failure try again as HA brings desktops back; past the end of their day they go
// home instead. Before, a user whose leave time passed while the session was lost reconnected and kept it all night
// (black-box round 6).

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

describe('a host failure at the end of the day', () => {
  it('leaves nobody connected in the evening: users past their leave time do not reconnect', async () => {
    lab = tempLab('small', 1);
    const c = lab.client;
    await c.call('clock-step', { seconds: 11.47 * 3600 }); // Monday 07:00 → 18:28, the last users about to leave
    const sessions = (await c.call('session-list', { limit: 5000 })).filter((s) => s.state !== 'disconnected');
    const byHost = new Map<string, number>();
    for (const s of sessions) if (s.hostId) byHost.set(s.hostId, (byHost.get(s.hostId) ?? 0) + 1);
    const [host] = [...byHost].sort((a, b) => b[1] - a[1])[0] ?? [];
    expect(host).toBeDefined();
    await c.call('host-fail', { hostId: host as string, mode: 'power-loss' });
    await c.call('clock-step', { seconds: 3600 });
    const left = (await c.call('session-list', { limit: 5000 })).filter((s) => s.state !== 'disconnected');
    expect(left.map((s) => `${s.id} ${s.state} since ${s.startedAt}`)).toEqual([]);
  }, 120_000);
});
