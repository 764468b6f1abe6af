import { useState } from 'react';
import { Button, Card, CardBody, CardHeader, CardTitle, Content, Flex, FlexItem, Label, PageSection, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { DrOverview, RecoveryPlanView, RecoveryRun, RecoveryRunMode, SiteLinkView } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useCan } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatDuration, formatSimTime } from '../../components/format.ts';
import { NewGlobalEntitlementModal, NewPlanModal, NewProtectionGroupModal } from './dr-forms.tsx';

const MODE_LABEL: Record<RecoveryRunMode, string> = {
  test: 'Test',
  'test-cleanup': 'Cleanup',
  planned: 'Planned migration',
  disaster: 'Disaster recovery',
  failback: 'Failback',
};
const PLAN_COLOR = { ready: 'green', test: 'blue', 'failed-over': 'orange' } as const;

/** Which runs a plan in this state offers. */
function runsFor(p: RecoveryPlanView): RecoveryRunMode[] {
  return p.state === 'ready' ? ['test', 'planned', 'disaster'] : p.state === 'test' ? ['test-cleanup'] : ['failback'];
}

function LinkBandwidth({ link, onDone }: { link: SiteLinkView; onDone: () => void }) {
  const [value, setValue] = useState(String(link.bandwidthMbps));
  const action = useAction();
  const n = Number(value);
  const valid = Number.isFinite(n) && n >= 1 && n <= 400_000;
  return (
    <Flex spaceItems={{ default: 'spaceItemsSm' }} alignItems={{ default: 'alignItemsCenter' }} flexWrap={{ default: 'nowrap' }}>
      <FlexItem>
        <TextInput
          aria-label={`Bandwidth of ${link.name} (Mbit/s)`}
          value={value}
          onChange={(_e, v) => setValue(v)}
          validated={valid ? 'default' : 'error'}
          style={{ width: '7rem' }}
          data-testid={`link-${link.id}-bandwidth`}
        />
      </FlexItem>
      <FlexItem>
        <Button
          size="sm"
          variant="secondary"
          isDisabled={!valid || action.busy || n === link.bandwidthMbps}
          onClick={async () => {
            const r = await action.run(() => getClient().call('site-link-set', { id: link.id, bandwidthMbps: n }));
            if (r) {
              notifySuccess(`${link.name}: ${n} Mbit/s`);
              onDone();
            }
          }}
          data-testid={`link-${link.id}-set`}
        >
          Set
        </Button>
      </FlexItem>
      {action.error ? <FlexItem className="vdi-danger-text">{action.error.message}</FlexItem> : null}
    </Flex>
  );
}

function RunCard({ run }: { run: RecoveryRun }) {
  const total = Math.max(1, run.rtoSec);
  return (
    <Card isCompact data-testid={`run-${run.id}`}>
      <CardHeader>
        <CardTitle>
          {MODE_LABEL[run.mode]} · {run.planName}{' '}
          <Content component="small" className="vdi-muted">
            {formatSimTime(run.startedAt)} → {formatSimTime(run.finishedAt)}
          </Content>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <Flex spaceItems={{ default: 'spaceItemsLg' }}>
          <FlexItem data-testid={`run-${run.id}-rpo`}>
            <strong>Achieved RPO</strong> {run.achievedRpoSec === null ? '—' : formatDuration(run.achievedRpoSec)}
          </FlexItem>
          <FlexItem data-testid={`run-${run.id}-rto`}>
            <strong>{run.mode === 'test' || run.mode === 'test-cleanup' ? 'Duration' : 'RTO'}</strong> {formatDuration(run.rtoSec)}
          </FlexItem>
        </Flex>
        <Table aria-label={`Timeline of ${run.id}`} variant="compact">
          <Thead>
            <Tr>
              <Th width={15}>At</Th>
              <Th width={15}>Takes</Th>
              <Th>Step</Th>
              <Th width={25} screenReaderText="Share of the run" />
            </Tr>
          </Thead>
          <Tbody>
            {run.timeline.map((s, i) => (
              <Tr key={i}>
                <Td dataLabel="At">+{formatDuration(s.atSec)}</Td>
                <Td dataLabel="Takes">{formatDuration(s.durationSec)}</Td>
                <Td dataLabel="Step">{s.step}</Td>
                <Td dataLabel="Share">
                  <div className="vdi-dr-bar-track">
                    <div
                      className="vdi-dr-bar"
                      style={{ marginLeft: `${(s.atSec / total) * 100}%`, width: `${Math.max(0.5, (s.durationSec / total) * 100)}%` }}
                    />
                  </div>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </CardBody>
    </Card>
  );
}

/** Replication, protection groups, recovery plans, global entitlements and the recovery runs with their RPO and RTO. */
export function DisasterRecoveryView() {
  const { data, error, reload } = useApi('dr-overview', {}, { refreshOn: ['site', 'pool'] });
  const sites = useApi('site-overview', {}, { refreshOn: ['site'] });
  const action = useAction();
  const canConfigure = useCan('recovery-plan-run');
  const [modal, setModal] = useState<'pg' | 'plan' | 'ge' | null>(null);
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
  onNew: (m: 'pg' | 'plan' | 'ge') => void;
  onReload: () => void;
}) {
  return (
    <Flex direction={{ default: 'column' }} spaceItems={{ default: 'spaceItemsLg' }}>
      <Card isCompact>
        <CardHeader>
          <CardTitle>Inter-site links</CardTitle>
        </CardHeader>
        <CardBody>
          {data.links.length === 0 ? (
            <NothingHere title="One site only" body="This lab has one site: load the two-site lab (lab reset, profile two-site) to replicate between sites." />
          ) : (
            <Table aria-label="Inter-site links" variant="compact" data-testid="dr-links">
              <Thead>
                <Tr>
                  <Th>Link</Th>
                  <Th>Sites</Th>
                  <Th>State</Th>
                  <Th modifier="wrap">Bandwidth (Mbit/s)</Th>
                  <Th>Latency</Th>
                  <Th modifier="wrap" info={{ tooltip: 'Changed blocks the protection groups offer, after compression' }}>
                    Offered
                  </Th>
                  <Th>Carried</Th>
                  <Th modifier="wrap" info={{ tooltip: 'Offered, as a share of what replication may use of the link' }}>
                    Load
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.links.map((l) => (
                  <Tr key={l.id}>
                    <Td dataLabel="Link">
                      <strong>{l.name}</strong>
                    </Td>
                    <Td dataLabel="Sites">
                      {siteName(l.siteA)} ↔ {siteName(l.siteB)}
                    </Td>
                    <Td dataLabel="State">
                      <Label isCompact color={l.up ? 'green' : 'red'}>
                        {l.up ? 'up' : 'down'}
                      </Label>
                    </Td>
                    <Td dataLabel="Bandwidth">{canConfigure ? <LinkBandwidth key={l.bandwidthMbps} link={l} onDone={onReload} /> : l.bandwidthMbps}</Td>
                    <Td dataLabel="Latency">{l.latencyMs} ms</Td>
                    <Td dataLabel="Offered">{l.offeredMbps.toFixed(1)} Mbit/s</Td>
                    <Td dataLabel="Carried">{l.carriedMbps.toFixed(1)} Mbit/s</Td>
                    <Td dataLabel="Utilisation" data-testid={`link-${l.id}-utilisation`}>
                      <Label isCompact color={l.utilisationPct >= 100 ? 'red' : l.utilisationPct >= 80 ? 'orange' : 'green'}>
                        {l.utilisationPct}%
                      </Label>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </CardBody>
      </Card>

      <Card isCompact>
        <CardHeader
          actions={{
            actions: canConfigure ? (
              <Button size="sm" onClick={() => onNew('pg')} data-testid="dr-new-pg" isDisabled={data.links.length === 0}>
                New protection group…
              </Button>
            ) : null,
          }}
        >
          <CardTitle>Protection groups (replication)</CardTitle>
        </CardHeader>
        <CardBody>
          {data.protectionGroups.length === 0 ? (
            <NothingHere title="Nothing replicated" body="A protection group replicates desktop pools to another site with an RPO target." />
          ) : (
            <Table aria-label="Protection groups" variant="compact" data-testid="dr-groups">
              <Thead>
                <Tr>
                  <Th>Group</Th>
                  <Th>Replication</Th>
                  <Th>Pools</Th>
                  <Th>From → to</Th>
                  <Th modifier="wrap">RPO target</Th>
                  <Th modifier="wrap" info={{ tooltip: 'Age of the newest copy at the recovery site: what a failover now would lose' }}>
                    Current RPO
                  </Th>
                  <Th>Backlog</Th>
                  <Th>Status</Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.protectionGroups.map((g) => (
                  <Tr key={g.id} data-testid={`pg-${g.name}`}>
                    <Td dataLabel="Group">
                      <strong>{g.name}</strong>
                    </Td>
                    <Td dataLabel="Replication">{g.replication === 'array' ? 'Array-based' : 'vSphere Replication'}</Td>
                    <Td dataLabel="Pools">
                      {g.pools.map((p) => p.name).join(', ')} ({g.vms} VMs)
                    </Td>
                    <Td dataLabel="From → to">
                      {siteName(g.protectedSiteId)} → {siteName(g.recoverySiteId)}
                    </Td>
                    <Td dataLabel="RPO target">{g.rpoTargetMin} min</Td>
                    <Td dataLabel="Current RPO" data-testid={`pg-${g.name}-rpo`}>
                      {formatDuration(g.currentRpoSec)}
                    </Td>
                    <Td dataLabel="Backlog">{g.backlogMb >= 1024 ? `${(g.backlogMb / 1024).toFixed(1)} GB` : `${g.backlogMb.toFixed(0)} MB`}</Td>
                    <Td dataLabel="Status" data-testid={`pg-${g.name}-status`}>
                      <Label isCompact color={g.shareMbps === 0 ? 'red' : g.saturated ? 'orange' : g.withinTarget ? 'green' : 'orange'}>
                        {g.shareMbps === 0 ? 'Link down' : g.saturated ? 'Lagging: link saturated' : g.withinTarget ? 'Within RPO' : 'RPO violated'}
                      </Label>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </CardBody>
      </Card>

      <Card isCompact>
        <CardHeader
          actions={{
            actions: canConfigure ? (
              <Button size="sm" onClick={() => onNew('ge')} data-testid="dr-new-ge">
                New global entitlement…
              </Button>
            ) : null,
          }}
        >
          <CardTitle>Global entitlements (Cloud Pod Architecture)</CardTitle>
        </CardHeader>
        <CardBody>
          {data.globalEntitlements.length === 0 ? (
            <NothingHere title="No global entitlement" body="Without one, users of a lost site have nowhere to go." />
          ) : (
            <Table aria-label="Global entitlements" variant="compact" data-testid="dr-ges">
              <Thead>
                <Tr>
                  <Th>Global entitlement</Th>
                  <Th>Scope</Th>
                  <Th>Member pools</Th>
                  <Th>Brokering now</Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.globalEntitlements.map((ge) => (
                  <Tr key={ge.id} data-testid={`ge-${ge.name}`}>
                    <Td dataLabel="Global entitlement">
                      <strong>{ge.name}</strong>
                    </Td>
                    <Td dataLabel="Scope">{ge.scope === 'any' ? 'Any site' : 'Within site'}</Td>
                    <Td dataLabel="Member pools">{ge.pools.map((p) => `${p.name} (${p.siteName})`).join(', ')}</Td>
                    <Td dataLabel="Brokering now" data-testid={`ge-${ge.name}-routes`}>
                      {ge.routes.length === 0 ? (
                        <span className="vdi-muted">home sites</span>
                      ) : (
                        ge.routes.map((r) => (
                          <Label key={`${r.fromPoolId}-${r.toPoolId}`} isCompact color="orange">
                            {ge.pools.find((p) => p.id === r.fromPoolId)?.name} → {ge.pools.find((p) => p.id === r.toPoolId)?.name}
                          </Label>
                        ))
                      )}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </CardBody>
      </Card>

      <Card isCompact>
        <CardHeader
          actions={{
            actions: canConfigure ? (
              <Button size="sm" onClick={() => onNew('plan')} data-testid="dr-new-plan" isDisabled={data.protectionGroups.length === 0}>
                New recovery plan…
              </Button>
            ) : null,
          }}
        >
          <CardTitle>Recovery plans</CardTitle>
        </CardHeader>
        <CardBody>
          {data.plans.length === 0 ? (
            <NothingHere title="No recovery plan" body="A plan recovers protection groups in priority order at the recovery site." />
          ) : (
            <Table aria-label="Recovery plans" variant="compact" data-testid="dr-plans">
              <Thead>
                <Tr>
                  <Th>Plan</Th>
                  <Th>State</Th>
                  <Th>Priority groups</Th>
                  <Th screenReaderText="Actions" />
                </Tr>
              </Thead>
              <Tbody>
                {data.plans.map((p) => (
                  <Tr key={p.id} data-testid={`plan-${p.name}`}>
                    <Td dataLabel="Plan">
                      <strong>{p.name}</strong>
                    </Td>
                    <Td dataLabel="State" data-testid={`plan-${p.name}-state`}>
                      <Label isCompact color={PLAN_COLOR[p.state]}>
                        {p.state === 'test' ? 'under test' : p.state}
                      </Label>
                    </Td>
                    <Td dataLabel="Priority groups">{p.groups.map((g) => `${g.priority}: ${g.name}`).join(' · ')}</Td>
                    <Td dataLabel="Actions" isActionCell>
                      {canConfigure ? (
                        <Flex spaceItems={{ default: 'spaceItemsSm' }} flexWrap={{ default: 'nowrap' }} justifyContent={{ default: 'justifyContentFlexEnd' }}>
                          {runsFor(p).map((m) => (
                            <FlexItem key={m}>
                              <Button
                                size="sm"
                                variant={m === 'disaster' ? 'danger' : m === 'test' || m === 'test-cleanup' ? 'secondary' : 'primary'}
                                isDisabled={busy}
                                onClick={() => onRun(p, m)}
                                data-testid={`plan-${p.name}-${m}`}
                              >
                                {MODE_LABEL[m]}
                              </Button>
                            </FlexItem>
                          ))}
                        </Flex>
                      ) : null}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </CardBody>
      </Card>

      <Title2>Recovery runs</Title2>
      {data.runs.length === 0 ? (
        <NothingHere title="No run yet" body="Each run reports its timeline, the RPO achieved (the age of the data recovered) and the RTO." />
      ) : (
        data.runs.map((r) => <RunCard key={r.id} run={r} />)
      )}
    </Flex>
  );
}

function Title2({ children }: { children: string }) {
  return (
    <Content component="h2" style={{ margin: 0 }}>
      {children}
    </Content>
  );
}
