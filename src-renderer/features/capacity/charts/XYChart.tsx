import { memo, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { niceMax } from '../../../components/charts/chart-format.ts';
import { valueAxes } from '../../../components/charts/chart-options.ts';
import { readChartTheme, useThemeVersion, withAlpha, type ChartTheme } from '../../../components/charts/chart-theme.ts';
import type { MarkerTone, XYChartSpec, XYMarker } from './xy-spec.ts';

function markerColor(m: XYMarker, theme: ChartTheme): string {
  return m.color ? theme.series[m.color] : toneColor(m.tone, theme);
}

function toneColor(t: MarkerTone, theme: ChartTheme): string {
  switch (t) {
    case 'danger':
      return theme.danger;
    case 'warning':
      return theme.warning;
    case 'success':
      return theme.series.green;
    case 'info':
      return theme.series.blue;
    default:
      return theme.text;
  }
}

/** A label on a patch of card background, so a curve under it cannot hide it. */
function tag(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  color: string,
  theme: ChartTheme,
  align: 'left' | 'right',
  baseline: 'top' | 'bottom',
) {
  const px = uPlot.pxRatio;
  const w = ctx.measureText(text).width;
  const h = 13 * px;
  const left = align === 'left' ? x : x - w;
  const top = baseline === 'top' ? y : y - h;
  ctx.fillStyle = withAlpha(theme.background, 0.88);
  ctx.fillRect(left - 3 * px, top, w + 6 * px, h);
  ctx.fillStyle = color;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(text, left, top + h / 2);
}

function drawMarkers(u: uPlot, markers: readonly XYMarker[], theme: ChartTheme, defaultScale: string): void {
  if (markers.length === 0) return;
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const px = uPlot.pxRatio;
  ctx.save();
  ctx.font = `600 ${Math.round(10.5 * px)}px ${theme.font.replace(/^\d+px\s*/, '')}`;
  // Bands first, so lines and labels sit on top of them.
  for (const m of markers) {
    if (m.kind !== 'xband') continue;
    const x0 = Math.max(left, u.valToPos(m.from, 'x', true));
    const x1 = Math.min(left + width, u.valToPos(m.to, 'x', true));
    if (x1 <= x0) continue;
    ctx.fillStyle = withAlpha(markerColor(m, theme), 0.09);
    ctx.fillRect(x0, top, x1 - x0, height);
    if (m.label) tag(ctx, m.label, x1 - 4 * px, top + 4 * px, markerColor(m, theme), theme, 'right', 'top');
  }
  let hlineIndex = 0;
  let vlineIndex = 0;
  for (const m of markers) {
    if (m.kind === 'xband') continue;
    const color = markerColor(m, theme);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5 * px;
    ctx.setLineDash(m.kind === 'hline' ? [5 * px, 4 * px] : []);
    ctx.beginPath();
    if (m.kind === 'hline') {
      const y = Math.round(u.valToPos(m.y, m.scale ?? defaultScale, true));
      if (y < top || y > top + height) continue;
      ctx.moveTo(left, y + 0.5);
      ctx.lineTo(left + width, y + 0.5);
      ctx.stroke();
      // Alternate labels left / right so two close lines (base and threshold) never stack their text.
      const right = hlineIndex++ % 2 === 1;
      const above = y - 15 * px >= top;
      tag(
        ctx,
        m.label,
        right ? left + width - 4 * px : left + 4 * px,
        above ? y - 2 * px : y + 2 * px,
        color,
        theme,
        right ? 'right' : 'left',
        above ? 'bottom' : 'top',
      );
    } else {
      const x = Math.round(u.valToPos(m.x, 'x', true));
      if (x < left || x > left + width) continue;
      ctx.moveTo(x + 0.5, top);
      ctx.lineTo(x + 0.5, top + height);
      ctx.stroke();
      const room = left + width - x;
      const onLeft = room < 110 * px;
      // Several vertical markers (runs compared) stack their labels instead of printing over each other.
      tag(ctx, m.label, onLeft ? x - 5 * px : x + 5 * px, top + (4 + 15 * vlineIndex++) * px, color, theme, onLeft ? 'right' : 'left', 'top');
    }
  }
  ctx.restore();
}

function buildOptions(
  spec: XYChartSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  syncKey: string | undefined,
  onCursor: (u: uPlot) => void,
): uPlot.Options {
  const scales: uPlot.Scales = {
    x: { time: false, ...(spec.xRange ? { range: spec.xRange } : { range: (_u, min, max) => [Math.min(0, min ?? 0), niceMax(max ?? 1)] }) },
  };
  for (const a of spec.axes) {
    scales[a.scale] = { range: a.range ? a.range : (_u, _min, max) => [0, niceMax((max ?? 0) * 1.08)] };
  }
  const axes: uPlot.Axis[] = [
    {
      stroke: theme.text,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1, size: 4 },
      space: 56,
      size: 40,
      label: spec.xLabel,
      labelFont: theme.font,
      labelSize: 14,
      values: (_u, splits) => splits.map((v) => spec.formatX(v)),
    },
    ...valueAxes(spec.axes, theme, { size: 52, space: 26 }),
  ];
  const series: uPlot.Series[] = [
    {},
    ...spec.series.map((s): uPlot.Series => {
      const color = theme.series[s.color];
      return {
        label: s.label,
        scale: s.scale ?? 'y',
        stroke: s.dots ? withAlpha(color, 0.45) : color,
        width: s.dots ? 0 : (s.width ?? 2),
        fill: s.fill ? withAlpha(color, 0.12) : undefined,
        dash: s.dash,
        spanGaps: s.spanGaps ?? false,
        ...(s.dots
          ? { paths: () => null, points: { show: true, size: 3, width: 0, fill: withAlpha(color, 0.4), stroke: withAlpha(color, 0.4) } }
          : { points: { show: false } }),
      };
    }),
  ];
  return {
    width,
    height,
    padding: [10, spec.axes.some((a) => a.side === 'right') ? 4 : 16, 0, 0],
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false }, y: false, points: { size: 7 }, ...(syncKey ? { sync: { key: syncKey } } : {}) },
    scales,
    axes,
    series,
    hooks: {
      draw: [(u) => drawMarkers(u, spec.markers ?? [], theme, spec.axes[0]?.scale ?? 'y')],
      setCursor: [(u) => onCursor(u)],
    },
  };
}

/**
 * A uPlot chart of y against a count (active sessions): lines, dots and
 * reference markers with labels. The readout above the plot shows the values at
 * the cursor (or at the last x) and is written to the DOM directly, like the host
 * charts; a ResizeObserver keeps the canvas as wide as its card.
 */
export const XYChart = memo(function XYChart({ spec, height = 260, syncKey }: { spec: XYChartSpec; height?: number; syncKey?: string }) {
  const plotRef = useRef<HTMLDivElement>(null);
  const valueRefs = useRef<(HTMLElement | null)[]>([]);
  const xRef = useRef<HTMLSpanElement>(null);
  const themeVersion = useThemeVersion();

  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const theme = readChartTheme();
    const readout = (u: uPlot) => {
      const xs = u.data[0];
      const hover = u.cursor.idx ?? null;
      const i = hover ?? (xs.length > 0 ? xs.length - 1 : null);
      if (xRef.current) xRef.current.textContent = i === null ? '' : `${spec.xLabel}: ${spec.formatX(xs[i] as number)}`;
      spec.series.forEach((s, k) => {
        const out = valueRefs.current[k];
        if (!out) return;
        // The nearest value at or before the cursor, so sparse series (raw samples) still read out.
        let v: number | null | undefined = null;
        const col = u.data[k + 1];
        if (i !== null && col)
          for (let j = i; j >= 0 && j > i - 64; j--)
            if (col[j] !== null && col[j] !== undefined) {
              v = col[j];
              break;
            }
        out.textContent = v === null || v === undefined ? '—' : s.format(v);
      });
    };
    const data: uPlot.AlignedData = [Array.from(spec.x), ...spec.series.map((s) => Array.from(s.values))];
    const u = new uPlot(buildOptions(spec, theme, Math.max(200, el.clientWidth), height, syncKey, readout), data, el);
    readout(u);
    el.dataset.points = String(spec.x.length);
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const w = Math.floor(el.clientWidth);
        if (w > 0 && Math.abs(w - u.width) > 1) u.setSize({ width: w, height });
      });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      cancelAnimationFrame(frame);
      u.destroy();
    };
  }, [spec, height, syncKey, themeVersion]);

  return (
    <figure className="vdi-chart vdi-xy" data-testid={`chart-${spec.id}`}>
      <figcaption className="vdi-chart__head">
        <span className="vdi-chart__title" title={spec.title}>
          {spec.title}
        </span>
        <span className="vdi-chart__time" ref={xRef} />
      </figcaption>
      <div className="vdi-chart__legend">
        {spec.series.map((s, k) => (
          <span className="vdi-chart__item" key={s.key}>
            <span className={`vdi-chart__swatch vdi-chart__swatch--${s.color}${s.dots ? ' vdi-xy__swatch--dots' : ''}`} aria-hidden />
            <span className="vdi-chart__label">{s.label}</span>
            <strong
              className="vdi-chart__value"
              data-testid={`chart-${spec.id}-${s.key}`}
              ref={(n) => {
                valueRefs.current[k] = n;
              }}
            >
              —
            </strong>
          </span>
        ))}
        {(spec.markers ?? []).map((m) =>
          m.kind === 'xband' ? null : (
            <span
              className="vdi-chart__item vdi-xy__marker"
              key={m.id}
              data-testid={`chart-${spec.id}-marker-${m.id}`}
              data-tone={m.color ? undefined : m.tone}
              style={m.color ? { color: `var(--vdi-chart-${m.color})` } : undefined}
            >
              <span className={`vdi-xy__marker-swatch vdi-xy__marker-swatch--${m.kind}`} aria-hidden />
              <span>{m.label}</span>
            </span>
          ),
        )}
      </div>
      <div
        className="vdi-chart__plot"
        ref={plotRef}
        style={{ height }}
        role="img"
        aria-label={`${spec.title}: ${spec.series.map((x) => x.label).join(', ')} against ${spec.xLabel}`}
      />
    </figure>
  );
});
