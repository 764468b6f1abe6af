import { describe, expect, it } from 'vitest';
import type { CapacitySample } from '../../src-main/contract/capacity-results.ts';
import { findBottleneck } from '../../src-main/core/capacity/analysis.ts';
import { euxScore, findVsimax, indexAt, trimmedMean, vsiBase, vsiThreshold } from '../../src-main/core/capacity/vsi.ts';

// Login VSI's arithmetic on hand-made samples: every figure below is worked out by hand.

describe('VSIbase', () => {
  it('averages the lowest 15 samples after dropping the lowest 2', () => {
    // 1..20 shuffled: lowest 15 are 1..15; drop 1 and 2; the mean of 3..15 is 9.
    const samples = [20, 3, 17, 1, 9, 14, 2, 11, 19, 5, 8, 13, 4, 16, 6, 18, 10, 7, 15, 12];
    expect(vsiBase(samples)).toBe(9);
  });
  it('ignores the high samples entirely', () => {
    const low = Array.from({ length: 15 }, (_, i) => 800 + i * 10); // 800..940
    expect(vsiBase([...low, 5000, 9000, 12000])).toBeCloseTo((820 + 940) / 2, 9);
  });
  it('keeps what there is when a test is shorter than 15 samples', () => {
    expect(vsiBase([100, 200, 300, 400])).toBe(350); // drop 100 and 200
    expect(vsiBase([500])).toBe(500);
    expect(vsiBase([])).toBeNaN();
  });
});

describe('threshold', () => {
  it('is VSIbase + 1,000 ms, or VSIbase × 1.25 + 3,000 ms in the older variant', () => {
    expect(vsiThreshold(800, 'base+1000')).toBe(1800);
    expect(vsiThreshold(800, 'base*1.25+3000')).toBe(4000);
  });
});

describe('VSI index', () => {
  it('drops the top and bottom 2% before averaging', () => {
    // 100 values: 2 low outliers, 96 at 1000, 2 high outliers → exactly 1000.
    const v = [1, 2, ...Array.from({ length: 96 }, () => 1000), 50_000, 90_000];
    expect(trimmedMean(v)).toBe(1000);
    // Under 50 values nothing is dropped (2% of 49 rounds down to 0).
    expect(trimmedMean([1, 2, 3])).toBe(2);
  });
  it('averages the samples of the window ending at t, and needs enough of them', () => {
    const times = [10, 20, 30, 40, 50, 60, 70, 200];
    const values = [900, 1000, 1100, 1200, 1300, 1400, 1500, 5000];
    // Window (−50, 70] with 7 samples: mean 1200.
    expect(indexAt(times, values, times.length, 70, 120, 5)).toBe(1200);
    // Window (80, 200]: only one sample → no index yet.
    expect(indexAt(times, values, times.length, 200, 120, 5)).toBeNull();
    // Samples after t do not count.
    expect(indexAt(times, values, times.length, 50, 120, 5)).toBe(1100);
  });
});

describe('VSImax', () => {
  const pts = [
    { t: 10, activeSessions: 10, indexMs: null },
    { t: 20, activeSessions: 20, indexMs: 900 },
    { t: 30, activeSessions: 30, indexMs: 1799 },
    { t: 40, activeSessions: 41, indexMs: 1801 },
    { t: 50, activeSessions: 52, indexMs: 1700 },
  ];
  it('is the active sessions at the first index above the threshold', () => {
    expect(findVsimax(pts, 1800)).toEqual({ vsimax: 41, at: 40 });
  });
  it('is not reached when the index never crosses', () => {
    expect(findVsimax(pts, 2000)).toEqual({ vsimax: null, at: null });
  });
});

describe('EUX-style score', () => {
  it('is 10 at the baseline, 5 at the threshold and 0 at twice its distance', () => {
    expect(euxScore(800, 800, 1800)).toBe(10);
    expect(euxScore(1800, 800, 1800)).toBe(5);
    expect(euxScore(2800, 800, 1800)).toBe(0);
    expect(euxScore(500, 800, 1800)).toBe(10);
  });
});

describe('bottleneck', () => {
  const base: CapacitySample = {
    t: 0,
    activeSessions: 0,
    launched: 0,
    logonSec: 28,
    responseMs: 800,
    indexMs: 800,
    cpuPct: 10,
    cpuInUsePct: 10,
    readyPct: 1,
    vmCpuPct: 20,
    memPct: 40,
    memState: 'high',
    swappedMb: 0,
    storageLatencyMs: 0.5,
    iops: 100,
    offeredIops: 100,
    writeIops: 80,
    storagePct: 1,
    networkPct: 1,
  };
  const at = (n: number, p: Partial<CapacitySample>): CapacitySample => ({ ...base, t: n * 10, activeSessions: n, launched: n, ...p });
  it('names the resource that passed its limit first, in words', () => {
    const curves = [at(10, {}), at(20, { memState: 'hard' }), at(30, { memState: 'hard', readyPct: 12 }), at(40, { memState: 'low', readyPct: 30 })];
    expect(findBottleneck(curves, 3)).toEqual({
      resource: 'memory',
      sentence: 'Memory: host memory state reached hard (compression and swapping) at 20 sessions',
      atSessions: 20,
    });
    expect(findBottleneck([at(10, {}), at(212, { readyPct: 10.5 })], 1).sentence).toBe('CPU: ready time passed 10% per vCPU at 212 sessions');
    expect(findBottleneck([at(10, { storageLatencyMs: 25 })], 0).resource).toBe('storage');
    expect(findBottleneck([at(10, { networkPct: 95 })], 0).resource).toBe('network');
    expect(findBottleneck([at(10, {}), at(44, { vmCpuPct: 93 })], 1).sentence).toBe("CPU: the busiest VM's own vCPUs reached 90% at 44 sessions");
  });
  it('ignores a transient spike long before the knee, and bridges one-point gaps', () => {
    const curves = [
      at(10, {}),
      at(20, { vmCpuPct: 95 }),
      at(30, {}),
      at(40, {}),
      at(50, {}),
      at(60, { readyPct: 11 }),
      at(70, { readyPct: 9 }),
      at(80, { readyPct: 20 }),
    ];
    expect(findBottleneck(curves, 7).sentence).toBe('CPU: ready time passed 10% per vCPU at 60 sessions');
  });
  it('falls back to the resource closest to its limit at the knee, and to none without a knee', () => {
    expect(findBottleneck([at(10, { readyPct: 8, storageLatencyMs: 4 })], 0).resource).toBe('cpu');
    expect(findBottleneck([at(10, {})], null)).toMatchObject({ resource: 'none', atSessions: null });
  });
});

describe('co-stop of wide VMs', () => {
  it('grows with extra vCPUs, utilization squared and over-commitment', async () => {
    const { coStopPct } = await import('../../src-main/core/capacity/run.ts');
    // 1.5 % per extra vCPU at a full host with ≥ 5 vCPUs per thread (CAPACITY_PARAMS.coStopPerExtraVcpuPct).
    expect(coStopPct(2, 100, 5)).toBeCloseTo(1.5, 9);
    expect(coStopPct(4, 100, 5)).toBeCloseTo(4.5, 9);
    expect(coStopPct(4, 50, 5)).toBeCloseTo(4.5 * 0.25, 9);
    // Half-way to full over-commitment (3 vCPUs per thread): half of it; none without over-commitment or a single vCPU.
    expect(coStopPct(2, 100, 3)).toBeCloseTo(0.75, 9);
    expect(coStopPct(8, 100, 1)).toBe(0);
    expect(coStopPct(1, 100, 8)).toBe(0);
  });
});
