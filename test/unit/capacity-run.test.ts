import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPACITY_DEFINITION, type CapacityDefinitionInput } from '../../src-main/contract/capacity-entities.ts';
import { LabError } from '../../src-main/contract/errors.ts';
import { runCapacityTest } from '../../src-main/core/capacity/run.ts';
import { expandSweep, parseSweepValues } from '../../src-main/core/capacity/sweep.ts';
import { checkDefinition } from '../../src-main/core/capacity/validate.ts';
import { consolidationReport } from '../../src-main/core/capacity/consolidation.ts';
import { CURVE_COLUMNS, exportRun } from '../../src-main/core/capacity/export.ts';
import { recommend } from '../../src-main/core/capacity/analysis.ts';
import { workloadsFor } from '../../src-main/core/capacity/lab.ts';
import { EXAMPLE_FILES } from '../../src-main/app/capacity/examples.ts';

const SMALL: CapacityDefinitionInput = {
  name: 'Small',
  hosts: { count: 1, sockets: 1, coresPerSocket: 8, ghz: 2.4, hyperthreading: true, ramGb: 512 },
  storage: { iops: 50_000, serviceTimeMs: 0.5, capacityTb: 10 },
  sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4 },
  workload: 'knowledge',
  launch: { sessions: 70, timeframeSec: 1200 },
};
const small = (over: Partial<CapacityDefinitionInput> = {}) => CAPACITY_DEFINITION.parse({ ...SMALL, ...over });

describe('a capacity run', () => {
  it('is deterministic: the same definition and seed give the same result, another seed other samples', () => {
    const a = runCapacityTest(small());
    const b = runCapacityTest(small());
    expect(b).toEqual(a);
    const c = runCapacityTest(small({ seed: 2 }));
    expect(c.curves.map((x) => x.responseMs)).not.toEqual(a.curves.map((x) => x.responseMs));
  });

  it('launches every session evenly across the timeframe and reports curves, EUX and per-core figures', () => {
    const r = runCapacityTest(small());
    expect(r.sessionsLaunched).toBe(70);
    expect(r.durationSec).toBe(1200);
    expect(r.curves.length).toBe(1200 / r.sampleSec);
    // One session every 1200/70 s from t = 0: by t = 600, sessions 0..35 are launched.
    const mid = r.curves.find((c) => c.t === 600);
    expect(mid?.launched).toBe(36);
    // One EUX point per minute with samples: every minute from the first session's first action set.
    expect(r.eux.length).toBeGreaterThanOrEqual(19);
    expect(r.eux[r.eux.length - 1]?.minute).toBe(20);
    // About 28 s per logon on an idle system (BROKER_PARAMS.logonBaseSec), longer under load.
    const logons = r.curves.flatMap((c) => (c.logonSec === null ? [] : [c.logonSec]));
    expect(logons[0]).toBeGreaterThanOrEqual(28);
    expect(logons[0]).toBeLessThan(35);
    expect(r.vsibaseMs).toBeGreaterThan(500);
    expect(r.thresholdMs).toBe(r.vsibaseMs + 1000);
    expect(r.physicalCores).toBe(8);
    const cap = r.vsimax ?? r.sessionsLaunched;
    expect(r.usersPerCore).toBeCloseTo(cap / 8, 2);
    // The index rises with the load: the last point is above the first.
    const idx = r.curves.flatMap((c) => (c.indexMs === null ? [] : [c.indexMs]));
    expect(idx[idx.length - 1] as number).toBeGreaterThan(idx[0] as number);
  });

  it('reports "not reached" with the sessions launched when the hosts carry everything', () => {
    const r = runCapacityTest(small({ launch: { sessions: 10, timeframeSec: 600 } }));
    expect(r.vsimax).toBeNull();
    expect(r.vsimaxReached).toBe(false);
    expect(r.sessionsLaunched).toBe(10);
    expect(r.bottleneck.resource).toBe('none');
    expect(r.recommendations.lowerBound).toBe(true);
  });

  it('uses the older threshold rule when asked', () => {
    const r = runCapacityTest(small({ threshold: { rule: 'base*1.25+3000' } }));
    expect(Math.abs(r.thresholdMs - (r.vsibaseMs * 1.25 + 3000))).toBeLessThanOrEqual(1);
  });

  it('multi-session: sessions share the session hosts without failures when they fit', () => {
    const def = CAPACITY_DEFINITION.parse({
      ...SMALL,
      sessionHost: { kind: 'multi-session', vmsPerHost: 2, vcpu: 4, ramGb: 32, maxSessionsPerVm: 20 },
      launch: { sessions: 40, timeframeSec: 600 },
    });
    const r = runCapacityTest(def);
    expect(r.failedSessions).toBe(0);
    expect(r.sessionsLaunched).toBe(40);
    expect(r.sessionHostVcpus).toBe(8);
  });
});

describe('recommendations', () => {
  it('applies the safety margin and N+1 to the VSImax', () => {
    const def = CAPACITY_DEFINITION.parse({
      ...SMALL,
      hosts: { ...SMALL.hosts, count: 2 },
      planning: { targetUsers: 1000, safetyMarginPct: 20, haSpareHosts: 1 },
    });
    const rec = recommend(def, 200, true);
    expect(rec.usersPerHostAtVsimax).toBe(100);
    expect(rec.usersPerCoreAtVsimax).toBe(12.5);
    expect(rec.usersPerHostSafe).toBe(80);
    expect(rec.hostsForTarget).toBe(13); // ceil(1000 / 80)
    expect(rec.hostsWithHa).toBe(14);
    expect(rec.lowerBound).toBe(false);
  });
});

describe('definitions', () => {
  it('refuse designs that cannot run, naming the field', () => {
    expect(checkDefinition(small({ hosts: { ...SMALL.hosts, ramGb: 8 }, sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 16 } }))?.path).toEqual([
      'hosts',
      'ramGb',
    ]);
    expect(checkDefinition(small({ sessionHost: { kind: 'single-session', vcpu: 32, ramGb: 4 } }))?.path).toEqual(['sessionHost', 'vcpu']);
    expect(checkDefinition(small({ sessionHost: { kind: 'multi-session', vmsPerHost: 20, vcpu: 4, ramGb: 64 } }))?.path).toEqual(['sessionHost', 'vmsPerHost']);
    expect(checkDefinition(small())).toBeNull();
    const bad = CAPACITY_DEFINITION.safeParse({ ...SMALL, workload: 'gaming' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['workload']);
    expect(bad.error?.issues[0]?.message).toMatch(/task, knowledge, power/);
  });
  it('spread a workload mix through the launch order in its shares', () => {
    const w = workloadsFor(small({ workload: { knowledge: 0.7, task: 0.3 }, launch: { sessions: 100 } }));
    expect(w.filter((x) => x === 'knowledge').length).toBeGreaterThanOrEqual(68);
    expect(w.filter((x) => x === 'knowledge').length).toBeLessThanOrEqual(72);
    expect(w.slice(0, 10)).toContain('task');
  });
  it('every example file in resources/capacity is bundled and valid', () => {
    const files = readdirSync(new URL('../../resources/capacity/', import.meta.url)).filter((f) => f.endsWith('.json'));
    expect(Object.keys(EXAMPLE_FILES).sort()).toEqual(files.map((f) => f.replace(/\.json$/, '')).sort());
    for (const [name, json] of Object.entries(EXAMPLE_FILES)) {
      const def = CAPACITY_DEFINITION.parse(json);
      expect(checkDefinition(def), name).toBeNull();
    }
  });
});

describe('sweeps', () => {
  it('expand to every combination, each re-validated', () => {
    const configs = expandSweep(small(), { 'hosts.coresPerSocket': [8, 16], workload: ['task', 'knowledge', 'power'] });
    expect(configs).toHaveLength(6);
    expect(configs[0]?.label).toBe('hosts.coresPerSocket=8, workload=task');
    expect(configs[5]?.definition.hosts.coresPerSocket).toBe(16);
    expect(configs[5]?.definition.workload).toBe('power');
    expect(parseSweepValues('1, 2.5,true,rdp')).toEqual([1, 2.5, true, 'rdp']);
  });
  it('name the key of a bad sweep', () => {
    const err = (sweep: Record<string, (string | number | boolean)[]>) => {
      try {
        expandSweep(small(), sweep);
      } catch (e) {
        return (e as LabError).path;
      }
      return null;
    };
    expect(err({ 'hosts.colour': [1] })).toEqual(['sweep', 'hosts.colour']);
    expect(err({ 'hosts.coresPerSocket': [0] })).toEqual(['sweep', 'hosts.coresPerSocket']);
    expect(err({ 'sessionHost.vmsPerHost': [2] })).toEqual(['sweep', 'sessionHost.vmsPerHost']);
    expect(err({})).toEqual(['sweep']);
  });
});

describe('exports and the consolidation report', () => {
  const r = runCapacityTest(small());
  const run = {
    id: 'cap-7',
    name: 'Small',
    sweepId: null,
    sweepLabel: null,
    state: 'completed' as const,
    progress: 1,
    createdAt: '2026-11-24T09:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    wallMs: 10,
    error: null,
    definition: r.definition,
    vsimax: r.vsimax,
    vsimaxReached: r.vsimaxReached,
    sessionsLaunched: r.sessionsLaunched,
    bottleneck: r.bottleneck.resource,
    usersPerCore: r.usersPerCore,
    result: r,
  };
  it('CSV: a header and one row per curve point', () => {
    const csv = exportRun(run, 'csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(CURVE_COLUMNS.join(','));
    expect(lines).toHaveLength(r.curves.length + 1);
    expect(csv.filename).toBe('small-cap-7-curves.csv');
  });
  it('HTML: a printable report with the charts as inline SVG and the figures', () => {
    const html = exportRun(run, 'html').text;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect((html.match(/<svg /g) ?? []).length).toBe(5);
    expect(html).toContain(r.bottleneck.sentence);
    expect(html).toContain(`VSIbase<b>${r.vsibaseMs} ms`);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Consolidation (default assumptions)');
  });
  it('JSON: the whole run', () => {
    expect(JSON.parse(exportRun(run, 'json').text).result.vsibaseMs).toBe(r.vsibaseMs);
  });
  it('consolidation: before and after from the power model and the assumptions', () => {
    const rep = consolidationReport('cap-7', r, { targetUsers: 500, serversBefore: 100, kwhPrice: 0.2, pue: 1.5 });
    const rec = r.recommendations;
    const hosts = Math.ceil(500 / rec.usersPerHostSafe) + 1;
    expect(rep.after.servers).toBe(hosts);
    expect(rep.before.servers).toBe(100);
    // Before: 100 × (66 + (247 − 66) × 12%) W.
    expect(rep.before.watts).toBe(Math.round(100 * (66 + 181 * 0.12)));
    expect(rep.before.kwhPerYear).toBe(Math.round((100 * (66 + 181 * 0.12) * 8760 * 1.5) / 1000));
    expect(rep.before.rackUnits).toBe(100);
    expect(rep.after.rackUnits).toBe(hosts * 2);
    expect(rep.consolidationRatio).toBeCloseTo(100 / hosts, 1);
    expect(rep.capex).toBe(hosts * 25000);
    expect(rep.savingsPerYear).toBe(rep.before.yearlyCost - rep.after.yearlyCost);
    expect(rep.after.utilizationPct).toBeGreaterThan(0);
    const dflt = consolidationReport('cap-7', r, {});
    expect(dflt.before.servers).toBe(dflt.after.servers * 10);
  });
});

describe('a workload mix', () => {
  it('spreads each workload across the whole work loop (its users are not in step with each other)', () => {
    // The engine gives user i the loop phase (i × 0.618…) mod 1; a mix drawn with the same
    // sequence put all knowledge workers in 70 % of the loop and made a mixed test's curve oscillate.
    const w = workloadsFor(small({ workload: { knowledge: 0.7, task: 0.3 }, launch: { sessions: 1000, timeframeSec: 2880 } }));
    const phases = w.flatMap((x, i) => (x === 'knowledge' ? [(i * 0.6180339887) % 1] : []));
    expect(phases.length / w.length).toBeCloseTo(0.7, 1);
    const late = phases.filter((p) => p >= 0.7).length / phases.length;
    expect(late).toBeGreaterThan(0.25);
    expect(late).toBeLessThan(0.35);
  });
});
