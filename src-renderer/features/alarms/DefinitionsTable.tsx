import { useState } from 'react';
import { Button, Flex, Label, Switch } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { AlarmDefinition } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { TableSkeleton } from '../../components/States.tsx';
import { humanize } from '../../components/format.ts';
import { useApi } from '../../state/use-api.ts';
import { DefinitionModal } from './DefinitionModal.tsx';
import { Can } from '../../components/Can.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { useCan } from '../../state/whoami-store.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { NewDefinitionModal } from './NewDefinitionModal.tsx';

const level = (d: AlarmDefinition, v: number | null) => {
  if (v === null) return <span className="vdi-muted">—</span>;
  if (d.unit === 'condition') return 'when true';
  return `${d.direction === 'above' ? '>' : '<'} ${v}${d.unit === 'state' ? '' : ` ${d.unit}`}`;
};

/**
 * The lab's alarm definitions: what each watches, its levels, how long, where the figures come from.
 * Administrators add one, switch one on or off in place, edit it (the form) and delete one they
 * added (a default one can only be switched off); other roles see the table only.
 */
export function DefinitionsTable() {
  const { data, error, reload } = useApi('alarm-definition-list', {}, { refreshOn: ['lab'] });
  const [editing, setEditing] = useState<AlarmDefinition | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<AlarmDefinition | null>(null);
  const canUpdate = useCan('alarm-definition-update');
  const toggle = useAction();
  const del = useAction();
  if (error) return <ApiErrorAlert error={error} title="Could not load the alarm definitions" onRetry={reload} />;
  if (!data) return <TableSkeleton />;
  const setEnabled = async (d: AlarmDefinition, enabled: boolean) => {
    const r = await toggle.run(() => getClient().call('alarm-definition-update', { id: d.id, changes: { enabled } }));
    if (r) {
      notifySuccess(`"${r.name}" ${enabled ? 'enabled' : 'disabled'}`);
      reload();
    }
  };
  const remove = async (d: AlarmDefinition) => {
    const r = await del.run(() => getClient().call('alarm-definition-delete', { id: d.id }));
    if (r) {
      notifySuccess(`Alarm definition "${d.name}" deleted`);
      setDeleting(null);
      reload();
    }
  };
  return (
    <>
      <Can method="alarm-definition-create">
        <Flex justifyContent={{ default: 'justifyContentFlexEnd' }} className="vdi-toolbar-row">
          <Button variant="primary" onClick={() => setAdding(true)} data-testid="alarm-def-add">
            Add alarm definition
          </Button>
        </Flex>
      </Can>
      {toggle.error ? <ApiErrorAlert error={toggle.error} onClose={toggle.clearError} /> : null}
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
                {canUpdate ? (
                  <Switch
                    id={`alarm-def-${d.id}-enabled`}
                    aria-label={`${d.name} enabled`}
                    isChecked={d.enabled}
                    isDisabled={toggle.busy}
                    onChange={(_e, v) => void setEnabled(d, v)}
                    label={d.enabled ? 'On' : 'Off'}
                    data-testid={`alarm-def-${d.id}-enabled`}
                  />
                ) : (
                  <Label isCompact color={d.enabled ? 'green' : 'grey'}>
                    {d.enabled ? 'On' : 'Off'}
                  </Label>
                )}
              </Td>
              <Td isActionCell>
                <Flex gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
                  <Can method="alarm-definition-update">
                    <Button variant="secondary" size="sm" onClick={() => setEditing(d)} data-testid={`alarm-def-${d.id}-edit`}>
                      Edit
                    </Button>
                  </Can>
                  {d.builtin ? null : (
                    <Can method="alarm-definition-delete">
                      <Button variant="secondary" isDanger size="sm" onClick={() => setDeleting(d)} data-testid={`alarm-def-${d.id}-delete`}>
                        Delete
                      </Button>
                    </Can>
                  )}
                </Flex>
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
      {adding ? (
        <NewDefinitionModal
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            reload();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete "${deleting.name}"?`}
          body="The definition goes, with its alarms, active or past."
          confirmLabel="Delete"
          danger
          busy={del.busy}
          error={del.error}
          onConfirm={() => void remove(deleting)}
          onClose={() => {
            del.clearError();
            setDeleting(null);
          }}
          testId="alarm-def-delete-confirm"
        />
      ) : null}
    </>
  );
}
