import { afterEach, describe, expect, it } from 'vitest';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// A memory-hungry VM on a host (issue 17, for "memory over-commit on a host"): its reservation is
// consumed memory in the host's memory model, so free memory falls through ESXi's states and the
// desktops there balloon and swap; a clear gives the memory back.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});

describe('memory-hungry VM on a host', () => {
  it('drives the host into the hard memory state (ballooning and swapping) while the others stay clear, and a clear ends it', async () => {
    const l = tempLab('small', 1);
    labs.push(l);
    const c = l.client;
    await c.call('clock-step', { seconds: 2 * 3600 });
    const host = (await c.call('host-list', {})).find((h) => h.id === 'h-2');
    expect(host).toBeDefined();
    const before = (await c.call('metrics-current', {})).hosts;
    expect(before.every((h) => h.memState === 0 && h.swapMb === 0)).toBe(true);
    // Nearly all the host's memory reserved by one VM.
    const reservedGb = Math.round((host?.ramGb ?? 0) * 0.97);
    const f = await c.call('fault-inject', { kind: 'host-memory-hog', targetId: 'h-2', params: { reservedGb } });
    await c.call('clock-step', { seconds: 120 });
    const during = (await c.call('metrics-current', {})).hosts;
    const h2 = during.find((h) => h.id === 'h-2');
    expect(h2?.memState).toBeGreaterThanOrEqual(3); // hard: compression and swapping
    expect((h2?.balloonMb ?? 0) + (h2?.swapMb ?? 0)).toBeGreaterThan(0);
    expect(during.filter((h) => h.id !== 'h-2').every((h) => h.memState === 0)).toBe(true);
    await c.call('fault-clear', { id: f.id });
    await c.call('clock-step', { seconds: 60 });
    expect((await c.call('metrics-current', {})).hosts.find((h) => h.id === 'h-2')?.memState).toBe(0);
  }, 120_000);
});
