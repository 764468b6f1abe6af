import { afterEach, describe, expect, it } from 'vitest';
import type { Input } from '../../src-main/contract/methods.ts';
import type { ScalingPlan } from '../../src-main/contract/entities.ts';
import { phaseAt } from '../../src-main/core/engine/provisioning/autoscale.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

const plan: NonNullable<Input<'pool-set-scaling-plan'>['plan']> = {
  phases: [
    { name: 'ramp-up', start: '07:00', capacityThresholdPct: 80, minHostsPct: 20, loadBalancing: 'breadth-first' },
    { name: 'peak', start: '09:00', capacityThresholdPct: 90, minHostsPct: 50, loadBalancing: 'depth-first' },
    { name: 'ramp-down', start: '17:00', capacityThresholdPct: 90, minHostsPct: 10, loadBalancing: 'depth-first' },
    { name: 'off-peak', start: '19:00', capacityThresholdPct: 90, minHostsPct: 5, loadBalancing: 'depth-first' },
  ],
  capacityBufferPct: 10,
  powerOffDelayMinutes: 15,
};

describe('scaling plan (autoscale) of a multi-session farm', () => {
  it('each phase holds: ramp-up trims idle hosts, peak keeps half on, off-peak leaves the minimum', async () => {
    lab = tempLab('default', 1);
    const { client } = lab;
    const farm = (await client.call('pool-list', {})).find((p) => p.sessionType === 'multi-session');
    if (!farm) throw new Error('no farm');
    const hostsOn = async () => (await client.call('desktop-list', { poolId: farm.id, powerState: 'poweredOn' })).total;
    expect(await hostsOn()).toBe(20); // always-on before the plan
    const saved = await client.call('pool-set-scaling-plan', { id: farm.id, plan });
    expect(saved?.phases.map((p) => p.name)).toEqual(['ramp-up', 'peak', 'ramp-down', 'off-peak']);
    await client.call('clock-step', { seconds: 40 * 60 }); // 07:40: ramp-up, few agents, idle hosts off after 15 min
    const rampUp = await hostsOn();
    expect(rampUp).toBeLessThan(20); // breadth-first spreads the first agents, so hosts with one session stay on
    expect(rampUp).toBeGreaterThanOrEqual(4); // 20 % of 20
    await client.call('clock-step', { seconds: 2 * 3600 }); // 09:40: peak
    expect(await hostsOn()).toBeGreaterThanOrEqual(10); // 50 % of 20
    await client.call('clock-step', { seconds: 11 * 3600 }); // 20:40: off-peak, agents gone
    expect(await hostsOn()).toBeLessThanOrEqual(3);
    const sessions = (await client.call('pool-get', { id: farm.id })).sessionCount;
    // Failed connections for want of a session host (a flaky home link's protocol timeout is not the plan's doing).
    const failed = (await client.call('event-list', { objectKind: 'user', search: 'No desktop available' })).total;
    expect(sessions).toBeGreaterThanOrEqual(0);
    expect(failed).toBe(0); // enough hosts were on for everyone
    // 14 simulated hours of the default lab: a few seconds of CPU, but a shared 2-core machine can stretch it past a minute.
  }, 300_000);

  it('knows its phase: weekday times, and off-peak all weekend', () => {
    const full: ScalingPlan = { phases: plan.phases, capacityBufferPct: 10, powerOffDelayMinutes: 15, weekdaysOnly: true };
    const monday = Date.parse('2026-01-05T00:00:00Z') / 1000;
    expect(phaseAt(full, monday + 6 * 3600).name).toBe('off-peak');
    expect(phaseAt(full, monday + 8 * 3600).name).toBe('ramp-up');
    expect(phaseAt(full, monday + 12 * 3600).name).toBe('peak');
    expect(phaseAt(full, monday + 18 * 3600).name).toBe('ramp-down');
    expect(phaseAt(full, monday + 5 * 86400 + 12 * 3600).name).toBe('off-peak'); // Saturday noon
  });
});
