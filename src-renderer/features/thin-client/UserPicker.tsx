import { useState } from 'react';
import { SearchInput } from '@patternfly/react-core';
import { UserSearch } from '../../components/UserSearch.tsx';

export interface PickedUser {
  id: string;
  login: string;
  displayName: string;
}

/**
 * Find a user by login or name (searched on the host: a lab may have 12,000), by mouse or keyboard
 * (components/UserSearch.tsx: arrows, Enter, Escape); once picked, the box shows who, and typing or
 * clearing it starts a new search.
 */
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
  // Typing in (or clearing) a picked user's box brings the search back, with the focus where the admin was typing.
  const [searching, setSearching] = useState(false);
  if (!picked) return <UserSearch onOpen={(u) => onPick(u)} testId={testId} placeholder={placeholder} autoFocus={searching} />;
  const again = () => {
    setSearching(true);
    onPick(null);
  };
  return (
    <div className="vdi-picker">
      <SearchInput
        placeholder={placeholder}
        value={`${picked.displayName} (${picked.login})`}
        onChange={again}
        onClear={again}
        aria-label="Find a user"
        data-testid={testId}
      />
    </div>
  );
}
