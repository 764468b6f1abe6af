import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CAPACITY_DEFINITION, type CapacityDefinition, type CapacityDefinitionInput } from '../../src-main/contract/capacity-entities.ts';
import { calibrationTable, capacityRow, parseCase } from '../../src-main/core/capacity/calibration.ts';
import { runCapacityTest } from '../../src-main/core/capacity/run.ts';
import { loadRuleCases } from '../../src-main/host/calibrate-cli.ts';

// Long simulated runs: a few seconds of CPU each, but the machine may be shared (2 cores, other suites
// running), so the time limits guard against a hang, not against a slow machine. Nothing here asserts
// on wall-clock time.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

// The model held against the rules of thumb planners trust (issue 7, DOMAIN.md):
// Citrix's rule of five, Microsoft's users per vCPU, and the starved variants naming
// their resource. Each run takes well under a second.

const example = (file: string): CapacityDefinition =>
  CAPACITY_DEFINITION.parse(JSON.parse(readFileSync(new URL(`../../resources/capacity/${file}`, import.meta.url), 'utf8')));

function multiSession(workload: 'ms-light' | 'ms-medium' | 'ms-heavy', sessions: number): CapacityDefinition {
  const input: CapacityDefinitionInput = {
    name: `Multi-session ${workload}`,
    hosts: { count: 1, sockets: 2, coresPerSocket: 24, ghz: 2.1, hyperthreading: true, ramGb: 2048 },
    storage: { iops: 200_000, serviceTimeMs: 0.5, capacityTb: 50 },
    // Session-host vCPUs = the host's 96 threads, as Microsoft's Azure sizing counts them.
    sessionHost: { kind: 'multi-session', vmsPerHost: 12, vcpu: 8, ramGb: 64 },
    workload,
    launch: { sessions },
  };
  return CAPACITY_DEFINITION.parse(input);
}

describe('single-session knowledge workers, 2 vCPU / 4 GB: Citrix rule of five (±20%)', () => {
  it.each([16, 36, 48])('%i physical cores carry about cores × 5 desktops', (cores) => {
    const r = runCapacityTest(example(`rule-of-five-${cores}-cores.json`));
    expect(r.vsimaxReached).toBe(true);
    expect(r.bottleneck.resource).toBe('cpu');
    expect(r.vsimax).toBeGreaterThanOrEqual(cores * 5 * 0.8);
    expect(r.vsimax).toBeLessThanOrEqual(cores * 5 * 1.2);
    expect(r.usersPerCore).toBeCloseTo((r.vsimax ?? 0) / cores, 2);
    expect(r.withinStuckGuideline).toBe(true);
  });

  it('holds for the issue example too (2 × 24 cores at 2.1 GHz)', () => {
    const r = runCapacityTest(example('knowledge-2x24.json'));
    expect(r.vsimax).toBeGreaterThanOrEqual(48 * 5 * 0.8);
    expect(r.vsimax).toBeLessThanOrEqual(48 * 5 * 1.2);
    expect(r.bottleneck.sentence).toMatch(/^CPU: ready time passed 10% per vCPU at \d+ sessions$/);
  });
});

// Microsoft's table is in its own classes (light / medium / heavy = demand 1 : 1.5 : 3, the ms-*
// workloads); Login VSI's power worker is only 1.19 × its knowledge worker in CPU (TN-2087), so
// "power" is not Microsoft's "heavy" (docs/CALIBRATION.md).
describe("multi-session: users per session-host vCPU near Microsoft's table (±25%)", () => {
  it.each([
    ['ms-light', 6, 800],
    ['ms-medium', 4, 560],
    ['ms-heavy', 2, 300],
  ] as const)('%s workers: about %i users per vCPU', (workload, perVcpu, sessions) => {
    const r = runCapacityTest(multiSession(workload, sessions));
    expect(r.vsimaxReached).toBe(true);
    expect(r.failedSessions).toBe(0);
    expect(r.sessionHostVcpus).toBe(96);
    expect(r.usersPerVcpu).toBeGreaterThanOrEqual(perVcpu * 0.75);
    expect(r.usersPerVcpu).toBeLessThanOrEqual(perVcpu * 1.25);
    expect(r.bottleneck.resource).toBe('cpu');
  });
});

describe("the issue's row off the calibration host (resources/calibration/rules-cases.json T7)", () => {
  it('medium users on 8 × 8 vCPU session hosts, 2 × 16 cores at 2.9 GHz: about 4 users per vCPU (256, ±25 %)', () => {
    const c = loadRuleCases().find((x) => x.id === 'T7') ?? expect.unreachable('T7');
    const r = runCapacityTest(parseCase(c));
    expect(r.sessionHostVcpus).toBe(64);
    const row = capacityRow(c, r);
    expect(row.pass, `published ${String(row.published)}, simulated ${row.simulated}`).toBe(true);
    // docs/CALIBRATION.md shows it as `vdi-console calibrate` prints it.
    const squash = (line: string) => line.trim().replace(/\s+/g, ' ');
    const doc = readFileSync(new URL('../../docs/CALIBRATION.md', import.meta.url), 'utf8')
      .split('\n')
      .map(squash);
    expect(doc).toContain(squash(calibrationTable([row]).split('\n')[1] as string));
  });
});

describe('load balancing and session host size', () => {
  it('depth-first with no session limit saturates one session host long before the host', () => {
    const breadth = runCapacityTest(example('multi-session-medium.json'));
    const depthDef = example('multi-session-medium.json');
    if (depthDef.sessionHost.kind !== 'multi-session') throw new Error('example changed');
    depthDef.sessionHost.loadBalancing = 'depth-first';
    const depth = runCapacityTest(depthDef);
    expect(depth.vsimax).toBeLessThan((breadth.vsimax ?? 0) / 4);
    expect(depth.bottleneck.resource).toBe('cpu');
    expect(depth.bottleneck.sentence).toContain("VM's own vCPUs");
    expect(depth.utilizationAtKnee.cpuPct).toBeLessThan(30);
  });
});

describe('starved variants name their bottleneck', () => {
  it('memory-starved: memory, well below the CPU limit', () => {
    const r = runCapacityTest(example('memory-starved.json'));
    expect(r.bottleneck.resource).toBe('memory');
    expect(r.vsimax).toBeLessThan(36 * 5 * 0.8);
    expect(['hard', 'low']).toContain(r.utilizationAtKnee.memState);
    // The state is what the balloon leaves free: soft while it keeps up, hard or low only once the host swaps. Read before the
    // balloon, this run showed "low" with nothing swapped from 31 to ~95 sessions (black-box round 6).
    for (const c of r.curves)
      expect({ t: c.t, state: c.memState, swapping: c.swappedMb > 0 }).toEqual({ t: c.t, state: c.memState, swapping: ['hard', 'low'].includes(c.memState) });
    expect(r.curves.some((c) => c.memState === 'soft')).toBe(true);
    expect(r.bottleneck.atSessions).toBeGreaterThan(60);
  });
  it('a host past its memory limit before the first sessions: the baseline is named as not one, the shipped designs are not', () => {
    // 324 booted 4 GB desktops on 256 GB: 261 % of RAM at the first sample. The run reported VSIbase 11,816 ms and sized hosts
    // from it with no word that the "baseline" was contention (black-box round 6).
    const def = example('memory-starved.json');
    const r = runCapacityTest({ ...def, hosts: { ...def.hosts, ramGb: 256 }, launch: { ...def.launch, sessions: 324 } });
    expect(r.recommendations.notes[0]).toMatch(
      /^With \d+ session\(s\) running, memory was already past its limit .*261% of host RAM.*is not a baseline, so this VSImax is not a valid result/,
    );
    for (const file of ['memory-starved.json', 'storage-starved.json', 'rule-of-five-36-cores.json']) {
      expect(runCapacityTest(example(file)).recommendations.notes.join(' ')).not.toContain('is not a baseline');
    }
  });
  it('storage-starved: storage, with latency past 20 ms before the knee', () => {
    const r = runCapacityTest(example('storage-starved.json'));
    expect(r.bottleneck.resource).toBe('storage');
    // The VMs' I/O is a closed loop (they wait for the array), so latency hovers around the limit instead of running away.
    expect(r.curves.some((c) => c.activeSessions <= (r.vsimax ?? 0) && c.storageLatencyMs > 20)).toBe(true);
    // Logons stretched past the stuck limit: the run says its VSImax is not valid.
    expect(r.withinStuckGuideline).toBe(false);
    expect(r.recommendations.notes[0]).toMatch(/not a valid result/);
    expect(r.vsimax).toBeLessThan(48 * 5 * 0.8);
  });
  it('the protocol pair: RDP fills the branch link, Blast leaves the CPU as the limit', () => {
    const rdp = runCapacityTest(example('protocol-rdp.json'));
    const blast = runCapacityTest(example('protocol-blast.json'));
    expect(rdp.bottleneck.resource).toBe('network');
    expect(blast.bottleneck.resource).toBe('cpu');
    expect(rdp.vsimax).toBeLessThan(blast.vsimax ?? 0);
  });
});
