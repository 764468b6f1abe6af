import { afterEach, describe, expect, it } from 'vitest';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// The dashboard's host card: each host in exactly one line, so the lines add up to the total. A host that lost power was
// counted as not responding and again as powered off (7 hosts = 3 + 4 + 4; black-box round 6).

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

describe('dashboard host counts', () => {
  it('a failed host is not responding only; the four lines add up to the total', async () => {
    lab = tempLab('small', 1);
    const c = lab.client;
    const before = (await c.call('dashboard-summary', {})).hosts;
    expect(before.connected).toBe(before.total);
    await c.call('host-fail', { hostId: 'h-1', mode: 'power-loss' });
    await c.call('clock-step', { seconds: 60 });
    const after = (await c.call('dashboard-summary', {})).hosts;
    expect(after).toMatchObject({ total: before.total, connected: before.total - 1, notResponding: 1, poweredOff: 0, maintenance: 0 });
    expect(after.connected + after.maintenance + after.notResponding + after.poweredOff).toBe(after.total);
  });
});
