import {
  CAPACITY_DEFINITION,
  CAPACITY_SWEEP_KEYS,
  type CapacityDefinition,
  type CapacitySweepKey,
  type CapacitySweepValue,
} from '../../contract/capacity-entities.ts';
import { LabError } from '../../contract/errors.ts';
import { getIn, setIn } from '../../shared/capacity/paths.ts';

/** Most configurations one sweep may start (the product of its value lists). */
export const SWEEP_MAX_CONFIGS = 64;

export interface SweepConfig {
  /** "hosts.coresPerSocket=18, workload=task" */
  label: string;
  /** The first swept key, for error paths. */
  key: string;
  definition: CapacityDefinition;
}

/** Parses "1,2,3" or "true" into the values a sweep key takes (numbers where they look like numbers). */
export function parseSweepValues(text: string): CapacitySweepValue[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => (s === 'true' ? true : s === 'false' ? false : /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s));
}

/**
 * Every combination of the sweep's values applied to the definition, each
 * re-validated by the schema: a value that makes a bad definition is an error
 * naming the sweep key (["sweep", key]).
 */
export function expandSweep(def: CapacityDefinition, sweep: Record<string, CapacitySweepValue[] | undefined>): SweepConfig[] {
  const keys = Object.keys(sweep) as CapacitySweepKey[];
  if (keys.length === 0) throw new LabError('invalid-input', 'sweep: name at least one field to vary', ['sweep']);
  for (const k of keys) {
    if (!CAPACITY_SWEEP_KEYS.includes(k))
      throw new LabError('invalid-input', `sweep: unknown key "${k}" (one of ${CAPACITY_SWEEP_KEYS.join(', ')})`, ['sweep', k]);
    if (!sweep[k]?.length) throw new LabError('invalid-input', `sweep.${k}: give at least one value`, ['sweep', k]);
  }
  const total = keys.reduce((n, k) => n * (sweep[k]?.length ?? 1), 1);
  if (total > SWEEP_MAX_CONFIGS) throw new LabError('invalid-input', `sweep: ${total} configurations; at most ${SWEEP_MAX_CONFIGS} per sweep`, ['sweep']);
  let combos: [CapacitySweepKey, CapacitySweepValue][][] = [[]];
  for (const k of keys) combos = combos.flatMap((c) => (sweep[k] ?? []).map((v) => [...c, [k, v] as [CapacitySweepKey, CapacitySweepValue]]));
  return combos.map((combo) => {
    let draft = structuredClone(def) as unknown as Record<string, unknown>;
    for (const [k, v] of combo) {
      if (k === 'sessionHost.kind' && v !== (draft.sessionHost as { kind: string }).kind) {
        // Switching the session host kind: keep vCPU and RAM, fill the other kind's fields with their defaults.
        const sh = draft.sessionHost as { vcpu: number; ramGb: number };
        draft.sessionHost =
          v === 'multi-session' ? { kind: v, vmsPerHost: 4, vcpu: Math.max(sh.vcpu, 8), ramGb: Math.max(sh.ramGb, 32) } : { kind: v, vcpu: 2, ramGb: 4 };
        continue;
      }
      if (k === 'sessionHost.vmsPerHost' || k === 'sessionHost.loadBalancing') {
        if ((draft.sessionHost as { kind: string }).kind !== 'multi-session') {
          throw new LabError('invalid-input', `sweep.${k}: only a multi-session definition has this field`, ['sweep', k]);
        }
      }
      const parent = k.split('.').slice(0, -1).join('.');
      if (parent && (typeof getIn(draft, parent) !== 'object' || getIn(draft, parent) === null)) {
        throw new LabError('invalid-input', `sweep.${k}: the definition has no such field`, ['sweep', k]);
      }
      draft = setIn(draft, k, v);
    }
    const parsed = CAPACITY_DEFINITION.safeParse(draft);
    const label = combo.map(([k, v]) => `${k}=${String(v)}`).join(', ');
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const bad = combo.find(([k]) => issue && issue.path.join('.').startsWith(k)) ?? combo[0];
      const key = bad?.[0] ?? keys[0] ?? 'sweep';
      throw new LabError('invalid-input', `sweep.${key}=${String(bad?.[1])}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`, ['sweep', key]);
    }
    return { label, key: combo[0]?.[0] ?? keys[0] ?? 'sweep', definition: parsed.data };
  });
}
