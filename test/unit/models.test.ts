import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src-main/core/engine/event-queue.ts';
import { Prng } from '../../src-main/core/prng.ts';
import { blocksAllocations, memoryState } from '../../src-main/core/models/memory.ts';
import { hostWatts } from '../../src-main/core/models/power.ts';
import { entitle } from '../../src-main/core/engine/load/cpu-entitlement.ts';
import { STORAGE_RHO_CAP, storageLatencyMs } from '../../src-main/core/models/storage.ts';
import { minFreeMb } from '../../src-main/core/params.ts';

describe('event queue', () => {
  it('pops in time order, and in scheduling order at the same instant', () => {
    const q = new EventQueue<string>();
    q.schedule(30, 'c');
    q.schedule(10, 'a1');
    q.schedule(20, 'b');
    q.schedule(10, 'a2');
    const out: string[] = [];
    for (let e = q.popDue(25); e; e = q.popDue(25)) out.push(e.event);
    expect(out).toEqual(['a1', 'a2', 'b']);
    expect(q.peekTime()).toBe(30);
    expect(q.popDue(29)).toBeUndefined();
  });

  it('matches a sorted reference on 5,000 random events', () => {
    const rng = new Prng(3);
    const q = new EventQueue<number>();
    const ref: { at: number; i: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      const at = rng.int(0, 500);
      q.schedule(at, i);
      ref.push({ at, i });
    }
    ref.sort((a, b) => a.at - b.at || a.i - b.i);
    const got: number[] = [];
    for (let e = q.popDue(Infinity); e; e = q.popDue(Infinity)) got.push(e.event);
    expect(got).toEqual(ref.map((r) => r.i));
  });

  it('cancels matching events and refuses a non-finite time', () => {
    const q = new EventQueue<{ task: number }>();
    for (let i = 0; i < 10; i++) q.schedule(i, { task: i % 2 });
    expect(q.cancel((e) => e.task === 1)).toBe(5);
    expect(q.size).toBe(5);
    expect(q.popDue(100)?.event.task).toBe(0);
    expect(() => q.schedule(Number.NaN, { task: 0 })).toThrow(RangeError);
  });
});

describe('memory states switch at the minFree multiples', () => {
  const ram = 768;
  const mf = minFreeMb(ram);
  it.each([
    [4.0, 'high'],
    [3.99, 'clear'],
    [1.0, 'clear'],
    [0.99, 'soft'],
    [0.64, 'soft'],
    [0.63, 'hard'],
    [0.32, 'hard'],
    [0.31, 'low'],
    [0.0, 'low'],
  ] as const)('free = %s × minFree → %s', (mult, state) => {
    expect(memoryState(mf * mult, ram)).toBe(state);
  });
  it('blocks allocations below 16% of minFree', () => {
    expect(blocksAllocations(mf * 0.17, ram)).toBe(false);
    expect(blocksAllocations(mf * 0.15, ram)).toBe(true);
  });
});

describe('storage latency follows the queue law', () => {
  it('R = S / (1 − ρ)', () => {
    expect(storageLatencyMs(0.5, 0, 100_000)).toBeCloseTo(0.5, 9);
    expect(storageLatencyMs(0.5, 50_000, 100_000)).toBeCloseTo(1.0, 9);
    expect(storageLatencyMs(0.5, 90_000, 100_000)).toBeCloseTo(5.0, 9);
    expect(storageLatencyMs(1, 95_000, 100_000)).toBeCloseTo(20, 9);
  });
  it('rises monotonically and stays finite past saturation', () => {
    let last = 0;
    for (let iops = 0; iops <= 200_000; iops += 5_000) {
      const r = storageLatencyMs(0.4, iops, 100_000);
      expect(r).toBeGreaterThanOrEqual(last);
      expect(Number.isFinite(r)).toBe(true);
      last = r;
    }
    expect(last).toBeCloseTo(0.4 / (1 - STORAGE_RHO_CAP), 6);
    expect(() => storageLatencyMs(0, 1, 1)).toThrow(RangeError);
  });
});

describe('power follows utilization', () => {
  it('idle + (peak − idle) × u, clamped, 0 W when off', () => {
    expect(hostWatts(66, 247, 0)).toBe(66);
    expect(hostWatts(66, 247, 1)).toBe(247);
    expect(hostWatts(66, 247, 0.5)).toBeCloseTo(156.5, 9);
    expect(hostWatts(66, 247, 1.7)).toBe(247);
    expect(hostWatts(66, 247, 0.5, false)).toBe(0);
  });
});

describe('CPU entitlement on a contended host (shares, reservations, limits)', () => {
  // A tiny hand-made state: one host, four powered-on VMs.
  const make = (shares: number[], res: number[]) =>
    ({
      hDesktops: [Int32Array.from([0, 1, 2, 3])],
      dPower: new Uint8Array(4), // 0 = poweredOn
      dShares: Float32Array.from(shares),
      dResMhz: Float32Array.from(res),
    }) as unknown as Parameters<typeof entitle>[0];

  it('equal shares split capacity equally among VMs that want more than their part', () => {
    const deficit = new Float32Array(4);
    entitle(make([1000, 1000, 1000, 1000], [0, 0, 0, 0]), 0, 4000, Float64Array.from([2000, 2000, 2000, 500]), deficit);
    // 500 MHz VM is satisfied; the other three share 3,500 → 1,166.7 each of 2,000.
    expect(deficit[3]).toBe(0);
    for (const d of [0, 1, 2]) expect(deficit[d]).toBeCloseTo(1 - 3500 / 3 / 2000, 5);
  });

  it('high shares get twice normal and four times low; reservations come first', () => {
    const deficit = new Float32Array(4);
    entitle(make([4000, 2000, 1000, 1000], [0, 0, 0, 1500]), 0, 4000, Float64Array.from([3000, 3000, 3000, 3000]), deficit);
    // VM 3 reserves 1,500; 2,500 left by shares 4:2:1:1 → 1250, 625, 312.5, 312.5 (+1,500 for VM 3).
    expect(1 - (deficit[0] as number)).toBeCloseTo(1250 / 3000, 5);
    expect(1 - (deficit[1] as number)).toBeCloseTo(625 / 3000, 5);
    expect(1 - (deficit[2] as number)).toBeCloseTo(312.5 / 3000, 5);
    expect(1 - (deficit[3] as number)).toBeCloseTo(1812.5 / 3000, 5);
  });
});
