import { useState } from 'react';
import { Button, Card, CardBody, CardHeader, CardTitle, Label } from '@patternfly/react-core';
import DownloadIcon from '@patternfly/react-icons/dist/esm/icons/download-icon';
import PencilAltIcon from '@patternfly/react-icons/dist/esm/icons/pencil-alt-icon';
import TrashIcon from '@patternfly/react-icons/dist/esm/icons/trash-icon';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { TableSkeleton } from '../../components/States.tsx';
import { formatInt } from '../../components/format.ts';
import { navigate } from '../../router/hash-router.ts';
import { useCan } from '../../state/whoami-store.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { capCall } from './capacity-api.ts';
import { useCapacity } from './capacity-store.ts';
import { hardwareText, sessionHostText, workloadShort } from './capacity-text.ts';
import { downloadText } from './download.ts';
import type { CapacityDefinitionRecord } from './model/contract-types.ts';
import { definitionFileName } from './model/parse-definition.ts';

/** Test id of a definition row: from its name, like every entity id in the console. */
export const defTestId = (r: CapacityDefinitionRecord) => `cap-def-${r.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;

/** The examples shipped with the console and the lab's saved definitions: run one as it is, or open it in the wizard. */
export function DefinitionsCard() {
  const definitions = useCapacity((s) => s.definitions);
  const error = useCapacity((s) => s.definitionsError);
  const action = useAction();
  const [pending, setPending] = useState<string | null>(null);
  // Running a test and deleting a saved one are configuration: not offered to other roles.
  const canRun = useCan('capacity-run-start');
  const canDelete = useCan('capacity-definition-delete');

  const runNow = async (r: CapacityDefinitionRecord) => {
    setPending(r.id);
    const run = await action.run(() => capCall('capacity-run-start', { definition: r.definition }));
    setPending(null);
    if (run) {
      useCapacity.getState().upsertRuns([run]);
      navigate(`/capacity/runs/${run.id}`);
    }
  };
  const remove = async (r: CapacityDefinitionRecord) => {
    const done = await action.run(() => capCall('capacity-definition-delete', { id: r.id }));
    if (done) {
      notifySuccess(`Deleted test definition ${r.name}`);
      void useCapacity.getState().loadDefinitions();
    }
  };

  return (
    <Card isCompact data-testid="cap-definitions">
      <CardHeader>
        <CardTitle>Test definitions</CardTitle>
      </CardHeader>
      <CardBody>
        {error ? (
          <ApiErrorAlert error={error} title="Could not load the test definitions" onRetry={() => void useCapacity.getState().loadDefinitions()} />
        ) : null}
        {action.error ? <ApiErrorAlert error={action.error} onClose={action.clearError} testId="cap-definitions-error" /> : null}
        {!definitions ? (
          error ? null : (
            <TableSkeleton rows={3} />
          )
        ) : (
          <Table variant="compact" aria-label="Capacity test definitions" className="vdi-cap-table">
            <Thead>
              <Tr>
                <Th>Name</Th>
                <Th>Hosts</Th>
                <Th>VMs</Th>
                <Th>Workload</Th>
                <Th className="pf-v6-u-text-align-right" modifier="nowrap">
                  Sessions
                </Th>
                <Th screenReaderText="Actions" modifier="fitContent" />
              </Tr>
            </Thead>
            <Tbody>
              {definitions.length === 0 ? (
                <Tr>
                  <Td colSpan={6} className="vdi-muted" data-testid="cap-definitions-empty">
                    No test definitions yet: start a New test and save it to the lab, or load a JSON file.
                  </Td>
                </Tr>
              ) : null}
              {definitions.map((r) => (
                <Tr key={r.id} data-testid={defTestId(r)}>
                  <Td dataLabel="Name">
                    <span className="vdi-cap-defname" title={r.definition.description || undefined}>
                      {r.name}
                    </span>{' '}
                    {r.source === 'example' ? (
                      <Label isCompact color="purple">
                        Example
                      </Label>
                    ) : (
                      <Label isCompact color="blue">
                        Saved
                      </Label>
                    )}
                  </Td>
                  <Td dataLabel="Hosts">{hardwareText(r.definition)}</Td>
                  <Td dataLabel="VMs">{sessionHostText(r.definition)}</Td>
                  <Td dataLabel="Workload">{workloadShort(r.definition)}</Td>
                  <Td dataLabel="Sessions" className="pf-v6-u-text-align-right">
                    {formatInt(r.definition.launch.sessions)}
                  </Td>
                  <Td className="vdi-cap-actions" modifier="fitContent">
                    {canRun ? (
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => void runNow(r)}
                        isLoading={pending === r.id}
                        isDisabled={pending !== null}
                        data-testid={`${defTestId(r)}-run`}
                      >
                        Run
                      </Button>
                    ) : null}
                    <Button
                      size="sm"
                      variant="plain"
                      icon={<PencilAltIcon />}
                      aria-label={r.source === 'saved' ? `Edit ${r.name}` : `Open ${r.name} in the wizard`}
                      title={r.source === 'saved' ? 'Edit in the wizard' : 'Open in the wizard (change, run, save as your own)'}
                      onClick={() => navigate(`/capacity?new=1&from=${encodeURIComponent(r.id)}`)}
                      data-testid={`${defTestId(r)}-open`}
                    />
                    <Button
                      size="sm"
                      variant="plain"
                      icon={<DownloadIcon />}
                      aria-label={`Save ${r.name} as JSON`}
                      title="Save as a JSON file"
                      onClick={() => downloadText(definitionFileName(r.definition), 'application/json', `${JSON.stringify(r.definition, null, 2)}\n`)}
                    />
                    {r.source === 'saved' && canDelete ? (
                      <Button
                        size="sm"
                        variant="plain"
                        isDanger
                        icon={<TrashIcon />}
                        aria-label={`Delete ${r.name}`}
                        title="Delete"
                        onClick={() => void remove(r)}
                        data-testid={`${defTestId(r)}-delete`}
                      />
                    ) : (
                      <span className="vdi-cap-actions__spacer" aria-hidden />
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}
