import { memo, useMemo } from 'react';
import { useApi } from '../../state/use-api.ts';
import { ChartGroup } from '../../components/charts/ChartGroup.tsx';
import { ESTATE_CHARTS } from '../../components/charts/metric-charts.ts';
import { CenteredSpinner } from '../../components/States.tsx';
import { HostHeatmap, BusiestHosts } from '../performance/index.ts';
import { DashCard } from './DashboardCards.tsx';

/** Up to this many hosts the dashboard's tiles carry a name and a figure; above, a figure; above that, colour only. */
const LARGE_TILES_MAX = 16;
const MEDIUM_TILES_MAX = 40;

/** The estate's live charts and the host heat-map: the dashboard's second row. */
export const DashboardPerformance = memo(function DashboardPerformance() {
  const hosts = useApi('host-list', {}, { refreshOn: ['host', 'cluster'], minIntervalMs: 5000 });
  const clusters = useApi('cluster-list', {}, { refreshOn: ['cluster'] });
  const clusterIndex = useMemo(() => new Map((clusters.data ?? []).map((c) => [c.id, c])), [clusters.data]);
  const n = hosts.data?.length ?? 0;
  return (
    <>
      <ChartGroup title="Estate performance" scope="estate" charts={ESTATE_CHARTS} testId="estate-charts" className="vdi-span-8" height={140} />
      <DashCard title="Host heat-map" to="/performance" linkText="Performance" className="vdi-span-4" testId="dashboard-heatmap-card">
        {hosts.data ? (
          <>
            <HostHeatmap hosts={hosts.data} clusters={clusterIndex} size={n <= LARGE_TILES_MAX ? 'large' : n <= MEDIUM_TILES_MAX ? 'medium' : 'compact'} />
            <BusiestHosts hosts={hosts.data} />
          </>
        ) : (
          <CenteredSpinner label="Loading the hosts" />
        )}
      </DashCard>
    </>
  );
});
