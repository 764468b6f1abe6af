import { WORKLOAD_NAMES, type WorkloadName, type WorkloadSpec } from './definition.ts';
import type { CapacityWorkload } from './contract-types.ts';

/** A workload mix in whole percent per worker type; always sums to 100. */
export type MixPercent = Record<WorkloadName, number>;

const ZERO: MixPercent = { task: 0, knowledge: 0, power: 0 };

/**
 * Whole percentages from real shares that sum to `total`, rounding so the sum is
 * exact (largest remainder: the shares that lost most to rounding get the spare points).
 */
export function roundToTotal(shares: MixPercent, total = 100): MixPercent {
  const sum = WORKLOAD_NAMES.reduce((s, k) => s + Math.max(0, shares[k]), 0);
  if (sum <= 0) return { ...ZERO };
  const exact = WORKLOAD_NAMES.map((k) => ({ k, v: (Math.max(0, shares[k]) / sum) * total }));
  const out: MixPercent = { ...ZERO };
  for (const e of exact) out[e.k] = Math.floor(e.v);
  let left = total - WORKLOAD_NAMES.reduce((s, k) => s + out[k], 0);
  const byRemainder = [...exact].sort((a, b) => b.v - Math.floor(b.v) - (a.v - Math.floor(a.v)));
  for (const e of byRemainder) {
    if (left <= 0) break;
    out[e.k] += 1;
    left -= 1;
  }
  return out;
}

/**
 * One slider moved to `value` %: it keeps that value and the other two share the
 * rest in their current proportion (evenly when both were 0), so the mix always
 * sums to 100 and a planner never has to balance three sliders by hand.
 */
export function setMixShare(mix: MixPercent, key: WorkloadName, value: number): MixPercent {
  const v = Math.round(Math.min(100, Math.max(0, value)));
  const others = WORKLOAD_NAMES.filter((k) => k !== key);
  const rest = 100 - v;
  const otherSum = others.reduce((s, k) => s + mix[k], 0);
  const shares: MixPercent = { ...ZERO };
  for (const k of others) shares[k] = otherSum > 0 ? mix[k] : 1;
  const scaled = roundToTotal(shares, rest);
  const out: MixPercent = { ...ZERO, [key]: v };
  for (const k of others) out[k] = rest === 0 ? 0 : scaled[k];
  return out;
}

/** The definition's workload as percentages (a single type is 100 % of it). */
export function mixFromWorkload(w: WorkloadSpec): MixPercent {
  if (typeof w === 'string') return isWorkloadName(w) ? { ...ZERO, [w]: 100 } : { ...ZERO };
  return roundToTotal({ task: w.task ?? 0, knowledge: w.knowledge ?? 0, power: w.power ?? 0 });
}

/** Percentages back to the definition's form: a single name at 100 %, else fractions of the non-zero types. */
export function workloadFromMix(mix: MixPercent): WorkloadSpec {
  const used = WORKLOAD_NAMES.filter((k) => mix[k] > 0);
  if (used.length === 1) return used[0] as WorkloadName;
  const out: Partial<Record<WorkloadName, number>> = {};
  for (const k of used) out[k] = mix[k] / 100;
  return out;
}

export function isMix(w: WorkloadSpec): w is Partial<Record<WorkloadName, number>> {
  return typeof w !== 'string';
}

/** One of the three worker types the mix sliders offer (the others are named tool workloads). */
export function isWorkloadName(w: string): w is WorkloadName {
  return (WORKLOAD_NAMES as readonly string[]).includes(w);
}

/** The load-test tools' workloads, by name (the three worker types above are Login VSI's, for mixes). */
export type ToolWorkload = Exclude<CapacityWorkload, WorkloadName>;
export const TOOL_WORKLOADS: readonly ToolWorkload[] = [
  'lvsi-task',
  'lvsi-office',
  'lvsi-knowledge',
  'lvsi-power',
  'le-task',
  'le-knowledge',
  'ms-light',
  'ms-medium',
  'ms-heavy',
];
export const TOOL_WORKLOAD_TEXT: Record<ToolWorkload, string> = {
  'lvsi-task': 'Login VSI 4.1 task worker',
  'lvsi-office': 'Login VSI 4.1 office worker',
  'lvsi-knowledge': 'Login VSI 4.1 knowledge worker',
  'lvsi-power': 'Login VSI 4.1 power worker',
  'le-task': 'Login Enterprise task worker',
  'le-knowledge': 'Login Enterprise knowledge worker',
  'ms-light': 'Microsoft multi-session: light',
  'ms-medium': 'Microsoft multi-session: medium',
  'ms-heavy': 'Microsoft multi-session: heavy',
};

/** "Knowledge 70 % · task 30 %", or the one type's name. */
export function workloadText(w: WorkloadSpec): string {
  const names: Record<WorkloadName, string> = { task: 'task', knowledge: 'knowledge', power: 'power' };
  if (typeof w === 'string') return isWorkloadName(w) ? `${names[w].charAt(0).toUpperCase()}${names[w].slice(1)} worker` : TOOL_WORKLOAD_TEXT[w];
  const m = mixFromWorkload(w);
  const parts = WORKLOAD_NAMES.filter((k) => m[k] > 0)
    .sort((a, b) => m[b] - m[a])
    .map((k) => `${names[k]} ${m[k]} %`);
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
