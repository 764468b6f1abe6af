import { useState } from 'react';
import { Button, Label, Switch, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import PlusCircleIcon from '@patternfly/react-icons/dist/esm/icons/plus-circle-icon';
import TrashIcon from '@patternfly/react-icons/dist/esm/icons/trash-alt-icon';
import type { ClusterStatus } from '../../../src-main/contract/cluster-entities.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useAction, useApi } from '../../state/use-api.ts';
import { RULE_LABEL, RuleModal } from './RuleModal.tsx';
import { useCan } from '../../state/whoami-store.ts';

/** The cluster's DRS rules (VM-VM and VM-host) with compliance; enable, disable, delete, add. */
export function RulesTab({ status }: { status: ClusterStatus }) {
  const rules = useApi('rule-list', { clusterId: status.clusterId }, { refreshOn: ['cluster', 'host', 'desktop'], minIntervalMs: 2000 });
  const desktops = useApi('desktop-list', { limit: 20000 });
  const [adding, setAdding] = useState(false);
  const action = useAction();
  const names = new Map((desktops.data?.rows ?? []).map((d) => [d.id, d.name]));
  const hostNames = new Map(status.hosts.map((h) => [h.hostId, h.hostName]));
  const change = async (fn: () => Promise<unknown>) => {
    if (await action.run(fn)) {
      rules.reload();
    }
  };
  const list = rules.data ?? [];
  // The host refuses these for a role without `configure`; the view does not offer them.
  const canCreate = useCan('rule-create');
  const canToggle = useCan('rule-set-enabled');
  const canDelete = useCan('rule-delete');
  return (
    <>
      <div className="vdi-subhead">
        <Title headingLevel="h2" size="md">
          DRS rules <span className="vdi-count">({list.length})</span>
        </Title>
        {canCreate ? (
          <Button variant="secondary" size="sm" icon={<PlusCircleIcon />} onClick={() => setAdding(true)} data-testid="rule-add">
            Add rule…
          </Button>
        ) : null}
      </div>
      {action.error ? <ApiErrorAlert error={action.error} title="The rule change was refused" onClose={action.clearError} /> : null}
      {rules.error ? <ApiErrorAlert error={rules.error} title="Could not load the rules" onRetry={rules.reload} /> : null}
      {list.length === 0 ? (
        <p className="vdi-muted">No rule: DRS, HA and maintenance place VMs by free capacity alone.</p>
      ) : (
        <Table variant="compact" aria-label="DRS rules" gridBreakPoint="" className="vdi-bordered vdi-table" data-testid="rules-table">
          <Thead>
            <Tr>
              <Th width={20}>Rule</Th>
              <Th width={25}>Type</Th>
              <Th>Members</Th>
              <Th width={10}>Status</Th>
              <Th width={10}>Enabled</Th>
              <Th screenReaderText="Delete" />
            </Tr>
          </Thead>
          <Tbody>
            {list.map((r) => (
              <Tr key={r.id} data-testid={`rule-${r.name}-row`}>
                <Td>{r.name}</Td>
                <Td>{RULE_LABEL[r.kind]}</Td>
                <Td>
                  {r.desktopIds.map((id) => names.get(id) ?? id).join(', ')}
                  {r.hostGroup ? (
                    <div className="vdi-muted">
                      {r.hostGroup.name}: {r.hostGroup.hostIds.map((h) => hostNames.get(h) ?? h).join(', ')}
                    </div>
                  ) : null}
                </Td>
                <Td>
                  <Label isCompact color={!r.enabled ? 'grey' : r.compliant ? 'green' : 'orange'} data-testid={`rule-${r.name}-status`}>
                    {!r.enabled ? 'Disabled' : r.compliant ? 'Met' : 'Not met'}
                  </Label>
                </Td>
                <Td>
                  <Switch
                    id={`rule-${r.id}-enabled`}
                    aria-label={`Enable ${r.name}`}
                    isChecked={r.enabled}
                    isDisabled={!canToggle}
                    onChange={(_e, v) => void change(() => getClient().call('rule-set-enabled', { id: r.id, enabled: v }))}
                  />
                </Td>
                <Td isActionCell>
                  {canDelete ? (
                    <Button
                      variant="plain"
                      aria-label={`Delete ${r.name}`}
                      onClick={() => void change(() => getClient().call('rule-delete', { id: r.id }))}
                      data-testid={`rule-${r.name}-delete`}
                    >
                      <TrashIcon />
                    </Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {adding ? (
        <RuleModal
          clusterId={status.clusterId}
          hosts={status.hosts}
          onClose={() => {
            setAdding(false);
            rules.reload();
          }}
        />
      ) : null}
    </>
  );
}
