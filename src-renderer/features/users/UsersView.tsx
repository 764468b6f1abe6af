import { useMemo } from 'react';
import { PageSection, Tab, Tabs, TabTitleText, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { useApi } from '../../state/use-api.ts';
import { navigate, useRoute, withQuery } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { PoolEntitlements } from '../pools/index.ts';
import { UsersTab } from './UsersTab.tsx';
import { GroupsTab } from './GroupsTab.tsx';

const TABS = ['users', 'groups', 'entitlements'] as const;
type TabKey = (typeof TABS)[number];

export function UsersView() {
  const route = useRoute();
  const t = route.query.get('tab') ?? '';
  const tab: TabKey = (TABS as readonly string[]).includes(t) ? (t as TabKey) : 'users';
  const groupId = route.query.get('group') ?? '';
  const poolId = route.query.get('pool') ?? '';
  const groups = useApi('group-list', {}, { refreshOn: ['group', 'pool'] });
  const pools = useApi('pool-list', {}, { refreshOn: ['pool'] });
  const groupIndex = useMemo(() => new Map((groups.data ?? []).map((g) => [g.id, g])), [groups.data]);
  const poolIndex = useMemo(() => new Map((pools.data ?? []).map((p) => [p.id, p])), [pools.data]);
  const go = (q: { tab?: TabKey; group?: string; pool?: string }) =>
    navigate(withQuery('/users', { tab: (q.tab ?? tab) === 'users' ? null : (q.tab ?? tab), group: q.group ?? groupId, pool: q.pool ?? poolId }), {
      replace: true,
    });
  const pool = poolIndex.get(poolId);

  return (
    <>
      <ViewHeader
        title="Users & groups"
        description="Directory users and groups, and their entitlements to desktop pools (Citrix: delivery group users · AVD: application group assignments)."
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        {groups.error ? <ApiErrorAlert error={groups.error} title="Could not load the groups" onRetry={groups.reload} /> : null}
        {pools.error ? <ApiErrorAlert error={pools.error} title="Could not load the pools" onRetry={pools.reload} /> : null}
        <Tabs activeKey={tab} onSelect={(_e, k) => go({ tab: k as TabKey })} aria-label="Users and groups" mountOnEnter unmountOnExit>
          <Tab tabContentId="users-tab-panel" eventKey="users" title={<TabTitleText>Users</TabTitleText>} data-testid="users-tab-users" />
          <Tab
            tabContentId="users-tab-panel"
            eventKey="groups"
            title={<TabTitleText>Groups ({groups.data?.length ?? '…'})</TabTitleText>}
            data-testid="users-tab-groups"
          />
          <Tab tabContentId="users-tab-panel" eventKey="entitlements" title={<TabTitleText>Entitlements</TabTitleText>} data-testid="users-tab-entitlements" />
        </Tabs>
        <div className="vdi-tab-body" id="users-tab-panel" role="tabpanel" aria-label="Users and groups section">
          {tab === 'users' ? <UsersTab groupId={groupId} groups={groupIndex} onClearGroup={() => go({ group: '' })} /> : null}
          {tab === 'groups' ? <GroupsTab groups={groups.data} pools={poolIndex} onMembers={(g) => go({ tab: 'users', group: g.id })} /> : null}
          {tab === 'entitlements' ? (
            <>
              <Toolbar className="vdi-toolbar">
                <ToolbarContent>
                  <ToolbarItem>
                    <FilterSelect
                      allLabel="Select a desktop pool"
                      ariaLabel="Desktop pool"
                      testId="entitlements-pool"
                      value={poolId}
                      onChange={(v) => go({ pool: v })}
                      options={(pools.data ?? []).map((p) => ({
                        value: p.id,
                        label: `${p.name} — ${p.displayName}`,
                        count: p.entitledGroupIds.length + p.entitledUserIds.length,
                      }))}
                      width="24rem"
                    />
                  </ToolbarItem>
                </ToolbarContent>
              </Toolbar>
              {pool ? (
                <PoolEntitlements key={pool.id} poolId={pool.id} poolName={pool.name} />
              ) : (
                <NothingHere title="Pick a desktop pool" body="Its entitled users and groups appear here; add or remove them." />
              )}
            </>
          ) : null}
        </div>
      </PageSection>
    </>
  );
}
