import { useMemo, useState } from 'react';
import { Button, Card, CardBody, CardTitle, Flex } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import UserIcon from '@patternfly/react-icons/dist/esm/icons/user-icon';
import UsersIcon from '@patternfly/react-icons/dist/esm/icons/users-icon';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { NothingHere, TableSkeleton } from '../../components/States.tsx';
import { PrincipalPicker, type Principal } from './PrincipalPicker.tsx';

/** Who may use a pool (Citrix: delivery group users · AVD: app group assignments), with add and remove. */
export function PoolEntitlements({ poolId, poolName }: { poolId: string; poolName: string }) {
  const { data, error, reload } = useApi('entitlement-list', { poolId }, { refreshOn: ['pool', 'user', 'group'] });
  const action = useAction();
  const [picked, setPicked] = useState<Principal | null>(null);
  const exclude = useMemo(() => new Set((data ?? []).map((e) => `${e.principalType}:${e.principalId}`)), [data]);

  const after = () => {
    reload();
  };
  const add = async () => {
    if (!picked) return;
    const res = await action.run(() => getClient().call('entitlement-add', { poolId, principalType: picked.type, principalId: picked.id }));
    if (res) {
      notifySuccess(`Entitled ${res.principalName} to ${poolName}`);
      setPicked(null);
      after();
    }
  };
  const remove = async (type: 'user' | 'group', id: string, name: string) => {
    const res = await action.run(() => getClient().call('entitlement-remove', { poolId, principalType: type, principalId: id }));
    if (res) {
      notifySuccess(res.removed ? `Removed the entitlement of ${name} to ${poolName}` : `${name} was not entitled to ${poolName}`);
      after();
    }
  };

  const sorted = useMemo(
    () =>
      [...(data ?? [])].sort((a, b) =>
        a.principalType === b.principalType ? a.principalName.localeCompare(b.principalName) : a.principalType === 'group' ? -1 : 1,
      ),
    [data],
  );

  return (
    <Card isCompact data-testid="pool-entitlements">
      <CardTitle>Entitlements of {poolName}</CardTitle>
      <CardBody>
        {error ? <ApiErrorAlert error={error} title="Could not load the entitlements" onRetry={reload} /> : null}
        {action.error ? (
          <ApiErrorAlert error={action.error} title="The entitlement change was refused" onClose={action.clearError} testId="entitlement-error" />
        ) : null}
        <Flex alignItems={{ default: 'alignItemsFlexStart' }} gap={{ default: 'gapSm' }} style={{ marginBottom: 'var(--pf-t--global--spacer--md)' }}>
          <PrincipalPicker exclude={exclude} picked={picked} onPick={setPicked} />
          <Button
            variant="primary"
            size="sm"
            isDisabled={!picked || action.busy}
            isLoading={action.busy}
            onClick={() => void add()}
            data-testid="entitlement-add-button"
          >
            Add entitlement
          </Button>
        </Flex>
        {!data ? (
          error ? null : (
            <TableSkeleton rows={3} />
          )
        ) : sorted.length === 0 ? (
          <NothingHere title="Nobody is entitled to this pool" body="Users cannot see or launch this pool until a user or group is entitled." />
        ) : (
          <Table variant="compact" aria-label="Entitlements" gridBreakPoint="" data-testid="entitlements-table">
            <Thead>
              <Tr>
                <Th width={10}>Type</Th>
                <Th>User or group</Th>
                <Th width={15} screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {sorted.map((e) => (
                <Tr key={`${e.principalType}:${e.principalId}`} data-testid={`entitlement-${e.principalName}-row`}>
                  <Td>
                    <span className="vdi-dot-text">
                      {e.principalType === 'group' ? <UsersIcon /> : <UserIcon />}
                      {e.principalType === 'group' ? 'Group' : 'User'}
                    </span>
                  </Td>
                  <Td>
                    <strong>{e.principalName}</strong>
                  </Td>
                  <Td className="vdi-num">
                    <Button
                      variant="link"
                      isDanger
                      size="sm"
                      isInline
                      isDisabled={action.busy}
                      onClick={() => void remove(e.principalType, e.principalId, e.principalName)}
                      data-testid={`entitlement-${e.principalName}-remove`}
                    >
                      Remove
                    </Button>
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
