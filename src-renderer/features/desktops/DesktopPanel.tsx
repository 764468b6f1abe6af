import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  DrawerActions,
  DrawerCloseButton,
  DrawerHead,
  DrawerPanelBody,
  DrawerPanelContent,
  Flex,
  Tab,
  Tabs,
  TabTitleText,
  Title,
} from '@patternfly/react-core';
import WrenchIcon from '@patternfly/react-icons/dist/esm/icons/wrench-icon';
import type { DesktopAction, DesktopRow } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { MachineStateLabel, PowerStateText } from '../../components/StatusLabels.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { formatSimTime } from '../../components/format.ts';
import { isProblemState } from '../../components/machine-states.ts';
import { href } from '../../router/hash-router.ts';
import { DesktopAssignment } from './DesktopAssignment.tsx';
import { AlarmCountLabel, useAlarmCounts } from '../alarms/index.ts';
import { useCan } from '../../state/whoami-store.ts';
import { DESKTOP_ACTION_SPECS, useDesktopActions } from './use-desktop-actions.tsx';
import { DesktopMigrateAction } from '../cluster/index.ts';
import { SnapshotsTab, SnapshotChainWarning } from '../snapshots/index.ts';
import { DesktopHardwareTab } from '../hardware/index.ts';

function Field({ term, children, testId }: { term: string; children: React.ReactNode; testId?: string }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription data-testid={testId}>{children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

/**
 * The details of one desktop (`desktop-get`), in a drawer beside the table it
 * was picked from, with the maintenance-mode action.
 */
export function DesktopPanel({ id, row, onClose, onStale }: { id: string; row: DesktopRow | undefined; onClose(): void; onStale?: () => void }) {
  const { data: d, error, reload } = useApi('desktop-get', { id }, { refreshOn: ['desktop'] });
  // The table row and this panel come from two requests made at different moments. When they
  // disagree (a revert finished between them), both ask again, once per disagreement, so the
  // admin never sees AGENT_UNREACHABLE in the row next to AVAILABLE here for long.
  const mismatch = d && row && (d.state !== row.state || d.powerState !== row.powerState) ? `${row.state}/${row.powerState}|${d.state}/${d.powerState}` : null;
  const asked = useRef<string | null>(null);
  useEffect(() => {
    if (!mismatch || asked.current === mismatch) return;
    asked.current = mismatch;
    reload();
    onStale?.();
  }, [mismatch, reload, onStale]);
  const images = useApi('image-list', {}, { refreshOn: ['image'] });
  const action = useAction();
  const [tab, setTab] = useState<'details' | 'snapshots' | 'hardware'>('details');

  const imageText = useMemo(() => {
    if (!d?.imageVersionId) return null;
    for (const img of images.data ?? []) {
      const v = img.versions.find((x) => x.id === d.imageVersionId);
      if (v) return `${img.name} v${v.version} (${v.snapshot})`;
    }
    return d.imageVersionId;
  }, [d?.imageVersionId, images.data]);

  const inMaintenance = d?.state === 'MAINTENANCE';
  const toggleMaintenance = async () => {
    if (!d) return;
    const result = await action.run(() => getClient().call('desktop-set-maintenance', { id: d.id, maintenance: !inMaintenance }));
    if (result) {
      notifySuccess(`${result.name}: ${result.state === 'MAINTENANCE' ? 'entered' : 'left'} maintenance mode`);
      reload();
    }
  };

  const name = d?.name ?? row?.name ?? id;
  const power = useDesktopActions(reload);
  // What the role may not do is not offered (the host refuses it anyway).
  const canMaintain = useCan('desktop-set-maintenance');
  const alarms = useAlarmCounts();
  const canPower = useCan('desktop-bulk');
  const canAssign = useCan('desktop-assign');
  // Esc closes the drawer (unless a dialog is open: Esc is the dialog's then).
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('.pf-v6-c-backdrop')) return;
      closeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const target = d ? { id: d.id, name: d.name, sessions: d.sessionCount, user: row?.user ?? null, pool: row?.pool ?? d.poolId } : null;
  const powerActions: DesktopAction[] = !d ? [] : d.powerState === 'poweredOn' ? ['restart', 'reset', 'suspend', 'power-off'] : ['power-on'];
  return (
    <DrawerPanelContent widths={{ default: tab === 'details' ? 'width_33' : 'width_50' }} minSize="26rem" data-testid="desktop-panel">
      <DrawerHead>
        <Title headingLevel="h2" size="lg" data-testid="desktop-panel-name">
          {name} {d ? <AlarmCountLabel counts={alarms} kind="desktop" id={d.id} name={d.name} testId="desktop-panel-alarms" /> : null}
        </Title>
        <DrawerActions>
          <DrawerCloseButton onClick={onClose} aria-label="Close details" />
        </DrawerActions>
      </DrawerHead>
      <DrawerPanelBody>
        {error ? <ApiErrorAlert error={error} title="Could not load the desktop" onRetry={reload} /> : null}
        {!d ? (
          error ? null : (
            <CenteredSpinner label="Loading the desktop" />
          )
        ) : (
          <>
            <Flex gap={{ default: 'gapSm' }} style={{ marginBottom: 'var(--pf-t--global--spacer--md)' }}>
              <MachineStateLabel state={d.state} testId="desktop-panel-state" />
              <PowerStateText state={d.powerState} />
            </Flex>
            {d.problem || isProblemState(d.state) ? (
              <Alert variant="danger" isInline isPlain title="Problem machine" className="vdi-alert" data-testid="desktop-panel-problem">
                {d.problem ?? `The machine is in ${d.state}.`}
              </Alert>
            ) : null}
            {tab === 'details' ? <SnapshotChainWarning desktopId={d.id} onOpen={() => setTab('snapshots')} /> : null}
            <Tabs
              activeKey={tab}
              onSelect={(_e, k) => setTab(k as 'details' | 'snapshots' | 'hardware')}
              aria-label="Desktop sections"
              isBox={false}
              className="vdi-tabs"
              mountOnEnter
              unmountOnExit
            >
              <Tab tabContentId="desktop-tab-panel" eventKey="details" title={<TabTitleText>Details</TabTitleText>} data-testid="desktop-tab-details" />
              <Tab tabContentId="desktop-tab-panel" eventKey="snapshots" title={<TabTitleText>Snapshots</TabTitleText>} data-testid="desktop-tab-snapshots" />
              <Tab tabContentId="desktop-tab-panel" eventKey="hardware" title={<TabTitleText>Hardware</TabTitleText>} data-testid="desktop-tab-hardware" />
            </Tabs>
            <div style={{ paddingTop: 'var(--pf-t--global--spacer--md)' }} id="desktop-tab-panel" role="tabpanel" aria-label="Desktop section">
              {tab === 'snapshots' ? <SnapshotsTab desktop={d} /> : null}
              {tab === 'hardware' ? <DesktopHardwareTab desktop={d} /> : null}
              {tab === 'details' ? (
                <>
                  {action.error ? (
                    <ApiErrorAlert error={action.error} title="The maintenance change was refused" onClose={action.clearError} testId="desktop-action-error" />
                  ) : null}
                  {canMaintain ? (
                    <Button
                      variant={inMaintenance ? 'primary' : 'secondary'}
                      icon={<WrenchIcon />}
                      onClick={() => void toggleMaintenance()}
                      isLoading={action.busy}
                      isDisabled={action.busy}
                      data-testid="desktop-maintenance-button"
                      size="sm"
                      style={{ marginBottom: 'var(--pf-t--global--spacer--md)' }}
                    >
                      {inMaintenance ? 'Exit maintenance mode' : 'Enter maintenance mode'}
                    </Button>
                  ) : null}
                  {canPower ? (
                    <Flex gap={{ default: 'gapSm' }} className="vdi-drawer-actions" data-testid="desktop-power-actions">
                      {powerActions.map((a) => (
                        <Button
                          key={a}
                          size="sm"
                          variant="secondary"
                          isDanger={DESKTOP_ACTION_SPECS[a].danger}
                          onClick={() => target && power.start(a, [target])}
                          isDisabled={power.busy}
                          data-testid={`desktop-${a}`}
                        >
                          {DESKTOP_ACTION_SPECS[a].label}…
                        </Button>
                      ))}
                    </Flex>
                  ) : null}
                  {power.modal}
                  <DesktopMigrateAction desktop={d} />
                  {canAssign ? <DesktopAssignment desktop={d} onChanged={reload} /> : null}
                  <DescriptionList isCompact isHorizontal horizontalTermWidthModifier={{ default: '8.5rem' }} className="vdi-dl">
                    <Field term="State since">{formatSimTime(d.stateSince)} UTC</Field>
                    <Field term="Desktop pool">
                      <a href={href(`/pools/${d.poolId}`)}>{row?.pool ?? d.poolId}</a>
                    </Field>
                    <Field term="Host">
                      <a href={href(`/hosts/${d.hostId}`)}>{row?.host ?? d.hostId}</a>
                    </Field>
                    <Field term="Datastore">{row?.datastore ?? d.datastoreId}</Field>
                    <Field term="Assigned user" testId="desktop-panel-user">
                      {row?.user ?? d.assignedUserId ?? <span className="vdi-muted">Unassigned</span>}
                    </Field>
                    <Field term="Sessions">{d.sessionCount}</Field>
                    <Field term="Image">{imageText ?? <span className="vdi-muted">None (manual)</span>}</Field>
                    <Field term="Hardware">
                      {d.vcpu} vCPU · {d.ramGb} GB RAM · {d.diskGb} GB disk
                    </Field>
                    <Field term="IP address">{d.ip || '—'}</Field>
                    <Field term="Agent version">{d.agentVersion || '—'}</Field>
                    <Field term="Machine ID">
                      <code>{d.id}</code>
                    </Field>
                  </DescriptionList>
                </>
              ) : null}
            </div>
          </>
        )}
      </DrawerPanelBody>
    </DrawerPanelContent>
  );
}
