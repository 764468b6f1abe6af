import { useEffect } from 'react';
import {
  Button,
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  PageSection,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { FaultRule, Input, RequestLogEntry } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { notifySuccess } from '../../state/toast-store.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { FaultForm } from './FaultForm.tsx';

/** How often the request log is read again while the page is open. */
const LOG_POLL_MS = 2000;

function matchText(r: FaultRule): string {
  const m = r.match;
  return [
    m.operationId,
    m.method && m.path ? `${m.method} ${m.path}` : m.path,
    m.pathPrefix ? `${m.pathPrefix}…` : undefined,
    m.apiMethod ? `/api/v1/${m.apiMethod}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

function statusColor(status: number): 'green' | 'orange' | 'red' | 'grey' {
  return status < 300 ? 'green' : status < 500 ? 'orange' : 'red';
}

/**
 * The HTTP API page (route /http-api): how scripts log in to the Horizon-compatible /rest API and
 * POST /api/v1, the injected faults that make it fail on purpose (so script authors can test their
 * retries), and the log of every request (method, path, status, duration, caller; never a secret).
 */
export function HttpApiView() {
  const creds = useApi('rest-credentials-get', {});
  const faults = useApi('rest-fault-list', {});
  const log = useApi('rest-log-list', { limit: 200 });
  const action = useAction();
  const reloadLog = log.reload;
  const reloadFaults = faults.reload;

  // The log is not lab data (no push tells the page about it): read it again every few seconds.
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') {
        reloadLog();
        reloadFaults();
      }
    }, LOG_POLL_MS);
    return () => clearInterval(t);
  }, [reloadLog, reloadFaults]);

  const add = async (rule: Input<'rest-fault-set'>) => {
    const r = await action.run(() => getClient().call('rest-fault-set', rule));
    if (r) {
      notifySuccess(`Fault "${r.id}" is active`);
      faults.reload();
    }
  };
  const remove = async (id?: string) => {
    const r = await action.run(() => getClient().call('rest-fault-clear', id ? { id } : {}));
    if (r) faults.reload();
  };

  const base = `${location.protocol}//${location.host}`;
  const c = creds.data;
  return (
    <>
      <ViewHeader
        title="HTTP API"
        titleTestId="http-api-title"
        description="Scripts reach this lab over the Horizon-compatible REST API and POST /api/v1. Inject faults to test their retries; every request is logged here."
      />
      <PageSection hasBodyWrapper={false}>
        {action.error ? <ApiErrorAlert error={action.error} title="The change was refused" onClose={action.clearError} testId="http-api-error" /> : null}
        <Card isCompact data-testid="http-api-connect">
          <CardTitle>Connect a script</CardTitle>
          <CardBody>
            {creds.error ? <ApiErrorAlert error={creds.error} onRetry={creds.reload} /> : null}
            {c ? (
              <DescriptionList isHorizontal isCompact>
                <DescriptionListGroup>
                  <DescriptionListTerm>Horizon REST</DescriptionListTerm>
                  <DescriptionListDescription>
                    <code>POST {base}/rest/login</code> with <code>{`{"username": "${c.username}", "domain": "${c.domain}", "password": …}`}</code>
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>Password</DescriptionListTerm>
                  <DescriptionListDescription data-testid="http-api-password-source">
                    {c.passwordSource === 'console-token'
                      ? 'the console token (the token= value of the URL vdi-console serve printed)'
                      : c.passwordSource === 'environment'
                        ? 'set by VDI_CONSOLE_REST_PASSWORD'
                        : 'no HTTP server serves this lab'}
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>Tokens</DescriptionListTerm>
                  <DescriptionListDescription>
                    access {Math.round(c.accessTokenTtlSeconds / 60)} min, refresh {Math.round(c.refreshTokenTtlSeconds / 3600)} h (wall clock)
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>Console API</DescriptionListTerm>
                  <DescriptionListDescription>
                    <code>POST {base}/api/v1/&#123;method&#125;</code> with <code>Authorization: Bearer …</code>; document at{' '}
                    <code>{base}/api/openapi.json</code>
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>Script tokens</DescriptionListTerm>
                  <DescriptionListDescription data-testid="http-api-script-tokens">
                    {c.scriptTokens.length
                      ? c.scriptTokens.map((t) => `${t.id} ${t.name} (${t.role})`).join(', ')
                      : 'none yet — vdi-console token create --role administrator'}
                  </DescriptionListDescription>
                </DescriptionListGroup>
              </DescriptionList>
            ) : creds.error ? null : (
              <CenteredSpinner />
            )}
          </CardBody>
        </Card>
      </PageSection>
      <PageSection hasBodyWrapper={false}>
        <Card isCompact data-testid="http-api-faults">
          <CardTitle>Injected faults</CardTitle>
          <CardBody>
            <FaultForm busy={action.busy} onAdd={(r) => void add(r)} />
            {faults.data && faults.data.length > 0 ? (
              <Table aria-label="Injected faults" variant="compact" data-testid="faults-table">
                <Thead>
                  <Tr>
                    <Th>Rule</Th>
                    <Th>Matches</Th>
                    <Th>Answer</Th>
                    <Th>Probability</Th>
                    <Th>Left</Th>
                    <Th>Fired</Th>
                    <Th screenReaderText="Actions" />
                  </Tr>
                </Thead>
                <Tbody>
                  {faults.data.map((r) => (
                    <Tr key={r.id} data-testid={`fault-row-${r.id}`}>
                      <Td dataLabel="Rule">
                        <strong>{r.id}</strong> {r.when === 'after' ? <Label isCompact>after the operation</Label> : null}
                      </Td>
                      <Td dataLabel="Matches">
                        <code>{matchText(r)}</code>
                      </Td>
                      <Td dataLabel="Answer">
                        {[r.status !== undefined ? `HTTP ${r.status}` : null, r.delayMs ? `+${r.delayMs} ms` : null].filter(Boolean).join(', ')}
                      </Td>
                      <Td dataLabel="Probability">{r.probability}</Td>
                      <Td dataLabel="Left">{r.count === null ? '∞' : r.count}</Td>
                      <Td dataLabel="Fired" data-testid={`fault-fired-${r.id}`}>
                        {r.fired}
                      </Td>
                      <Td isActionCell>
                        <Button size="sm" variant="plain" isDanger onClick={() => void remove(r.id)} data-testid={`fault-delete-${r.id}`}>
                          Delete
                        </Button>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            ) : null}
          </CardBody>
        </Card>
      </PageSection>
      <PageSection hasBodyWrapper={false}>
        <Card isCompact data-testid="http-api-log">
          <CardTitle>Request log</CardTitle>
          <CardBody>
            {log.error ? <ApiErrorAlert error={log.error} onRetry={log.reload} /> : null}
            {!log.data ? (
              log.error ? null : (
                <CenteredSpinner label="Loading the request log" />
              )
            ) : log.data.entries.length === 0 ? (
              <NothingHere title="No requests yet" body="Requests to /rest and /api/v1 show here as they arrive." />
            ) : (
              <Table aria-label="Request log" variant="compact" data-testid="request-log-table">
                <Thead>
                  <Tr>
                    <Th>Time (UTC)</Th>
                    <Th>Caller</Th>
                    <Th>Request</Th>
                    <Th>Status</Th>
                    <Th>Duration</Th>
                    <Th>Fault</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {log.data.entries.map((e: RequestLogEntry) => (
                    <Tr key={e.id} data-testid={`request-log-row-${e.id}`}>
                      <Td dataLabel="Time">{e.wallTime.slice(11, 23)}</Td>
                      <Td dataLabel="Caller">{e.caller}</Td>
                      <Td dataLabel="Request">
                        <code>
                          {e.method} {e.path}
                        </code>
                        {e.operation ? <span className="vdi-muted"> {e.operation}</span> : null}
                      </Td>
                      <Td dataLabel="Status">
                        <Label isCompact color={statusColor(e.status)} data-testid={`request-log-status-${e.id}`}>
                          {e.status}
                        </Label>
                        {e.errorKey ? <span className="vdi-muted"> {e.errorKey}</span> : null}
                      </Td>
                      <Td dataLabel="Duration">{e.durationMs} ms</Td>
                      <Td dataLabel="Fault">{e.fault ?? ''}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </CardBody>
        </Card>
      </PageSection>
    </>
  );
}
