import { useDeferredValue, useState } from 'react';
import { Button, Flex, SearchInput, SimpleList, SimpleListItem } from '@patternfly/react-core';
import type { Desktop } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';

/** Assign / unassign a desktop of a dedicated pool (Citrix: static assignment · AVD: personal desktop assignment). */
export function DesktopAssignment({ desktop, onChanged }: { desktop: Desktop; onChanged(): void }) {
  const pool = useApi('pool-get', { id: desktop.poolId }, { refreshOn: ['pool'] });
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const users = useApi('user-list', { search: q, limit: 6 }, { enabled: q.length > 0 });
  const action = useAction();
  if (pool.data?.assignment !== 'dedicated') return null;

  const done = (msg: string) => {
    notifySuccess(msg);
    setText('');
    onChanged();
  };
  const assign = async (userId: string, login: string) => {
    const res = await action.run(() => getClient().call('desktop-assign', { id: desktop.id, userId }));
    if (res) done(`Assigned ${res.name} to ${login}`);
  };
  const unassign = async () => {
    const res = await action.run(() => getClient().call('desktop-unassign', { id: desktop.id }));
    if (res) done(`${res.name} is unassigned`);
  };

  return (
    <div className="vdi-alert" data-testid="desktop-assignment">
      {action.error ? (
        <ApiErrorAlert error={action.error} title="The assignment was refused" onClose={action.clearError} testId="desktop-assign-error" />
      ) : null}
      {desktop.assignedUserId ? (
        <Button
          variant="secondary"
          size="sm"
          onClick={() => void unassign()}
          isLoading={action.busy}
          isDisabled={action.busy}
          data-testid="desktop-unassign-button"
        >
          Unassign user
        </Button>
      ) : (
        <Flex direction={{ default: 'column' }} gap={{ default: 'gapXs' }}>
          <SearchInput
            placeholder="Assign to a user: search login or name"
            value={text}
            onChange={(_e, v) => setText(v)}
            onClear={() => setText('')}
            aria-label="Find a user to assign"
            data-testid="desktop-assign-search"
          />
          {q && users.data ? (
            <SimpleList aria-label="Users" data-testid="desktop-assign-matches">
              {users.data.rows.map((u) => (
                <SimpleListItem key={u.id} onClick={() => void assign(u.id, u.login)}>
                  <strong>{u.login}</strong> <span className="vdi-muted">{u.displayName}</span>
                </SimpleListItem>
              ))}
            </SimpleList>
          ) : null}
        </Flex>
      )}
    </div>
  );
}
