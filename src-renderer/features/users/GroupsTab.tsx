import { Button, Label } from '@patternfly/react-core';
import type { Group, Pool } from '../../../src-main/contract/index.ts';
import { href } from '../../router/hash-router.ts';
import { NothingHere, TableSkeleton } from '../../components/States.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { formatInt } from '../../components/format.ts';

function columns(pools: Map<string, Pool>, onMembers: (g: Group) => void): Column<Group>[] {
  return [
    { key: 'name', title: 'Group', width: '19rem', sortValue: (g) => g.name, render: (g) => <strong>{g.name}</strong> },
    { key: 'description', title: 'Description', sortValue: (g) => g.description, render: (g) => g.description },
    {
      key: 'members',
      title: 'Members',
      width: '7rem',
      numeric: true,
      sortValue: (g) => g.memberCount,
      render: (g) => (
        <Button variant="link" isInline size="sm" onClick={() => onMembers(g)} data-testid={`group-${g.name}-members`}>
          {formatInt(g.memberCount)}
        </Button>
      ),
    },
    {
      key: 'pools',
      title: 'Entitled pools',
      sortValue: (g) => g.poolIds.length,
      render: (g) =>
        g.poolIds.length ? (
          <span className="vdi-chipline vdi-nowrap">
            {g.poolIds.map((id) => (
              <a key={id} href={href(`/pools/${id}?tab=entitlements`)}>
                <Label isCompact color="blue">
                  {pools.get(id)?.name ?? id}
                </Label>
              </a>
            ))}
          </span>
        ) : (
          <span className="vdi-muted">none</span>
        ),
    },
  ];
}

export function GroupsTab({ groups, pools, onMembers }: { groups: Group[] | undefined; pools: Map<string, Pool>; onMembers(g: Group): void }) {
  if (!groups) return <TableSkeleton />;
  return (
    <VirtualTable
      rows={groups}
      columns={columns(pools, onMembers)}
      rowKey={(g) => g.id}
      rowTestId={(g) => `group-${g.name}-row`}
      initialSort={{ key: 'name', direction: 'asc' }}
      ariaLabel="Groups"
      testId="groups-table"
      fitContent
      empty={<NothingHere title="No groups" />}
    />
  );
}
