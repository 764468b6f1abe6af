import { useState } from 'react';
import { Button, Content, Label, PageSection } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { FaultRow } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useClock } from '../../state/clock-store.ts';
import { useCan } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatDuration, formatSimTimeSeconds } from '../../components/format.ts';
import { InjectFaultModal } from './InjectFaultModal.tsx';
import { withUnit } from './units.ts';

const STATE_COLOR = { scheduled: 'blue', active: 'red', ended: 'grey', cleared: 'grey' } as const;

function paramsText(f: FaultRow, specs: Record<string, { label: string; unit: string }>): string {
  const parts = Object.entries(f.params).map(([k, v]) => `${specs[k]?.label ?? k}: ${withUnit(v, specs[k]?.unit ?? '')}`);
  return parts.length ? parts.join(' · ') : '—';
}

/** Seconds a fault has been active by the simulated clock now (the list is fetched when a fault starts or ends, the clock ticks between). */
function activeFor(f: FaultRow, now: string | undefined): number {
  if (f.state !== 'active' || !now) return f.activeSec;
  const end = Math.min(Date.parse(now), f.endAt ? Date.parse(f.endAt) : Number.POSITIVE_INFINITY);
  return Math.max(f.activeSec, (end - Date.parse(f.startAt)) / 1000);
}

/**
 * Fault injection (route /faults): the instructor injects a fault of the catalogue on a target,
 * now or later, for a while or until cleared, and sees every fault with its state and times.
 * Faults act through the models (docs/FAULTS.md).
 */
export function FaultsView() {
  const list = useApi('fault-list', {}, { refreshOn: ['events', 'lab'], minIntervalMs: 1000 });
  const catalogue = useApi('fault-catalogue', {});
  const [injecting, setInjecting] = useState(false);
  const action = useAction();
  // The host refuses a role without the 'simulate' permission; the page does not offer what would be refused.
  const canInject = useCan('fault-inject');
  const now = useClock((c) => c.clock?.simTime);
  const specs: Record<string, Record<string, { label: string; unit: string }>> = {};
  for (const k of catalogue.data?.kinds ?? []) specs[k.kind] = k.params;

  const clear = async (f: FaultRow) => {
    const r = await action.run(() => getClient().call('fault-clear', { id: f.id }));
    if (r) {
      notifySuccess(`Fault #${f.id} ${f.state === 'scheduled' ? 'cancelled' : 'cleared'}`);
      list.reload();
    }
  };

  return (
    <>
      {injecting && catalogue.data ? (
        <InjectFaultModal
          kinds={catalogue.data.kinds}
          onClose={(done) => {
            setInjecting(false);
            if (done) list.reload();
          }}
        />
      ) : null}
      <ViewHeader
        title="Fault injection"
        titleTestId="faults-title"
        description="Training: inject a realistic incident into the running lab — a slow datastore, a Connection Server outage, a runaway process — now or later, and clear it when the lesson is over. Faults act through the models: the figures move as they would in a real estate."
        actions={
          canInject ? (
            <Button onClick={() => setInjecting(true)} isDisabled={!catalogue.data} data-testid="fault-inject-button">
              Inject fault…
            </Button>
          ) : null
        }
      />
      <PageSection hasBodyWrapper={false}>
        {list.error ? <ApiErrorAlert error={list.error} title="Could not load the faults" onRetry={list.reload} /> : null}
        {action.error ? (
          <ApiErrorAlert error={action.error} title="The fault could not be cleared" onClose={action.clearError} testId="fault-action-error" />
        ) : null}
        {!list.data ? (
          list.error ? null : (
            <CenteredSpinner label="Loading the faults" />
          )
        ) : list.data.faults.length === 0 ? (
          <NothingHere title="No faults injected" body="Inject one to start an incident: its start and end appear in the events list too." />
        ) : (
          <Table aria-label="Injected faults" variant="compact" data-testid="faults-table">
            <Thead>
              <Tr>
                <Th>#</Th>
                <Th>Fault</Th>
                <Th>Target</Th>
                <Th>State</Th>
                <Th info={{ tooltip: 'Simulated time (UTC)' }}>Start</Th>
                <Th info={{ tooltip: 'Simulated time (UTC); "until cleared" when it has no duration' }}>End</Th>
                <Th>Active for</Th>
                <Th>Parameters</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {list.data.faults.map((f) => (
                <Tr key={f.id} data-testid={`fault-row-${f.id}`}>
                  <Td dataLabel="#">{f.id}</Td>
                  <Td dataLabel="Fault">
                    <strong>{f.label}</strong>
                  </Td>
                  <Td dataLabel="Target">
                    {f.target.type === 'global' ? <span className="vdi-muted">whole estate</span> : f.target.name}
                    {f.target.type !== 'global' ? (
                      <Content component="small" className="vdi-muted" style={{ display: 'block' }}>
                        {f.target.type}
                      </Content>
                    ) : null}
                    {f.machines && f.machines.length > 0 ? (
                      <Content component="small" style={{ display: 'block' }} data-testid={`fault-machines-${f.id}`}>
                        Snapshot on {f.machines.map((m) => m.name).join(', ')}
                      </Content>
                    ) : null}
                  </Td>
                  <Td dataLabel="State" data-testid={`fault-state-${f.id}`}>
                    <Label isCompact color={STATE_COLOR[f.state]}>
                      {f.state}
                    </Label>
                  </Td>
                  <Td dataLabel="Start">{formatSimTimeSeconds(f.startAt)}</Td>
                  <Td dataLabel="End">
                    {f.endAt ? formatSimTimeSeconds(f.endAt) : f.state === 'cleared' ? '—' : <span className="vdi-muted">until cleared</span>}
                  </Td>
                  <Td dataLabel="Active for" data-testid={`fault-active-${f.id}`}>
                    {activeFor(f, now) > 0 ? formatDuration(activeFor(f, now)) : '—'}
                  </Td>
                  <Td dataLabel="Parameters" className="vdi-muted">
                    {paramsText(f, specs[f.kind] ?? {})}
                  </Td>
                  <Td isActionCell>
                    {canInject && (f.state === 'active' || f.state === 'scheduled') ? (
                      <Button size="sm" variant="secondary" onClick={() => void clear(f)} isDisabled={action.busy} data-testid={`fault-clear-${f.id}`}>
                        {f.state === 'scheduled' ? 'Cancel' : 'Clear'}
                      </Button>
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </PageSection>
    </>
  );
}
