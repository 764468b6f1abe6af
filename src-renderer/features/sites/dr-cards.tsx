import { useState } from 'react';
import { Button, Flex, FlexItem, Label, TextInput } from '@patternfly/react-core';
import { Td, Th, Tr } from '@patternfly/react-table';
import type { DrOverview, RecoveryPlanView, RecoveryRunMode, SiteLinkView } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { TableCard } from '../../components/TableCard.tsx';
import { formatDuration } from '../../components/format.ts';
import { MODE_LABEL } from './DrRunCard.tsx';
import { useClock } from '../../state/clock-store.ts';
import { runUnderWay } from '../../../src-main/shared/dr/runs.ts';
import '../../styles/dr.css';

const PLAN_COLOR = { ready: 'green', test: 'blue', 'failed-over': 'orange' } as const;

/** Which runs a plan in this state offers. */
function runsFor(p: RecoveryPlanView): RecoveryRunMode[] {
  return p.state === 'ready' ? ['test', 'planned', 'disaster'] : p.state === 'test' ? ['test-cleanup'] : ['failback'];
}

interface CardProps {
  data: DrOverview;
  siteName: (id: string) => string;
  canConfigure: boolean;
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

export function LinksCard({ data, siteName, canConfigure, onReload }: CardProps & { onReload: () => void }) {
  return (
    <TableCard
      title="Inter-site links"
      rows={data.links}
      empty={{ title: 'One site only', body: 'This lab has one site: load the two-site lab (lab reset, profile two-site) to replicate between sites.' }}
      ariaLabel="Inter-site links"
      testId="dr-links"
      head={
        <>
          <Th>Link</Th>
          <Th>Sites</Th>
          <Th>State</Th>
          <Th modifier="wrap">Bandwidth (Mbit/s)</Th>
          <Th modifier="fitContent">Latency</Th>
          <Th modifier="wrap" info={{ tooltip: 'Changed blocks the protection groups offer, after compression' }}>
            Offered
          </Th>
          <Th modifier="fitContent">Carried</Th>
          <Th modifier="wrap" info={{ tooltip: 'Offered, as a share of what replication may use of the link' }}>
            Load
          </Th>
        </>
      }
      row={(l) => (
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
      )}
    />
  );
}

export function ProtectionGroupsCard({ data, siteName, canConfigure, onNew }: CardProps & { onNew: () => void }) {
  return (
    <TableCard
      title="Protection groups (replication)"
      action={canConfigure ? { label: 'New protection group…', onClick: onNew, testId: 'dr-new-pg', isDisabled: data.links.length === 0 } : null}
      rows={data.protectionGroups}
      empty={{ title: 'Nothing replicated', body: 'A protection group replicates desktop pools to another site with an RPO target.' }}
      ariaLabel="Protection groups"
      testId="dr-groups"
      head={
        <>
          <Th>Group</Th>
          <Th>Replication</Th>
          <Th>Pools</Th>
          <Th>From → to</Th>
          <Th modifier="wrap">RPO target</Th>
          <Th modifier="wrap" info={{ tooltip: 'Age of the newest copy at the recovery site: what a failover now would lose' }}>
            Current RPO
          </Th>
          <Th modifier="fitContent">Backlog</Th>
          <Th>Status</Th>
        </>
      }
      row={(g) => (
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
      )}
    />
  );
}

export function GlobalEntitlementsCard({ data, canConfigure, onNew }: Omit<CardProps, 'siteName'> & { onNew: () => void }) {
  return (
    <TableCard
      title="Global entitlements (Cloud Pod Architecture)"
      action={canConfigure ? { label: 'New global entitlement…', onClick: onNew, testId: 'dr-new-ge' } : null}
      rows={data.globalEntitlements}
      empty={{ title: 'No global entitlement', body: 'Without one, users of a lost site have nowhere to go.' }}
      ariaLabel="Global entitlements"
      testId="dr-ges"
      head={
        <>
          <Th>Global entitlement</Th>
          <Th>Scope</Th>
          <Th>Member pools</Th>
          <Th>Brokering now</Th>
        </>
      }
      row={(ge) => (
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
      )}
    />
  );
}

export function RecoveryPlansCard({
  data,
  canConfigure,
  busy,
  onRun,
  onNew,
  siteLost,
}: Omit<CardProps, 'siteName'> & {
  busy: boolean;
  onRun: (p: RecoveryPlanView, mode: RecoveryRunMode) => void;
  onNew: () => void;
  /** Whether a site is lost now (undefined: not known yet). */
  siteLost: (id: string) => boolean | undefined;
}) {
  // The clock's pushes, not the overview's moment: a run's end comes into view as simulated time passes. The selector
  // answers the ids of the plans with a run under way, one string, so the card renders when that changes, not per push.
  const busyPlans = useClock((s) =>
    data.plans
      .filter((p) => runUnderWay(data.runs, p.id, s.clock?.simTime ?? data.simTime))
      .map((p) => p.id)
      .join('\n'),
  ).split('\n');
  return (
    <TableCard
      title="Recovery plans"
      action={canConfigure ? { label: 'New recovery plan…', onClick: onNew, testId: 'dr-new-plan', isDisabled: data.protectionGroups.length === 0 } : null}
      rows={data.plans}
      empty={{ title: 'No recovery plan', body: 'A plan recovers protection groups in priority order at the recovery site.' }}
      ariaLabel="Recovery plans"
      testId="dr-plans"
      head={
        <>
          <Th>Plan</Th>
          <Th>State</Th>
          <Th>Priority groups</Th>
          <Th screenReaderText="Actions" />
        </>
      }
      row={(p) => {
        // Under way now; the overview's moment is no later than the clock's, so its run is found from there.
        const running = busyPlans.includes(p.id) ? runUnderWay(data.runs, p.id, data.simTime) : undefined;
        // A disaster failover is for a lost protected site, a planned migration for one still up: the other is offered
        // disabled with the reason, not refused after the click (black-box round 6).
        const protectedSite = data.protectionGroups.find((g) => p.groups.some((x) => x.groupId === g.id))?.protectedSiteId ?? '';
        const lost = siteLost(protectedSite);
        const why = (m: RecoveryRunMode) =>
          m === 'disaster' && lost === false
            ? 'The protected site is up: a disaster failover is for a lost site (use Planned migration, or Test)'
            : m === 'planned' && lost === true
              ? 'The protected site is lost: run a disaster failover'
              : undefined;
        return (
          <Tr key={p.id} data-testid={`plan-${p.name}`}>
            <Td dataLabel="Plan">
              <strong>{p.name}</strong>
            </Td>
            <Td dataLabel="State">
              <span data-testid={`plan-${p.name}-state`}>
                <Label isCompact color={PLAN_COLOR[p.state]}>
                  {p.state === 'test' ? 'under test' : p.state}
                </Label>
              </span>
              {running ? (
                <span className="vdi-dr-plan-running" data-testid={`plan-${p.name}-running`}>
                  {MODE_LABEL[running.mode]} runs until {running.finishedAt.slice(11, 19)}
                </span>
              ) : null}
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
                        isDisabled={busy || running !== undefined}
                        // Focusable and hoverable (the reason is its title), but not an action now.
                        isAriaDisabled={!busy && running === undefined && why(m) !== undefined}
                        title={why(m)}
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
        );
      }}
    />
  );
}
