// A sweep: the same test over a grid of values (hosts × vCPU × workload), one run
// per combination. The wizard edits axes as text ("2, 4"); this turns them into
// typed values, the definitions of every combination, and readable labels.

import { CAPACITY_OS, CAPACITY_WORKLOADS, HYPERVISOR_KINDS, STORAGE_KINDS, type CapacitySweepKey, type CapacitySweepValue } from './contract-types.ts';
import { CAPACITY_PROTOCOLS, THRESHOLD_RULES, type CapacityDefinition } from './definition.ts';
import { setIn } from '../../../../src-main/shared/capacity/paths.ts';

export interface SweepKey {
  key: CapacitySweepKey;
  label: string;
  kind: 'number' | 'choice' | 'boolean';
  choices?: readonly string[];
  /** Only for multi-session definitions. */
  multiOnly?: boolean;
}

/** The keys the host sweeps (CAPACITY_SWEEP_KEYS), in the order a planner thinks of them. */
export const SWEEP_KEYS: readonly SweepKey[] = [
  { key: 'hosts.count', label: 'Hosts', kind: 'number' },
  { key: 'hosts.sockets', label: 'Sockets', kind: 'number' },
  { key: 'hosts.coresPerSocket', label: 'Cores per socket', kind: 'number' },
  { key: 'hosts.ghz', label: 'Clock speed (GHz)', kind: 'number' },
  { key: 'hosts.hypervisor', label: 'Hypervisor', kind: 'choice', choices: HYPERVISOR_KINDS },
  { key: 'hosts.hci', label: 'Hyper-converged', kind: 'choice', choices: ['none', 'nutanix'] },
  { key: 'hosts.hyperthreading', label: 'Hyperthreading', kind: 'boolean', choices: ['true', 'false'] },
  { key: 'hosts.ramGb', label: 'Host RAM (GB)', kind: 'number' },
  { key: 'sessionHost.kind', label: 'Session type', kind: 'choice', choices: ['single-session', 'multi-session'] },
  { key: 'sessionHost.vcpu', label: 'vCPU per VM', kind: 'number' },
  { key: 'sessionHost.ramGb', label: 'RAM per VM (GB)', kind: 'number' },
  { key: 'sessionHost.vmsPerHost', label: 'Session host VMs per host', kind: 'number', multiOnly: true },
  { key: 'sessionHost.loadBalancing', label: 'Load balancing', kind: 'choice', choices: ['breadth-first', 'depth-first'], multiOnly: true },
  { key: 'sessionHost.os', label: 'Guest OS', kind: 'choice', choices: CAPACITY_OS },
  { key: 'workload', label: 'Workload', kind: 'choice', choices: CAPACITY_WORKLOADS },
  { key: 'protocol', label: 'Protocol', kind: 'choice', choices: CAPACITY_PROTOCOLS },
  { key: 'protocolFps', label: 'Frame rate (fps)', kind: 'number' },
  { key: 'antivirus', label: 'Antivirus', kind: 'boolean', choices: ['true', 'false'] },
  { key: 'storage.iops', label: 'Storage IOPS', kind: 'number' },
  { key: 'storage.serviceTimeMs', label: 'Storage service time (ms)', kind: 'number' },
  { key: 'storage.kind', label: 'Array kind', kind: 'choice', choices: STORAGE_KINDS },
  { key: 'network.nicGbps', label: 'NIC speed (Gbit/s)', kind: 'number' },
  { key: 'launch.sessions', label: 'Sessions to launch', kind: 'number' },
  { key: 'launch.timeframeSec', label: 'Launch timeframe (s)', kind: 'number' },
  { key: 'threshold.rule', label: 'Threshold rule', kind: 'choice', choices: THRESHOLD_RULES },
  { key: 'planning.cpuTargetPct', label: 'Host CPU target (%)', kind: 'number' },
  { key: 'seed', label: 'Seed', kind: 'number' },
];

/** Most combinations one sweep may start (they share two cores). */
export const MAX_SWEEP_RUNS = 32;

export interface SweepAxis {
  key: CapacitySweepKey;
  /** As typed: "2, 4, 8". */
  text: string;
}

export type SweepValue = CapacitySweepValue;

export interface ParsedAxis {
  key: CapacitySweepKey;
  values: SweepValue[];
  error?: string;
}

export function parseAxis(axis: SweepAxis): ParsedAxis {
  const meta = SWEEP_KEYS.find((k) => k.key === axis.key);
  if (!meta) return { key: axis.key, values: [], error: `Unknown sweep key "${axis.key}"` };
  const parts = axis.text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return { key: axis.key, values: [], error: 'Enter at least one value, separated by commas' };
  const values: SweepValue[] = [];
  for (const p of parts) {
    if (meta.kind === 'number') {
      const n = Number(p);
      if (!Number.isFinite(n) || n < 0) return { key: axis.key, values: [], error: `"${p}" is not a number` };
      values.push(n);
    } else if (meta.kind === 'boolean') {
      if (p !== 'true' && p !== 'false' && p !== 'on' && p !== 'off') return { key: axis.key, values: [], error: `"${p}" is not true or false` };
      values.push(p === 'true' || p === 'on');
    } else {
      if (!meta.choices?.includes(p)) return { key: axis.key, values: [], error: `"${p}" is not one of ${meta.choices?.join(', ')}` };
      values.push(p);
    }
  }
  const unique = [...new Set(values)];
  return { key: axis.key, values: unique };
}

/** Every combination of the axes' values, first axis slowest (the order the runs are listed in). */
export function combinations(axes: readonly ParsedAxis[]): Record<string, SweepValue>[] {
  let out: Record<string, SweepValue>[] = [{}];
  for (const a of axes) {
    const next: Record<string, SweepValue>[] = [];
    for (const c of out) for (const v of a.values) next.push({ ...c, [a.key]: v });
    out = next;
  }
  return axes.length === 0 ? [] : out;
}

/** "vCPU per VM 4 · Protocol rdp": how a sweep run is named. */
export function comboLabel(combo: Record<string, SweepValue>): string {
  return Object.entries(combo)
    .map(([k, v]) => `${SWEEP_KEYS.find((s) => s.key === k)?.label ?? k} ${v}`)
    .join(' · ');
}

/** The sweep as the host takes it: key → values. */
export function sweepInput(axes: readonly ParsedAxis[]): Partial<Record<CapacitySweepKey, SweepValue[]>> {
  const out: Partial<Record<CapacitySweepKey, SweepValue[]>> = {};
  for (const a of axes) out[a.key] = a.values;
  return out;
}

/** The base definition with one combination applied, named after it. */
export function applyCombo(base: CapacityDefinition, combo: Record<string, SweepValue>): CapacityDefinition {
  let d = base;
  for (const [k, v] of Object.entries(combo)) d = setIn(d, k, v);
  return { ...d, name: `${base.name} — ${comboLabel(combo)}` };
}
