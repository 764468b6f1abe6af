import { describe, expect, it } from 'vitest';
import { Prng } from '../../src-main/core/prng.ts';

describe('Prng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const sa = Array.from({ length: 100 }, () => a.nextU32());
    const sb = Array.from({ length: 100 }, () => b.nextU32());
    const sc = Array.from({ length: 100 }, () => c.nextU32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('is pinned: a change of algorithm would silently change every lab', () => {
    const p = new Prng(1);
    expect([p.nextU32(), p.nextU32(), p.nextU32()]).toEqual([1828152527, 3394835397, 2967886022]);
  });

  it('stays in range and is roughly uniform', () => {
    const p = new Prng(7);
    const buckets = new Array<number>(10).fill(0);
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = p.next();
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      buckets[Math.floor(x * 10)] = (buckets[Math.floor(x * 10)] ?? 0) + 1;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(500);
    for (let i = 0; i < 1000; i++) {
      const v = p.int(3, 5);
      expect([3, 4, 5]).toContain(v);
    }
  });

  it('forks independent child streams deterministically', () => {
    const a = new Prng(9).fork(1);
    const b = new Prng(9).fork(1);
    const c = new Prng(9).fork(2);
    expect(a.nextU32()).toBe(b.nextU32());
    expect(new Prng(9).fork(1).nextU32()).not.toBe(c.nextU32());
  });

  it('refuses to pick from an empty list', () => {
    expect(() => new Prng(1).pick([])).toThrow(/empty/);
  });
});
