import { useMemo, useState } from 'react';
import { Button, Flex, Label, PageSection, Switch, Tab, Tabs, TabTitleText } from '@patternfly/react-core';
import { useCan } from '../../state/whoami-store.ts';
import type { DesktopRow } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { navigate, useRoute, withQuery } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { AlarmCountLabel, useAlarmCounts } from '../alarms/index.ts';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatInt, plural } from '../../components/format.ts';
import { DesktopDrawer } from '../desktops/index.ts';
import { KIND_NAMES } from './pool-text.ts';
import { PoolEntitlements } from './PoolEntitlements.tsx';
import { PoolMachines } from './PoolMachines.tsx';
import { PoolSessions } from './PoolSessions.tsx';
import { PoolSettings, type PoolRefs } from './PoolSettings.tsx';
import { PoolEditModal } from './PoolEditModal.tsx';
import { PoolDeleteModal } from './PoolDeleteModal.tsx';
import { PoolAddMachinesModal } from './PoolAddMachinesModal.tsx';
import { PoolScalingPlan } from './PoolScalingPlan.tsx';
import { PoolProvisioning } from './PoolProvisioning.tsx';
import { PoolImageTasks } from './PoolImageTasks.tsx';
import { PoolSnapshots } from '../snapshots/index.ts';
import { ChartGroup } from '../../components/charts/ChartGroup.tsx';
import { POOL_CHARTS } from '../../components/charts/metric-charts.ts';

const TABS = ['settings', 'machines', 'entitlements', 'sessions', 'scaling'] as const;
type TabKey = (typeof TABS)[number];

function usePoolRefs(): PoolRefs {
  const images = useApi('image-list', {}, { refreshOn: ['image'] });
  const clusters = useApi('cluster-list', {}, { refreshOn: ['cluster'] });
  const datastores = useApi('datastore-list', {}, { refreshOn: ['datastore'] });
  const networks = useApi('network-list', {}, { refreshOn: ['network'] });
  return useMemo(
    () => ({
      images: new Map((images.data ?? []).map((x) => [x.id, x])),
      clusters: new Map((clusters.data ?? []).map((x) => [x.id, x])),
      datastores: new Map((datastores.data ?? []).map((x) => [x.id, x])),
      networks: new Map((networks.data ?? []).map((x) => [x.id, x])),
    }),
    [images.data, clusters.data, datastores.data, networks.data],
  );
}

export function PoolDetailView({ id }: { id: string }) {
  const alarms = useAlarmCounts();
  const route = useRoute();
  const tabParam = route.query.get('tab');
  const tab: TabKey = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabKey) : 'settings';
  const selected = route.query.get('selected');
  const { data: pool, error, reload } = useApi('pool-get', { id }, { refreshOn: ['pool', 'desktop'] });
  const machines = useApi('desktop-list', { poolId: id }, { refreshOn: ['desktop', 'pool'], enabled: tab === 'machines', minIntervalMs: 2000 });
  const refs = usePoolRefs();
  const enabledAction = useAction();
  const [dialog, setDialog] = useState<'edit' | 'delete' | 'disable' | 'add' | null>(null);
  const provAction = useAction();
  const drainAction = useAction();
  const rowById = useMemo(() => new Map<string, DesktopRow>((machines.data?.rows ?? []).map((r) => [r.id, r])), [machines.data]);

  const go = (t: TabKey, sel: string | null = null) =>
    navigate(withQuery(`/pools/${id}`, { tab: t === 'settings' ? null : t, selected: sel }), { replace: true });

  const setEnabled = async (enabled: boolean) => {
    const res = await enabledAction.run(() => getClient().call('pool-set-enabled', { id, enabled }));
    if (res) {
      notifySuccess(`Pool ${res.name} ${res.enabled ? 'enabled' : 'disabled'}`);
      setDialog(null);
      reload();
    }
  };
  const setProvisioning = async (enabled: boolean) => {
    const res = await provAction.run(() => getClient().call('pool-set-provisioning', { id, enabled }));
    if (res) {
      notifySuccess(`Provisioning ${res.provisioningEnabled ? 'enabled' : 'disabled'} for pool ${res.name}`);
      reload();
    }
  };

  const canConfigure = useCan('pool-update');
  const canSnapshot = useCan('snapshot-bulk-take');
  const setDrain = async (drain: boolean) => {
    const res = await drainAction.run(() => getClient().call('pool-set-drain', { id, drain }));
    if (res) {
      notifySuccess(`Drain mode ${res.drainMode ? 'on' : 'off'} for pool ${res.name}`);
      reload();
    }
  };

  // The host refuses a role without "configure"; the page does not offer what it would refuse.
  const actions =
    pool && !canConfigure ? (
      <Label color="grey" data-testid="pool-view-only">
        View only: your role cannot change pools
      </Label>
    ) : pool ? (
      <Flex direction={{ default: 'column' }} gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsFlexEnd' }}>
        <Flex gap={{ default: 'gapSm' }}>
          {pool.kind === 'manual' ? (
            // A manual pool provisions nothing: its machines are added here (automated pools grow by their maximum).
            <Button variant="primary" size="sm" onClick={() => setDialog('add')} data-testid="pool-add-machines-button">
              Add machines
            </Button>
          ) : null}
          <Button variant="secondary" size="sm" onClick={() => setDialog('edit')} data-testid="pool-edit-button">
            Edit settings
          </Button>
          <Button variant="secondary" size="sm" onClick={() => navigate(`/pools?create=1&from=${encodeURIComponent(id)}`)} data-testid="pool-clone-button">
            Clone pool
          </Button>
          <Button variant="danger" size="sm" onClick={() => setDialog('delete')} data-testid="pool-delete-button">
            Delete pool
          </Button>
        </Flex>
        <Switch
          id="pool-enabled-toggle"
          data-testid="pool-enabled-toggle"
          label="Pool enabled"
          isChecked={pool.enabled}
          isDisabled={enabledAction.busy}
          onChange={(_e, v) =>
            v || (pool.sessionCount === 0 && pool.entitledGroupIds.length + pool.entitledUserIds.length === 0) ? void setEnabled(v) : setDialog('disable')
          }
          isReversed
        />
        <Switch
          id="pool-provisioning-toggle"
          data-testid="pool-provisioning-toggle"
          label={pool.kind === 'manual' ? 'Provisioning (manual pool: none)' : 'Provisioning enabled'}
          isChecked={pool.provisioningEnabled}
          isDisabled={provAction.busy || pool.kind === 'manual'}
          onChange={(_e, v) => void setProvisioning(v)}
          isReversed
        />
        {pool.sessionType === 'multi-session' ? (
          <Switch
            id="pool-drain-toggle"
            data-testid="pool-drain-toggle"
            label="Drain mode (no new sessions)"
            isChecked={pool.drainMode}
            isDisabled={drainAction.busy}
            onChange={(_e, v) => void setDrain(v)}
            isReversed
          />
        ) : null}
      </Flex>
    ) : null;

  return (
    <>
      {pool && dialog === 'edit' ? (
        <PoolEditModal
          pool={pool}
          onClose={() => {
            setDialog(null);
            reload();
          }}
        />
      ) : null}
      {pool && dialog === 'add' ? <PoolAddMachinesModal pool={pool} onClose={() => setDialog(null)} /> : null}
      {pool && dialog === 'delete' ? <PoolDeleteModal pool={pool} onClose={() => setDialog(null)} /> : null}
      {pool && dialog === 'disable' ? (
        <ConfirmDialog
          title={`Disable ${pool.name}?`}
          body={
            <p>
              A disabled pool accepts no new connections (Citrix: delivery group disabled · AVD: no new sessions). The sessions running now are not logged off.
            </p>
          }
          impact={[
            { count: pool.sessionCount, noun: 'session running now', plural: 'sessions running now' },
            { count: pool.entitledGroupIds.length, noun: 'entitled group' },
            { count: pool.entitledUserIds.length, noun: 'entitled user' },
          ]}
          confirmLabel="Disable the pool"
          danger
          busy={enabledAction.busy}
          error={enabledAction.error}
          onConfirm={() => void setEnabled(false)}
          onClose={() => {
            enabledAction.clearError();
            setDialog(null);
          }}
          testId="pool-disable-confirm"
        />
      ) : null}
      <ViewHeader
        title={
          <span className="vdi-dot-text">
            <span data-testid="pool-detail-name">{pool?.displayName ?? id}</span>
            {pool ? (
              <Label isCompact color={pool.enabled ? 'green' : 'grey'} data-testid="pool-detail-status">
                {pool.enabled ? 'Enabled' : 'Disabled'}
              </Label>
            ) : null}
            {pool ? <AlarmCountLabel counts={alarms} kind="pool" id={pool.id} name={pool.name} testId="pool-detail-alarms" /> : null}
          </span>
        }
        crumbs={[{ label: 'Desktop pools', to: '/pools' }, { label: pool?.name ?? id }]}
        description={
          pool
            ? `${pool.name} · ${KIND_NAMES[pool.kind]} · ${pool.assignment} · ${pool.sessionType} · ${plural(pool.machineCount, 'machine')}, ${plural(pool.sessionCount, 'session')}, ${plural(pool.problemCount, 'problem machine')}`
            : undefined
        }
        actions={actions}
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight" padding={{ default: 'noPadding' }}>
        <DesktopDrawer selected={selected ? { id: selected, row: rowById.get(selected) } : null} onClose={() => go(tab)} onStale={machines.reload}>
          <div className="vdi-drawer-inner">
            {error ? <ApiErrorAlert error={error} title="Could not load the pool" onRetry={reload} /> : null}
            {enabledAction.error ? (
              <ApiErrorAlert
                error={enabledAction.error}
                title="Could not change the pool state"
                onClose={enabledAction.clearError}
                testId="pool-action-error"
              />
            ) : null}
            {drainAction.error ? (
              <ApiErrorAlert error={drainAction.error} title="Could not change drain mode" onClose={drainAction.clearError} testId="pool-action-error" />
            ) : null}
            {provAction.error ? (
              <ApiErrorAlert error={provAction.error} title="Could not change provisioning" onClose={provAction.clearError} testId="pool-action-error" />
            ) : null}
            {!pool ? (
              error ? null : (
                <CenteredSpinner label="Loading the pool" />
              )
            ) : (
              <>
                {pool.kind !== 'manual' ? (
                  <div className="vdi-manage-grid">
                    <PoolProvisioning pool={pool} />
                    {pool.kind === 'instant-clone' || pool.kind === 'linked-clone' ? (
                      <PoolImageTasks pool={pool} image={pool.imageId ? refs.images.get(pool.imageId) : undefined} />
                    ) : null}
                    {canSnapshot ? <PoolSnapshots pool={pool} /> : null}
                  </div>
                ) : canSnapshot ? (
                  <PoolSnapshots pool={pool} />
                ) : null}
                <ChartGroup
                  title="Sessions and user experience"
                  scope="pool"
                  id={id}
                  charts={POOL_CHARTS}
                  testId="pool-charts"
                  height={130}
                  className="vdi-pool-charts"
                />
                <Tabs activeKey={tab} onSelect={(_e, k) => go(k as TabKey)} aria-label="Pool sections" className="vdi-tabs" mountOnEnter unmountOnExit>
                  <Tab tabContentId="pool-tab-panel" eventKey="settings" title={<TabTitleText>Settings</TabTitleText>} data-testid="pool-tab-settings" />
                  <Tab
                    tabContentId="pool-tab-panel"
                    eventKey="machines"
                    title={<TabTitleText>Machines ({formatInt(pool.machineCount)})</TabTitleText>}
                    data-testid="pool-tab-machines"
                  />
                  <Tab
                    tabContentId="pool-tab-panel"
                    eventKey="entitlements"
                    title={<TabTitleText>Entitlements ({pool.entitledGroupIds.length + pool.entitledUserIds.length})</TabTitleText>}
                    data-testid="pool-tab-entitlements"
                  />
                  <Tab
                    tabContentId="pool-tab-panel"
                    eventKey="sessions"
                    title={<TabTitleText>Sessions ({formatInt(pool.sessionCount)})</TabTitleText>}
                    data-testid="pool-tab-sessions"
                  />
                  {pool.sessionType === 'multi-session' ? (
                    <Tab tabContentId="pool-tab-panel" eventKey="scaling" title={<TabTitleText>Scaling plan</TabTitleText>} data-testid="pool-tab-scaling" />
                  ) : null}
                </Tabs>
                <div className="vdi-tab-body" id="pool-tab-panel" role="tabpanel" aria-label="Pool section">
                  {tab === 'settings' ? <PoolSettings pool={pool} refs={refs} /> : null}
                  {tab === 'machines' ? (
                    <PoolMachines
                      pool={pool}
                      rows={machines.data?.rows}
                      error={machines.error}
                      reload={machines.reload}
                      selected={selected}
                      onSelect={(d) => go('machines', d)}
                      onAdd={() => setDialog('add')}
                    />
                  ) : null}
                  {tab === 'entitlements' ? <PoolEntitlements poolId={pool.id} poolName={pool.name} /> : null}
                  {tab === 'sessions' ? <PoolSessions poolId={pool.id} /> : null}
                  {tab === 'scaling' && pool.sessionType === 'multi-session' ? <PoolScalingPlan pool={pool} /> : null}
                </div>
              </>
            )}
          </div>
        </DesktopDrawer>
      </PageSection>
    </>
  );
}
