import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITION } from '../../src-renderer/features/capacity/model/defaults.ts';
import type { CapacityResult, CapacitySample } from '../../src-renderer/features/capacity/model/contract-types.ts';
import {
  bySessions,
  compareChart,
  euxChart,
  logonChart,
  MAX_RAW_POINTS,
  responseChart,
  utilizationCharts,
  vsiMarkers,
} from '../../src-renderer/features/capacity/model/curve-data.ts';
import { delta, differingPaths, keyFigures, runLabels } from '../../src-renderer/features/capacity/model/compare.ts';

function sample(t: number, active: number, responseMs: number, indexMs: number | null, extra: Partial<CapacitySample> = {}): CapacitySample {
  return {
    t,
    activeSessions: active,
    launched: active,
    logonSec: active > 0 ? 20 + active : null,
    responseMs,
    indexMs,
    cpuPct: active / 4,
    cpuInUsePct: active / 4,
    readyPct: active / 40,
    vmCpuPct: active / 2,
    memPct: 50,
    memState: 'high',
    swappedMb: 0,
    storageLatencyMs: 0.5,
    iops: active * 8,
    offeredIops: active * 8,
    writeIops: active * 6,
    storagePct: 2,
    networkPct: 1,
    ...extra,
  };
}

function result(patch: Partial<CapacityResult> = {}): CapacityResult {
  const curves = [sample(0, 0, 0, null), sample(20, 1, 800, null), sample(40, 3, 820, 810), sample(60, 2, 900, 850), sample(80, 5, 2100, 1900)];
  return {
    definition: structuredClone(DEFAULT_DEFINITION),
    hostCpu: { model: null, source: 'ghz', baseGhz: 2.1, specIntRatePerCore: 5.1, vixPerCore: 6.45, hostVix: 310 },
    cpuTarget: { targetPct: 80, users: 3.5, reached: true, usersPerHost: 3.5, usersPerCore: 0.07, readyPct: 1, mhzPerSession: 23040 },
    vsimax: 4,
    vsimaxReached: true,
    vsibaseMs: 790,
    thresholdMs: 1790,
    thresholdRule: 'base+1000',
    sessionsLaunched: 5,
    stuckSessions: 0,
    failedSessions: 0,
    stuckFailedPct: 0,
    withinStuckGuideline: true,
    bottleneck: { resource: 'cpu', sentence: 'CPU: ready time passed 10% per vCPU at 4 sessions', atSessions: 4 },
    utilizationAtKnee: { cpuPct: 99, readyPct: 12, vmCpuPct: 80, memPct: 50, memState: 'high', storageLatencyMs: 0.5, storagePct: 2, iops: 30, networkPct: 1 },
    usersPerCore: 4 / 48,
    usersPerHost: 4,
    usersPerVcpu: 0.5,
    physicalCores: 48,
    sessionHostVcpus: 10,
    sampleSec: 20,
    curves,
    eux: [
      { minute: 0, score: 9.5, responseMs: 800, activeSessions: 1 },
      { minute: 1, score: 4, responseMs: 2000, activeSessions: 5 },
    ],
    recommendations: {
      safetyMarginPct: 20,
      targetUsers: 1000,
      haSpareHosts: 1,
      lowerBound: false,
      usersPerHostAtVsimax: 4,
      usersPerCoreAtVsimax: 0.08,
      usersPerHostSafe: 3,
      usersPerCoreSafe: 0.06,
      hostsForTarget: 334,
      hostsWithHa: 335,
      notes: [],
    },
    durationSec: 80,
    ...patch,
  };
}

describe('response curve', () => {
  it('puts samples in session order, keeping time order for equal counts', () => {
    const rows = bySessions([sample(0, 2, 1, null), sample(1, 1, 2, null), sample(2, 2, 3, null), sample(3, 1, 4, null)]);
    expect(rows.map((r) => r.t)).toEqual([1, 3, 0, 2]);
  });
  it('plots the index as a line and raw samples as dots, against active sessions', () => {
    const spec = responseChart(result());
    expect(Array.from(spec.x)).toEqual([0, 1, 2, 3, 5]);
    const raw = spec.series.find((s) => s.key === 'raw');
    const index = spec.series.find((s) => s.key === 'index');
    // No action finished in the first interval: no dot at 0 ms.
    expect(Array.from(raw?.values ?? [])).toEqual([null, 800, 900, 820, 2100]);
    expect(raw?.dots).toBe(true);
    expect(Array.from(index?.values ?? [])).toEqual([null, null, 850, 810, 1900]);
    expect(index?.spanGaps).toBe(true);
    // The y range leaves room above the threshold.
    expect(spec.axes[0]?.range?.[1]).toBeGreaterThanOrEqual(1790 * 1.15);
  });
  it('marks VSIbase, the threshold, VSImax and the saturated zone beyond it', () => {
    const m = vsiMarkers(result(), 400);
    expect(m.map((x) => x.id)).toEqual(['vsibase', 'threshold', 'saturated', 'vsimax']);
    expect(m.find((x) => x.id === 'vsimax')).toMatchObject({ kind: 'vline', x: 4, label: 'VSImax 4' });
    expect(m.find((x) => x.id === 'threshold')).toMatchObject({ kind: 'hline', y: 1790 });
    expect(m.find((x) => x.id === 'saturated')).toMatchObject({ kind: 'xband', from: 4, to: 400 });
  });
  it('draws no VSImax when the index never crossed the threshold', () => {
    const m = vsiMarkers(result({ vsimax: null, vsimaxReached: false }), 400);
    expect(m.map((x) => x.id)).toEqual(['vsibase', 'threshold']);
  });
  it('thins raw dots beyond the limit but keeps every index point', () => {
    const many = Array.from({ length: MAX_RAW_POINTS * 3 }, (_v, i) => sample(i, i, 1000, 1000));
    const spec = responseChart(result({ curves: many }));
    const dots = Array.from(spec.series[0]?.values ?? []).filter((v) => v !== null).length;
    expect(dots).toBeLessThanOrEqual(MAX_RAW_POINTS);
    expect(dots).toBeGreaterThan(MAX_RAW_POINTS / 2);
    expect(Array.from(spec.series[1]?.values ?? []).filter((v) => v !== null)).toHaveLength(MAX_RAW_POINTS * 3);
  });
});

describe('utilization and EUX charts', () => {
  it('one chart per resource view, each with the knee marked and its alarm lines', () => {
    const charts = utilizationCharts(result());
    expect(charts.map((c) => c.id)).toEqual(['cap-util', 'cap-ready', 'cap-latency', 'cap-swap']);
    for (const c of charts) expect(c.markers?.some((m) => m.id === 'vsimax')).toBe(true);
    const ready = charts[1];
    expect(ready?.markers?.filter((m) => m.kind === 'hline').map((m) => (m.kind === 'hline' ? m.y : 0))).toEqual([5, 10]);
    // The latency chart always reaches its 20 ms alert line.
    expect(charts[2]?.axes[0]?.range?.[1]).toBeGreaterThanOrEqual(20);
    expect(Array.from(charts[0]?.series[0]?.values ?? [])).toEqual([0, 0.25, 0.5, 0.75, 1.25]);
  });
  it('logon duration against sessions, with the 30 s typical and 60 s poor lines', () => {
    const c = logonChart(result());
    expect(Array.from(c.series[0]?.values ?? [])).toEqual([null, 21, 22, 23, 25]);
    expect(c.markers?.filter((m) => m.kind === 'hline').map((m) => (m.kind === 'hline' ? m.y : 0))).toEqual([30, 60]);
  });
  it('EUX score per minute, with the minute VSImax was reached', () => {
    const c = euxChart(result());
    expect(Array.from(c.x)).toEqual([0, 1]);
    expect(c.markers?.find((m) => m.id === 'vsimax')).toMatchObject({ kind: 'vline', x: 1 });
  });
});

describe('comparing runs', () => {
  it('overlays the index curves on the union of session counts', () => {
    const a = result();
    const b = result({ curves: [sample(0, 2, 700, 700), sample(10, 4, 750, 760), sample(20, 6, 2000, 1800)], vsimax: 6 });
    const spec = compareChart([
      { label: 'A', result: a },
      { label: 'B', result: b },
    ]);
    expect(Array.from(spec.x)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(spec.series[1]?.values ?? [])).toEqual([null, null, 700, null, 760, null, 1800]);
    expect(spec.markers?.filter((m) => m.kind === 'vline').map((m) => (m.kind === 'vline' ? m.x : null))).toEqual([4, 6]);
    // Same threshold in both runs: one line.
    expect(spec.markers?.filter((m) => m.kind === 'hline').map((m) => m.id)).toEqual(['threshold']);
    const other = compareChart([
      { label: 'A', result: a },
      { label: 'B', result: result({ thresholdMs: 1900 }) },
    ]);
    expect(other.markers?.filter((m) => m.kind === 'hline').map((m) => (m.kind === 'hline' ? m.y : 0))).toEqual([1900, 1790]);
    expect(spec.series.map((s) => s.color)).toEqual(['blue', 'orange']);
  });
  it('names runs by what differs between their definitions', () => {
    const d2 = structuredClone(DEFAULT_DEFINITION);
    const d4 = { ...structuredClone(DEFAULT_DEFINITION), name: 'other', sessionHost: { ...DEFAULT_DEFINITION.sessionHost, vcpu: 4 }, protocol: 'rdp' as const };
    expect(differingPaths([d2, d4])).toEqual(['sessionHost.vcpu', 'protocol']);
    expect(
      runLabels([
        { name: 'a', definition: d2 },
        { name: 'b', definition: d4 },
      ]),
    ).toEqual(['2 vCPU · BLAST', '4 vCPU · RDP']);
    // Same definition twice (a rerun): the names, numbered when they clash.
    expect(
      runLabels([
        { name: 'x', definition: d2 },
        { name: 'x', definition: d2 },
      ]),
    ).toEqual(['x (#1)', 'x (#2)']);
  });
  it('key figures with differences to the first run', () => {
    const rows = keyFigures([result(), result({ vsimax: 6 })]);
    expect(rows.find((r) => r.id === 'vsimax')?.values).toEqual([4, 6]);
    expect(rows.find((r) => r.id === 'bottleneck')?.text).toEqual(['cpu', 'cpu']);
    expect(delta(200, 230, (v) => String(v))).toEqual({ text: '+30 (+15.0 %)', sign: 1 });
    expect(delta(200, 180, (v) => String(v))).toEqual({ text: '−20 (−10.0 %)', sign: -1 });
    expect(delta(5, 5, String)).toEqual({ text: '±0', sign: 0 });
    expect(delta(null, 5, String)).toBeNull();
  });
});
