import { useDeferredValue, useEffect, useId, useState, type KeyboardEvent } from 'react';
import { SearchInput } from '@patternfly/react-core';
import { useApi } from '../state/use-api.ts';
import './user-search.css';

/** "CORP\\ada.lovelace" → "ada.lovelace" (the matches' test ids). */
const shortLogin = (login: string) => login.slice(login.lastIndexOf('\\') + 1);

const MAX_MATCHES = 8;

export interface FoundUser {
  id: string;
  login: string;
  displayName: string;
}

/**
 * "Find a user" (Help Desk; Connect as user and the wall's tiles), searched on the host (a lab may have 12,000 users), as a combobox:
 * ArrowDown / ArrowUp move through the matches, Enter opens the highlighted one (the first unless
 * the arrows moved), Escape clears. Enter typed before the matches arrived opens the first match
 * once they do. A click opens a match too.
 */
export function UserSearch({
  onOpen,
  testId,
  placeholder,
  autoFocus = false,
}: {
  onOpen(u: FoundUser): void;
  testId: string;
  placeholder: string;
  /** The box takes the focus when it appears (it replaced a picked user's box the admin was typing in). */
  autoFocus?: boolean;
}) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  // Enter pressed while the matches for this text were still on their way.
  const [enterFor, setEnterFor] = useState<string | null>(null);
  const typed = text.trim();
  const q = useDeferredValue(typed);
  const users = useApi('user-list', { search: q, limit: MAX_MATCHES }, { enabled: q.length > 0 });
  const rows = q ? (users.data?.rows ?? []) : [];
  // The matches on screen are those of what is typed (not of an earlier text still shown while the next loads).
  const settled = q === typed && !users.loading && users.data !== undefined;
  const listId = useId();
  const current = rows.length > 0 ? Math.min(active, rows.length - 1) : -1;

  const open = (u: FoundUser) => {
    setText('');
    setActive(0);
    setEnterFor(null);
    onOpen({ id: u.id, login: u.login, displayName: u.displayName });
  };

  useEffect(() => {
    if (enterFor === null || !settled || q !== enterFor) return;
    setEnterFor(null);
    const first = rows[0];
    if (first) open(first);
    // `open` and `rows` are read at the moment the matches settle: only those three start it.
  }, [enterFor, settled, q]);

  const onKeyDownCapture = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (rows.length === 0) return;
      e.preventDefault();
      e.stopPropagation();
      const n = rows.length;
      setActive((a) => (e.key === 'ArrowDown' ? (Math.min(a, n - 1) + 1) % n : (Math.min(a, n - 1) - 1 + n) % n));
    } else if (e.key === 'Enter') {
      if (!typed) return;
      e.preventDefault();
      e.stopPropagation();
      const u = settled ? rows[current] : undefined;
      if (u) open(u);
      else if (!settled) setEnterFor(typed);
    } else if (e.key === 'Escape' && text) {
      e.preventDefault();
      e.stopPropagation();
      setText('');
      setActive(0);
    }
  };

  const expanded = rows.length > 0;
  return (
    <div className="vdi-picker" onKeyDownCapture={onKeyDownCapture}>
      <SearchInput
        placeholder={placeholder}
        value={text}
        onChange={(_e, v) => {
          setText(v);
          setActive(0);
          setEnterFor(null);
        }}
        onClear={() => {
          setText('');
          setActive(0);
          setEnterFor(null);
        }}
        aria-label="Find a user"
        data-testid={testId}
        inputProps={{
          autoFocus,
          role: 'combobox',
          'aria-expanded': expanded,
          'aria-controls': expanded ? listId : undefined,
          'aria-autocomplete': 'list',
          'aria-activedescendant': expanded && current >= 0 ? `${listId}-${current}` : undefined,
        }}
      />
      {expanded ? (
        <ul role="listbox" id={listId} aria-label="Matching users" className="vdi-picker__list vdi-hd-matches" data-testid={`${testId}-matches`}>
          {rows.map((u, i) => (
            <li
              key={u.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'vdi-hd-match vdi-hd-match--active' : 'vdi-hd-match'}
              // Keep the focus in the search box: the list is driven from there.
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => i !== current && setActive(i)}
              onClick={() => open(u)}
              data-testid={`${testId}-match-${shortLogin(u.login)}`}
              data-active={i === current ? 'true' : undefined}
            >
              <strong>{u.displayName}</strong>{' '}
              <span className="vdi-muted">
                {u.login} · {u.department} · {u.workload} worker
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {q && settled && rows.length === 0 ? <p className="vdi-muted vdi-small">No users match “{q}”.</p> : null}
    </div>
  );
}
