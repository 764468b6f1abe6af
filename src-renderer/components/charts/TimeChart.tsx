import { memo, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { RANGE_SECONDS, type SeriesFeed } from '../../state/series-feed.ts';
import { formatPointTime } from './chart-format.ts';
import { buildOptions, toAligned, type ChartSpec } from './chart-options.ts';
import { readChartTheme, useThemeVersion } from './chart-theme.ts';

/** The x window: the chart's range back from the newest sample (or the simulated now, before there is one). */
function windowOf(feed: SeriesFeed): [number, number] {
  const last = feed.points[feed.points.length - 1];
  const right = Math.max(last?.ts ?? 0, feed.simNow) || Date.now() / 1000;
  return [right - RANGE_SECONDS[feed.range], right];
}

/**
 * A uPlot time chart of one or more fields of a SeriesFeed. Mounted once per
 * (spec, feed, theme): data arrives with setData, the readout above the plot is
 * written straight to the DOM (the newest value, or the value under the cursor),
 * and a ResizeObserver keeps the canvas as wide as its card.
 */
export const TimeChart = memo(function TimeChart({
  spec,
  feed,
  height = 150,
  syncKey,
}: {
  spec: ChartSpec;
  feed: SeriesFeed;
  height?: number;
  syncKey?: string;
}) {
  const plotRef = useRef<HTMLDivElement>(null);
  const valueRefs = useRef<(HTMLElement | null)[]>([]);
  const timeRef = useRef<HTMLSpanElement>(null);
  const noteRef = useRef<HTMLDivElement>(null);
  const themeVersion = useThemeVersion();

  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const theme = readChartTheme();
    const readout = (u: uPlot) => {
      const xs = u.data[0];
      const n = xs.length;
      const hover = u.cursor.idx ?? null;
      const i = hover ?? (n > 0 ? n - 1 : null);
      if (timeRef.current)
        timeRef.current.textContent = i === null ? '' : `${hover === null ? 'latest ' : ''}${formatPointTime(xs[i] as number, feed.range === '1h')}`;
      spec.series.forEach((s, k) => {
        const out = valueRefs.current[k];
        if (!out) return;
        const v = i === null ? null : (u.data[k + 1]?.[i] ?? null);
        out.textContent = v === null || v === undefined ? '—' : s.format(v);
        out.dataset.level = v === null || v === undefined || !s.level ? '' : s.level(v);
      });
    };
    const u = new uPlot(
      buildOptions(spec, theme, { width: Math.max(160, el.clientWidth), height, xRange: () => windowOf(feed), syncKey, onCursor: readout }),
      toAligned(feed.points, spec),
      el,
    );
    const update = () => {
      u.setData(toAligned(feed.points, spec));
      readout(u);
      const note = noteRef.current;
      if (note) {
        const text = feed.error
          ? `Could not load the figures: ${feed.error.message}`
          : feed.loaded && feed.points.length === 0
            ? 'No samples in this range yet: run or step the clock.'
            : '';
        note.textContent = text;
        note.hidden = text === '';
      }
      el.dataset.points = String(feed.points.length);
    };
    update();
    const unsubscribe = feed.subscribe(update);
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
      unsubscribe();
      ro.disconnect();
      cancelAnimationFrame(frame);
      u.destroy();
    };
  }, [spec, feed, height, syncKey, themeVersion]);

  return (
    <figure className="vdi-chart" data-testid={`chart-${spec.id}`}>
      <figcaption className="vdi-chart__head">
        <span className="vdi-chart__title" title={spec.title}>
          {spec.title}
        </span>
        <span className="vdi-chart__time" ref={timeRef} />
      </figcaption>
      <div className="vdi-chart__legend">
        {spec.series.map((s, k) => (
          <span className="vdi-chart__item" key={s.field}>
            <span className={`vdi-chart__swatch vdi-chart__swatch--${s.color}${s.step ? ' vdi-chart__swatch--step' : ''}`} aria-hidden />
            <span className="vdi-chart__label">{s.label}</span>
            <strong
              className="vdi-chart__value"
              data-testid={`chart-${spec.id}-${s.field}`}
              ref={(n) => {
                valueRefs.current[k] = n;
              }}
            >
              —
            </strong>
          </span>
        ))}
      </div>
      <div
        className="vdi-chart__plot"
        ref={plotRef}
        style={{ height }}
        role="img"
        aria-label={`${spec.title}: ${spec.series.map((x) => x.label).join(', ')} over time`}
      >
        <div className="vdi-chart__note" ref={noteRef} hidden />
      </div>
    </figure>
  );
});
