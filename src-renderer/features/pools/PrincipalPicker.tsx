import { useDeferredValue, useMemo, useState } from 'react';
import { SearchInput, SimpleList, SimpleListItem, ToggleGroup, ToggleGroupItem, Flex } from '@patternfly/react-core';
import { useApi } from '../../state/use-api.ts';

export type PrincipalType = 'user' | 'group';
export interface Principal {
  type: PrincipalType;
  id: string;
  name: string;
}

const MAX_MATCHES = 8;

/** Find a user (searched on the host: there may be 12,000) or a group (filtered here) to entitle. */
export function PrincipalPicker({ exclude, onPick, picked }: { exclude: Set<string>; onPick(p: Principal | null): void; picked: Principal | null }) {
  const [type, setType] = useState<PrincipalType>('group');
  const [text, setText] = useState('');
  // The match list opens while the box has focus (groups: all of them) or holds text.
  const [focused, setFocused] = useState(false);
  const q = useDeferredValue(text.trim());
  const groups = useApi('group-list', {}, { refreshOn: ['group'], enabled: type === 'group' });
  const users = useApi('user-list', { search: q, limit: MAX_MATCHES + exclude.size }, { refreshOn: ['user'], enabled: type === 'user' && q.length > 0 });

  const matches = useMemo(() => {
    const key = (t: PrincipalType, id: string) => `${t}:${id}`;
    if (type === 'group') {
      const lq = q.toLowerCase();
      return (groups.data ?? [])
        .filter((g) => !exclude.has(key('group', g.id)) && (!lq || g.name.toLowerCase().includes(lq) || g.description.toLowerCase().includes(lq)))
        .slice(0, MAX_MATCHES)
        .map((g) => ({ type: 'group' as const, id: g.id, name: g.name, sub: `${g.memberCount} members` }));
    }
    if (!q) return [];
    return (users.data?.rows ?? [])
      .filter((u) => !exclude.has(key('user', u.id)))
      .slice(0, MAX_MATCHES)
      .map((u) => ({ type: 'user' as const, id: u.id, name: u.login, sub: `${u.displayName} · ${u.department}` }));
  }, [type, q, groups.data, users.data, exclude]);

  return (
    <div className="vdi-picker">
      <Flex gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
        <ToggleGroup aria-label="Principal type" isCompact>
          <ToggleGroupItem
            text="Group"
            isSelected={type === 'group'}
            onChange={() => {
              setType('group');
              onPick(null);
            }}
            data-testid="principal-type-group"
          />
          <ToggleGroupItem
            text="User"
            isSelected={type === 'user'}
            onChange={() => {
              setType('user');
              onPick(null);
            }}
            data-testid="principal-type-user"
          />
        </ToggleGroup>
        <SearchInput
          placeholder={type === 'group' ? 'Filter groups' : 'Search users by login or name'}
          value={picked ? picked.name : text}
          onChange={(_e, v) => {
            onPick(null);
            setText(v);
          }}
          onClear={() => {
            onPick(null);
            setText('');
          }}
          aria-label="Find a user or group"
          onFocus={() => setFocused(true)}
          onBlur={() => setTimeout(() => setFocused(false), 200)}
          data-testid="principal-search"
          style={{ minWidth: '18rem' }}
        />
      </Flex>
      {!picked && (q.length > 0 || focused) && matches.length > 0 ? (
        <SimpleList aria-label="Matches" className="vdi-picker__list" data-testid="principal-matches">
          {matches.map((m) => (
            <SimpleListItem key={`${m.type}:${m.id}`} onClick={() => onPick({ type: m.type, id: m.id, name: m.name })}>
              <strong>{m.name}</strong> <span className="vdi-muted">{m.sub}</span>
            </SimpleListItem>
          ))}
        </SimpleList>
      ) : null}
      {!picked && type === 'user' && q && users.data && matches.length === 0 ? <p className="vdi-muted vdi-small">No users match “{q}”.</p> : null}
    </div>
  );
}
