import type { DesktopRow } from '../../../src-main/contract/index.ts';
import type { Column } from '../../components/VirtualTable.tsx';
import { MachineStateLabel, PowerStateText } from '../../components/StatusLabels.tsx';
import { MACHINE_STATES, POWER_STATES } from '../../../src-main/contract/index.ts';
import { AlarmCountCell, type AlarmCountsRef } from '../alarms/index.ts';

const STATE_ORDER = new Map<string, number>(MACHINE_STATES.map((s, i) => [s, i]));
const POWER_ORDER = new Map<string, number>(POWER_STATES.map((s, i) => [s, i]));

type DesktopColumnKey = 'name' | 'alarms' | 'state' | 'power' | 'pool' | 'host' | 'datastore' | 'user' | 'sessions';

/**
 * The desktops table's columns; host and pool pages drop the column that would repeat their own name.
 * With `alarms` (the view's latest alarm counts; its cells read the view's AlarmCountsContext) there is
 * an Alarms column.
 */
export function desktopColumns(omit: DesktopColumnKey[] = [], alarms?: AlarmCountsRef): Column<DesktopRow>[] {
  const all: (Column<DesktopRow> & { key: DesktopColumnKey })[] = [
    {
      key: 'name',
      title: 'Machine',
      width: '7rem',
      sortValue: (r) => r.name,
      render: (r) => <span className="vdi-link-cell">{r.name}</span>,
    },
    {
      key: 'alarms',
      title: 'Alarms',
      width: '5.5rem',
      info: 'Active alarms of the machine, critical first (snapshot delta size, oldest snapshot age)',
      sortValue: (r) => alarms?.rank('desktop', r.id) ?? 0,
      csv: (r) => alarms?.text('desktop', r.id) ?? '',
      render: (r) => <AlarmCountCell kind="desktop" id={r.id} name={r.name} />,
    },
    {
      key: 'state',
      title: 'Machine state',
      width: '10rem',
      sortValue: (r) => STATE_ORDER.get(r.state) ?? 99,
      csv: (r) => r.state,
      render: (r) => <MachineStateLabel state={r.state} testId={`desktop-${r.name}-state`} />,
    },
    {
      key: 'power',
      title: 'Power',
      width: '7.5rem',
      sortValue: (r) => POWER_ORDER.get(r.powerState) ?? 9,
      csv: (r) => r.powerState,
      render: (r) => <PowerStateText state={r.powerState} />,
    },
    { key: 'pool', title: 'Desktop pool', width: '10rem', sortValue: (r) => r.pool, render: (r) => r.pool },
    { key: 'host', title: 'Host', sortValue: (r) => r.host, render: (r) => r.host },
    { key: 'datastore', title: 'Datastore', optional: true, sortValue: (r) => r.datastore, render: (r) => r.datastore },
    {
      key: 'user',
      title: 'User',
      width: '10rem',
      sortValue: (r) => r.user,
      render: (r) => r.user ?? <span className="vdi-muted">—</span>,
    },
    { key: 'sessions', title: 'Sessions', width: '6.5rem', numeric: true, sortValue: (r) => r.sessions, render: (r) => r.sessions },
  ];
  return all.filter((c) => !omit.includes(c.key) && (c.key !== 'alarms' || alarms !== undefined));
}
