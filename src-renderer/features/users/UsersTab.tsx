import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Button, Label, Pagination, SearchInput, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import type { Group, User } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { NoMatches, TableSkeleton } from '../../components/States.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { formatInt, humanize } from '../../components/format.ts';

/** `CORP\GG-Dept-IT` → `GG-Dept-IT`: the domain is the same for every group of the lab; the tooltip keeps it. */
function shortGroup(name: string): string {
  const i = name.lastIndexOf('\\');
  return i >= 0 ? name.slice(i + 1) : name;
}

function columns(groups: Map<string, Group>): Column<User>[] {
  return [
    { key: 'login', title: 'Login', sortValue: (u) => u.login, render: (u) => <strong>{u.login}</strong> },
    { key: 'displayName', title: 'Display name', sortValue: (u) => u.displayName, render: (u) => u.displayName },
    { key: 'department', title: 'Department', width: '10.5rem', sortValue: (u) => u.department, render: (u) => u.department },
    { key: 'email', title: 'Email', sortValue: (u) => u.email, render: (u) => u.email },
    { key: 'workload', title: 'Workload', width: '7.5rem', sortValue: (u) => u.workload, render: (u) => humanize(u.workload) },
    {
      key: 'groups',
      title: 'Groups',
      width: '30%',
      render: (u) => {
        const names = u.groupIds.map((g) => groups.get(g)?.name ?? g);
        return (
          <span className="vdi-chipline vdi-nowrap" title={names.join('\n')}>
            {names.map((n) => (
              <Label key={n} isCompact variant="outline">
                {shortGroup(n)}
              </Label>
            ))}
          </span>
        );
      },
    },
  ];
}

/**
 * Users, searched and paged on the host: the big lab has 12,000 of them, so
 * only one page crosses the wire. Sorting applies within the page.
 */
export function UsersTab({ groupId, onClearGroup, groups }: { groupId: string; onClearGroup(): void; groups: Map<string, Group> }) {
  const [text, setText] = useState('');
  const search = useDeferredValue(text.trim());
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(100);
  useEffect(() => setPage(1), [search, groupId, perPage]);
  const input = useMemo(
    () => ({ search: search || undefined, groupId: groupId || undefined, limit: perPage, offset: (page - 1) * perPage }),
    [search, groupId, perPage, page],
  );
  const { data, error, reload } = useApi('user-list', input, { refreshOn: ['user', 'group'] });
  const cols = useMemo(() => columns(groups), [groups]);
  const groupName = groupId ? (groups.get(groupId)?.name ?? groupId) : null;

  return (
    <>
      <Toolbar className="vdi-toolbar">
        <ToolbarContent>
          <ToolbarItem>
            <SearchInput
              placeholder="Search login, name, department or email"
              value={text}
              onChange={(_e, v) => setText(v)}
              onClear={() => setText('')}
              aria-label="Search users"
              data-testid="users-search"
              style={{ width: '22rem' }}
            />
          </ToolbarItem>
          {groupName ? (
            <ToolbarItem alignSelf="center">
              <Label color="blue" onClose={onClearGroup} closeBtnAriaLabel="Show users of all groups" data-testid="users-group-filter">
                Members of {groupName}
              </Label>
            </ToolbarItem>
          ) : null}
          <ToolbarItem alignSelf="center">
            <span className="vdi-count" data-testid="users-count">
              <strong>{formatInt(data?.total ?? 0)}</strong> users
            </span>
          </ToolbarItem>
          <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
            <Pagination
              itemCount={data?.total ?? 0}
              perPage={perPage}
              page={page}
              onSetPage={(_e, p) => setPage(p)}
              onPerPageSelect={(_e, pp) => setPerPage(pp)}
              perPageOptions={[50, 100, 250, 500].map((n) => ({ title: String(n), value: n }))}
              isCompact
              data-testid="users-pagination"
            />
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {error ? <ApiErrorAlert error={error} title="Could not load the users" onRetry={reload} /> : null}
      {data ? (
        <VirtualTable
          rows={data.rows}
          columns={cols}
          rowKey={(u) => u.id}
          rowTestId={(u) => `user-${u.login}-row`}
          initialSort={{ key: 'login', direction: 'asc' }}
          ariaLabel="Users"
          testId="users-table"
          empty={
            <NoMatches
              what="users"
              action={
                <Button
                  variant="link"
                  onClick={() => {
                    setText('');
                    onClearGroup();
                  }}
                >
                  Clear the search
                </Button>
              }
            />
          }
        />
      ) : error ? null : (
        <TableSkeleton />
      )}
    </>
  );
}
