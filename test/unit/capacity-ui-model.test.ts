import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITION, switchSessionHost } from '../../src-renderer/features/capacity/model/defaults.ts';
import type { CapacityDefinition } from '../../src-renderer/features/capacity/model/definition.ts';
import { fieldOfPath, looseErrors, stepOfField } from '../../src-renderer/features/capacity/model/form-paths.ts';
import { getIn, setIn } from '../../src-main/shared/capacity/paths.ts';
import { hostFigures, sizingEstimate, usersPerVcpu } from '../../src-main/shared/capacity/rules-of-thumb.ts';
import { mixFromWorkload, roundToTotal, setMixShare, workloadFromMix, workloadText } from '../../src-renderer/features/capacity/model/mix.ts';
import { parseDefinitionJson, definitionFileName } from '../../src-renderer/features/capacity/model/parse-definition.ts';
import { plan } from '../../src-main/shared/capacity/planning.ts';
import { applyCombo, combinations, parseAxis, sweepInput } from '../../src-renderer/features/capacity/model/sweep.ts';
import { validateDefinition } from '../../src-main/shared/capacity/definition-check.ts';

const def = (patch: (d: CapacityDefinition) => CapacityDefinition = (d) => d): CapacityDefinition => patch(structuredClone(DEFAULT_DEFINITION));

describe('workload mix sliders', () => {
  it('moving one slider keeps the others in proportion and the sum at 100', () => {
    const m = setMixShare({ task: 30, knowledge: 70, power: 0 }, 'power', 20);
    expect(m).toEqual({ task: 24, knowledge: 56, power: 20 });
    expect(m.task + m.knowledge + m.power).toBe(100);
  });
  it('shares the rest evenly when the other two were at 0', () => {
    const m = setMixShare({ task: 0, knowledge: 100, power: 0 }, 'knowledge', 40);
    expect(m).toEqual({ task: 30, knowledge: 40, power: 30 });
  });
  it('clamps to 0–100 and rounds to whole percent that still sum to 100', () => {
    expect(setMixShare({ task: 33, knowledge: 33, power: 34 }, 'task', 140)).toEqual({ task: 100, knowledge: 0, power: 0 });
    const odd = setMixShare({ task: 33, knowledge: 33, power: 34 }, 'task', 1);
    expect(odd.task + odd.knowledge + odd.power).toBe(100);
    expect(roundToTotal({ task: 1, knowledge: 1, power: 1 })).toEqual({ task: 34, knowledge: 33, power: 33 });
  });
  it('converts between the definition form and percentages', () => {
    expect(mixFromWorkload('power')).toEqual({ task: 0, knowledge: 0, power: 100 });
    expect(mixFromWorkload({ knowledge: 0.7, task: 0.3 })).toEqual({ task: 30, knowledge: 70, power: 0 });
    expect(workloadFromMix({ task: 0, knowledge: 100, power: 0 })).toBe('knowledge');
    expect(workloadFromMix({ task: 30, knowledge: 70, power: 0 })).toEqual({ task: 0.3, knowledge: 0.7 });
    expect(workloadText({ knowledge: 0.7, task: 0.3 })).toBe('Knowledge 70 % · task 30 %');
  });
});

describe('rules of thumb', () => {
  it('rule of five: 2 × 24 cores → 240 single-session desktops', () => {
    const e = sizingEstimate(def());
    expect(hostFigures(def()).coresPerHost).toBe(48);
    expect(e.byCpu).toBe(240);
    expect(e.byCpuText).toBe('48 cores × 5');
    expect(e.limitedBy).toBe('cpu');
  });
  it('memory limits single-session desktops when RAM is short', () => {
    const e = sizingEstimate(def((d) => ({ ...d, hosts: { ...d.hosts, ramGb: 512 } })));
    expect(e.byMemory).toBeLessThan(128);
    expect(e.byMemory).toBeGreaterThan(120);
    expect(e.limitedBy).toBe('memory');
    expect(e.expected).toBe(e.byMemory);
  });
  it("Microsoft's users per vCPU, and a mix as a harmonic mean", () => {
    const multi = def((d) => ({ ...d, sessionHost: switchSessionHost(d.sessionHost, 'multi-session') }));
    expect(usersPerVcpu(multi)).toBe(4);
    expect(usersPerVcpu({ ...multi, workload: 'task' })).toBe(6);
    // Half task (1/6 vCPU each), half power (1/2 vCPU each): 1 / (1/12 + 1/4) = 3 users per vCPU.
    expect(usersPerVcpu({ ...multi, workload: { task: 0.5, power: 0.5 } })).toBeCloseTo(3, 10);
    // 6 VMs × 8 vCPU × 4 users per vCPU per host.
    expect(sizingEstimate(multi).byCpu).toBe(192);
  });
});

describe('field paths', () => {
  it('maps API error paths to the field and the wizard step', () => {
    expect(fieldOfPath(['definition', 'hosts', 'coresPerSocket'])).toEqual({ field: 'hosts.coresPerSocket', step: 'hosts' });
    expect(fieldOfPath(['definition', 'sessionHost', 'vcpu'])).toEqual({ field: 'sessionHost.vcpu', step: 'session-host' });
    expect(fieldOfPath(['definition', 'workload', 'heavy'])).toEqual({ field: 'workload', step: 'workload' });
    expect(fieldOfPath(['network', 'nicGbps'])?.step).toBe('storage');
    expect(fieldOfPath(['definition', 'threshold', 'rule'])?.step).toBe('launch');
    expect(fieldOfPath(['id'])).toBeNull();
    expect(fieldOfPath(undefined)).toBeNull();
    expect(stepOfField('planning.targetUsers')).toBe('launch');
  });
  it('lists errors no field shows at the top of their step', () => {
    const errors = { 'hosts.count': 'too few', 'sessionHost.maxSessionsPerVm': 'cannot take the sessions', storage: 'storage: bad' };
    expect(looseErrors(errors, 'hosts')).toEqual([]);
    expect(looseErrors(errors, 'session-host')).toEqual(['sessionHost.maxSessionsPerVm: cannot take the sessions']);
    expect(looseErrors(errors, 'storage')).toEqual(['storage: bad']);
  });
  it('sets a nested value without touching the original', () => {
    const d = def();
    const next = setIn(d, 'hosts.count', 4);
    expect(next.hosts.count).toBe(4);
    expect(d.hosts.count).toBe(1);
    expect(next.storage).toBe(d.storage);
    expect(getIn(next, 'hosts.count')).toBe(4);
  });
});

describe("validation: the contract's schema, then what it cannot see (shared with the host)", () => {
  const errors = (d: unknown) => validateDefinition(d).errors;
  it('accepts the default definition', () => {
    expect(errors(def())).toEqual({});
  });
  it('names the field: zero cores, RAM below one VM, unknown workload, an empty name', () => {
    expect(errors(def((d) => ({ ...d, hosts: { ...d.hosts, coresPerSocket: 0 } })))['hosts.coresPerSocket']).toBe('a host needs at least 1 core per socket');
    expect(errors(def((d) => ({ ...d, hosts: { ...d.hosts, ramGb: 8 }, sessionHost: { ...d.sessionHost, ramGb: 16 } })))['hosts.ramGb']).toMatch(
      /8 GB per host is below what one single-session host needs/,
    );
    expect(errors(def((d) => ({ ...d, workload: 'heavy' as never })))['workload']).toMatch(/workload must be task, knowledge, power/);
    expect(errors(def((d) => ({ ...d, name: ' ' })))['name']).toBe('must not be empty');
    expect(errors(def((d) => ({ ...d, hosts: { ...d.hosts, sockets: Number.NaN } })))['hosts.sockets']).toBe('must be a number');
  });
  it('refuses a CPU model the catalogue does not list, with the nearest names', () => {
    const e = errors(def((d) => ({ ...d, hosts: { ...d.hosts, cpuModel: 'Gold 6422Y' } })));
    expect(e['hosts.cpuModel']).toMatch(/not in the CPU catalogue .*Gold 6442Y/);
    expect(errors(def((d) => ({ ...d, hosts: { ...d.hosts, cpuModel: 'Gold 6442Y', ghz: undefined } })))).toEqual({});
  });
  it('gives the parsed definition with its defaults when it is valid', () => {
    expect(validateDefinition({ ...def(), protocolFps: undefined }).parsed?.protocolFps).toBe(30);
  });
});

describe('definition files', () => {
  it('fills what a file leaves out and keeps a mix as it is', () => {
    const r = parseDefinitionJson(
      JSON.stringify({
        name: 'x',
        hosts: { count: 2, sockets: 2, coresPerSocket: 18, ghz: 2.4, hyperthreading: true, ramGb: 768 },
        sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4 },
        workload: { task: 0.5, knowledge: 0.5 },
        launch: { sessions: 300 },
      }),
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.definition.hosts.count).toBe(2);
    expect(r.definition.hosts.powerIdleW).toBe(DEFAULT_DEFINITION.hosts.powerIdleW);
    expect(r.definition.launch).toEqual({ sessions: 300, timeframeSec: 2880, steadyStateSec: 0 });
    expect(r.definition.workload).toEqual({ task: 0.5, knowledge: 0.5 });
    expect(r.errors).toEqual({});
  });
  it('marks the wrong field of a loaded file, and refuses what is not a definition', () => {
    const r = parseDefinitionJson(JSON.stringify({ ...DEFAULT_DEFINITION, hosts: { ...DEFAULT_DEFINITION.hosts, coresPerSocket: 0 } }));
    expect(r.ok && r.errors['hosts.coresPerSocket']).toBeTruthy();
    // The contract's schema catches what our checks do not: a misspelt field, a value out of range.
    const typo = parseDefinitionJson(
      JSON.stringify({ ...DEFAULT_DEFINITION, hosts: { ...DEFAULT_DEFINITION.hosts, ghz: 9 }, storage: { ...DEFAULT_DEFINITION.storage, iopz: 5 } }),
    );
    expect(typo.ok && typo.errors['hosts.ghz']).toMatch(/hosts\.ghz/);
    // A misspelt field is left out (and named), not sent to the host to be refused.
    expect(typo.ok && typo.dropped).toEqual(['storage.iopz']);
    expect(typo.ok && 'iopz' in typo.definition.storage).toBe(false);
    expect(typo.ok && Object.keys(typo.errors)).toEqual(['hosts.ghz']);
    expect(parseDefinitionJson('{ not json').ok).toBe(false);
    expect(parseDefinitionJson('[1,2]').ok).toBe(false);
    expect(parseDefinitionJson('{"name":"no hosts"}').ok).toBe(false);
  });
  it('names the file after the test', () => {
    expect(definitionFileName(def())).toBe('knowledge-workers-on-2x24-core-hosts.json');
  });
});

describe('sweeps', () => {
  it('parses values by key and refuses what the key cannot take', () => {
    expect(parseAxis({ key: 'sessionHost.vcpu', text: '2, 4 4' })).toEqual({ key: 'sessionHost.vcpu', values: [2, 4] });
    expect(parseAxis({ key: 'protocol', text: 'blast,rdp' }).values).toEqual(['blast', 'rdp']);
    expect(parseAxis({ key: 'protocol', text: 'ica' }).error).toMatch(/not one of/);
    expect(parseAxis({ key: 'hosts.count', text: 'two' }).error).toMatch(/not a number/);
    expect(parseAxis({ key: 'hosts.hyperthreading', text: 'true, false' }).values).toEqual([true, false]);
    expect(parseAxis({ key: 'hosts.count', text: '' }).error).toBeTruthy();
  });
  it('makes every combination, first key slowest, and applies one to the definition', () => {
    const axes = [parseAxis({ key: 'sessionHost.vcpu', text: '2,4' }), parseAxis({ key: 'protocol', text: 'blast,rdp,hdx' })];
    const combos = combinations(axes);
    expect(combos).toHaveLength(6);
    expect(combos[0]).toEqual({ 'sessionHost.vcpu': 2, protocol: 'blast' });
    expect(combos[3]).toEqual({ 'sessionHost.vcpu': 4, protocol: 'blast' });
    expect(sweepInput(axes)).toEqual({ 'sessionHost.vcpu': [2, 4], protocol: ['blast', 'rdp', 'hdx'] });
    const applied = applyCombo(def(), combos[5] as Record<string, string | number>);
    expect(applied.sessionHost.vcpu).toBe(4);
    expect(applied.protocol).toBe('hdx');
    expect(applied.name).toContain('vCPU per VM 4');
    expect(combinations([])).toEqual([]);
  });
});

describe('recommendations', () => {
  const result = (vsimax: number | null, reached: boolean, hosts = 1) => ({
    vsimax,
    vsimaxReached: reached,
    sessionsLaunched: 400,
    definition: def((d) => ({ ...d, hosts: { ...d.hosts, count: hosts } })),
  });
  it('users per host and core at VSImax and with headroom; hosts for a target with N+1', () => {
    const r = plan(result(220, true), { targetUsers: 1000, safetyMarginPct: 20, haSpareHosts: 1 });
    expect(r.usersPerHostAtVsimax).toBe(220);
    expect(r.usersPerCoreAtVsimax).toBeCloseTo(220 / 48, 10);
    expect(r.usersPerHostSafe).toBe(176);
    expect(r.hostsForTarget).toBe(6);
    expect(r.hostsWithHa).toBe(7);
    expect(r.lowerBound).toBe(false);
  });
  it('spreads VSImax over the hosts of the test, and is a lower bound when VSImax was not reached', () => {
    expect(plan(result(440, true, 2), { targetUsers: 100, safetyMarginPct: 0, haSpareHosts: 0 }).usersPerHostAtVsimax).toBe(220);
    const r = plan(result(null, false), { targetUsers: 1000, safetyMarginPct: 0, haSpareHosts: 2 });
    expect(r.lowerBound).toBe(true);
    expect(r.usersPerHostAtVsimax).toBe(400);
    expect(r.hostsWithHa).toBe(5);
  });
  it('sizes on the density at the CPU target when the planner chose that metric, and says 0 hosts when the design carries nobody', () => {
    const byTarget = {
      ...result(220, true),
      cpuTarget: { users: 150.6, reached: true },
      definition: def((d) => ({ ...d, planning: { ...d.planning, metric: 'cpu-target' as const } })),
    };
    expect(plan(byTarget, { targetUsers: 1000, safetyMarginPct: 0, haSpareHosts: 1 })).toMatchObject({
      capacity: 150,
      usersPerHostSafe: 150,
      hostsForTarget: 7,
      hostsWithHa: 8,
    });
    const none = plan(result(3, true), { targetUsers: 1000, safetyMarginPct: 90, haSpareHosts: 1 });
    expect(none).toMatchObject({ usersPerHostSafe: 0, hostsForTarget: 0, hostsWithHa: 0 });
  });
});
