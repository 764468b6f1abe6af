import { describe, expect, it } from 'vitest';
import { methods } from '../../src-main/contract/methods.ts';
import { compact } from '../../src-renderer/components/charts/chart-format.ts';
import { formatRealTime, nextRunAfter } from '../../src-renderer/components/format.ts';
import { fieldMessage, fieldSchema, limitsOf, limitsText, schemaAt, schemaErrors, schemaErrorsDeep } from '../../src-renderer/components/schema-check.ts';
import { memoryText, notReachedCaveat } from '../../src-renderer/features/capacity/model/knee.ts';

// Issue #14: the pure pieces behind "no silent clamp", "figures that agree" and "axes that do not lie".

describe('form fields checked against the contract', () => {
  const POOL = methods['pool-create'].input;
  const base = { name: 'ok', displayName: 'x', namingPattern: 'A-{n}', clusterId: 'c', datastoreIds: ['d'], networkId: 'n' };

  it('says what is wrong in words, per field, with the value given', () => {
    const e = schemaErrors(POOL, { ...base, displayName: 'y'.repeat(10_000), vcpu: -5, ramGb: 99_999_999, minMachines: 50, maxMachines: 40 });
    expect(e).toMatchObject({
      displayName: 'Must be at most 64 characters (10,000 given)',
      vcpu: 'Must be at least 1 (-5 given)',
      ramGb: 'Must be at most 1,024 (99,999,999 given)',
      maxMachines: 'Must be at least the minimum (50)',
    });
    expect(schemaErrors(POOL, { ...base, vcpu: 2.5 }).vcpu).toBe('Must be a whole number (2.5 given)');
    expect(schemaErrors(POOL, { ...base, vcpu: Number.NaN }).vcpu).toBe('Must be a number');
  });

  it("knows each field's limits before anything is sent", () => {
    expect(limitsText(limitsOf(fieldSchema(POOL, 'vcpu')))).toBe('1–64, whole numbers');
    expect(limitsText(limitsOf(fieldSchema(POOL, 'displayName')))).toBe('up to 64 characters');
    expect(limitsOf(schemaAt(methods['cluster-set-ha'].input, 'admissionControl.cpuPct'))).toMatchObject({ min: 0, max: 100 });
    expect(limitsOf(schemaAt(methods['pool-set-scaling-plan'].input, 'plan.phases.*.capacityThresholdPct'))).toMatchObject({ min: 1, max: 100 });
    expect(schemaErrorsDeep(methods['cluster-set-ha'].input, { clusterId: 'cl-1', admissionControl: { policy: 'percentage', cpuPct: 150 } })).toEqual({
      'admissionControl.cpuPct': 'Must be at most 100 (150 given)',
    });
  });

  it("shows the host's message under its field without the field name", () => {
    expect(fieldMessage({ code: 'invalid-input', message: 'displayName: must be at most 64 characters (80 given)', path: ['displayName'] })).toBe(
      'Must be at most 64 characters (80 given)',
    );
    expect(fieldMessage({ code: 'conflict', message: 'A desktop pool named X already exists', path: ['name'] })).toBe('A desktop pool named X already exists');
  });
});

describe('figures', () => {
  it('axis ticks keep the decimals that tell them apart', () => {
    expect([0, 0.25, 0.5, 0.75, 1].map(compact)).toEqual(['0', '0.25', '0.5', '0.75', '1']);
    expect([2000, 2250, 2500, 2742].map(compact)).toEqual(['2k', '2.25k', '2.5k', '2.74k']);
    expect(compact(12_500)).toBe('12.5k');
  });

  it('the next periodic run is always after now', () => {
    const m = 60_000;
    expect(nextRunAfter(10 * m, 5 * m, 9 * m)).toBe(10 * m);
    expect(nextRunAfter(10 * m, 5 * m, 10 * m)).toBe(15 * m);
    expect(nextRunAfter(10 * m, 5 * m, 41 * m)).toBe(45 * m);
  });

  it('real-time stamps say so', () => {
    expect(formatRealTime('2026-11-24T09:00:00Z')).toMatch(/2026.*\(real time\)$/);
  });

  it('capacity: memory over 100 % with nothing swapped, and a VSImax lower bound with a saturated CPU, read as the model says', () => {
    expect(memoryText(104, 'soft', 0)).toBe(
      '104 % of physical RAM demanded · soft · 0 MB swapped (over-committed: the excess is reclaimed by page sharing, ballooning or compression, nothing swapped)',
    );
    expect(memoryText(80, 'high', 0)).toBe('80 % of physical RAM demanded · high · 0 MB swapped');
    const util = {
      cpuPct: 100,
      readyPct: 28,
      vmCpuPct: 90,
      memPct: 80,
      memState: 'high' as const,
      storageLatencyMs: 1,
      storagePct: 10,
      iops: 100,
      networkPct: 1,
    };
    const caveat = notReachedCaveat({
      vsimaxReached: false,
      sessionsLaunched: 300,
      utilizationAtKnee: util,
      bottleneck: { resource: 'cpu', sentence: 'CPU', atSessions: 212 },
    });
    expect(caveat).toMatch(/CPU at 100 %, CPU ready 28.0 % per vCPU \(critical above 10 %\)/);
    expect(caveat).toMatch(/from 212 sessions on/);
    expect(
      notReachedCaveat({ vsimaxReached: true, sessionsLaunched: 300, utilizationAtKnee: util, bottleneck: { resource: 'cpu', sentence: '', atSessions: 1 } }),
    ).toBeNull();
  });
});

describe('tables', () => {
  it('empty values ("—") sort last in both directions', async () => {
    const { sortRows } = await import('../../src-renderer/components/virtual-rows.ts');
    const col = { key: 'rtt', title: 'RTT', sortValue: (r: { v: number | null }) => r.v, render: () => null };
    const rows = [{ v: 20 }, { v: null }, { v: 150 }, { v: Number.NaN }, { v: 80 }];
    expect(sortRows(rows, col, 'desc').map((r) => r.v)).toEqual([150, 80, 20, null, Number.NaN]);
    expect(sortRows(rows, col, 'asc').map((r) => r.v)).toEqual([20, 80, 150, null, Number.NaN]);
  });

  it('CSV quotes what needs quoting and leaves empty cells empty', async () => {
    const { toCsv } = await import('../../src-renderer/components/csv.ts');
    const cols = [
      { key: 'name', title: 'Name', sortValue: (r: { name: string; n: number | null }) => r.name, render: () => null },
      { key: 'n', title: 'Count', sortValue: (r: { name: string; n: number | null }) => r.n, render: () => null },
    ];
    expect(
      toCsv(
        [
          { name: 'a,b', n: 1 },
          { name: 'say "hi"', n: null },
        ],
        cols,
      ),
    ).toBe('Name,Count\r\n"a,b",1\r\n"say ""hi""",\r\n');
  });
});
