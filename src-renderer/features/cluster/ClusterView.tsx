import { FormSelect, FormSelectOption, PageSection, Tab, Tabs, TabTitleText } from '@patternfly/react-core';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { navigate, useRoute, withQuery } from '../../router/hash-router.ts';
import { useApi } from '../../state/use-api.ts';
import { ClusterHostsTab } from './ClusterHostsTab.tsx';
import { DrsTab } from './DrsTab.tsx';
import { HaTab } from './HaTab.tsx';
import { RulesTab } from './RulesTab.tsx';
import { useClusterStatus } from './use-cluster.ts';
import './cluster.css';

const TABS = ['hosts', 'drs', 'rules', 'ha'] as const;
type TabKey = (typeof TABS)[number];

/** Cluster operations: hosts and migrations, DRS, affinity rules, HA and admission control, for one cluster. */
export function ClusterView({ id }: { id: string | undefined }) {
  const route = useRoute();
  const clusters = useApi('cluster-list', {}, { refreshOn: ['cluster'] });
  const clusterId = id ?? clusters.data?.[0]?.id ?? '';
  const tab = (TABS as readonly string[]).includes(route.query.get('tab') ?? '') ? (route.query.get('tab') as TabKey) : 'hosts';
  const status = useClusterStatus(clusterId);
  const settings = useApi('cluster-settings-get', { clusterId }, { refreshOn: ['cluster'], enabled: clusterId !== '' });
  const name = clusters.data?.find((c) => c.id === clusterId)?.name ?? clusterId;
  const go = (c: string, t: TabKey) => navigate(withQuery(`/clusters/${c}`, { tab: t === 'hosts' ? null : t }), { replace: true });
  return (
    <>
      <ViewHeader
        title={<span data-testid="cluster-title">{name || 'Cluster operations'}</span>}
        crumbs={[{ label: 'Inventory' }, { label: 'Cluster operations' }, { label: name }]}
        description="Live migration, maintenance mode, DRS balancing and rules, vSphere HA and admission control."
        actions={
          (clusters.data?.length ?? 0) > 1 ? (
            <FormSelect value={clusterId} onChange={(_e, v) => go(v, tab)} aria-label="Cluster" data-testid="cluster-select">
              {(clusters.data ?? []).map((c) => (
                <FormSelectOption key={c.id} value={c.id} label={c.name} />
              ))}
            </FormSelect>
          ) : null
        }
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        {clusters.error ? <ApiErrorAlert error={clusters.error} title="Could not load the clusters" onRetry={clusters.reload} /> : null}
        {status.error ? <ApiErrorAlert error={status.error} title="Could not load the cluster" onRetry={status.reload} /> : null}
        <Tabs
          activeKey={tab}
          onSelect={(_e, k) => go(clusterId, k as TabKey)}
          className="vdi-cluster-tabs"
          aria-label="Cluster operations"
          data-testid="cluster-tabs"
        >
          <Tab tabContentId="cluster-tab-panel" eventKey="hosts" title={<TabTitleText>Hosts &amp; migrations</TabTitleText>} data-testid="cluster-tab-hosts" />
          <Tab tabContentId="cluster-tab-panel" eventKey="drs" title={<TabTitleText>DRS</TabTitleText>} data-testid="cluster-tab-drs" />
          <Tab tabContentId="cluster-tab-panel" eventKey="rules" title={<TabTitleText>Rules</TabTitleText>} data-testid="cluster-tab-rules" />
          <Tab tabContentId="cluster-tab-panel" eventKey="ha" title={<TabTitleText>vSphere HA</TabTitleText>} data-testid="cluster-tab-ha" />
        </Tabs>
        <div id="cluster-tab-panel" role="tabpanel" aria-label="Cluster section">
          {!status.data || !settings.data ? (
            status.error ? null : (
              <CenteredSpinner label="Loading the cluster" />
            )
          ) : tab === 'hosts' ? (
            <ClusterHostsTab status={status.data} clusterName={name} />
          ) : tab === 'drs' ? (
            <DrsTab
              status={status.data}
              settings={settings.data}
              onSaved={() => {
                settings.reload();
                status.reload();
              }}
            />
          ) : tab === 'rules' ? (
            <RulesTab status={status.data} />
          ) : (
            <HaTab
              status={status.data}
              settings={settings.data}
              onSaved={() => {
                settings.reload();
                status.reload();
              }}
            />
          )}
        </div>
      </PageSection>
    </>
  );
}
