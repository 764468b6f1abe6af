import { useState } from 'react';
import {
  Alert,
  Button,
  Flex,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  Pagination,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { AuditOutcome, AuditVerification } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NoMatches } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { downloadText } from '../../components/download.ts';

/** A datetime-local value (the browser's local time) as ISO, or undefined when empty. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The wall clock in the viewer's time zone, date and time on two lines. */
function Wall({ iso, utc = false }: { iso: string; utc?: boolean }) {
  const d = new Date(iso);
  const tz = utc ? { timeZone: 'UTC' } : {};
  return (
    <>
      <div>{d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', ...tz })}</div>
      <div>{d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', ...tz })}</div>
    </>
  );
}

/**
 * The audit trail (route /audit): every request the host answered that changed something or was
 * refused, newest first, from audit.sqlite (it outlives restores, imports and resets). Pages are
 * anchored at the newest row when the filter was set, so rows arriving meanwhile do not shift them.
 */
export function AuditView() {
  const [user, setUser] = useState('');
  const [method, setMethod] = useState('');
  const [outcome, setOutcome] = useState<AuditOutcome | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(50);
  const [anchor, setAnchor] = useState<number | undefined>(undefined);
  const [verified, setVerified] = useState<AuditVerification | null>(null);
  const action = useAction();

  const filter = {
    ...(user ? { user } : {}),
    ...(method ? { method } : {}),
    ...(outcome ? { outcome } : {}),
    ...(isoOf(from) ? { from: isoOf(from) } : {}),
    ...(isoOf(to) ? { to: isoOf(to) } : {}),
  };
  const list = useApi('audit-list', { ...filter, offset: (page - 1) * perPage, limit: perPage, ...(anchor !== undefined ? { untilSeq: anchor } : {}) });
  // A new filter starts again at the newest row.
  const refilter = (fn: () => void) => {
    fn();
    setPage(1);
    setAnchor(undefined);
  };
  const headSeq = list.data?.headSeq;
  const goTo = (p: number) => {
    if (anchor === undefined && headSeq !== undefined) setAnchor(headSeq);
    setPage(p);
  };

  const exportCsv = async () => {
    const r = await action.run(() => getClient().call('audit-export', filter));
    if (!r) return;
    downloadText(`audit-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}.csv`, 'text/csv', r.csv);
    notifySuccess(`${r.rows} audit rows exported${r.truncated ? ' (the newest 100,000)' : ''}`);
  };
  const verify = async () => {
    const r = await action.run(() => getClient().call('audit-verify', {}));
    if (r) setVerified(r);
  };

  return (
    <>
      <ViewHeader
        title="Audit trail"
        titleTestId="audit-title"
        description="Every change and every refused request, whoever made it and however it came (console, CLI, HTTP API, Horizon REST), with the wall clock and the lab's simulated clock. It is kept outside the lab: a restore, an import or a reset does not touch it."
        actions={
          <Flex gap={{ default: 'gapSm' }}>
            <Button variant="secondary" onClick={() => void verify()} isLoading={action.busy} data-testid="audit-verify-button">
              Verify chain
            </Button>
            <Button variant="secondary" onClick={() => void exportCsv()} data-testid="audit-export-button">
              Export CSV
            </Button>
          </Flex>
        }
      />
      <PageSection>
        {action.error ? <ApiErrorAlert error={action.error} onClose={action.clearError} /> : null}
        {verified ? (
          <Alert
            isInline
            variant={verified.ok ? 'success' : 'danger'}
            title={
              verified.ok
                ? `The hash chain holds: ${verified.rows} rows, each hashing the one before it.`
                : `The chain is broken at row ${verified.firstBroken?.seq}: ${verified.firstBroken?.reason}.`
            }
            data-testid="audit-verify-result"
            className="vdi-alert"
          />
        ) : null}
        <Toolbar className="vdi-audit-toolbar">
          <ToolbarContent>
            <ToolbarItem>
              <TextInput aria-label="Who" placeholder="Who" value={user} onChange={(_e, v) => refilter(() => setUser(v))} data-testid="audit-filter-user" />
            </ToolbarItem>
            <ToolbarItem>
              <TextInput
                aria-label="Method"
                placeholder="Method"
                value={method}
                onChange={(_e, v) => refilter(() => setMethod(v))}
                data-testid="audit-filter-method"
              />
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect
                aria-label="Outcome"
                value={outcome}
                onChange={(_e, v) => refilter(() => setOutcome(v as AuditOutcome | ''))}
                data-testid="audit-filter-outcome"
              >
                <FormSelectOption value="" label="Any outcome" />
                <FormSelectOption value="ok" label="Allowed (ok)" />
                <FormSelectOption value="error" label="Refused or failed" />
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <TextInput
                type="datetime-local"
                aria-label="From (wall clock)"
                value={from}
                onChange={(_e, v) => refilter(() => setFrom(v))}
                data-testid="audit-filter-from"
              />
            </ToolbarItem>
            <ToolbarItem>
              <TextInput
                type="datetime-local"
                aria-label="To (wall clock)"
                value={to}
                onChange={(_e, v) => refilter(() => setTo(v))}
                data-testid="audit-filter-to"
              />
            </ToolbarItem>
            <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
              <Pagination
                itemCount={list.data?.total ?? 0}
                page={page}
                perPage={perPage}
                perPageOptions={[25, 50, 100, 200].map((n) => ({ title: String(n), value: n }))}
                onSetPage={(_e, p) => goTo(p)}
                onPerPageSelect={(_e, n) => (setPerPage(n), goTo(1))}
                isCompact
                data-testid="audit-pagination"
              />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {list.error ? <ApiErrorAlert error={list.error} onRetry={list.reload} /> : null}
        {!list.data ? (
          list.error ? null : (
            <CenteredSpinner label="Reading the audit trail" />
          )
        ) : list.data.rows.length === 0 ? (
          <NoMatches what="audit rows" />
        ) : (
          <Table aria-label="Audit trail" variant="compact" className="vdi-audit-table" data-testid="audit-table">
            <Thead>
              <Tr>
                <Th>#</Th>
                <Th modifier="nowrap">Wall clock</Th>
                <Th modifier="nowrap">Simulated (UTC)</Th>
                <Th>Who</Th>
                <Th>Transport</Th>
                <Th>Method</Th>
                <Th>Input</Th>
                <Th modifier="nowrap">Outcome</Th>
              </Tr>
            </Thead>
            <Tbody>
              {list.data.rows.map((r) => (
                <Tr key={r.seq} data-testid={`audit-row-${r.seq}`}>
                  <Td dataLabel="#">{r.seq}</Td>
                  <Td dataLabel="Wall clock" className="vdi-audit-when">
                    <Wall iso={r.wallTime} />
                  </Td>
                  <Td dataLabel="Simulated" className="vdi-audit-when">
                    {r.simTime ? <Wall iso={r.simTime} utc /> : '—'}
                  </Td>
                  <Td dataLabel="Who">
                    <div>{r.user}</div>
                    <div className="vdi-muted vdi-nowrap">{r.role}</div>
                  </Td>
                  <Td dataLabel="Transport">{r.transport}</Td>
                  <Td dataLabel="Method" className="vdi-audit-method">
                    <code>{r.method}</code>
                  </Td>
                  <Td dataLabel="Input" className="vdi-audit-input">
                    <code title={r.input}>{r.input.length > 120 ? `${r.input.slice(0, 120)}…` : r.input}</code>
                  </Td>
                  <Td dataLabel="Outcome" data-testid={`audit-row-${r.seq}-outcome`}>
                    {r.outcome === 'ok' ? (
                      <Label color="green" isCompact>
                        ok
                      </Label>
                    ) : (
                      <span title={r.message ?? ''}>
                        <Label color={r.code === 'forbidden' || r.code === 'unauthorized' ? 'red' : 'orange'} isCompact>
                          {r.code}
                        </Label>
                      </span>
                    )}
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
