import { describe, expect, it } from 'vitest';
import { linkMBps, migrationLimit, precopy, VMOTION } from '../../src-main/core/models/vmotion.ts';

// The pre-copy model on its own: round i copies V·λ^i with λ = D/R; stop when the rest fits the downtime target.

describe('pre-copy live migration', () => {
  it('copies V·λ^i per round and stops once the remainder fits the downtime target', () => {
    const V = 4096;
    const R = 100; // MB/s
    const D = 40; // λ = 0.4
    const r = precopy({ memoryMb: V, dirtyMBps: D, linkMBps: R, downtimeTargetMs: 300 });
    expect(r.lambda).toBeCloseTo(0.4, 12);
    r.rounds.forEach((round, i) => expect(round.copiedMb).toBeCloseTo(V * 0.4 ** i, 9));
    // Rounds go on while V·λ^i / R > 0.3 s: 4096·0.4^i > 30 → i ≤ 5 (4096·0.4^5 = 41.9), round 6 leaves 16.8 MB.
    expect(r.rounds.length).toBe(6);
    expect(r.converged).toBe(true);
    expect(r.downtimeMs).toBeCloseTo(((V * 0.4 ** 6) / R) * 1000, 6);
    const precopySec = r.rounds.reduce((s, x) => s + x.copiedMb / R, 0);
    expect(r.durationSec).toBeCloseTo(VMOTION.setupSec + precopySec + r.downtimeMs / 1000, 9);
  });

  it('gives up after n rounds when the guest dirties faster than the link copies, and fails past the switchover limit', () => {
    const r = precopy({ memoryMb: 8192, dirtyMBps: 120, linkMBps: 100, maxRounds: 5 });
    expect(r.rounds.length).toBe(5);
    expect(r.converged).toBe(false);
    expect(r.downtimeMs).toBeCloseTo(((8192 * 1.2 ** 5) / 100) * 1000, 6);
    expect(r.fails).toBe(true); // 204 s of stun > 100 s
    const idle = precopy({ memoryMb: 8192, dirtyMBps: 2, linkMBps: 1562.5 });
    expect(idle.fails).toBe(false);
    expect(idle.downtimeMs).toBeLessThan(300);
  });

  it('uses half the slower link, shared by the migrations running, and limits concurrency by link speed', () => {
    expect(linkMBps(25, 10, 1)).toBe((10 * 1000 * 0.5) / 8);
    expect(linkMBps(25, 25, 4)).toBe((25 * 1000 * 0.5) / 8 / 4);
    expect(migrationLimit(1)).toBe(4);
    expect(migrationLimit(10)).toBe(8);
    expect(migrationLimit(25)).toBe(8);
  });
});
