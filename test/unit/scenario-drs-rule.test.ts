import { describe, expect, it } from 'vitest';
import { BUILT_IN_FILES } from '../../src-main/app/scenarios/builtin.ts';
import { checkScenario } from '../../src-main/app/scenarios/check.ts';
import { holds, type PredicateContext } from '../../src-main/app/scenarios/predicates.ts';
import { predicateSchema, type Predicate } from '../../src-main/contract/scenario-schema.ts';
import type { Rule } from '../../src-main/core/engine/cluster/context.ts';
import type { Engine } from '../../src-main/core/engine/engine.ts';

// Four VMs: vm-1 and vm-2 on host 0, vm-3 on host 1, vm-4 powered off (power state 1) on host 0.
function ctx(rules: Rule[], hostOf = [0, 0, 1, 0]): PredicateContext {
  const e = {
    t: 0,
    st: { ids: { desktops: ['vm-1', 'vm-2', 'vm-3', 'vm-4'] }, dPower: [0, 0, 0, 1] },
    cluster: { rules, placedOn: (d: number) => hostOf[d] },
  } as unknown as Engine;
  return { e, held: new Map() } as unknown as PredicateContext;
}
const rule = (kind: Rule['kind'], vms: number[], extra: Partial<Rule> = {}): Rule => ({
  id: 'r',
  name: 'r',
  cluster: 0,
  kind,
  enabled: true,
  vms,
  hosts: new Set(),
  hostGroup: '',
  ...extra,
});
const check = (p: Predicate, c: PredicateContext) => holds(predicateSchema.parse(p), c, 'k');

describe('the drs-rule predicate', () => {
  const apart: Predicate = { is: 'drs-rule', kind: 'vm-anti-affinity', vms: ['vm-1', 'vm-3'] };

  it('needs an enabled rule of the kind covering the VMs, kept where they run', () => {
    expect(check(apart, ctx([]))).toBe(false);
    expect(check(apart, ctx([rule('vm-anti-affinity', [0, 2])]))).toBe(true);
    expect(check(apart, ctx([rule('vm-anti-affinity', [0, 2], { enabled: false })]))).toBe(false);
    expect(check(apart, ctx([rule('vm-affinity', [0, 2])]))).toBe(false);
    // The rule exists but both run on host 0 now.
    expect(check(apart, ctx([rule('vm-anti-affinity', [0, 2])], [0, 0, 0, 0]))).toBe(false);
    // A rule over vm-1 only does not cover vm-3.
    expect(check(apart, ctx([rule('vm-anti-affinity', [0, 1])]))).toBe(false);
    // An unknown VM never holds.
    expect(check({ is: 'drs-rule', vms: ['vm-9'] }, ctx([rule('vm-anti-affinity', [0, 2])]))).toBe(false);
  });

  it('without VMs: no enabled rule is broken; powered-off VMs do not count', () => {
    expect(check({ is: 'drs-rule' }, ctx([]))).toBe(true);
    expect(check({ is: 'drs-rule' }, ctx([rule('vm-anti-affinity', [0, 1])]))).toBe(false);
    expect(check({ is: 'drs-rule' }, ctx([rule('vm-anti-affinity', [0, 1], { enabled: false })]))).toBe(true);
    expect(check({ is: 'drs-rule' }, ctx([rule('vm-anti-affinity', [0, 3])]))).toBe(true);
    expect(check({ is: 'drs-rule' }, ctx([rule('vm-affinity', [0, 1])]))).toBe(true);
    expect(check({ is: 'drs-rule' }, ctx([rule('vm-affinity', [0, 2])]))).toBe(false);
    expect(check({ is: 'drs-rule', kind: 'vm-affinity' }, ctx([rule('vm-anti-affinity', [0, 1])]))).toBe(true);
    expect(check({ is: 'drs-rule' }, ctx([rule('vm-host-must', [0, 1], { hosts: new Set([0]) })]))).toBe(true);
    expect(check({ is: 'drs-rule' }, ctx([rule('vm-host-must', [0, 2], { hosts: new Set([0]) })]))).toBe(false);
    expect(check({ is: 'drs-rule' }, ctx([rule('vm-host-should-not', [2], { hosts: new Set([1]) })]))).toBe(false);
  });

  it('refuses a malformed one', () => {
    expect(predicateSchema.safeParse({ is: 'drs-rule', kind: 'vm-apart' }).success).toBe(false);
    expect(predicateSchema.safeParse({ is: 'drs-rule', vms: [] }).success).toBe(false);
    expect(predicateSchema.safeParse({ is: 'drs-rule', vms: ['vm-1'], extra: 1 }).success).toBe(false);
  });
});

describe('scenario check of a drs-rule objective', () => {
  it('flags a VM the starting lab does not have', () => {
    const sc = structuredClone(BUILT_IN_FILES['maintenance-patching']) as { objectives: { check: unknown }[] };
    sc.objectives[0]!.check = { is: 'drs-rule', kind: 'vm-anti-affinity', vms: ['vm-45', 'vm-999'] };
    expect(checkScenario(sc).errors).toEqual([{ path: 'objectives.0.check', message: 'no desktop or session host "vm-999" in the starting lab' }]);
    sc.objectives[0]!.check = { is: 'drs-rule', kind: 'vm-anti-affinity', vms: ['vm-45', 'vm-46'] };
    expect(checkScenario(sc).valid).toBe(true);
  });
});
