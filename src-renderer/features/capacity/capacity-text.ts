import { formatInt, formatNumber } from '../../components/format.ts';
import { resolveHostCpu } from '../../../src-main/shared/capacity/cpu-index.ts';
import type { CapacityDefinition } from './model/definition.ts';
import type { CapacityResource, CapacityRunState } from './model/contract-types.ts';
import { workloadText } from './model/mix.ts';

export const RESOURCE_TEXT: Record<CapacityResource | 'none', string> = {
  cpu: 'CPU',
  memory: 'Memory',
  storage: 'Storage',
  network: 'Network',
  none: 'None reached',
};

export const RUN_STATE_TEXT: Record<CapacityRunState, { label: string; color: 'blue' | 'green' | 'red' | 'grey' | 'orange' | 'teal' }> = {
  queued: { label: 'Queued', color: 'grey' },
  running: { label: 'Running', color: 'blue' },
  completed: { label: 'Completed', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'orange' },
  interrupted: { label: 'Interrupted', color: 'orange' },
};

export const PROTOCOL_SHORT: Record<CapacityDefinition['protocol'], string> = { blast: 'Blast', pcoip: 'PCoIP', hdx: 'HDX', rdp: 'RDP' };

/** "1 × 2×24 cores · 2.1 GHz · 1,536 GB". */
export function hardwareText(d: CapacityDefinition): string {
  const h = d.hosts;
  const cpu = resolveHostCpu(h);
  const clock = `${formatNumber(cpu?.baseGhz ?? 0, 1)} GHz`;
  return `${h.count} × ${h.sockets}×${h.coresPerSocket} cores · ${cpu?.model ? `${cpu.model.replace(/^(Intel|AMD) /, '')} · ${clock}` : clock} · ${formatInt(h.ramGb)} GB`;
}

/** "Single-session 2 vCPU / 4 GB" or "6 × RDSH 8 vCPU / 64 GB". */
export function sessionHostText(d: CapacityDefinition): string {
  const s = d.sessionHost;
  return s.kind === 'single-session'
    ? `Desktops ${s.vcpu} vCPU / ${formatInt(s.ramGb)} GB`
    : `${s.vmsPerHost} × RDSH ${s.vcpu} vCPU / ${formatInt(s.ramGb)} GB`;
}

export function workloadShort(d: CapacityDefinition): string {
  return `${workloadText(d.workload)} · ${PROTOCOL_SHORT[d.protocol]}`;
}

/** "1 min 42 s", "850 ms". */
export function formatWall(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${formatInt(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${formatNumber(s, 1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Wall-clock ISO time as the local "14:05:12" (runs happen in real time, not simulated time). */
export function formatWallTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
