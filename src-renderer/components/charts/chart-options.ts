import uPlot from 'uplot';
import type { MetricSample } from '../../../src-main/contract/index.ts';
import type { Level } from '../thresholds.ts';
import type { SeriesPoints } from '../../state/series-feed.ts';
import { niceMax, timeAxisValues } from './chart-format.ts';
import { withAlpha, type ChartColor, type ChartTheme } from './chart-theme.ts';

export type MetricField = keyof MetricSample;

/** One line of a chart: a field of the metric points. */
export interface SeriesSpec {
  field: MetricField;
  label: string;
  color: ChartColor;
  /** Readout text of a value. */
  format(v: number): string;
  /** Colours the readout value by alarm level. */
  level?(v: number): Level;
  /** y scale key (default 'y'). */
  scale?: string;
  /** Draw as steps (states), not a slope. */
  step?: boolean;
  /** Shade the area under the line. */
  fill?: boolean;
  dash?: number[];
}

/** What a value (y) axis needs, whichever chart draws it. */
export interface ValueAxis {
  scale: string;
  side?: 'left' | 'right';
  /** Axis title (capacity charts); time charts have none. */
  label?: string;
  format(v: number): string;
  /** Fixed tick values (memory states 0–4). */
  splits?: number[];
}

/** The value axes of a chart: the first draws the grid, the others only their ticks' labels. */
export function valueAxes(list: readonly ValueAxis[], theme: ChartTheme, box: { size: number; space: number }): uPlot.Axis[] {
  return list.map((a, i): uPlot.Axis => ({
    scale: a.scale,
    side: a.side === 'right' ? 1 : 3,
    stroke: theme.text,
    font: theme.font,
    grid: { show: i === 0, stroke: theme.grid, width: 1 },
    ticks: { show: false },
    gap: 4,
    size: box.size,
    space: box.space,
    ...(a.label ? { label: a.label, labelFont: theme.font, labelSize: 14 } : {}),
    ...(a.splits ? { splits: () => a.splits as number[] } : {}),
    values: (_u, splits) => splits.map((v) => a.format(v)),
  }));
}

export interface AxisSpec {
  scale: string;
  side?: 'left' | 'right';
  format(v: number): string;
  /** Scale range from the data's min and max (default: 0 … a round number above the max). */
  range?(min: number, max: number): [number, number];
  /** Fixed tick values (memory states 0–4). */
  splits?: number[];
}

/** A horizontal alarm line (CPU ready 5 % / 10 %, latency 20 ms). */
export interface ThresholdSpec {
  value: number;
  scale?: string;
  tone: 'warning' | 'danger';
  label: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  series: SeriesSpec[];
  axes: AxisSpec[];
  thresholds?: ThresholdSpec[];
}

/** Points → uPlot's column layout: [ts[], field1[], field2[], …] with null where a point lacks the field. */
export function toAligned(points: SeriesPoints, spec: ChartSpec): uPlot.AlignedData {
  const xs = new Float64Array(points.length);
  const ys = spec.series.map(() => new Array<number | null>(points.length));
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as SeriesPoints[number];
    xs[i] = p.ts;
    for (let k = 0; k < spec.series.length; k++) {
      const v = p[(spec.series[k] as SeriesSpec).field];
      (ys[k] as (number | null)[])[i] = v === undefined || v === null || Number.isNaN(v) ? null : v;
    }
  }
  return [xs, ...ys];
}

function drawThresholds(u: uPlot, spec: ChartSpec, theme: ChartTheme): void {
  if (!spec.thresholds?.length) return;
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const px = uPlot.pxRatio;
  ctx.save();
  ctx.font = `${Math.round(10 * px)}px ${theme.font.replace(/^\d+px\s*/, '')}`;
  ctx.textAlign = 'left';
  for (const t of spec.thresholds) {
    const y = Math.round(u.valToPos(t.value, t.scale ?? 'y', true));
    if (y < top || y > top + height) continue;
    const color = t.tone === 'danger' ? theme.danger : theme.warning;
    ctx.strokeStyle = color;
    ctx.lineWidth = px;
    ctx.setLineDash([4 * px, 3 * px]);
    ctx.beginPath();
    ctx.moveTo(left, y + 0.5);
    ctx.lineTo(left + width, y + 0.5);
    ctx.stroke();
    // The label sits on a patch of card background so a series under it cannot hide it; warnings at the
    // left end, critical lines at the right, so two close lines never stack their labels.
    const w = ctx.measureText(t.label).width;
    const right = t.tone === 'danger';
    const x = right ? left + width - 4 * px - w : left + 4 * px;
    const h = 12 * px;
    const above = y - h - 1 * px >= top;
    ctx.fillStyle = theme.background;
    ctx.fillRect(x - 3 * px, above ? y - h - 1 * px : y + 2 * px, w + 6 * px, h);
    ctx.fillStyle = color;
    ctx.textBaseline = above ? 'bottom' : 'top';
    ctx.fillText(t.label, x, above ? y - 2 * px : y + 3 * px);
  }
  ctx.restore();
}

export interface BuildOpts {
  width: number;
  height: number;
  /** The x window [from, to] in simulated unix seconds. */
  xRange(): [number, number];
  syncKey?: string;
  onCursor(u: uPlot): void;
}

export function buildOptions(spec: ChartSpec, theme: ChartTheme, o: BuildOpts): uPlot.Options {
  const scales: uPlot.Scales = {
    x: { time: true, range: () => o.xRange() },
  };
  for (const a of spec.axes) {
    scales[a.scale] = {
      range: (_u, min, max) => {
        const lo = min ?? 0;
        const hi = max ?? 0;
        return a.range ? a.range(lo, hi) : [0, niceMax(hi * 1.08)];
      },
    };
  }
  const axes: uPlot.Axis[] = [
    {
      stroke: theme.text,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1, size: 4 },
      space: 64,
      size: 26,
      values: (_u, splits, _i, _space, incr) => timeAxisValues(splits, incr),
    },
    ...valueAxes(spec.axes, theme, { size: 46, space: 24 }),
  ];
  const series: uPlot.Series[] = [
    {},
    ...spec.series.map((s): uPlot.Series => ({
      label: s.label,
      scale: s.scale ?? 'y',
      stroke: theme.series[s.color],
      width: 1.5,
      fill: s.fill ? withAlpha(theme.series[s.color], 0.14) : undefined,
      dash: s.dash,
      points: { show: false },
      spanGaps: false,
      ...(s.step ? { paths: uPlot.paths.stepped?.({ align: 1 }) } : {}),
    })),
  ];
  return {
    width: o.width,
    height: o.height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    // Room on the right for the last time label when no axis sits there.
    padding: [8, spec.axes.some((a) => a.side === 'right') ? 4 : 18, 0, 0],
    legend: { show: false },
    cursor: {
      drag: { x: false, y: false, setScale: false },
      y: false,
      points: { size: 6 },
      ...(o.syncKey ? { sync: { key: o.syncKey } } : {}),
    },
    scales,
    axes,
    series,
    hooks: {
      draw: [(u) => drawThresholds(u, spec, theme)],
      setCursor: [(u) => o.onCursor(u)],
    },
  };
}
