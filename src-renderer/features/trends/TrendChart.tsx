import type { TrendReport } from '../../../src-main/contract/index.ts';

const COLORS = ['blue', 'orange', 'purple', 'teal', 'red', 'green', 'yellow', 'gray'] as const;
const W = 960;
const H = 240;
const PAD = { left: 56, right: 12, top: 12, bottom: 28 };

/** Axis label of a bucket start: time of day for short ranges, the date for long ones. */
function tick(ts: number, resolution: number): string {
  const d = new Date(ts * 1000).toISOString();
  return resolution >= 86400 ? d.slice(5, 10) : resolution >= 3600 ? `${d.slice(5, 10)} ${d.slice(11, 13)}h` : d.slice(11, 16);
}

/** Steps of the time axis (s): round times of day, then whole days and weeks. */
const TIME_STEPS = [300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400, 91 * 86400];

/** Round instants (UTC multiples of the step) between `first` and `last`: at most `max`, at least the step of the rollup. */
export function timeTicks(first: number, last: number, resolution: number, max = 6): number[] {
  const span = Math.max(1, last - first);
  const step = TIME_STEPS.find((s) => s >= resolution && span / s <= max - 1) ?? Math.ceil(span / (max - 1) / 86400) * 86400;
  const out: number[] = [];
  for (let ts = Math.ceil(first / step) * step; ts <= last; ts += step) out.push(ts);
  return out.length > 0 ? out : [first];
}

/** A step of 1, 2 or 5 × 10^k giving at most 5 gridlines up to `v`. */
const niceStep = (v: number) => {
  if (v <= 0) return 0.25;
  const raw = v / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * p >= raw) ?? 10) * p;
};

/**
 * The report's columns as lines over its buckets (an SVG: it scales with its card, prints, and needs
 * no canvas). Columns of another unit than the first (a percentage beside counts) are left to the
 * table; `columns` picks which to draw (at most the palette's eight).
 */
export function TrendChart({ report, columns }: { report: TrendReport; columns: number[] }) {
  const rows = report.rows;
  if (rows.length === 0) return null;
  const first = rows[0]?.ts ?? 0;
  const last = rows[rows.length - 1]?.ts ?? first + 1;
  const span = Math.max(1, last - first);
  let top = 0;
  for (const r of rows) for (const c of columns) top = Math.max(top, r.values[c] ?? 0);
  const step = niceStep(top);
  const lines = Math.max(1, Math.ceil(top / step));
  top = step * lines;
  const x = (ts: number) => PAD.left + ((ts - first) / span) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const ticks = timeTicks(first, last, report.resolution);
  const unit = report.columns[columns[0] ?? 0]?.unit ?? '';
  return (
    <figure className="vdi-trend-chart" data-testid="trend-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${report.title}: ${columns.map((c) => report.columns[c]?.label).join(', ')}`}>
        {Array.from({ length: lines + 1 }, (_, i) => {
          const v = step * i;
          return (
            <g key={`y${i}`}>
              <line className="vdi-trend-grid" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
              <text className="vdi-trend-axis" x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
                {v.toLocaleString('en-US', { maximumFractionDigits: 2 })}
              </text>
            </g>
          );
        })}
        {ticks.map((ts) => {
          // A label near an edge is anchored to it so it is not cut by the frame.
          const at = x(ts);
          const anchor = at - PAD.left < 24 ? 'start' : W - PAD.right - at < 24 ? 'end' : 'middle';
          return (
            <text key={`x${ts}`} className="vdi-trend-axis" x={at} y={H - 8} textAnchor={anchor}>
              {tick(ts, report.resolution)}
            </text>
          );
        })}
        {columns.map((c, k) => {
          const pts = rows.filter((r) => r.values[c] !== null).map((r) => `${x(r.ts).toFixed(1)},${y(r.values[c] as number).toFixed(1)}`);
          if (pts.length === 0) return null;
          return (
            <polyline
              key={c}
              points={pts.join(' ')}
              fill="none"
              stroke={`var(--vdi-chart-${COLORS[k % COLORS.length]})`}
              strokeWidth={1.6}
              vectorEffect="non-scaling-stroke"
            />
          );
        })}
      </svg>
      <figcaption className="vdi-trend-legend">
        <span className="vdi-trend-unit">{unit}:</span>
        {columns.map((c, k) => (
          <span key={c}>
            <i style={{ background: `var(--vdi-chart-${COLORS[k % COLORS.length]})` }} />
            {report.columns[c]?.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
