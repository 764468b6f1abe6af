import { FAULT_CATALOGUE } from '../../contract/fault-methods.ts';
import type { Scenario } from '../../contract/scenario-schema.ts';
import { NETWORK_PROFILES } from '../../contract/session-entities.ts';
import type { Engine } from '../../core/engine/engine.ts';

// A scenario timeline's fault entries injected by the judge (judge.ts).

/** Plans one timeline entry as a fault of the catalogue (targets are ids in the lab, or a network profile). */
export function plan(e: Engine, entry: Scenario['timeline'][number], at: number): number | null {
  if (entry.fault === undefined) return null;
  const spec = FAULT_CATALOGUE[entry.fault];
  const ids = e.st.ids;
  const target =
    spec.target === 'global'
      ? -1
      : spec.target === 'network'
        ? (NETWORK_PROFILES as readonly string[]).indexOf(entry.target ?? '')
        : (spec.target === 'host' ? ids.hosts : spec.target === 'datastore' ? ids.datastores : ids.pools).indexOf(entry.target ?? '');
  if (spec.target !== 'global' && target < 0) return null; // checked by scenario-check before a start
  const params: Record<string, number> = {};
  for (const [k, p] of Object.entries(spec.params as Record<string, { default: number; min: number; max: number }>)) {
    params[k] = Math.min(p.max, Math.max(p.min, entry.params?.[k] ?? p.default));
  }
  return e.faults.inject(entry.fault, target, params, Math.max(at, e.t), entry.durationSec ?? null, e.t).id;
}
