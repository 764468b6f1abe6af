import { Label } from '@patternfly/react-core';
import type { EventType, LabEvent } from '../../../src-main/contract/index.ts';
import type { Column } from '../../components/VirtualTable.tsx';
import { SeverityLabel } from '../../components/StatusLabels.tsx';
import { formatSimTimeSeconds, humanize } from '../../components/format.ts';
import type { LabelColor } from '../../components/machine-states.ts';
import { href } from '../../router/hash-router.ts';

export const EVENT_TYPE_NAMES: Record<EventType, string> = {
  'audit-success': 'Audit success',
  'audit-failure': 'Audit failure',
  error: 'Error',
  warning: 'Warning',
  info: 'Information',
};
const TYPE_COLORS: Record<EventType, LabelColor> = {
  'audit-success': 'green',
  'audit-failure': 'red',
  error: 'red',
  warning: 'orange',
  info: 'blue',
};
const SEVERITY_RANK = { info: 0, warning: 1, error: 2, critical: 3 } as const;

/** Where an event's object lives in the console, when it has a page. */
function objectRoute(e: LabEvent): string | null {
  if (!e.objectId) return null;
  switch (e.objectKind) {
    case 'host':
      return `/hosts/${e.objectId}`;
    case 'pool':
      return `/pools/${e.objectId}`;
    case 'desktop':
      return `/desktops?selected=${encodeURIComponent(e.objectId)}`;
    default:
      return null;
  }
}

export const EVENT_COLUMNS: Column<LabEvent>[] = [
  {
    key: 'time',
    title: 'Time (UTC)',
    width: '10.5rem',
    // Simulated time, then the order they were written: newest first is right within a second too (the host's order).
    sortValue: (e) => `${e.simTime} ${String(e.id).padStart(12, '0')}`,
    render: (e) => <span className="vdi-tabular">{formatSimTimeSeconds(e.simTime)}</span>,
  },
  { key: 'severity', title: 'Severity', width: '7.5rem', sortValue: (e) => SEVERITY_RANK[e.severity], render: (e) => <SeverityLabel severity={e.severity} /> },
  {
    key: 'type',
    title: 'Type',
    width: '8.5rem',
    sortValue: (e) => e.type,
    render: (e) => (
      <Label isCompact variant="outline" color={TYPE_COLORS[e.type]}>
        {EVENT_TYPE_NAMES[e.type]}
      </Label>
    ),
  },
  {
    key: 'object',
    title: 'Object / user',
    width: '14rem',
    sortValue: (e) => `${e.objectKind} ${e.objectName ?? ''}`,
    render: (e) => {
      const to = objectRoute(e);
      const name = e.objectName ?? e.objectId ?? '';
      return (
        <div className="vdi-two-line">
          <span title={`${humanize(e.objectKind)} ${name}`}>
            <span className="vdi-muted">{humanize(e.objectKind)}</span>{' '}
            {to ? (
              <a href={href(to)} onClick={(ev) => ev.stopPropagation()}>
                {name}
              </a>
            ) : (
              name
            )}
          </span>
          <span className="vdi-muted" title={`by ${e.user}`}>
            {e.user}
          </span>
        </div>
      );
    },
  },
  {
    key: 'message',
    title: 'Message',
    sortValue: (e) => e.message,
    render: (e) => (
      <span className="vdi-clamp2" title={e.message}>
        {e.message}
      </span>
    ),
  },
  {
    key: 'ack',
    title: 'Acknowledged',
    width: '9rem',
    sortValue: (e) => (e.acknowledged ? 1 : 0),
    render: (e) =>
      e.acknowledged ? (
        <span className="vdi-muted" title={e.acknowledgedBy ? `by ${e.acknowledgedBy}` : undefined} data-testid={`event-${e.id}-ack`}>
          Yes{e.acknowledgedBy ? ` · ${e.acknowledgedBy}` : ''}
        </span>
      ) : (
        <Label isCompact color="orange" data-testid={`event-${e.id}-ack`}>
          New
        </Label>
      ),
  },
];
