import { useMemo } from 'react';
import { Button, PageSection, Title } from '@patternfly/react-core';
import { useApi } from '../../state/use-api.ts';
import { navigate, useRoute, withQuery } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { NothingHere, TableSkeleton } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable } from '../../components/VirtualTable.tsx';
import { hostColumns } from './host-columns.tsx';
import { useAlarmCounts } from '../alarms/index.ts';
import { ClustersTable } from './ClustersTable.tsx';

export function HostsView() {
  const route = useRoute();
  const clusterFilter = route.query.get('cluster') ?? '';
  const clusters = useApi('cluster-list', {}, { refreshOn: ['cluster', 'host'] });
  const sites = useApi('site-list', {}, { refreshOn: ['site'] });
  const siteIndex = useMemo(() => new Map((sites.data ?? []).map((s) => [s.id, s])), [sites.data]);
  const hosts = useApi('host-list', {}, { refreshOn: ['host', 'desktop', 'cluster'] });
  const clusterIndex = useMemo(() => new Map((clusters.data ?? []).map((c) => [c.id, c])), [clusters.data]);
  const alarms = useAlarmCounts();
  // Issue 19: each host's GPUs and vGPU slots in use, where an admin scans hosts (the column shows when a host has GPUs).
  const gpuList = useApi('host-gpu-list', {}, { refreshOn: ['host', 'desktop'], minIntervalMs: 2000 });
  const gpus = useMemo(() => new Map((gpuList.data ?? []).map((g) => [g.hostId, g])), [gpuList.data]);
  const columns = useMemo(() => hostColumns(clusterIndex, alarms, gpus), [clusterIndex, alarms, gpus]);
  const shown = useMemo(() => (hosts.data ?? []).filter((h) => !clusterFilter || h.clusterId === clusterFilter), [hosts.data, clusterFilter]);
  const setCluster = (id: string) => navigate(withQuery('/hosts', { cluster: id }), { replace: true });
  const activeName = clusterFilter ? (clusterIndex.get(clusterFilter)?.name ?? clusterFilter) : null;

  return (
    <>
      <ViewHeader
        title="Clusters & hosts"
        crumbs={[{ label: 'Inventory' }, { label: 'Clusters & hosts' }]}
        description="vSphere clusters and their ESXi hosts, with what the desktops placed on them allocate."
        actions={
          <Button variant="secondary" onClick={() => navigate(`/clusters${clusterFilter ? `/${clusterFilter}` : ''}`)} data-testid="hosts-cluster-ops">
            Cluster operations
          </Button>
        }
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        {clusters.error ? <ApiErrorAlert error={clusters.error} title="Could not load the clusters" onRetry={clusters.reload} /> : null}
        {hosts.error ? <ApiErrorAlert error={hosts.error} title="Could not load the hosts" onRetry={hosts.reload} /> : null}
        <Title headingLevel="h2" size="md" className="vdi-h2">
          Clusters
        </Title>
        {clusters.data ? (
          clusters.data.length ? (
            <ClustersTable clusters={clusters.data} sites={siteIndex} active={clusterFilter} onSelect={setCluster} />
          ) : (
            <NothingHere title="No clusters" />
          )
        ) : (
          <TableSkeleton rows={2} />
        )}
        <div className="vdi-subhead">
          <Title headingLevel="h2" size="md">
            Hosts{activeName ? ` in ${activeName}` : ''}{' '}
            <span className="vdi-count" data-testid="hosts-count">
              ({shown.length})
            </span>
          </Title>
          {activeName ? (
            <Button variant="link" size="sm" onClick={() => setCluster('')} data-testid="hosts-show-all">
              Show hosts of all clusters
            </Button>
          ) : null}
        </div>
        {hosts.data ? (
          <VirtualTable
            rows={shown}
            columns={columns}
            rowKey={(h) => h.id}
            rowTestId={(h) => `host-${h.name}-row`}
            onRowClick={(h) => navigate(`/hosts/${h.id}`)}
            initialSort={{ key: 'name', direction: 'asc' }}
            ariaLabel="Hosts"
            testId="hosts-table"
            rowHeight={48}
            fitContent
            layoutDeps={[clusters.data?.length, activeName]}
            empty={<NothingHere title="No hosts" />}
          />
        ) : (
          <TableSkeleton />
        )}
      </PageSection>
    </>
  );
}
