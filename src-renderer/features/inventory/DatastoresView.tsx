import { useMemo } from 'react';
import { PageSection, Progress, ProgressMeasureLocation, ProgressSize } from '@patternfly/react-core';
import type { Cluster, Datastore } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { NothingHere, TableSkeleton } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { formatGb, formatInt, formatNumber, pct } from '../../components/format.ts';
import { useClusterIndex } from './use-inventory.ts';

/** vSphere's storage latency alarm: device latency above 20 ms (DOMAIN.md). */
const LATENCY_ALARM_MS = 20;

const TYPE_NAMES: Record<Datastore['type'], string> = { vsan: 'vSAN', vmfs: 'VMFS', nfs: 'NFS' };
const MEDIA_NAMES: Record<Datastore['media'], string> = { 'all-flash': 'all-flash', nvme: 'NVMe', hybrid: 'hybrid' };

function columns(clusters: Map<string, Cluster>): Column<Datastore>[] {
  const cols: Column<Datastore>[] = [
    { key: 'name', title: 'Datastore', sortValue: (d) => d.name, render: (d) => <strong>{d.name}</strong> },
    { key: 'cluster', title: 'Cluster', width: '9rem', sortValue: (d) => clusters.get(d.clusterId)?.name ?? d.clusterId, render: (d) => clusters.get(d.clusterId)?.name ?? d.clusterId },
    { key: 'type', title: 'Type / media', width: '9rem', sortValue: (d) => `${d.type} ${d.media}`, render: (d) => `${TYPE_NAMES[d.type]} · ${MEDIA_NAMES[d.media]}` },
    { key: 'capacity', title: 'Capacity', width: '6.5rem', numeric: true, sortValue: (d) => d.capacityGb, render: (d) => formatGb(d.capacityGb) },
    {
      key: 'provisioned',
      title: 'Provisioned',
      width: '9rem',
      numeric: true,
      info: 'Space promised to thin-provisioned disks; above 100% the datastore is overcommitted',
      sortValue: (d) => d.provisionedGb,
      render: (d) => (
        <span className={d.provisionedGb > d.capacityGb ? 'vdi-tone-warning' : undefined}>
          {formatGb(d.provisionedGb)} <span className="vdi-muted">({Math.round((d.provisionedGb / (d.capacityGb || 1)) * 100)}%)</span>
        </span>
      ),
    },
    {
      key: 'used',
      title: 'Used',
      width: '13rem',
      sortValue: (d) => (d.capacityGb ? d.usedGb / d.capacityGb : 0),
      render: (d) => {
        const p = pct(d.usedGb, d.capacityGb);
        return (
          <Progress
            value={p}
            size={ProgressSize.sm}
            measureLocation={ProgressMeasureLocation.outside}
            label={`${formatGb(d.usedGb)} · ${Math.round(p)}%`}
            variant={p >= 85 ? 'danger' : p >= 75 ? 'warning' : undefined}
            aria-label={`${d.name} used`}
            className="vdi-cell-progress"
          />
        );
      },
    },
    { key: 'free', title: 'Free', width: '6.5rem', numeric: true, sortValue: (d) => d.capacityGb - d.usedGb, render: (d) => formatGb(d.capacityGb - d.usedGb) },
    { key: 'iops', title: 'IOPS', width: '6.5rem', info: 'IOPS the datastore sustains', numeric: true, sortValue: (d) => d.iopsCapacity, render: (d) => formatInt(d.iopsCapacity) },
    {
      key: 'latency',
      title: 'Service time',
      width: '7.5rem',
      numeric: true,
      info: `Average device service time; the alarm fires above ${LATENCY_ALARM_MS} ms`,
      sortValue: (d) => d.serviceTimeMs,
      render: (d) => <span className={d.serviceTimeMs > LATENCY_ALARM_MS ? 'vdi-tone-danger' : undefined}>{formatNumber(d.serviceTimeMs, 1)} ms</span>,
    },
    { key: 'desktops', title: 'Desktops', width: '7rem', numeric: true, sortValue: (d) => d.desktopCount, render: (d) => formatInt(d.desktopCount) },
  ];
  return clusters.size > 1 ? cols : cols.filter((c) => c.key !== 'cluster');
}

export function DatastoresView() {
  const { data, error, reload } = useApi('datastore-list', {}, { refreshOn: ['datastore', 'desktop'] });
  const clusters = useClusterIndex();
  const cols = useMemo(() => columns(clusters), [clusters]);
  return (
    <>
      <ViewHeader
        title="Datastores"
        crumbs={[{ label: 'Inventory' }, { label: 'Datastores' }]}
        description="Where desktop disks live: capacity, thin-provisioned promises, space used and I/O headroom."
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        {error ? <ApiErrorAlert error={error} title="Could not load the datastores" onRetry={reload} /> : null}
        {data ? (
          <VirtualTable
            rows={data}
            columns={cols}
            rowKey={(d) => d.id}
            rowTestId={(d) => `datastore-${d.name}-row`}
            initialSort={{ key: 'name', direction: 'asc' }}
            ariaLabel="Datastores"
            testId="datastores-table"
            fitContent
            empty={<NothingHere title="No datastores" />}
          />
        ) : error ? null : (
          <TableSkeleton />
        )}
      </PageSection>
    </>
  );
}
