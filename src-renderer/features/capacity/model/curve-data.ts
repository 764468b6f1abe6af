// Shaping a run's result into chart data: pure, so it is unit-tested. x is the
// number of active sessions (Login VSI plots response time against sessions,
// not time), so samples are put in session order; the knee and the reference
// lines come from the result's own figures, never recomputed here.

import { compact } from '../../../components/charts/chart-format.ts';
import { formatInt, formatNumber } from '../../../components/format.ts';
import type { ChartColor } from '../../../components/charts/chart-theme.ts';
import type { XYChartSpec, XYMarker } from '../charts/xy-spec.ts';
import type { CapacityResult, CapacitySample } from './contract-types.ts';

/** DOMAIN.md alarm lines drawn on the utilization charts. */
export const READY_WARNING_PCT = 5;
export const READY_CRITICAL_PCT = 10;
export const LATENCY_ALERT_MS = 20;
/** Most raw-sample dots drawn; beyond that every n-th (the index line keeps every sample). */
export const MAX_RAW_POINTS = 4000;

const ms = (v: number) => `${formatInt(v)} ms`;
const pct = (v: number) => `${formatNumber(v, 1)} %`;
const sessionsFmt = (v: number) => formatInt(v);

/** Samples in session order (stable: equal counts keep time order), so uPlot's x only grows. */
export function bySessions(curves: readonly CapacitySample[]): CapacitySample[] {
  return curves
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.activeSessions - b.s.activeSessions || a.i - b.i)
    .map((e) => e.s);
}

/** VSIbase, the threshold, VSImax and the saturated zone beyond it. */
export function vsiMarkers(r: Pick<CapacityResult, 'vsibaseMs' | 'thresholdMs' | 'vsimax' | 'vsimaxReached' | 'thresholdRule'>, maxX: number): XYMarker[] {
  const out: XYMarker[] = [
    { kind: 'hline', id: 'vsibase', y: r.vsibaseMs, label: `VSIbase ${ms(r.vsibaseMs)}`, tone: 'success' },
    {
      kind: 'hline',
      id: 'threshold',
      y: r.thresholdMs,
      label: `Threshold ${ms(r.thresholdMs)} (${r.thresholdRule === 'base+1000' ? 'base + 1,000' : 'base × 1.25 + 3,000'})`,
      tone: 'danger',
    },
  ];
  if (r.vsimaxReached && r.vsimax !== null) {
    out.push({ kind: 'xband', id: 'saturated', from: r.vsimax, to: Math.max(maxX, r.vsimax), label: 'saturated', tone: 'danger' });
    out.push({ kind: 'vline', id: 'vsimax', x: r.vsimax, label: `VSImax ${formatInt(r.vsimax)}`, tone: 'danger' });
  }
  return out;
}

/** The VSImax marker for the utilization charts (the knee, where each resource is read). */
function kneeMarker(r: CapacityResult): XYMarker[] {
  return r.vsimaxReached && r.vsimax !== null ? [{ kind: 'vline', id: 'vsimax', x: r.vsimax, label: `VSImax ${formatInt(r.vsimax)}`, tone: 'danger' }] : [];
}

/** Response time against active sessions: the VSI index as a line, each raw sample as a dot, and the VSI markers. */
export function responseChart(r: CapacityResult, id = 'cap-response'): XYChartSpec {
  const rows = bySessions(r.curves);
  const stride = Math.max(1, Math.ceil(rows.length / MAX_RAW_POINTS));
  const x = rows.map((s) => s.activeSessions);
  const maxY = Math.max(r.thresholdMs * 1.15, ...rows.map((s) => s.indexMs ?? 0));
  return {
    id,
    title: 'Response time against active sessions',
    xLabel: 'Active sessions',
    formatX: sessionsFmt,
    x,
    series: [
      // An interval in which no action finished has no sample (0 ms): no dot, rather than a false fast one.
      {
        key: 'raw',
        label: 'Samples',
        color: 'gray',
        values: rows.map((s, i) => (i % stride === 0 && s.responseMs > 0 ? s.responseMs : null)),
        dots: true,
        format: ms,
      },
      { key: 'index', label: 'VSI index', color: 'blue', values: rows.map((s) => s.indexMs), spanGaps: true, width: 2.5, format: ms },
    ],
    // The y range leaves room above the threshold but does not let a few wild samples flatten the curve.
    axes: [{ scale: 'y', format: (v) => compact(v), label: 'ms', range: [0, niceCeil(maxY)] }],
    markers: vsiMarkers(r, x[x.length - 1] ?? 0),
  };
}

export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(v)) / 2;
  return Math.ceil(v / step) * step;
}

/** The resource curves against active sessions, with the alarm lines and the knee. */
export function utilizationCharts(r: CapacityResult): XYChartSpec[] {
  const rows = bySessions(r.curves);
  const x = rows.map((s) => s.activeSessions);
  const knee = kneeMarker(r);
  const col = (f: (s: CapacitySample) => number) => rows.map(f);
  const base = { xLabel: 'Active sessions', formatX: sessionsFmt, x };
  const maxPct = Math.max(100, ...rows.map((s) => Math.max(s.cpuPct, s.vmCpuPct, s.memPct, s.storagePct, s.networkPct)));
  return [
    {
      ...base,
      id: 'cap-util',
      title: 'Host utilization (worst host)',
      series: [
        { key: 'cpuPct', label: 'Host CPU', color: 'blue', values: col((s) => s.cpuPct), format: pct },
        { key: 'vmCpuPct', label: 'Busiest VM CPU', color: 'gray', values: col((s) => s.vmCpuPct), dash: [4, 3], width: 1.5, format: pct },
        { key: 'memPct', label: 'Memory', color: 'purple', values: col((s) => s.memPct), format: pct },
        { key: 'storagePct', label: 'Storage (IOPS)', color: 'orange', values: col((s) => s.storagePct), format: pct },
        // Display-protocol traffic the sessions ask for over the NICs' line rate: past 100 % it is demand
        // the links cannot carry (the sessions slow down), not traffic a NIC carries.
        { key: 'networkPct', label: 'Network demand (% of NIC line rate)', color: 'teal', values: col((s) => s.networkPct), format: pct },
      ],
      axes: [{ scale: 'y', format: (v) => `${compact(v)}%`, range: [0, maxPct > 100 ? niceCeil(maxPct) : 100] }],
      markers: maxPct > 100 ? [{ kind: 'hline', id: 'util-full', y: 100, label: '100 % = line rate / capacity', tone: 'muted' as const }, ...knee] : knee,
    },
    {
      ...base,
      id: 'cap-ready',
      title: 'CPU ready per vCPU',
      series: [{ key: 'readyPct', label: 'Ready', color: 'red', values: col((s) => s.readyPct), fill: true, format: pct }],
      axes: [{ scale: 'y', format: (v) => `${compact(v)}%`, range: [0, niceCeil(Math.max(READY_CRITICAL_PCT * 1.5, ...rows.map((s) => s.readyPct)) * 1.05)] }],
      markers: [
        { kind: 'hline', id: 'ready-warn', y: READY_WARNING_PCT, label: `${READY_WARNING_PCT} % warning`, tone: 'warning' },
        { kind: 'hline', id: 'ready-crit', y: READY_CRITICAL_PCT, label: `${READY_CRITICAL_PCT} % critical`, tone: 'danger' },
        ...knee,
      ],
    },
    {
      ...base,
      id: 'cap-latency',
      title: 'Storage latency',
      series: [
        {
          key: 'storageLatencyMs',
          label: 'Latency',
          color: 'orange',
          values: col((s) => s.storageLatencyMs),
          format: (v) => `${formatNumber(v, v < 10 ? 2 : 1)} ms`,
        },
      ],
      // The range always reaches the 20 ms alert line: a flat curve far below it is the answer "storage is fine".
      axes: [
        {
          scale: 'y',
          format: (v) => `${compact(v)} ms`,
          range: [0, niceCeil(Math.max(LATENCY_ALERT_MS * 1.25, ...rows.map((s) => s.storageLatencyMs)) * 1.05)],
        },
      ],
      markers: [{ kind: 'hline', id: 'latency-alert', y: LATENCY_ALERT_MS, label: `${LATENCY_ALERT_MS} ms alert`, tone: 'danger' }, ...knee],
    },
    {
      ...base,
      id: 'cap-swap',
      title: 'Memory swapped (worst host)',
      series: [{ key: 'swappedMb', label: 'Swapped', color: 'purple', values: col((s) => s.swappedMb), fill: true, format: (v) => `${formatInt(v)} MB` }],
      // At least 1 GB of range, so "nothing swapped" reads as a flat line at 0, not as noise.
      axes: [{ scale: 'y', format: (v) => `${compact(v)} MB`, range: [0, niceCeil(Math.max(1024, ...rows.map((s) => s.swappedMb)) * 1.05)] }],
      markers: knee,
    },
  ];
}

/** DOMAIN.md logon figures: typical total ≈ 30 s, over 60 s is poor. */
export const LOGON_TYPICAL_SEC = 30;
export const LOGON_POOR_SEC = 60;

/** Mean logon duration of the sessions launched at each point, against active sessions (a storm shows here first). */
export function logonChart(r: CapacityResult): XYChartSpec {
  const rows = bySessions(r.curves);
  const vals = rows.map((s) => s.logonSec ?? null);
  const max = Math.max(LOGON_POOR_SEC * 1.2, ...vals.map((v) => v ?? 0));
  return {
    id: 'cap-logon',
    title: 'Logon duration of the sessions launched',
    xLabel: 'Active sessions',
    formatX: sessionsFmt,
    x: rows.map((s) => s.activeSessions),
    series: [{ key: 'logonSec', label: 'Logon', color: 'teal', values: vals, spanGaps: true, format: (v) => `${formatNumber(v, 1)} s` }],
    axes: [{ scale: 'y', format: (v) => `${compact(v)} s`, range: [0, niceCeil(max * 1.05)] }],
    markers: [
      { kind: 'hline', id: 'logon-typical', y: LOGON_TYPICAL_SEC, label: `${LOGON_TYPICAL_SEC} s typical`, tone: 'warning' },
      { kind: 'hline', id: 'logon-poor', y: LOGON_POOR_SEC, label: `${LOGON_POOR_SEC} s poor`, tone: 'danger' },
      ...kneeMarker(r),
    ],
  };
}

/** The EUX-style score per minute (10 best; 5 at the threshold) with active sessions on the right axis. */
export function euxChart(r: CapacityResult): XYChartSpec {
  const pts = r.eux;
  const markers: XYMarker[] = [{ kind: 'hline', id: 'eux-threshold', y: 5, label: '5 = at the threshold', tone: 'danger' }];
  if (r.vsimaxReached && r.vsimax !== null) {
    const hit = pts.find((p) => p.activeSessions >= (r.vsimax as number));
    if (hit) markers.push({ kind: 'vline', id: 'vsimax', x: hit.minute, label: `VSImax at minute ${hit.minute}`, tone: 'danger' });
  }
  return {
    id: 'cap-eux',
    title: 'EUX-style score per minute',
    xLabel: 'Minute of the test',
    formatX: (v) => formatInt(v),
    x: pts.map((p) => p.minute),
    series: [
      { key: 'score', label: 'Score', color: 'green', values: pts.map((p) => p.score), width: 2.5, format: (v) => formatNumber(v, 1) },
      {
        key: 'activeSessions',
        label: 'Active sessions',
        color: 'gray',
        values: pts.map((p) => p.activeSessions),
        scale: 'sessions',
        dash: [4, 3],
        format: sessionsFmt,
      },
    ],
    axes: [
      { scale: 'y', format: (v) => formatInt(v), range: [0, 10] },
      { scale: 'sessions', side: 'right', format: (v) => compact(v) },
    ],
    markers,
  };
}

export const COMPARE_COLORS: readonly ChartColor[] = ['blue', 'orange', 'purple', 'teal', 'red', 'green', 'yellow', 'gray'];

/**
 * Several runs' VSI index curves on one chart: x is the union of their session
 * counts, each run's index at its own x (null elsewhere, joined across gaps),
 * with each run's VSImax as a line in its colour.
 */
export function compareChart(runs: readonly { label: string; result: CapacityResult }[]): XYChartSpec {
  const xs = [...new Set(runs.flatMap((r) => r.result.curves.map((s) => s.activeSessions)))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const series = runs.map((r, k) => {
    const values = new Array<number | null>(xs.length).fill(null);
    // Several samples at one session count: keep the last in time (the index after that many sessions).
    for (const s of r.result.curves) if (s.indexMs !== null) values[at.get(s.activeSessions) as number] = s.indexMs;
    return { key: `run${k}`, label: r.label, color: COMPARE_COLORS[k % COMPARE_COLORS.length] as ChartColor, values, spanGaps: true, width: 2, format: ms };
  });
  const markers: XYMarker[] = runs.flatMap((r, k): XYMarker[] =>
    r.result.vsimaxReached && r.result.vsimax !== null
      ? [
          {
            kind: 'vline',
            id: `vsimax${k}`,
            x: r.result.vsimax,
            label: `VSImax ${formatInt(r.result.vsimax)}`,
            tone: 'info',
            color: COMPARE_COLORS[k % COMPARE_COLORS.length] as ChartColor,
          },
        ]
      : [],
  );
  // Each run's threshold where it differs from the others' (VSIbase differs per run); one line when they agree.
  const thresholds = [...new Set(runs.map((r) => Math.round(r.result.thresholdMs)))];
  if (thresholds.length === 1)
    markers.unshift({ kind: 'hline', id: 'threshold', y: thresholds[0] as number, label: `Threshold ${ms(thresholds[0] as number)}`, tone: 'danger' });
  else
    runs.forEach((r, k) =>
      markers.unshift({
        kind: 'hline',
        id: `threshold${k}`,
        y: r.result.thresholdMs,
        label: `Threshold ${ms(r.result.thresholdMs)}`,
        tone: 'danger',
        color: COMPARE_COLORS[k % COMPARE_COLORS.length] as ChartColor,
      }),
    );
  const maxThreshold = Math.max(0, ...runs.map((r) => r.result.thresholdMs));
  // The axis holds every run's index curve: a 2,742 ms curve must not run off a 2.5k axis.
  const maxIndex = Math.max(0, ...runs.flatMap((r) => r.result.curves.map((s) => s.indexMs ?? 0)));
  return {
    id: 'cap-compare',
    title: 'VSI index against active sessions',
    xLabel: 'Active sessions',
    formatX: sessionsFmt,
    x: xs,
    series,
    axes: [{ scale: 'y', format: (v) => compact(v), label: 'ms', range: [0, niceCeil(Math.max(maxThreshold * 1.2, maxIndex * 1.05))] }],
    markers,
  };
}
