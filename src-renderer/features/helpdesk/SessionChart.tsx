import { memo, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SessionSample } from '../../../src-main/contract/index.ts';
import { compact, niceMax, timeAxisValues } from '../../components/charts/chart-format.ts';
import { readChartTheme, useThemeVersion, withAlpha, type ChartColor } from '../../components/charts/chart-theme.ts';
import { formatPointTime } from '../../components/charts/chart-format.ts';

export type SampleField = Exclude<keyof SessionSample, 'ts'>;

export interface SessionSeries {
  field: SampleField;
  label: string;
  color: ChartColor;
  format(v: number): string;
}

export interface SessionChartSpec {
  id: string;
  title: string;
  series: SessionSeries[];
  /** Fixed top of the y axis (percentages), else a round number above the data. */
  max?: number;
  /** A dashed line where the figure turns bad (RTT 200 ms). */
  alarm?: { value: number; label: string };
}

/**
 * One uPlot chart of a session's own samples (session-get: the last hour, 20 s
 * apart): the same look as the console's metric charts, fed from the Help Desk
 * detail rather than a metric feed. Rebuilt when the samples or the theme change.
 */
export const SessionChart = memo(function SessionChart({
  spec,
  samples,
  height = 140,
}: {
  spec: SessionChartSpec;
  samples: readonly SessionSample[];
  height?: number;
}) {
  const plotRef = useRef<HTMLDivElement>(null);
  const themeVersion = useThemeVersion();
  const last = samples[samples.length - 1];

  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const theme = readChartTheme();
    const xs = samples.map((s) => s.ts);
    const data: uPlot.AlignedData = [xs, ...spec.series.map((s) => samples.map((p) => p[s.field]))];
    const alarm = spec.alarm;
    const u = new uPlot(
      {
        width: Math.max(160, el.clientWidth),
        height,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
        padding: [8, 18, 0, 0],
        legend: { show: false },
        cursor: { drag: { x: false, y: false, setScale: false }, y: false, points: { size: 6 } },
        scales: {
          x: { time: true },
          // A fixed top (100 %) stretches when the data is above it: the axis never clips a curve.
          y: {
            range: (_u, _min, max) => [
              0,
              spec.max !== undefined && (max ?? 0) <= spec.max ? spec.max : niceMax(Math.max(max ?? 0, alarm ? alarm.value * 1.1 : 0) * 1.08),
            ],
          },
        },
        axes: [
          {
            stroke: theme.text,
            font: theme.font,
            grid: { stroke: theme.grid, width: 1 },
            ticks: { stroke: theme.grid, width: 1, size: 4 },
            space: 64,
            size: 26,
            values: (_u, splits, _i, _s, incr) => timeAxisValues(splits, incr),
          },
          {
            stroke: theme.text,
            font: theme.font,
            grid: { stroke: theme.grid, width: 1 },
            ticks: { show: false },
            gap: 4,
            size: 46,
            space: 24,
            values: (_u, splits) => splits.map((v) => compact(v)),
          },
        ],
        series: [
          {},
          ...spec.series.map((s): uPlot.Series => ({
            label: s.label,
            stroke: theme.series[s.color],
            width: 1.5,
            fill: withAlpha(theme.series[s.color], 0.12),
            points: { show: false },
          })),
        ],
        hooks: alarm
          ? {
              draw: [
                (pl) => {
                  const y = Math.round(pl.valToPos(alarm.value, 'y', true));
                  const { left, width, top, height: h } = pl.bbox;
                  if (y < top || y > top + h) return;
                  const ctx = pl.ctx;
                  ctx.save();
                  ctx.strokeStyle = theme.danger;
                  ctx.setLineDash([4 * uPlot.pxRatio, 3 * uPlot.pxRatio]);
                  ctx.beginPath();
                  ctx.moveTo(left, y + 0.5);
                  ctx.lineTo(left + width, y + 0.5);
                  ctx.stroke();
                  ctx.fillStyle = theme.danger;
                  ctx.font = `${Math.round(10 * uPlot.pxRatio)}px sans-serif`;
                  ctx.textAlign = 'right';
                  ctx.fillText(alarm.label, left + width - 4, y - 3);
                  ctx.restore();
                },
              ],
            }
          : {},
      },
      data,
      el,
    );
    const ro = new ResizeObserver(() => {
      const w = Math.floor(el.clientWidth);
      if (w > 0 && Math.abs(w - u.width) > 1) u.setSize({ width: w, height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
    };
  }, [spec, samples, height, themeVersion]);

  return (
    <figure className="vdi-chart" data-testid={`chart-${spec.id}`} data-points={samples.length}>
      <figcaption className="vdi-chart__head">
        <span className="vdi-chart__title">{spec.title}</span>
        {/* The legend's figures are this sample's (one a minute), not the live ones the Sessions list shows: said so (black-box round 6). */}
        {last ? (
          <span className="vdi-chart__time" data-testid={`chart-${spec.id}-time`}>
            latest sample {formatPointTime(last.ts, true)}
          </span>
        ) : null}
      </figcaption>
      <div className="vdi-chart__legend">
        {spec.series.map((s) => (
          <span className="vdi-chart__item" key={s.field}>
            <span className={`vdi-chart__swatch vdi-chart__swatch--${s.color}`} aria-hidden />
            <span className="vdi-chart__label">{s.label}</span>
            <strong className="vdi-chart__value" data-testid={`chart-${spec.id}-${s.field}`}>
              {last ? s.format(last[s.field]) : '—'}
            </strong>
          </span>
        ))}
      </div>
      <div className="vdi-chart__plot" ref={plotRef} style={{ height }} role="img" aria-label={`${spec.title} over the last hour`}>
        {samples.length === 0 ? <div className="vdi-chart__note">No samples yet: run or step the clock.</div> : null}
      </div>
    </figure>
  );
});
