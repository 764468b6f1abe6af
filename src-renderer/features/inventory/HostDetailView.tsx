import { useMemo } from 'react';
import { PageSection, Title } from '@patternfly/react-core';
import type { DesktopRow } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { navigate, useRoute, withQuery } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DetailCard } from '../../components/DetailCard.tsx';
import { HostStateLabel, PowerStateText } from '../../components/StatusLabels.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { UsageMeter } from '../../components/UsageMeter.tsx';
import { AlarmCountLabel, useAlarmCounts } from '../alarms/index.ts';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable } from '../../components/VirtualTable.tsx';
import { formatGb, formatInt, formatNumber, yesNo } from '../../components/format.ts';
import { desktopColumns, DesktopDrawer } from '../desktops/index.ts';
import { useClusterIndex } from './use-inventory.ts';
import { hostCores, hostRatio } from './host-columns.tsx';
import { ChartGroup } from '../../components/charts/ChartGroup.tsx';
import { HOST_CHARTS } from '../../components/charts/metric-charts.ts';
import { HostOpsBar } from '../cluster/index.ts';
import { HostGpuCard } from './HostGpuCard.tsx';

const COLUMNS = desktopColumns(['host']);

export function HostDetailView({ id }: { id: string }) {
  const route = useRoute();
  const selected = route.query.get('selected');
  const { data, error, reload } = useApi('host-get', { id }, { refreshOn: ['host', 'desktop', 'cluster'], minIntervalMs: 2000 });
  const clusters = useClusterIndex();
  const rowById = useMemo(() => new Map<string, DesktopRow>((data?.desktops ?? []).map((d) => [d.id, d])), [data]);
  const select = (desktopId: string | null) => navigate(withQuery(`/hosts/${id}`, { selected: desktopId }), { replace: true });

  const h = data?.host;
  const alarms = useAlarmCounts();
  const cores = h ? hostCores(h) : 0;
  return (
    <>
      <ViewHeader
        title={
          <span className="vdi-dot-text">
            <span data-testid="host-detail-name">{h?.name ?? id}</span>
            {h ? <AlarmCountLabel counts={alarms} kind="host" id={h.id} name={h.name} testId="host-detail-alarms" /> : null}
          </span>
        }
        crumbs={[{ label: 'Inventory' }, { label: 'Clusters & hosts', to: '/hosts' }, { label: h?.name ?? id }]}
        description={h ? `ESXi host in ${clusters.get(h.clusterId)?.name ?? h.clusterId} · ${h.vendor} ${h.model}` : undefined}
        actions={h ? <HostOpsBar hostId={id} clusterId={h.clusterId} /> : undefined}
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight" padding={{ default: 'noPadding' }}>
        <DesktopDrawer selected={selected ? { id: selected, row: rowById.get(selected) } : null} onClose={() => select(null)} onStale={reload}>
          <div className="vdi-drawer-inner">
            {error ? <ApiErrorAlert error={error} title="Could not load the host" onRetry={reload} /> : null}
            {!h ? (
              error ? null : (
                <CenteredSpinner label="Loading the host" />
              )
            ) : (
              <>
                <div className="vdi-detail-grid">
                  <DetailCard
                    title="Hardware"
                    testId="host-hardware"
                    fields={[
                      { term: 'Model', value: `${h.vendor} ${h.model}` },
                      { term: 'CPU', value: `${h.sockets} × ${h.coresPerSocket} cores @ ${formatNumber(h.ghz, 1)} GHz (${cores} cores)` },
                      { term: 'Hyperthreading', value: yesNo(h.hyperthreading) },
                      { term: 'Memory', value: formatGb(h.ramGb) },
                      { term: 'Network', value: `${h.nics} × ${h.nicGbps} GbE` },
                      { term: 'Power draw', value: `${h.powerIdleW} W idle · ${h.powerPeakW} W peak` },
                      { term: 'Rack space', value: `${h.rackUnits} U` },
                    ]}
                  />
                  <DetailCard
                    title="State"
                    testId="host-state"
                    fields={[
                      { term: 'Connection', value: <HostStateLabel state={h.connectionState} testId="host-detail-state" /> },
                      { term: 'Power', value: <PowerStateText state={h.powerState} /> },
                      { term: 'Cluster', value: <a href={`#/hosts?cluster=${h.clusterId}`}>{clusters.get(h.clusterId)?.name ?? h.clusterId}</a> },
                      { term: 'Virtual machines', value: `${formatInt(h.vmCount)} (${formatInt(h.vmsPoweredOn)} powered on)`, testId: 'host-detail-vms' },
                    ]}
                  />
                  <DetailCard
                    title="Allocation"
                    testId="host-allocation"
                    fields={[
                      { term: 'vCPU allocated', value: `${formatInt(h.vcpuAllocated)} on ${cores} cores` },
                      {
                        term: 'vCPU : core',
                        value: (
                          <span className={hostRatio(h) >= 12 ? 'vdi-tone-danger' : hostRatio(h) >= 8 ? 'vdi-tone-warning' : undefined}>
                            {formatNumber(hostRatio(h), 1)}:1
                          </span>
                        ),
                      },
                      { term: 'RAM allocated', value: `${formatGb(h.ramAllocatedGb)} of ${formatGb(h.ramGb)}` },
                    ]}
                    footer={
                      <div style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}>
                        <UsageMeter
                          title=""
                          used={h.ramAllocatedGb}
                          total={h.ramGb}
                          valueText={`${Math.round((h.ramAllocatedGb / (h.ramGb || 1)) * 100)}% memory`}
                          warnAt={90}
                          dangerAt={100}
                          compact
                        />
                      </div>
                    }
                  />
                  <HostGpuCard hostId={h.id} hostName={h.name} />
                </div>
                <div className="vdi-detail-charts">
                  <ChartGroup title="Performance" scope="host" id={id} charts={HOST_CHARTS} testId="host-charts" columns={3} />
                </div>
                <div className="vdi-subhead">
                  <Title headingLevel="h2" size="md">
                    Desktops on this host{' '}
                    <span className="vdi-count" data-testid="host-desktops-count">
                      ({formatInt(data.desktops.length)})
                    </span>
                  </Title>
                </div>
                <VirtualTable
                  rows={data.desktops}
                  columns={COLUMNS}
                  rowKey={(r) => r.id}
                  rowTestId={(r) => `desktop-${r.name}-row`}
                  onRowClick={(r) => select(r.id)}
                  activeKey={selected}
                  initialSort={{ key: 'name', direction: 'asc' }}
                  ariaLabel="Desktops on this host"
                  testId="host-desktops-table"
                  fitContent
                  empty={<NothingHere title="No desktops on this host" />}
                />
              </>
            )}
          </div>
        </DesktopDrawer>
      </PageSection>
    </>
  );
}
