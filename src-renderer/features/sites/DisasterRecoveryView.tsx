import { useState } from 'react';
import { Content, Flex, PageSection } from '@patternfly/react-core';
import type { ApiError, DrOverview, RecoveryPlanView, RecoveryRunMode } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useCan } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { formatDuration } from '../../components/format.ts';
import { NewGlobalEntitlementModal, NewPlanModal, NewProtectionGroupModal } from './dr-forms.tsx';
import { GlobalEntitlementsCard, LinksCard, ProtectionGroupsCard, RecoveryPlansCard } from './dr-cards.tsx';
import { MODE_LABEL, RunCard } from './DrRunCard.tsx';

type NewModal = 'pg' | 'plan' | 'ge';

/** Runs that change production are confirmed first, as Site Recovery Manager asks (a test or its cleanup leaves it alone). */
const CONFIRMED: ReadonlySet<RecoveryRunMode> = new Set(['planned', 'disaster', 'failback']);

/** What a confirmed run changes in this lab (dr-recovery.ts runPlan), in words. */
function runEffect(mode: RecoveryRunMode, recovery: string, protectedSite: string): string {
  if (mode === 'failback')
    return `The entitlements re-routed to ${recovery} are removed and the pools at ${protectedSite} are enabled again: users are brokered there from now on. Replication runs home to ${protectedSite}.`;
  return `The plan's pools at ${protectedSite} are disabled (no new sessions) and their global entitlements broker users to pools at ${recovery}. Sessions running now are not ended: their users move when they next connect.${mode === 'disaster' ? ' Data newer than the last replica is lost.' : ' A final sync runs first: no data is lost.'}`;
}

/** Replication, protection groups, recovery plans, global entitlements and the recovery runs with their RPO and RTO. */
export function DisasterRecoveryView() {
  const { data, error, reload } = useApi('dr-overview', {}, { refreshOn: ['site', 'pool'] });
  const sites = useApi('site-overview', {}, { refreshOn: ['site'] });
  const action = useAction();
  const canConfigure = useCan('recovery-plan-run');
  const [modal, setModal] = useState<NewModal | null>(null);
  const [confirm, setConfirm] = useState<{ plan: RecoveryPlanView; mode: RecoveryRunMode } | null>(null);
  const siteName = (id: string) => sites.data?.find((s) => s.id === id)?.name ?? id;

  const run = async (p: RecoveryPlanView, mode: RecoveryRunMode) => {
    const r = await action.run(() => getClient().call('recovery-plan-run', { id: p.id, mode }));
    if (r) {
      setConfirm(null);
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

  const ask = (p: RecoveryPlanView, mode: RecoveryRunMode) => (CONFIRMED.has(mode) ? setConfirm({ plan: p, mode }) : void run(p, mode));

  return (
    <>
      {confirm && data ? (
        <RunConfirmDialog
          data={data}
          plan={confirm.plan}
          mode={confirm.mode}
          siteName={siteName}
          busy={action.busy}
          error={action.error}
          onClose={() => {
            action.clearError();
            setConfirm(null);
          }}
          onConfirm={() => void run(confirm.plan, confirm.mode)}
        />
      ) : null}
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
        {action.error && !confirm ? (
          <ApiErrorAlert error={action.error} title="The recovery plan did not run" onClose={action.clearError} testId="dr-action-error" />
        ) : null}
        {!data ? (
          error ? null : (
            <CenteredSpinner label="Loading disaster recovery" />
          )
        ) : (
          <DrBody
            data={data}
            siteName={siteName}
            siteLost={(id) => {
              const s = sites.data?.find((x) => x.id === id);
              return s ? s.status === 'lost' : undefined;
            }}
            canConfigure={canConfigure}
            busy={action.busy}
            onRun={ask}
            onNew={setModal}
            onReload={reload}
          />
        )}
      </PageSection>
    </>
  );
}

function DrBody({
  data,
  siteName,
  siteLost,
  canConfigure,
  busy,
  onRun,
  onNew,
  onReload,
}: {
  data: DrOverview;
  siteName: (id: string) => string;
  siteLost: (id: string) => boolean | undefined;
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
      <RecoveryPlansCard data={data} canConfigure={canConfigure} busy={busy} onRun={onRun} onNew={() => onNew('plan')} siteLost={siteLost} />
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

/** The confirmation of a run that changes production: the plan's pools and machines, and what the run does in this lab. */
function RunConfirmDialog({
  data,
  plan,
  mode,
  siteName,
  busy,
  error,
  onClose,
  onConfirm,
}: {
  data: DrOverview;
  plan: RecoveryPlanView;
  mode: RecoveryRunMode;
  siteName: (id: string) => string;
  busy: boolean;
  error: ApiError | undefined;
  onClose(): void;
  onConfirm(): void;
}) {
  const groups = data.protectionGroups.filter((g) => plan.groups.some((x) => x.groupId === g.id));
  const pools = groups.flatMap((g) => g.pools);
  return (
    <ConfirmDialog
      title={`${MODE_LABEL[mode]} of ${plan.name}?`}
      confirmLabel={MODE_LABEL[mode]}
      danger
      busy={busy}
      error={error}
      testId="dr-run-dialog"
      impact={[
        { count: pools.length, noun: 'pool' },
        { count: pools.reduce((a, x) => a + x.machines, 0), noun: 'machine' },
      ]}
      names={pools.map((x) => x.name)}
      body={runEffect(mode, siteName(groups[0]?.recoverySiteId ?? ''), siteName(groups[0]?.protectedSiteId ?? ''))}
      onClose={onClose}
      onConfirm={onConfirm}
    />
  );
}
