import { useMemo } from 'react';
import { PageSection, Progress, ProgressMeasureLocation, ProgressSize } from '@patternfly/react-core';
import type { Cluster, Datastore } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { NothingHere, TableSkeleton } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { formatGb, formatInt, formatNumber, pct } from '../../components/format.ts';
import { LiveValue } from '../../components/LiveValue.tsx';
import { LATENCY_ALARM_MS } from '../../components/thresholds.ts';
import { navigate } from '../../router/hash-router.ts';
import { useClusterIndex } from './use-inventory.ts';
import { DATASTORE_MEDIA_NAMES as MEDIA_NAMES, DATASTORE_TYPE_NAMES as TYPE_NAMES } from './datastore-text.ts';

/** 250,000 → "250k". */
const compactInt = (n: number) => (n >= 10_000 ? `${formatInt(n / 1000)}k` : formatInt(n));

function columns(clusters: Map<string, Cluster>): Column<Datastore>[] {
  const cols: Column<Datastore>[] = [
    {
      key: 'name',
      title: 'Datastore',
      sortValue: (d) => d.name,
      render: (d) => (
        <span className="vdi-link-cell" title={d.name}>
          {d.name}
        </span>
      ),
    },
    {
      key: 'cluster',
      title: 'Cluster',
      width: '8.5rem',
      sortValue: (d) => clusters.get(d.clusterId)?.name ?? d.clusterId,
      render: (d) => clusters.get(d.clusterId)?.name ?? d.clusterId,
    },
    {
      key: 'type',
      title: 'Type / media',
      width: '8rem',
      sortValue: (d) => `${d.type} ${d.media}`,
      render: (d) => `${TYPE_NAMES[d.type]} · ${MEDIA_NAMES[d.media]}`,
    },
    {
      key: 'used',
      title: 'Used of capacity',
      width: '14rem',
      info: 'Space used of the capacity; warning at 75 %, danger at 85 % (vSphere defaults)',
      sortValue: (d) => (d.capacityGb ? d.usedGb / d.capacityGb : 0),
      render: (d) => {
        const p = pct(d.usedGb, d.capacityGb);
        return (
          <div title={`${Math.round(p)}% used · ${formatGb(d.capacityGb - d.usedGb)} free`}>
            <Progress
              value={p}
              size={ProgressSize.sm}
              measureLocation={ProgressMeasureLocation.outside}
              label={`${formatGb(d.usedGb)} of ${formatGb(d.capacityGb)}`}
              variant={p >= 85 ? 'danger' : p >= 75 ? 'warning' : undefined}
              aria-label={`${d.name} used`}
              className="vdi-cell-progress"
            />
          </div>
        );
      },
    },
    {
      key: 'provisioned',
      title: 'Provisioned',
      width: '7.5rem',
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
      key: 'iops',
      title: 'IOPS now / max',
      width: '9.5rem',
      numeric: true,
      info: 'Live IOPS, and the IOPS the datastore sustains',
      sortValue: (d) => d.iopsCapacity,
      render: (d) => (
        <span className="vdi-tabular">
          <LiveValue select={(m) => m.datastores.find((x) => x.id === d.id)?.iops} format={formatInt} testId={`datastore-${d.name}-iops-now`} />
          <span className="vdi-muted"> / {compactInt(d.iopsCapacity)}</span>
        </span>
      ),
    },
    {
      key: 'latency',
      title: 'Latency',
      width: '6.5rem',
      numeric: true,
      info: `Live device latency; the alarm fires above ${LATENCY_ALARM_MS} ms (sorts by the unloaded service time)`,
      sortValue: (d) => d.serviceTimeMs,
      render: (d) => (
        <span title={`${formatNumber(d.serviceTimeMs, 2)} ms unloaded`}>
          <LiveValue
            select={(m) => m.datastores.find((x) => x.id === d.id)?.latencyMs}
            format={(v) => `${formatNumber(v, 1)} ms`}
            level={(v) => (v > LATENCY_ALARM_MS ? 'critical' : 'ok')}
            testId={`datastore-${d.name}-latency-now`}
          />
        </span>
      ),
    },
    { key: 'desktops', title: 'Desktops', width: '6.5rem', numeric: true, sortValue: (d) => d.desktopCount, render: (d) => formatInt(d.desktopCount) },
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
        description="Where desktop disks live: capacity, thin-provisioned promises, space used and I/O headroom. A row opens its IOPS and latency charts."
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        {error ? <ApiErrorAlert error={error} title="Could not load the datastores" onRetry={reload} /> : null}
        {data ? (
          <VirtualTable
            rows={data}
            columns={cols}
            rowKey={(d) => d.id}
            rowTestId={(d) => `datastore-${d.name}-row`}
            onRowClick={(d) => navigate(`/datastores/${d.id}`)}
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
