import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PREDICATE_KINDS, predicateSchema, scenarioSchema } from '../../src-main/contract/scenario-schema.ts';
import { BUILT_IN_FILES, BUILT_IN_SCENARIOS } from '../../src-main/app/scenarios/builtin.ts';
import { checkScenario } from '../../src-main/app/scenarios/check.ts';
import { actionObjects, actionTarget, countsAsAction } from '../../src-main/app/scenarios/judge.ts';
import { recordsAction } from '../../src-main/store/action-log.ts';
import { methods } from '../../src-main/contract/index.ts';
import { SCENARIO_PARAMS } from '../../src-main/app/scenarios/params.ts';
import { SCRIPT_SCHEMA } from '../../src-main/host/scenario-run.ts';

// Training scenarios (issue 17, part 2): the file format, and every built-in scenario valid against
// it and against its starting lab.

const DIR = join(import.meta.dirname, '..', '..', 'resources', 'scenarios');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const read = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Record<string, unknown>;

describe('built-in scenarios', () => {
  it('are at least ten, each file listed in builtin.ts under its own id', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(BUILT_IN_FILES).sort()).toEqual(files.map((f) => f.replace(/\.json$/, '')).sort());
    for (const s of BUILT_IN_SCENARIOS) expect(BUILT_IN_FILES[s.id]).toBeDefined();
  });

  it.each(files)('%s is valid (format and starting lab) and has a good and a bad scripted solution', (f) => {
    const r = checkScenario(read(f));
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    const id = f.replace(/\.json$/, '');
    for (const kind of ['good', 'bad']) {
      const script = JSON.parse(readFileSync(join(DIR, 'solutions', `${id}.${kind}.json`), 'utf8')) as unknown;
      expect(SCRIPT_SCHEMA.safeParse(script).success).toBe(true);
    }
  });

  it('cover the topics of the issue', () => {
    const ids = BUILT_IN_SCENARIOS.map((s) => s.id);
    for (const t of [
      'monday-login-storm',
      'storage-latency-storm',
      'bad-image-rollback',
      'slow-profile-loads',
      'branch-wan-slow',
      'desktops-exhausted',
      'maintenance-patching',
    ])
      expect(ids).toContain(t);
  });
});

describe('the scenario format', () => {
  const good = () => structuredClone(read('monday-login-storm.json'));

  it('refuses a wrong format version, unknown fields and missing parts, with the path of each', () => {
    const r = checkScenario({ ...good(), format: 2, colour: 'red', objectives: [] });
    expect(r.valid).toBe(false);
    const paths = r.errors.map((e) => e.path);
    expect(paths).toContain('format');
    expect(paths).toContain('objectives');
    expect(r.errors.some((e) => /colour/.test(e.message) || e.path === '(file)')).toBe(true);
  });

  it('refuses a host failure later than the start, without a host, or on a host that is not running', () => {
    const s = good();
    s.timeline = [
      { atSec: 60, hostFailure: 'psod', target: 'h-1' },
      { atSec: 0, hostFailure: 'isolation' },
    ];
    const paths = checkScenario(s).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['timeline.0.hostFailure', 'timeline.1.hostFailure']));
    s.timeline = [{ atSec: 0, hostFailure: 'power-loss', target: 'h-404' }];
    expect(checkScenario(s).errors.map((e) => e.path)).toEqual(['timeline.0.target']);
    s.timeline = [{ atSec: 0, hostFailure: 'power-loss', target: 'h-2' }];
    expect(checkScenario(s).valid).toBe(true);
  });

  it('refuses a timeline entry with both a time and a condition, or neither', () => {
    const s = good();
    (s.timeline as Record<string, unknown>[])[0] = { fault: 'broker-outage', atSec: 10, when: { is: 'elapsed', atLeastSec: 5 } };
    expect(checkScenario(s).errors.map((e) => e.path)).toContain('timeline.0.atSec');
    (s.timeline as Record<string, unknown>[])[0] = { fault: 'broker-outage' };
    expect(checkScenario(s).valid).toBe(false);
  });

  it('checks references against the starting lab: pools, datastores, network profiles, fault targets and parameters, methods', () => {
    const s = good();
    s.timeline = [
      { atSec: 0, fault: 'datastore-latency-spike', target: 'ds-404' },
      { atSec: 0, fault: 'broker-outage', target: 'ds-1' },
      { atSec: 0, fault: 'network-impairment', target: 'moon-link' },
      { atSec: 0, fault: 'cpu-hog', target: 'pool-1', params: { sharePct: 500 } },
      { atSec: 0, fault: 'pool-exhaustion', target: 'pool-1', clearedBy: { method: 'pool-fix-everything' } },
    ];
    (s.objectives as Record<string, unknown>[])[0] = { id: 'x', text: 'x', check: { is: 'pool-can-logon', pool: 'pool-404' }, points: 1 };
    const r = checkScenario(s);
    const paths = r.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'timeline.0.target',
        'timeline.1.target',
        'timeline.2.target',
        'timeline.3.params.sharePct',
        'timeline.4.clearedBy.method',
        'objectives.0.check',
      ]),
    );
  });

  it('refuses deadlines and hints past the time limit, duplicate objective ids, and a scenario with nothing to reach', () => {
    const s = good();
    s.timeLimitSec = 500;
    const objs = s.objectives as Record<string, unknown>[];
    objs[0] = { ...objs[0], withinSec: 900 };
    objs[1] = { ...objs[1], id: objs[0]?.id };
    const r = checkScenario(s);
    const paths = r.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['objectives.0.withinSec', 'objectives.1.id', 'hints.1.afterSec']));
    const keepOnly = good();
    keepOnly.objectives = [{ id: 'k', kind: 'keep', text: 'k', check: { is: 'elapsed', atLeastSec: 0 }, points: 1 }];
    expect(checkScenario(keepOnly).errors.map((e) => e.path)).toContain('objectives');
  });

  it('has a schema for every predicate kind, nested ones included', () => {
    const samples: Record<string, unknown> = {
      all: { is: 'all', of: [{ is: 'elapsed', atLeastSec: 1 }] },
      any: { is: 'any', of: [{ is: 'not', of: { is: 'elapsed', atLeastSec: 1 } }] },
      not: { is: 'not', of: { is: 'elapsed', atLeastSec: 1 } },
      'pool-can-logon': { is: 'pool-can-logon', pool: 'pool-1' },
      'pool-available': { is: 'pool-available', pool: 'pool-1', atLeast: 2 },
      'pool-image-version': { is: 'pool-image-version', pool: 'pool-1', version: 3 },
      'pool-failures': { is: 'pool-failures', withinSec: 300, atMost: 0 },
      'host-cpu': { is: 'host-cpu', op: 'below', pct: 90, forSec: 600 },
      'host-memory': { is: 'host-memory', atWorst: 'soft' },
      'host-state': { is: 'host-state', host: 'h-1', state: 'connected' },
      'host-sessions': { is: 'host-sessions', host: 'h-1', atMost: 0 },
      'datastore-latency': { is: 'datastore-latency', op: 'below', ms: 20 },
      snapshots: { is: 'snapshots', pool: 'pool-3', atMost: 0 },
      'drs-rule': { is: 'drs-rule', kind: 'vm-anti-affinity', vms: ['vm-45', 'vm-46'] },
      'fault-active': { is: 'fault-active', kind: 'cpu-hog' },
      action: { is: 'action', method: 'pool-update', target: 'pool-1' },
      elapsed: { is: 'elapsed', atLeastSec: 60 },
    };
    expect(Object.keys(samples).sort()).toEqual([...PREDICATE_KINDS].sort());
    for (const p of Object.values(samples)) expect(predicateSchema.safeParse(p).success, JSON.stringify(p)).toBe(true);
    expect(predicateSchema.safeParse({ is: 'host-cpu', op: 'sideways', pct: 90 }).success).toBe(false);
    expect(predicateSchema.safeParse({ is: 'host-cpu', op: 'below', pct: 190 }).success).toBe(false);
    expect(predicateSchema.safeParse({ is: 'telepathy' }).success).toBe(false);
  });

  it('fills defaults: reach objectives, clock speed 60, warm-up 0', () => {
    const s = good();
    delete s.clockSpeed;
    (s.lab as Record<string, unknown>).warmupSec = undefined;
    const parsed = scenarioSchema.parse(s);
    expect(parsed.clockSpeed).toBe('60');
    expect(parsed.objectives[0]?.kind).toBe('reach');
  });
});

describe('actions as the judge records them', () => {
  it('names the object an action is about', () => {
    expect(actionTarget({ poolId: 'pool-1', logoffPolicy: 'wait' })).toBe('pool-1');
    expect(actionTarget({ id: 'pool-2', maxMachines: 16 })).toBe('pool-2');
    expect(actionTarget({ ids: ['s-1', 's-2'] })).toBe('s-1');
    expect(actionTarget({})).toBeNull();
    expect(actionObjects({ ids: ['s-1', 's-2', 's-3'] })).toBe(3);
    expect(actionObjects({ id: 'pool-1' })).toBe(1);
  });
});

describe('what the judge counts as an action agrees with replay', () => {
  it('nothing replay leaves out counts; everything replay records counts unless it is an instructor tool or the scenario itself', () => {
    const names = Object.keys(methods);
    let counted = 0;
    for (const m of names) {
      if (!recordsAction(m)) expect(countsAsAction(m), m).toBe(false);
      else if (SCENARIO_PARAMS.instructorTools.includes(m) || m.startsWith('scenario-')) expect(countsAsAction(m), m).toBe(false);
      else {
        expect(countsAsAction(m), m).toBe(true);
        counted++;
      }
    }
    expect(counted).toBeGreaterThan(50);
    // The methods the judge used to list by hand: none of them is a trainee's action.
    for (const m of ['clock-set', 'clock-step', 'settings-set', 'lab-reset', 'checkpoint-save', 'checkpoint-restore', 'fault-inject', 'fault-clear'])
      expect(countsAsAction(m), m).toBe(false);
    // Every instructor tool is a real method that replay records (else the list says nothing).
    for (const m of SCENARIO_PARAMS.instructorTools) expect(recordsAction(m), m).toBe(true);
    for (const m of ['host-repair', 'pool-rollback-image', 'session-logoff', 'snapshot-consolidate']) expect(countsAsAction(m), m).toBe(true);
    expect(countsAsAction('no-such-method')).toBe(false);
  });
});
