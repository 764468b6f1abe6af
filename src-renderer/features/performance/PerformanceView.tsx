import { useMemo } from 'react';
import { Card, CardBody, CardHeader, CardTitle, PageSection } from '@patternfly/react-core';
import { useApi } from '../../state/use-api.ts';
import { navigate, useRoute, withQuery } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { Segmented } from '../../components/Segmented.tsx';
import { ChartGroup } from '../../components/charts/ChartGroup.tsx';
import { CLUSTER_CHARTS } from '../../components/charts/metric-charts.ts';
import { HostHeatmap } from './HostHeatmap.tsx';

/** Up to this many hosts the tiles carry a name and a figure; above, the figure only. */
const LARGE_TILES_MAX = 60;

/**
 * Where it hurts, at a glance: every host as a tile, grouped by cluster and
 * coloured by the chosen metric, and the chosen cluster's charts underneath.
 */
export function PerformanceView() {
  const route = useRoute();
  const clusters = useApi('cluster-list', {}, { refreshOn: ['cluster'] });
  const hosts = useApi('host-list', {}, { refreshOn: ['host', 'cluster'], minIntervalMs: 5000 });
  const clusterIndex = useMemo(() => new Map((clusters.data ?? []).map((c) => [c.id, c])), [clusters.data]);
  const sorted = useMemo(() => [...(clusters.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })), [clusters.data]);
  const clusterId = route.query.get('cluster') ?? sorted[0]?.id ?? '';
  const cluster = clusterIndex.get(clusterId);

  return (
    <>
      <ViewHeader
        title="Performance"
        description="Every host coloured by load, grouped by cluster; a tile opens the host's charts. Thresholds: CPU ready 5 % / 10 %, CPU 70 % / 90 %, memory soft / hard, network uplinks 70 % / 90 %."
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        {hosts.error ? <ApiErrorAlert error={hosts.error} title="Could not load the hosts" onRetry={hosts.reload} /> : null}
        {clusters.error ? <ApiErrorAlert error={clusters.error} title="Could not load the clusters" onRetry={clusters.reload} /> : null}
        <div className="vdi-stack">
          <Card isCompact data-testid="performance-heatmap-card">
            <CardHeader>
              <CardTitle>Host heat-map {hosts.data ? <span className="vdi-count">({hosts.data.length} hosts)</span> : null}</CardTitle>
            </CardHeader>
            <CardBody>
              {hosts.data ? (
                hosts.data.length ? (
                  <HostHeatmap hosts={hosts.data} clusters={clusterIndex} size={hosts.data.length <= LARGE_TILES_MAX ? 'large' : 'medium'} />
                ) : (
                  <NothingHere title="No hosts" />
                )
              ) : hosts.error ? null : (
                <CenteredSpinner label="Loading the hosts" />
              )}
            </CardBody>
          </Card>
          {cluster ? (
            <ChartGroup
              key={cluster.id}
              title={`Cluster ${cluster.name}`}
              scope="cluster"
              id={cluster.id}
              charts={CLUSTER_CHARTS}
              testId="cluster-charts"
              extra={
                sorted.length > 1 ? (
                  <Segmented
                    options={sorted.map((c) => ({ value: c.id, label: c.name, testId: `cluster-pick-${c.name}` }))}
                    value={cluster.id}
                    onChange={(id) => navigate(withQuery('/performance', { cluster: id }), { replace: true })}
                    ariaLabel="Cluster"
                    testId="cluster-pick"
                  />
                ) : null
              }
            />
          ) : null}
        </div>
      </PageSection>
    </>
  );
}
