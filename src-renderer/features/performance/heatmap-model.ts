import { create } from 'zustand';
import type { Host, MetricsNow } from '../../../src-main/contract/index.ts';
import {
  CPU_CRIT_PCT,
  CPU_WARN_PCT,
  MEM_CRIT_STATE,
  MEM_WARN_STATE,
  NIC_CRIT_PCT,
  NIC_WARN_PCT,
  READY_CRIT_PCT,
  READY_WARN_PCT,
  cpuLevel,
  memLevel,
  memStateName,
  nicLevel,
  readyLevel,
  type Level,
} from '../../components/thresholds.ts';
import { formatInt, formatNumber } from '../../components/format.ts';

export type HostNow = MetricsNow['hosts'][number];
export type HeatMetric = 'cpu' | 'ready' | 'mem' | 'network' | 'sessions';
/** ok / warning / critical by the alarm thresholds; off = powered off or not responding (no figures). */
export type TileLevel = Level | 'off';

export interface HeatMetricDef {
  label: string;
  /** "by …" in titles: "Busiest hosts by CPU ready". */
  by: string;
  /** The figure a tile shows. */
  short(h: HostNow): string;
  /** What "busiest" sorts by. */
  value(h: HostNow): number;
  level(h: HostNow): Level;
  /** 0–1: how strongly a tile is coloured inside its level (the busier, the stronger). */
  intensity(h: HostNow, max: number): number;
  legend: { level: Level | 'info'; text: string }[];
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
/** Within "ok", shade from pale to full as the value approaches the warning threshold. */
const okShade = (v: number, warn: number) => 0.3 + 0.5 * clamp01(v / warn);

export const HEAT_METRICS: Record<HeatMetric, HeatMetricDef> = {
  cpu: {
    label: 'CPU',
    by: 'CPU',
    short: (h) => `${Math.round(h.cpuPct)}%`,
    value: (h) => h.cpuPct,
    level: (h) => cpuLevel(h.cpuPct),
    intensity: (h) => (cpuLevel(h.cpuPct) === 'ok' ? okShade(h.cpuPct, CPU_WARN_PCT) : 1),
    legend: [
      { level: 'ok', text: `< ${CPU_WARN_PCT} %` },
      { level: 'warning', text: `${CPU_WARN_PCT}–${CPU_CRIT_PCT} %` },
      { level: 'critical', text: `> ${CPU_CRIT_PCT} %` },
    ],
  },
  ready: {
    label: 'Ready',
    by: 'CPU ready',
    short: (h) => `${formatNumber(h.readyPct, h.readyPct < 10 ? 1 : 0)}%`,
    value: (h) => h.readyPct,
    level: (h) => readyLevel(h.readyPct),
    intensity: (h) => (readyLevel(h.readyPct) === 'ok' ? okShade(h.readyPct, READY_WARN_PCT) : 1),
    legend: [
      { level: 'ok', text: `< ${READY_WARN_PCT} %` },
      { level: 'warning', text: `${READY_WARN_PCT}–${READY_CRIT_PCT} %` },
      { level: 'critical', text: `> ${READY_CRIT_PCT} %` },
    ],
  },
  mem: {
    label: 'Memory',
    by: 'memory pressure',
    short: (h) => memStateName(h.memState),
    // The state first, then how much is reclaimed (swap weighs more than balloon).
    value: (h) => h.memState * 1e9 + h.swapMb * 10 + h.balloonMb,
    level: (h) => memLevel(h.memState),
    intensity: (h) => (memLevel(h.memState) === 'ok' ? 0.3 + 0.25 * h.memState : 1),
    legend: [
      { level: 'ok', text: 'high, clear' },
      { level: 'warning', text: `${memStateName(MEM_WARN_STATE)} (ballooning)` },
      { level: 'critical', text: `${memStateName(MEM_CRIT_STATE)}, low (swapping)` },
    ],
  },
  network: {
    label: 'Network',
    by: 'uplink load',
    short: (h) => `${formatNumber(h.nicPct, h.nicPct < 10 ? 1 : 0)}%`,
    value: (h) => h.nicPct,
    level: (h) => nicLevel(h.nicPct),
    intensity: (h) => (nicLevel(h.nicPct) === 'ok' ? okShade(h.nicPct, NIC_WARN_PCT) : 1),
    legend: [
      { level: 'ok', text: `< ${NIC_WARN_PCT} %` },
      { level: 'warning', text: `${NIC_WARN_PCT}–${NIC_CRIT_PCT} %` },
      { level: 'critical', text: `> ${NIC_CRIT_PCT} % (sessions lose bandwidth)` },
    ],
  },
  sessions: {
    label: 'Sessions',
    by: 'sessions',
    short: (h) => formatInt(h.sessions),
    value: (h) => h.sessions,
    level: () => 'ok',
    intensity: (h, max) => 0.12 + 0.78 * clamp01(max > 0 ? h.sessions / max : 0),
    legend: [{ level: 'info', text: 'fewer … more sessions' }],
  },
};

export const HEAT_METRIC_ORDER: readonly HeatMetric[] = ['cpu', 'ready', 'mem', 'network', 'sessions'];

/** A host gives no figures when it is off or unreachable. */
export function hostIsOff(h: Host | undefined): boolean {
  return !h || h.powerState !== 'poweredOn' || h.connectionState === 'notResponding' || h.connectionState === 'disconnected';
}

/** "ams-cl01-esx01.corp.local" → "esx01": the tile label (the cluster is the group heading). */
export function shortHostName(name: string): string {
  const first = name.split('.')[0] ?? name;
  const parts = first.split('-');
  return parts.length > 1 ? (parts[parts.length - 1] as string) : first;
}

const STORE_KEY = 'vdi-heatmap-metric';

function initialMetric(): HeatMetric {
  try {
    const v = localStorage.getItem(STORE_KEY);
    if (v && (HEAT_METRIC_ORDER as readonly string[]).includes(v)) return v as HeatMetric;
  } catch {
    // No storage: the default.
  }
  return 'cpu';
}

/** The colouring metric, shared by the dashboard card and the Performance page, remembered in this browser. */
export const useHeatMetric = create<{ metric: HeatMetric; setMetric(m: HeatMetric): void }>((set) => ({
  metric: initialMetric(),
  setMetric: (metric) => {
    set({ metric });
    try {
      localStorage.setItem(STORE_KEY, metric);
    } catch {
      // Not remembered; still applied.
    }
  },
}));
