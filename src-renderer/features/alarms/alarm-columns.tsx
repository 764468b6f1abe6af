import { Label } from '@patternfly/react-core';
import type { Alarm, AlarmState } from '../../../src-main/contract/index.ts';
import type { Column } from '../../components/VirtualTable.tsx';
import { SeverityLabel } from '../../components/StatusLabels.tsx';
import { formatSimTimeSeconds, humanize } from '../../components/format.ts';
import type { LabelColor } from '../../components/machine-states.ts';
import { href } from '../../router/hash-router.ts';
import './alarms.css';

const STATE_COLORS: Record<AlarmState, LabelColor> = { triggered: 'red', acknowledged: 'blue', reset: 'grey' };
export const STATE_NAMES: Record<AlarmState, string> = { triggered: 'Triggered', acknowledged: 'Acknowledged', reset: 'Reset' };

/** Where an alarm's object lives in the console, when it has a page. */
export function alarmObjectRoute(a: Pick<Alarm, 'objectKind' | 'objectId'>): string | null {
  switch (a.objectKind) {
    case 'host':
      return `/hosts/${a.objectId}`;
    case 'pool':
      return `/pools/${a.objectId}`;
    case 'desktop':
      return `/desktops?selected=${encodeURIComponent(a.objectId)}`;
    case 'datastore':
      return '/datastores';
    case 'cluster':
      return '/clusters';
    case 'session':
      return '/sessions';
    case 'user':
      return `/helpdesk/${encodeURIComponent(a.objectId)}`;
    default:
      return null;
  }
}

const shown = (v: number, unit: string) => (unit === 'condition' ? (v >= 0.5 ? 'yes' : 'no') : `${v}${unit === 'state' ? '' : ` ${unit}`}`);

/**
 * The alarm, object and acknowledgement columns share the room the fixed ones leave (each with a
 * floor; their large fr shares keep the fixed columns at their width, see gridColumns), and the first two wrap onto two lines: at a 1280 px window the fixed widths used to take
 * it all and the acknowledgement column was cut off. Narrower than the floors, the table scrolls.
 */
export const ALARM_COLUMNS: Column<Alarm>[] = [
  {
    key: 'severity',
    title: 'Severity',
    width: '6.5rem',
    sortValue: (a) => (a.severity === 'critical' ? 2 : 1),
    render: (a) => (
      <span data-testid={`alarm-${a.id}-severity`}>
        <SeverityLabel severity={a.severity} />
      </span>
    ),
  },
  {
    key: 'state',
    title: 'State',
    width: '7.5rem',
    sortValue: (a) => a.state,
    render: (a) => (
      <Label isCompact color={STATE_COLORS[a.state]} data-testid={`alarm-${a.id}-state`}>
        {STATE_NAMES[a.state]}
      </Label>
    ),
  },
  {
    key: 'alarm',
    title: 'Alarm',
    width: 'minmax(8rem, 40fr)',
    sortValue: (a) => a.definitionName,
    render: (a) => (
      <span className="vdi-clamp2" title={a.definitionName}>
        {a.definitionName}
      </span>
    ),
  },
  {
    key: 'object',
    title: 'Object',
    width: 'minmax(8rem, 40fr)',
    sortValue: (a) => `${a.objectKind} ${a.objectName}`,
    render: (a) => {
      const to = alarmObjectRoute(a);
      return (
        <span className="vdi-clamp2 vdi-alarm-object" title={`${humanize(a.objectKind)} ${a.objectName}`}>
          <span className="vdi-muted">{humanize(a.objectKind)}</span>{' '}
          {to ? (
            <a href={href(to)} onClick={(ev) => ev.stopPropagation()}>
              {a.objectName}
            </a>
          ) : (
            a.objectName
          )}
        </span>
      );
    },
  },
  {
    key: 'value',
    title: 'Value',
    width: '6.5rem',
    info: 'The value when the alarm last changed level (the worst seen while active in the tooltip)',
    sortValue: (a) => a.worst,
    csv: (a) => `${a.value} (worst ${a.worst}) ${a.unit}`,
    render: (a) => (
      <span className="vdi-tabular" title={`Worst while active: ${shown(a.worst, a.unit)}`}>
        {shown(a.value, a.unit)}
      </span>
    ),
  },
  {
    key: 'triggered',
    title: 'Triggered (UTC)',
    width: '10rem',
    sortValue: (a) => `${a.triggeredAt} ${String(a.id).padStart(12, '0')}`,
    render: (a) => <span className="vdi-tabular">{formatSimTimeSeconds(a.triggeredAt)}</span>,
  },
  {
    key: 'changed',
    title: 'Changed / reset',
    width: '10rem',
    optional: true,
    sortValue: (a) => `${a.changedAt} ${String(a.id).padStart(12, '0')}`,
    render: (a) => <span className="vdi-tabular">{formatSimTimeSeconds(a.resetAt ?? a.changedAt)}</span>,
  },
  {
    key: 'ack',
    title: 'Acknowledgement',
    width: 'minmax(9rem, 30fr)',
    sortValue: (a) => a.acknowledgedComment ?? '',
    csv: (a) => (a.acknowledgedBy ? `${a.acknowledgedBy}: ${a.acknowledgedComment ?? ''}` : ''),
    render: (a) =>
      a.acknowledgedBy ? (
        <span className="vdi-clamp2" title={`${a.acknowledgedBy}: ${a.acknowledgedComment ?? ''}`} data-testid={`alarm-${a.id}-ack`}>
          <strong>{a.acknowledgedBy}</strong> — {a.acknowledgedComment}
        </span>
      ) : (
        <span className="vdi-muted" data-testid={`alarm-${a.id}-ack`}>
          —
        </span>
      ),
  },
];
