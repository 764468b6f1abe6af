import { useMemo } from 'react';
import { PageSection } from '@patternfly/react-core';
import type { Cluster, Network } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { NothingHere, TableSkeleton } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { useClusterIndex } from './use-inventory.ts';

function columns(clusters: Map<string, Cluster>): Column<Network>[] {
  const cols: Column<Network>[] = [
    { key: 'name', title: 'Network', width: '22%', sortValue: (n) => n.name, render: (n) => <strong>{n.name}</strong> },
    { key: 'vlan', title: 'VLAN', width: '10%', numeric: true, sortValue: (n) => n.vlan, render: (n) => n.vlan },
    { key: 'subnet', title: 'Subnet', width: '20%', sortValue: (n) => n.subnet, render: (n) => <code>{n.subnet}</code> },
    { key: 'portGroup', title: 'Port group', width: '26%', sortValue: (n) => n.portGroup, render: (n) => n.portGroup },
    {
      key: 'cluster',
      title: 'Cluster',
      width: '22%',
      sortValue: (n) => clusters.get(n.clusterId)?.name ?? n.clusterId,
      render: (n) => clusters.get(n.clusterId)?.name ?? n.clusterId,
    },
  ];
  return cols;
}

export function NetworksView() {
  const { data, error, reload } = useApi('network-list', {}, { refreshOn: ['network'] });
  const clusters = useClusterIndex();
  const cols = useMemo(() => columns(clusters), [clusters]);
  return (
    <>
      <ViewHeader
        title="Networks"
        crumbs={[{ label: 'Inventory' }, { label: 'Networks' }]}
        description="Distributed port groups and VLANs the desktop pools attach their machines to."
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        {error ? <ApiErrorAlert error={error} title="Could not load the networks" onRetry={reload} /> : null}
        {data ? (
          <VirtualTable
            rows={data}
            columns={cols}
            rowKey={(n) => n.id}
            rowTestId={(n) => `network-${n.name}-row`}
            initialSort={{ key: 'vlan', direction: 'asc' }}
            ariaLabel="Networks"
            testId="networks-table"
            fitContent
            empty={<NothingHere title="No networks" />}
          />
        ) : error ? null : (
          <TableSkeleton />
        )}
      </PageSection>
    </>
  );
}
