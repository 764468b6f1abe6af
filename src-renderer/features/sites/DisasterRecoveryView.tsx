import { useState } from 'react';
import { Content, Flex, PageSection } from '@patternfly/react-core';
import type { DrOverview, RecoveryPlanView, RecoveryRunMode } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useCan } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatDuration } from '../../components/format.ts';
import { NewGlobalEntitlementModal, NewPlanModal, NewProtectionGroupModal } from './dr-forms.tsx';
import { GlobalEntitlementsCard, LinksCard, ProtectionGroupsCard, RecoveryPlansCard } from './dr-cards.tsx';
import { MODE_LABEL, RunCard } from './DrRunCard.tsx';

type NewModal = 'pg' | 'plan' | 'ge';

/** Replication, protection groups, recovery plans, global entitlements and the recovery runs with their RPO and RTO. */
export function DisasterRecoveryView() {
  const { data, error, reload } = useApi('dr-overview', {}, { refreshOn: ['site', 'pool'] });
  const sites = useApi('site-overview', {}, { refreshOn: ['site'] });
  const action = useAction();
  const canConfigure = useCan('recovery-plan-run');
  const [modal, setModal] = useState<NewModal | null>(null);
  const siteName = (id: string) => sites.data?.find((s) => s.id === id)?.name ?? id;

  const run = async (p: RecoveryPlanView, mode: RecoveryRunMode) => {
    const r = await action.run(() => getClient().call('recovery-plan-run', { id: p.id, mode }));
    if (r) {
      notifySuccess(
        `${MODE_LABEL[mode]} of ${p.name}: ${r.achievedRpoSec === null ? '' : `RPO ${formatDuration(r.achievedRpoSec)}, `}RTO ${formatDuration(r.rtoSec)}`,
      );
      reload();
    }
  };

  const close = (done: boolean) => {
    setModal(null);
    if (done) reload();
  };

  return (
    <>
      {modal === 'pg' && sites.data ? <NewProtectionGroupModal sites={sites.data} onClose={close} /> : null}
      {modal === 'plan' && data ? <NewPlanModal groups={data.protectionGroups} onClose={close} /> : null}
      {modal === 'ge' && sites.data ? <NewGlobalEntitlementModal sites={sites.data} onClose={close} /> : null}
      <ViewHeader
        title="Disaster recovery"
        titleTestId="dr-title"
        description="Replication between sites with its RPO, recovery plans in priority groups (test, planned migration, disaster recovery, failback) and global entitlements that broker users to the site still standing."
      />
      <PageSection hasBodyWrapper={false}>
        {error ? <ApiErrorAlert error={error} title="Could not load disaster recovery" onRetry={reload} /> : null}
        {action.error ? (
          <ApiErrorAlert error={action.error} title="The recovery plan did not run" onClose={action.clearError} testId="dr-action-error" />
        ) : null}
        {!data ? (
          error ? null : (
            <CenteredSpinner label="Loading disaster recovery" />
          )
        ) : (
          <DrBody data={data} siteName={siteName} canConfigure={canConfigure} busy={action.busy} onRun={run} onNew={setModal} onReload={reload} />
        )}
      </PageSection>
    </>
  );
}

function DrBody({
  data,
  siteName,
  canConfigure,
  busy,
  onRun,
  onNew,
  onReload,
}: {
  data: DrOverview;
  siteName: (id: string) => string;
  canConfigure: boolean;
  busy: boolean;
  onRun: (p: RecoveryPlanView, mode: RecoveryRunMode) => void;
  onNew: (m: NewModal) => void;
  onReload: () => void;
}) {
  return (
    <Flex direction={{ default: 'column' }} spaceItems={{ default: 'spaceItemsLg' }}>
      <LinksCard data={data} siteName={siteName} canConfigure={canConfigure} onReload={onReload} />
      <ProtectionGroupsCard data={data} siteName={siteName} canConfigure={canConfigure} onNew={() => onNew('pg')} />
      <GlobalEntitlementsCard data={data} canConfigure={canConfigure} onNew={() => onNew('ge')} />
      <RecoveryPlansCard data={data} canConfigure={canConfigure} busy={busy} onRun={onRun} onNew={() => onNew('plan')} />
      <Content component="h2" style={{ margin: 0 }}>
        Recovery runs
      </Content>
      {data.runs.length === 0 ? (
        <NothingHere title="No run yet" body="Each run reports its timeline, the RPO achieved (the age of the data recovered) and the RTO." />
      ) : (
        data.runs.map((r) => <RunCard key={r.id} run={r} />)
      )}
    </Flex>
  );
}
