import { Label } from '@patternfly/react-core';
import { CLIENT_DEVICE_NAMES, type Session } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { NothingHere, TableSkeleton } from '../../components/States.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { formatSimTime, humanize } from '../../components/format.ts';
import type { LabelColor } from '../../components/machine-states.ts';
import { PROTOCOL_NAMES } from './pool-text.ts';

const SESSION_COLORS: Record<Session['state'], LabelColor> = {
  connecting: 'purple',
  active: 'blue',
  idle: 'grey',
  disconnected: 'teal',
  reconnecting: 'purple',
  'logged-off': 'grey',
};

const COLUMNS: Column<Session>[] = [
  { key: 'user', title: 'User', width: '20%', sortValue: (s) => s.userName, render: (s) => <strong>{s.userName}</strong> },
  { key: 'desktop', title: 'Machine', width: '16%', sortValue: (s) => s.desktopName, render: (s) => s.desktopName },
  {
    key: 'state',
    title: 'Session state',
    width: '14%',
    sortValue: (s) => s.state,
    render: (s) => (
      <Label isCompact color={SESSION_COLORS[s.state]}>
        {humanize(s.state)}
      </Label>
    ),
  },
  { key: 'protocol', title: 'Protocol', width: '14%', sortValue: (s) => s.protocol, render: (s) => PROTOCOL_NAMES[s.protocol] },
  {
    key: 'client',
    title: 'Client device',
    width: '18%',
    sortValue: (s) => s.clientDevice,
    render: (s) => (CLIENT_DEVICE_NAMES as Record<string, string>)[s.clientDevice] ?? s.clientDevice,
  },
  { key: 'started', title: 'Started (UTC)', width: '18%', sortValue: (s) => s.startedAt, render: (s) => formatSimTime(s.startedAt) },
];

export function PoolSessions({ poolId }: { poolId: string }) {
  const { data, error, reload } = useApi('session-list', { poolId }, { refreshOn: ['session', 'desktop'] });
  return (
    <>
      {error ? <ApiErrorAlert error={error} title="Could not load the sessions" onRetry={reload} /> : null}
      {data ? (
        <VirtualTable
          rows={data}
          columns={COLUMNS}
          rowKey={(s) => s.id}
          initialSort={{ key: 'started', direction: 'desc' }}
          ariaLabel="Sessions of the pool"
          testId="pool-sessions-table"
          fitContent
          empty={<NothingHere title="No sessions" body="Nobody is logged on to this pool right now." />}
        />
      ) : error ? null : (
        <TableSkeleton />
      )}
    </>
  );
}
