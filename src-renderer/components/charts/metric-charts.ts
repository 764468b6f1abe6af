// The charts each page shows, as data: which fields, colours, axes and alarm lines.

import { MEMORY_STATE_NAMES } from '../../../src-main/contract/index.ts';
import {
  CPU_CRIT_PCT,
  CPU_WARN_PCT,
  LATENCY_ALARM_MS,
  READY_CRIT_PCT,
  READY_WARN_PCT,
  UX_WARN_MS,
  cpuLevel,
  levelOf,
  memLevel,
  memStateName,
  readyLevel,
} from '../thresholds.ts';
import { compact, fmt, niceMax } from './chart-format.ts';
import { formatNumber } from '../format.ts';
import type { AxisSpec, ChartSpec, SeriesSpec, ThresholdSpec } from './chart-options.ts';

/** 0–100 %, stretched when a figure is above 100 % (memory over-commit): an axis never clips its data. */
const pctAxis: AxisSpec = { scale: 'y', format: fmt.pctAxis, range: (_lo, hi) => [0, hi > 100 ? niceMax(hi * 1.05) : 100] };
const cpuLines: ThresholdSpec[] = [
  { value: CPU_WARN_PCT, tone: 'warning', label: `${CPU_WARN_PCT} % warning` },
  { value: CPU_CRIT_PCT, tone: 'danger', label: `${CPU_CRIT_PCT} % critical` },
];
/** Ready % always tall enough to show the 10 % line: how far below it you are is the point. */
const readyAxis: AxisSpec = { scale: 'y', format: fmt.pctAxis, range: (_lo, hi) => [0, Math.max(READY_CRIT_PCT * 1.25, niceMax(hi * 1.1))] };
const readyLines: ThresholdSpec[] = [
  { value: READY_WARN_PCT, tone: 'warning', label: `${READY_WARN_PCT} % warning` },
  { value: READY_CRIT_PCT, tone: 'danger', label: `${READY_CRIT_PCT} % critical` },
];
const countAxis: AxisSpec = { scale: 'y', format: compact };
/** At least 0–1 GB, so an estate with nothing reclaimed shows a flat zero, not fractions of a MB. */
const mbAxis: AxisSpec = {
  scale: 'y',
  format: (v) => (v >= 1000 ? `${formatNumber(v / 1024, v >= 10240 ? 0 : 1)} GB` : `${compact(v)} MB`),
  range: (_lo, hi) => [0, Math.max(1000, niceMax(hi * 1.08))],
};
const memStateAxis: AxisSpec = {
  scale: 'mem',
  side: 'right',
  format: (v) => MEMORY_STATE_NAMES[Math.round(v)] ?? '',
  range: () => [-0.2, MEMORY_STATE_NAMES.length - 0.8],
  splits: MEMORY_STATE_NAMES.map((_n, i) => i),
};
const kwAxis: AxisSpec = { scale: 'y', format: (v) => (v >= 1000 ? `${compact(v / 1000)} kW` : `${compact(v)} W`) };
const msAxis: AxisSpec = { scale: 'y', format: (v) => `${compact(v)} ms` };

const cpu: SeriesSpec = { field: 'cpuPct', label: 'CPU', color: 'blue', format: fmt.pct, level: cpuLevel, fill: true };
const ready: SeriesSpec = {
  field: 'readyPct',
  label: 'Ready',
  color: 'orange',
  format: (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} %`,
  level: readyLevel,
  fill: true,
};
const sessions: SeriesSpec = { field: 'sessions', label: 'Sessions', color: 'blue', format: fmt.int, fill: true };
const balloon: SeriesSpec = { field: 'balloonMb', label: 'Ballooned', color: 'purple', format: fmt.mb, fill: true };
const swap: SeriesSpec = { field: 'swapMb', label: 'Swapped', color: 'red', format: fmt.mb, fill: true };
const memState: SeriesSpec = { field: 'memState', label: 'State', color: 'teal', format: memStateName, level: memLevel, scale: 'mem', step: true };
const ux: SeriesSpec = { field: 'uxMs', label: 'Response', color: 'purple', format: fmt.ms, level: (v) => levelOf(v, UX_WARN_MS, UX_WARN_MS * 2) };
const iops: SeriesSpec = { field: 'iops', label: 'IOPS', color: 'teal', format: fmt.int, fill: true };
const latency: SeriesSpec = {
  field: 'latencyMs',
  label: 'Latency',
  color: 'red',
  format: fmt.msFine,
  level: (v) => (v > LATENCY_ALARM_MS ? 'critical' : 'ok'),
  scale: 'lat',
};
const latencyAxisRight: AxisSpec = {
  scale: 'lat',
  side: 'right',
  format: (v) => `${compact(v)} ms`,
  range: (_lo, hi) => [0, Math.max(LATENCY_ALARM_MS * 1.25, niceMax(hi * 1.1))],
};
const latencyLine: ThresholdSpec = { value: LATENCY_ALARM_MS, scale: 'lat', tone: 'danger', label: `${LATENCY_ALARM_MS} ms alarm` };

function wattsSeries(label: string): SeriesSpec {
  return { field: 'watts', label, color: 'yellow', format: (v) => (v >= 10_000 ? fmt.kw(v) : fmt.watts(v)), fill: true };
}

const cpuChart = (id: string, label: string): ChartSpec => ({ id, title: 'CPU usage', series: [{ ...cpu, label }], axes: [pctAxis], thresholds: cpuLines });
const readyChart = (id: string, label: string): ChartSpec => ({
  id,
  title: 'CPU ready (per vCPU)',
  series: [{ ...ready, label }],
  axes: [readyAxis],
  thresholds: readyLines,
});
const uxAxisRight: AxisSpec = { ...msAxis, scale: 'ux', side: 'right' };

export const ESTATE_CHARTS: readonly ChartSpec[] = [
  {
    id: 'estate-sessions',
    title: 'Sessions and action response',
    series: [sessions, { ...ux, label: 'Avg response', scale: 'ux' }],
    axes: [countAxis, uxAxisRight],
  },
  {
    id: 'estate-storage',
    title: 'Storage IOPS and worst latency',
    series: [
      { ...iops, label: 'IOPS total' },
      { ...latency, label: 'Latency max' },
    ],
    axes: [countAxis, latencyAxisRight],
    thresholds: [latencyLine],
  },
  cpuChart('estate-cpu', 'CPU avg'),
  readyChart('estate-ready', 'Ready max'),
  {
    id: 'estate-memory',
    title: 'Memory reclamation',
    series: [
      { ...balloon, label: 'Balloon' },
      { ...swap, label: 'Swap' },
      { ...memState, label: 'Worst state' },
    ],
    axes: [mbAxis, memStateAxis],
  },
  { id: 'estate-power', title: 'Power draw', series: [wattsSeries('Hosts')], axes: [kwAxis] },
];

export const HOST_CHARTS: readonly ChartSpec[] = [
  cpuChart('host-cpu', 'CPU'),
  readyChart('host-ready', 'Ready'),
  { id: 'host-memory', title: 'Memory', series: [balloon, swap, memState], axes: [mbAxis, memStateAxis] },
  { id: 'host-sessions', title: 'Sessions', series: [sessions], axes: [countAxis] },
  { id: 'host-ux', title: 'Action response of its sessions', series: [{ ...ux, label: 'Avg response' }], axes: [msAxis] },
  { id: 'host-power', title: 'Power draw', series: [wattsSeries('Power')], axes: [kwAxis] },
];

export const POOL_CHARTS: readonly ChartSpec[] = [
  { id: 'pool-sessions', title: 'Sessions', series: [sessions], axes: [countAxis] },
  { id: 'pool-ux', title: 'User experience (action response)', series: [{ ...ux, label: 'Avg response' }], axes: [msAxis] },
];

export const DATASTORE_CHARTS: readonly ChartSpec[] = [
  { id: 'datastore-iops', title: 'IOPS', series: [iops], axes: [countAxis] },
  {
    id: 'datastore-latency',
    title: 'Device latency',
    series: [{ ...latency, scale: 'y', fill: true }],
    axes: [{ ...latencyAxisRight, scale: 'y', side: 'left' }],
    thresholds: [{ ...latencyLine, scale: 'y' }],
  },
];

export const CLUSTER_CHARTS: readonly ChartSpec[] = [
  cpuChart('cluster-cpu', 'CPU avg'),
  readyChart('cluster-ready', 'Ready max'),
  { id: 'cluster-sessions', title: 'Sessions', series: [sessions], axes: [countAxis] },
  { id: 'cluster-power', title: 'Power draw', series: [wattsSeries('Hosts')], axes: [kwAxis] },
];
