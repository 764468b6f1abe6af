import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CapacityResult } from '../../src-main/contract/capacity-results.ts';
import { baseDefinition, knobDefinition, metricOf, SENSITIVITY_KNOBS } from '../../src-main/core/capacity/sensitivity.ts';
import { runInWorkers } from '../../src-main/app/capacity/pool.ts';

// Long simulated runs: a few seconds of CPU each, but the machine may be shared (2 cores, other suites
// running), so the time limits guard against a hang, not against a slow machine. Nothing here asserts
// on wall-clock time.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

// Each knob a planner turns moves the answer in the documented direction by the documented amount
// (core/capacity/sensitivity.ts, docs/CALIBRATION.md "Sensitivity"), on the real simulator; and the
// answer varies across seeds about as much as repeated real tests do (a few percent), from the
// model's own randomness. Runs in worker threads; deterministic per seed.

const SEEDS = [1, 2, 3, 4, 5, 6];
const base: Record<'target' | 'vsimax', number> = { target: 0, vsimax: 0 };
const changed: (number | null)[] = [];
const seeded: number[] = [];

beforeAll(async () => {
  const defs = [
    baseDefinition('target'),
    baseDefinition('vsimax'),
    ...SENSITIVITY_KNOBS.map(knobDefinition),
    ...SEEDS.map((seed) => ({ ...baseDefinition('target'), seed })),
  ];
  const runs = (await runInWorkers(defs)).map((r) => r.result as CapacityResult);
  base.target = metricOf('target', runs[0] as CapacityResult) as number;
  base.vsimax = metricOf('vsimax', runs[1] as CapacityResult) as number;
  SENSITIVITY_KNOBS.forEach((k, i) => changed.push(metricOf(k.base, runs[2 + i] as CapacityResult)));
  SEEDS.forEach((_, i) => seeded.push(metricOf('target', runs[2 + SENSITIVITY_KNOBS.length + i] as CapacityResult) as number));
});

describe('sensitivity: each knob moves the answer as documented', () => {
  it('both bases reach their metric', () => {
    expect(base.target).toBeGreaterThan(100);
    expect(base.vsimax).toBeGreaterThan(300);
  });

  it.each(SENSITIVITY_KNOBS.map((k, i) => [`${k.knob}: ${k.change}`, i] as const))('%s', (_name, i) => {
    const k = SENSITIVITY_KNOBS[i] as (typeof SENSITIVITY_KNOBS)[number];
    const v = changed[i];
    expect(v, 'the changed design reached its metric').not.toBeNull();
    const pct = ((v as number) / base[k.base] - 1) * 100;
    expect(pct, `${k.knob} ${k.change}: ${base[k.base]} → ${v}`).toBeGreaterThanOrEqual(k.expected[0]);
    expect(pct, `${k.knob} ${k.change}: ${base[k.base]} → ${v}`).toBeLessThanOrEqual(k.expected[1]);
  });
});

describe('run-to-run variance across seeds', () => {
  it('is a few percent (coefficient of variation 1–6 %), from per-user demand, per-host efficiency and loop phases', () => {
    const mean = seeded.reduce((a, b) => a + b, 0) / seeded.length;
    const sd = Math.sqrt(seeded.reduce((a, b) => a + (b - mean) ** 2, 0) / (seeded.length - 1));
    expect(new Set(seeded).size).toBeGreaterThan(3);
    expect(sd / mean).toBeGreaterThan(0.01);
    expect(sd / mean).toBeLessThan(0.06);
  });
});
