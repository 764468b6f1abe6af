import { useState } from 'react';
import { Button, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { AlarmDefinition } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { TableSkeleton } from '../../components/States.tsx';
import { humanize } from '../../components/format.ts';
import { useApi } from '../../state/use-api.ts';
import { DefinitionModal } from './DefinitionModal.tsx';
import { Can } from '../../components/Can.tsx';

const level = (d: AlarmDefinition, v: number | null) => {
  if (v === null) return <span className="vdi-muted">—</span>;
  if (d.unit === 'condition') return 'when true';
  return `${d.direction === 'above' ? '>' : '<'} ${v}${d.unit === 'state' ? '' : ` ${d.unit}`}`;
};

/** The lab's alarm definitions: what each watches, its levels, how long, where the figures come from; Edit opens the form. */
export function DefinitionsTable() {
  const { data, error, reload } = useApi('alarm-definition-list', {}, { refreshOn: ['lab'] });
  const [editing, setEditing] = useState<AlarmDefinition | null>(null);
  if (error) return <ApiErrorAlert error={error} title="Could not load the alarm definitions" onRetry={reload} />;
  if (!data) return <TableSkeleton />;
  return (
    <>
      <Table aria-label="Alarm definitions" variant="compact" data-testid="alarm-definitions-table">
        <Thead>
          <Tr>
            <Th width={20}>Definition</Th>
            <Th>Object</Th>
            <Th>Warning</Th>
            <Th>Critical</Th>
            <Th>For</Th>
            <Th width={30}>Source</Th>
            <Th>State</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>
          {data.map((d) => (
            <Tr key={d.id} data-testid={`alarm-def-${d.id}-row`}>
              <Td dataLabel="Definition">
                <strong>{d.name}</strong>
                <div className="vdi-muted vdi-clamp2" title={d.description}>
                  {d.description}
                </div>
              </Td>
              <Td dataLabel="Object">{humanize(d.objectKind)}</Td>
              <Td dataLabel="Warning" data-testid={`alarm-def-${d.id}-warning`}>
                {level(d, d.warning)}
              </Td>
              <Td dataLabel="Critical" data-testid={`alarm-def-${d.id}-critical`}>
                {level(d, d.critical)}
              </Td>
              <Td dataLabel="For">
                {d.durationSeconds
                  ? `${d.durationSeconds / 60 >= 1 && d.durationSeconds % 60 === 0 ? `${d.durationSeconds / 60} min` : `${d.durationSeconds} s`}`
                  : 'at once'}
              </Td>
              <Td dataLabel="Source">
                <span className="vdi-muted vdi-clamp2" title={d.source}>
                  {d.source}
                </span>
              </Td>
              <Td dataLabel="State">
                <Label isCompact color={d.enabled ? 'green' : 'grey'}>
                  {d.enabled ? 'On' : 'Off'}
                </Label>
              </Td>
              <Td isActionCell>
                <Can method="alarm-definition-update">
                  <Button variant="secondary" size="sm" onClick={() => setEditing(d)} data-testid={`alarm-def-${d.id}-edit`}>
                    Edit
                  </Button>
                </Can>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      {editing ? (
        <DefinitionModal
          def={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
