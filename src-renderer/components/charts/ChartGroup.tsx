import { memo, useState, type CSSProperties, type ReactNode } from 'react';
import { Card, CardBody, CardHeader, CardTitle } from '@patternfly/react-core';
import type { MetricRange, MetricScopeName } from '../../../src-main/contract/index.ts';
import { useSeriesFeed } from '../../state/series-feed.ts';
import { Segmented } from '../Segmented.tsx';
import type { ChartSpec } from './chart-options.ts';
import { TimeChart } from './TimeChart.tsx';

/** The ranges offered on chart groups (30 days exists in the API; a lab rarely runs that long). */
export const CHART_RANGES = ['1h', '8h', '24h', '7d'] as const satisfies readonly MetricRange[];
type ChartRange = (typeof CHART_RANGES)[number];

const RANGE_TEXT: Record<ChartRange, { label: string; title: string; note: string }> = {
  '1h': { label: '1 h', title: 'Last hour, 20-second samples (live)', note: 'last hour · 20 s samples · live' },
  '8h': { label: '8 h', title: 'Last 8 hours, 5-minute averages', note: 'last 8 hours · 5-minute averages' },
  '24h': { label: '24 h', title: 'Last 24 hours, 5-minute averages', note: 'last 24 hours · 5-minute averages' },
  '7d': { label: '7 d', title: 'Last 7 days, hourly averages', note: 'last 7 days · hourly averages' },
};

/**
 * A card of charts over one metric series (the estate, a host, a pool, a
 * datastore, a cluster) with one range selector for all of them. The charts
 * share one feed and a synced cursor, so hovering one reads out all of them.
 */
export const ChartGroup = memo(function ChartGroup({
  title,
  scope,
  id,
  charts,
  testId,
  columns = 2,
  height = 150,
  extra,
  className,
}: {
  title: ReactNode;
  scope: MetricScopeName;
  id?: string;
  charts: readonly ChartSpec[];
  testId: string;
  columns?: number;
  height?: number;
  /** More controls in the card header, left of the range selector (a cluster picker). */
  extra?: ReactNode;
  className?: string;
}) {
  const [range, setRange] = useState<ChartRange>('1h');
  const feed = useSeriesFeed(scope, id, range);
  const syncKey = `${testId}:${scope}:${id ?? ''}`;
  return (
    <Card isCompact className={`vdi-chart-group${className ? ` ${className}` : ''}`} data-testid={testId} isFullHeight>
      <CardHeader
        actions={{
          actions: (
            <div className="vdi-chart-group__actions">
              {extra}
              <Segmented<ChartRange>
                options={CHART_RANGES.map((r) => ({ value: r, label: RANGE_TEXT[r].label, title: RANGE_TEXT[r].title, testId: `${testId}-range-${r}` }))}
                value={range}
                onChange={setRange}
                ariaLabel="Time range"
                testId={`${testId}-range`}
              />
            </div>
          ),
          hasNoOffset: true,
        }}
      >
        <CardTitle>
          {title} <span className="vdi-chart-group__note">{RANGE_TEXT[range].note} · UTC</span>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <div className="vdi-chart-grid" style={{ '--vdi-chart-cols': String(columns) } as CSSProperties}>
          {charts.map((c) => (
            <TimeChart key={c.id} spec={c} feed={feed} height={height} syncKey={syncKey} />
          ))}
        </div>
      </CardBody>
    </Card>
  );
});
