import { useDeferredValue, useState } from 'react';
import { SearchInput, SimpleList, SimpleListItem } from '@patternfly/react-core';
import { useApi } from '../../state/use-api.ts';
import { shortLogin } from '../sessions/index.ts';

const MAX_MATCHES = 8;

export interface PickedUser {
  id: string;
  login: string;
  displayName: string;
}

/** Find a user by login or name (searched on the host: a lab may have 12,000). */
export function UserPicker({
  picked,
  onPick,
  testId,
  placeholder = 'Search users by login or name',
}: {
  picked: PickedUser | null;
  onPick(u: PickedUser | null): void;
  testId: string;
  placeholder?: string;
}) {
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const users = useApi('user-list', { search: q, limit: MAX_MATCHES }, { enabled: q.length > 0 && !picked });
  const rows = q ? (users.data?.rows ?? []) : [];
  return (
    <div className="vdi-picker">
      <SearchInput
        placeholder={placeholder}
        value={picked ? `${picked.displayName} (${picked.login})` : text}
        onChange={(_e, v) => {
          onPick(null);
          setText(v);
        }}
        onClear={() => {
          onPick(null);
          setText('');
        }}
        aria-label="Find a user"
        data-testid={testId}
      />
      {!picked && rows.length > 0 ? (
        <SimpleList aria-label="Matching users" className="vdi-picker__list" data-testid={`${testId}-matches`}>
          {rows.map((u) => (
            <SimpleListItem
              key={u.id}
              onClick={() => {
                onPick({ id: u.id, login: u.login, displayName: u.displayName });
                setText('');
              }}
              componentProps={{ 'data-testid': `${testId}-match-${shortLogin(u.login)}` }}
            >
              <strong>{u.displayName}</strong>{' '}
              <span className="vdi-muted">
                {u.login} · {u.department} · {u.workload} worker
              </span>
            </SimpleListItem>
          ))}
        </SimpleList>
      ) : null}
      {!picked && q && users.data && rows.length === 0 ? <p className="vdi-muted vdi-small">No users match “{q}”.</p> : null}
    </div>
  );
}
