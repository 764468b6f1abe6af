// Comparing runs: what differs between their definitions (so each run is named
// by what was changed: "2 vCPU" vs "4 vCPU"), and the key figures side by side
// with the difference to the first run.

import { formatInt, formatNumber } from '../../../components/format.ts';
import type { CapacityDefinition, CapacityResult } from './contract-types.ts';
import { workloadText } from './mix.ts';
import { definitionDifferences } from '../../../../src-main/shared/capacity/paths.ts';

/** Dotted paths whose values are not the same in every definition, in the definition's own order (shared with the host's comparison). */
export function differingPaths(defs: readonly CapacityDefinition[]): string[] {
  return definitionDifferences(defs).map((d) => d.path);
}

const PATH_TEXT: Partial<Record<string, (d: CapacityDefinition) => string>> = {
  'hosts.count': (d) => `${d.hosts.count} ${d.hosts.count === 1 ? 'host' : 'hosts'}`,
  'hosts.coresPerSocket': (d) => `${d.hosts.sockets * d.hosts.coresPerSocket} cores`,
  'hosts.sockets': (d) => `${d.hosts.sockets} sockets`,
  'hosts.ghz': (d) => `${d.hosts.ghz ?? '—'} GHz`,
  'hosts.cpuModel': (d) => (d.hosts.cpuModel ?? 'GHz only').replace(/^(Intel Xeon|AMD) /, ''),
  'hosts.hypervisor': (d) => d.hosts.hypervisor,
  'hosts.hci': (d) => (d.hosts.hci === 'none' ? 'no HCI' : 'HCI'),
  'storage.kind': (d) => d.storage.kind,
  'sessionHost.os': (d) => d.sessionHost.os ?? 'default OS',
  protocolFps: (d) => `${d.protocolFps} fps`,
  antivirus: (d) => (d.antivirus === false ? 'no AV' : 'AV'),
  'planning.cpuTargetPct': (d) => `${d.planning.cpuTargetPct} % CPU`,
  'hosts.ramGb': (d) => `${formatInt(d.hosts.ramGb)} GB host`,
  'hosts.hyperthreading': (d) => (d.hosts.hyperthreading ? 'HT on' : 'HT off'),
  'sessionHost.kind': (d) => d.sessionHost.kind,
  'sessionHost.vcpu': (d) => `${d.sessionHost.vcpu} vCPU`,
  'sessionHost.ramGb': (d) => `${d.sessionHost.ramGb} GB VM`,
  'sessionHost.vmsPerHost': (d) => (d.sessionHost.kind === 'multi-session' ? `${d.sessionHost.vmsPerHost} VMs/host` : 'desktops'),
  'sessionHost.loadBalancing': (d) => (d.sessionHost.kind === 'multi-session' ? d.sessionHost.loadBalancing : 'single-session'),
  workload: (d) => workloadText(d.workload),
  protocol: (d) => d.protocol.toUpperCase(),
  'storage.iops': (d) => `${formatInt(d.storage.iops)} IOPS`,
  'network.nicGbps': (d) => `${d.network.nicGbps} GbE`,
  'launch.sessions': (d) => `${formatInt(d.launch.sessions)} sessions`,
  'threshold.rule': (d) => d.threshold.rule,
  seed: (d) => `seed ${d.seed}`,
};

/** A short name per run from what differs ("4 vCPU · RDP"); the run's own name when nothing does. */
export function runLabels(runs: readonly { name: string; definition: CapacityDefinition }[]): string[] {
  const paths = differingPaths(runs.map((r) => r.definition)).filter((p) => PATH_TEXT[p]);
  // sessionHost.kind changes several fields at once: name it once.
  const shown = paths.includes('sessionHost.kind') ? ['sessionHost.kind', ...paths.filter((p) => !p.startsWith('sessionHost.'))] : paths;
  const labels = runs.map((r) => (shown.length ? shown.map((p) => (PATH_TEXT[p] as (d: CapacityDefinition) => string)(r.definition)).join(' · ') : r.name));
  // Labels must tell runs apart: fall back to numbering duplicates.
  return labels.map((l, i) => (labels.indexOf(l) !== i || labels.lastIndexOf(l) !== i ? `${l} (#${i + 1})` : l));
}

export interface FigureRow {
  id: string;
  label: string;
  values: (number | null)[];
  format(v: number): string;
  /** Which way is better, for colouring differences; null when neither. */
  better: 'higher' | 'lower' | null;
  /** Text cells (bottleneck) instead of numbers. */
  text?: string[];
}

export function keyFigures(results: readonly CapacityResult[]): FigureRow[] {
  const num = (f: (r: CapacityResult) => number | null) => results.map(f);
  const int = (v: number) => formatInt(v);
  const ms = (v: number) => `${formatInt(v)} ms`;
  const pct = (v: number) => `${formatNumber(v, 1)} %`;
  return [
    { id: 'vsimax', label: 'VSImax', values: num((r) => (r.vsimaxReached ? r.vsimax : null)), format: int, better: 'higher' },
    {
      id: 'cpuTarget',
      label: 'Users at the CPU target',
      values: num((r) => (r.cpuTarget?.users === null || r.cpuTarget === undefined ? null : Math.floor(r.cpuTarget.users))),
      format: int,
      better: 'higher',
    },
    { id: 'vsibase', label: 'VSIbase', values: num((r) => r.vsibaseMs), format: ms, better: 'lower' },
    { id: 'threshold', label: 'Threshold', values: num((r) => r.thresholdMs), format: ms, better: null },
    { id: 'bottleneck', label: 'Bottleneck', values: results.map(() => null), format: int, better: null, text: results.map((r) => r.bottleneck.resource) },
    { id: 'usersPerCore', label: 'Users per core', values: num((r) => r.usersPerCore), format: (v) => formatNumber(v, 2), better: 'higher' },
    { id: 'usersPerHost', label: 'Users per host', values: num((r) => r.usersPerHost), format: (v) => formatNumber(v, 1), better: 'higher' },
    { id: 'usersPerVcpu', label: 'Users per vCPU', values: num((r) => r.usersPerVcpu), format: (v) => formatNumber(v, 2), better: 'higher' },
    { id: 'hostsWithHa', label: 'Hosts for target (N+1)', values: num((r) => r.recommendations.hostsWithHa), format: int, better: 'lower' },
    { id: 'launched', label: 'Sessions launched', values: num((r) => r.sessionsLaunched), format: int, better: null },
    { id: 'stuck', label: 'Stuck + failed', values: num((r) => r.stuckFailedPct), format: (v) => `${formatNumber(v, 2)} %`, better: 'lower' },
    { id: 'cpu', label: 'CPU at the knee', values: num((r) => r.utilizationAtKnee.cpuPct), format: pct, better: null },
    { id: 'ready', label: 'CPU ready at the knee', values: num((r) => r.utilizationAtKnee.readyPct), format: pct, better: 'lower' },
    { id: 'mem', label: 'Memory at the knee', values: num((r) => r.utilizationAtKnee.memPct), format: pct, better: null },
    {
      id: 'latency',
      label: 'Storage latency at the knee',
      values: num((r) => r.utilizationAtKnee.storageLatencyMs),
      format: (v) => `${formatNumber(v, 2)} ms`,
      better: 'lower',
    },
    { id: 'network', label: 'Network at the knee', values: num((r) => r.utilizationAtKnee.networkPct), format: pct, better: null },
  ];
}

/** "+24 (+11.3 %)" against the first run; null when either value is missing. */
export function delta(base: number | null, v: number | null, format: (v: number) => string): { text: string; sign: -1 | 0 | 1 } | null {
  if (base === null || v === null) return null;
  const d = v - base;
  const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
  if (sign === 0) return { text: '±0', sign };
  const rel = base !== 0 ? ` (${d > 0 ? '+' : '−'}${formatNumber(Math.abs((d / base) * 100), 1)} %)` : '';
  return { text: `${d > 0 ? '+' : '−'}${format(Math.abs(d))}${rel}`, sign };
}
