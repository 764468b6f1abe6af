import { PageSection } from '@patternfly/react-core';
import { useApi } from '../../state/use-api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DetailCard } from '../../components/DetailCard.tsx';
import { LiveValue } from '../../components/LiveValue.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { UsageMeter } from '../../components/UsageMeter.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { ChartGroup } from '../../components/charts/ChartGroup.tsx';
import { DATASTORE_CHARTS } from '../../components/charts/metric-charts.ts';
import { fmt } from '../../components/charts/chart-format.ts';
import { formatGb, formatInt, formatNumber } from '../../components/format.ts';
import { LATENCY_ALARM_MS, levelOf } from '../../components/thresholds.ts';
import { useClusterIndex } from './use-inventory.ts';
import { DATASTORE_MEDIA_NAMES, DATASTORE_TYPE_NAMES } from './datastore-text.ts';

/** Utilisation of the array's IOPS: latency climbs like a queue as it nears 100 % (M/M/1). */
const UTIL_WARN = 0.7;
const UTIL_CRIT = 0.9;

export function DatastoreDetailView({ id }: { id: string }) {
  const { data, error, reload } = useApi('datastore-list', {}, { refreshOn: ['datastore'], minIntervalMs: 5000 });
  const clusters = useClusterIndex();
  const d = data?.find((x) => x.id === id);
  const cluster = d ? (clusters.get(d.clusterId)?.name ?? d.clusterId) : '';
  return (
    <>
      <ViewHeader
        title={<span data-testid="datastore-detail-name">{d?.name ?? id}</span>}
        crumbs={[{ label: 'Inventory' }, { label: 'Datastores', to: '/datastores' }, { label: d?.name ?? id }]}
        description={
          d ? `${DATASTORE_TYPE_NAMES[d.type]} ${DATASTORE_MEDIA_NAMES[d.media]} datastore of ${cluster} · ${formatInt(d.desktopCount)} desktops` : undefined
        }
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        {error ? <ApiErrorAlert error={error} title="Could not load the datastore" onRetry={reload} /> : null}
        {!data ? (
          error ? null : (
            <CenteredSpinner label="Loading the datastore" />
          )
        ) : !d ? (
          <NothingHere title="No such datastore" body={`There is no datastore with id ${id}.`} />
        ) : (
          <div className="vdi-stack">
            <div className="vdi-detail-grid">
              <DetailCard
                title="Capacity"
                testId="datastore-capacity"
                fields={[
                  { term: 'Capacity', value: formatGb(d.capacityGb) },
                  { term: 'Provisioned', value: `${formatGb(d.provisionedGb)} (${Math.round((d.provisionedGb / (d.capacityGb || 1)) * 100)}%)` },
                  { term: 'Free', value: formatGb(d.capacityGb - d.usedGb) },
                ]}
                footer={
                  <div style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}>
                    <UsageMeter title="" used={d.usedGb} total={d.capacityGb} valueText={`${formatGb(d.usedGb)} used`} compact />
                  </div>
                }
              />
              <DetailCard
                title="Performance design"
                testId="datastore-design"
                fields={[
                  { term: 'Type / media', value: `${DATASTORE_TYPE_NAMES[d.type]} · ${DATASTORE_MEDIA_NAMES[d.media]}` },
                  { term: 'IOPS capacity', value: formatInt(d.iopsCapacity) },
                  { term: 'Service time', value: `${formatNumber(d.serviceTimeMs, 2)} ms unloaded` },
                  { term: 'Latency alarm', value: `above ${LATENCY_ALARM_MS} ms` },
                ]}
              />
              <DetailCard
                title="Now"
                testId="datastore-now"
                fields={[
                  {
                    term: 'IOPS',
                    value: <LiveValue select={(m) => m.datastores.find((x) => x.id === id)?.iops} format={fmt.int} testId="datastore-now-iops" />,
                  },
                  {
                    term: 'Latency',
                    value: (
                      <LiveValue
                        select={(m) => m.datastores.find((x) => x.id === id)?.latencyMs}
                        format={fmt.msFine}
                        level={(v) => (v > LATENCY_ALARM_MS ? 'critical' : 'ok')}
                        testId="datastore-now-latency"
                      />
                    ),
                  },
                  {
                    term: 'Array utilisation',
                    value: (
                      <LiveValue
                        select={(m) => {
                          const x = m.datastores.find((y) => y.id === id);
                          return x && d.iopsCapacity ? x.iops / d.iopsCapacity : undefined;
                        }}
                        format={(v) => `${formatNumber(v * 100, 1)} %`}
                        level={(v) => levelOf(v, UTIL_WARN, UTIL_CRIT)}
                      />
                    ),
                  },
                ]}
              />
            </div>
            <ChartGroup title="Performance" scope="datastore" id={d.id} charts={DATASTORE_CHARTS} testId="datastore-charts" />
          </div>
        )}
      </PageSection>
    </>
  );
}
