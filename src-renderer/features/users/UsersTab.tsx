import { useMemo } from 'react';
import { Button, Label, SearchInput, Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { useUrlFilter } from '../../state/use-url-filter.ts';
import { CsvExportButton, useColumnChooser } from '../../components/table-tools.tsx';
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
    { key: 'login', title: 'Login', width: '13rem', sortValue: (u) => u.login, render: (u) => <strong>{u.login}</strong> },
    { key: 'displayName', title: 'Display name', width: '9.5rem', sortValue: (u) => u.displayName, render: (u) => u.displayName },
    { key: 'department', title: 'Department', width: '9.5rem', sortValue: (u) => u.department, render: (u) => u.department },
    { key: 'email', title: 'Email', sortValue: (u) => u.email, render: (u) => u.email },
    { key: 'workload', title: 'Workload', width: '6.5rem', sortValue: (u) => u.workload, render: (u) => humanize(u.workload) },
    {
      key: 'groups',
      title: 'Groups',
      width: '30%',
      csv: (u) => u.groupIds.map((g) => groups.get(g)?.name ?? g).join('; '),
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

/** All users a search matches, in one virtualized table (scale-10k has ~11,000): sorted as a whole, not per page. */
const MAX_USERS = 20000;
const FIELDS = { search: { key: 'q' } };
const NO_FILTER = { search: '' };
const DEFAULT_SORT = { key: 'login', direction: 'asc' as const };

/**
 * Users, searched on the host (the search a moment behind the box, kept in the URL with the sort),
 * every match in one virtualized table like every other list of the console.
 */
export function UsersTab({ groupId, onClearGroup, groups }: { groupId: string; onClearGroup(): void; groups: Map<string, Group> }) {
  const f = useUrlFilter<{ search: string }>({ path: '/users', empty: NO_FILTER, fields: FIELDS, defaultSort: DEFAULT_SORT });
  const search = f.effective.search.trim();
  const input = useMemo(() => ({ search: search || undefined, groupId: groupId || undefined, limit: MAX_USERS }), [search, groupId]);
  const { data, error, reload } = useApi('user-list', input, { refreshOn: ['user', 'group'] });
  const cols = useMemo(() => columns(groups), [groups]);
  const { visible, chooser } = useColumnChooser(cols, 'users-table');
  const groupName = groupId ? (groups.get(groupId)?.name ?? groupId) : null;
  const text = f.searchText;
  const setText = f.setSearchText;

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
              <strong>{formatInt(data?.rows.length ?? 0)}</strong>
              {data && data.total > data.rows.length ? ` of ${formatInt(data.total)}` : ''} users
            </span>
          </ToolbarItem>
          <ToolbarGroup align={{ default: 'alignEnd' }} alignItems="center">
            <ToolbarItem>{chooser}</ToolbarItem>
            <ToolbarItem>
              <CsvExportButton rows={data?.rows ?? []} columns={visible} sort={f.sort} fileName="users" testId="users-export" />
            </ToolbarItem>
          </ToolbarGroup>
        </ToolbarContent>
      </Toolbar>
      {error ? <ApiErrorAlert error={error} title="Could not load the users" onRetry={reload} /> : null}
      {data ? (
        <VirtualTable
          rows={data.rows}
          columns={visible}
          rowKey={(u) => u.id}
          rowTestId={(u) => `user-${u.login}-row`}
          sort={f.sort}
          onSortChange={f.setSort}
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
