import { memo } from 'react';
import ExclamationTriangleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import { SESSION_STATES, type LogonPhase, type SessionRow, type SessionState } from '../../../src-main/contract/index.ts';
import type { Column } from '../../components/VirtualTable.tsx';
import { AlarmCountCell, type AlarmCountsRef } from '../alarms/index.ts';
import { formatKbps } from '../../components/format.ts';
import { useLiveField, useLiveSimTime } from './session-live.ts';
import {
  DEVICE_SHORT,
  PROTOCOL_SHORT,
  STATE_COLORS,
  STATE_NAMES,
  formatDuration,
  formatLogon,
  logonLevel,
  phaseName,
  secondsBetween,
  shortLogin,
} from './session-format.ts';

const STATE_ORDER = new Map<string, number>(SESSION_STATES.map((s, i) => [s, i]));

/** Test-id stem of a session row: the user's login without the domain (`session-ada.lovelace-state`). */
export function sessionStem(r: SessionRow): string {
  return `session-${shortLogin(r.userName)}`;
}

/** PatternFly's compact filled label classes per state colour (grey is the default, no modifier). */
const LABEL_CLASS: Record<SessionState, string> = Object.fromEntries(
  SESSION_STATES.map((s) => [s, `pf-v6-c-label pf-m-filled pf-m-compact${STATE_COLORS[s] === 'grey' ? '' : ` pf-m-${STATE_COLORS[s]}`}`]),
) as Record<SessionState, string>;

/**
 * The live state label: re-renders when this session's state or phase changes, nothing else.
 * PatternFly's label markup without its component: the component measures its text on mount
 * (a forced layout per row that scrolls into view).
 */
const StateCell = memo(function StateCell({ row }: { row: SessionRow }) {
  const state = useLiveField<SessionState>(row.id, 'state', row.state);
  const phase = useLiveField<LogonPhase | null>(row.id, 'phase', row.phase);
  return (
    <span className={LABEL_CLASS[state]} data-testid={`${sessionStem(row)}-state`} data-state={state} data-tip={phase ? phaseName(phase) : undefined}>
      <span className="pf-v6-c-label__content">
        <span className="pf-v6-c-label__text">
          {STATE_NAMES[state]}
          {state === 'connecting' && phase ? ` · ${phaseName(phase)}` : ''}
        </span>
      </span>
    </span>
  );
});

const SinceCell = memo(function SinceCell({ row }: { row: SessionRow }) {
  const since = useLiveField<string | null>(row.id, 'stateSince', row.stateSince);
  const now = useLiveSimTime();
  return <span className="vdi-num-text">{formatDuration(secondsBetween(since, now ?? since))}</span>;
});

type NumField = 'rttMs' | 'fps' | 'bandwidthKbps' | 'lossPct';
const FORMAT: Record<NumField, (v: number) => string> = {
  rttMs: (v) => `${Math.round(v)} ms`,
  fps: (v) => v.toFixed(v < 10 ? 1 : 0),
  bandwidthKbps: formatKbps,
  lossPct: (v) => `${v.toFixed(1)} %`,
};
/** Warning and critical thresholds (DOMAIN.md: RTT < 100 ms good, > 200 ms poor). */
const LEVELS: Record<NumField, ((v: number) => '' | 'vdi-cell-warn' | 'vdi-cell-slow') | null> = {
  rttMs: (v) => (v > 200 ? 'vdi-cell-slow' : v > 100 ? 'vdi-cell-warn' : ''),
  // No colour for the frame rate alone: the protocols send frames only when pixels change, so a
  // user reading a page sits at 1–3 fps and is fine. The host flags a low rate only while the user
  // types or watches video (the row's problem, "Problems only").
  fps: null,
  bandwidthKbps: null,
  lossPct: (v) => (v > 3 ? 'vdi-cell-slow' : v > 1 ? 'vdi-cell-warn' : ''),
};

const NumCell = memo(function NumCell({ row, field }: { row: SessionRow; field: NumField }) {
  const v = useLiveField<number | null>(row.id, field, row[field]);
  if (v === null) return <span className="vdi-muted">—</span>;
  return (
    <span className={LEVELS[field]?.(v) || undefined} data-testid={`${sessionStem(row)}-${field}`}>
      {FORMAT[field](v)}
    </span>
  );
});

/** "lab-cl01-esx02.corp.local" → "lab-cl01-esx02": the domain repeats on every row. */
export function shortHost(name: string | null): string {
  if (!name) return '—';
  const i = name.indexOf('.');
  return i > 0 ? name.slice(0, i) : name;
}

/** The state label and how long the session has been in it, in one cell. */
function StateWithSince({ row }: { row: SessionRow }) {
  return (
    <span className="vdi-state-since">
      <StateCell row={row} />
      <SinceCell row={row} />
    </span>
  );
}

/** The sessions table's columns; with `alarms` (the view's latest counts; cells read its AlarmCountsContext) an Alarms column. */
export function sessionColumns(alarms?: AlarmCountsRef): Column<SessionRow>[] {
  const alarmColumn: Column<SessionRow> = {
    key: 'alarms',
    title: 'Alarms',
    width: '6.3em',
    info: "Active alarms of the session (round trip time, packet loss on the client's network)",
    sortValue: (r) => alarms?.rank('session', r.id) ?? 0,
    csv: (r) => alarms?.text('session', r.id) ?? '',
    render: (r) => <AlarmCountCell kind="session" id={r.id} name={r.userName} />,
  };
  const columns: Column<SessionRow>[] = [
    {
      key: 'user',
      title: 'User',
      // Long names are cut, with the whole name and login in the cell's tooltip: the room goes to Pool.
      width: '7.9em',
      sortValue: (r) => r.userDisplayName,
      csv: (r) => `${r.userDisplayName} (${r.userName})`,
      // The name opens the user in Help Desk (this session), as Horizon's Sessions list does.
      render: (r) => (
        <span className="vdi-ellipsis" data-tip={r.problem ? `${r.userDisplayName} (${r.userName}): ${r.problem}` : `${r.userDisplayName} (${r.userName})`}>
          {r.problem && <ExclamationTriangleIcon className="vdi-session-problem" aria-label={r.problem} data-testid={`${sessionStem(r)}-problem`} />}
          <a href={`#/helpdesk/${r.id}`} className="vdi-user-link" data-testid={`${sessionStem(r)}-user`}>
            {r.userDisplayName}
          </a>
        </span>
      ),
    },
    // Pool and Desktop names show whole at 1440 px ("KW-Floating-A", "CC-RDSH-Farm", "KWB-0050" were cut);
    // a longer name is cut with the whole name in the cell's tooltip (VirtualTable's, for any cut cell).
    { key: 'pool', title: 'Pool', width: '9.2em', sortValue: (r) => r.poolName, render: (r) => r.poolName },
    {
      key: 'desktop',
      title: 'Desktop',
      width: '7em',
      sortValue: (r) => r.desktopName,
      render: (r) => <span data-testid={`${sessionStem(r)}-desktop`}>{r.desktopName}</span>,
    },
    {
      key: 'host',
      title: 'Host',
      width: '8.8em',
      csv: (r) => r.hostName,
      sortValue: (r) => r.hostName,
      render: (r) => <span data-tip={r.hostName ?? undefined}>{shortHost(r.hostName)}</span>,
    },
    {
      key: 'client',
      title: 'Client · protocol',
      label: 'Client and protocol',
      optional: true,
      width: '9em',
      sortValue: (r) => `${r.clientDevice} ${r.protocol}`,
      render: (r) => `${DEVICE_SHORT[r.clientDevice]} · ${PROTOCOL_SHORT[r.protocol]}`,
    },
    {
      key: 'state',
      title: 'State',
      // The longest label with the longest duration ("Reconnecting 23 h 59 min", "Disconnected 2 d 22 h") shows whole.
      // Widths are with the table's 8-px cell padding (sessions.css): at 1440 px beside the sidebar every column
      // header shows whole and the row's actions stay on screen (e2e sessions-layout.spec.ts).
      width: '14.3em',
      info: 'Session state and the (simulated) time in it.',
      sortValue: (r) => STATE_ORDER.get(r.state) ?? 9,
      csv: (r) => r.state,
      render: (r) => <StateWithSince row={r} />,
    },
    {
      key: 'logon',
      title: 'Logon',
      width: '5.4em',
      numeric: true,
      info: 'Logon duration of the first connection (brokering to interactive). Over 60 s is poor.',
      sortValue: (r) => r.logonSeconds,
      render: (r) => {
        const lv = logonLevel(r.logonSeconds);
        return (
          <span className={lv === 'critical' ? 'vdi-cell-slow' : lv === 'warning' ? 'vdi-cell-warn' : undefined} data-testid={`${sessionStem(r)}-logon`}>
            {formatLogon(r.logonSeconds)}
          </span>
        );
      },
    },
    {
      key: 'rtt',
      title: 'RTT',
      width: '4.8em',
      numeric: true,
      info: 'Round trip time (under 100 ms good, over 200 ms poor).',
      sortValue: (r) => r.rttMs,
      render: (r) => <NumCell row={r} field="rttMs" />,
    },
    {
      key: 'fps',
      title: 'FPS',
      width: '4.6em',
      numeric: true,
      info: 'Frames per second the protocol delivers.',
      sortValue: (r) => r.fps,
      render: (r) => <NumCell row={r} field="fps" />,
    },
    {
      key: 'bw',
      title: 'Bandwidth',
      width: '8.2em',
      numeric: true,
      sortValue: (r) => r.bandwidthKbps,
      render: (r) => <NumCell row={r} field="bandwidthKbps" />,
    },
    {
      key: 'loss',
      title: 'Loss',
      width: '4.4em',
      numeric: true,
      info: 'Packet loss.',
      sortValue: (r) => r.lossPct,
      render: (r) => <NumCell row={r} field="lossPct" />,
    },
  ];
  if (alarms) columns.splice(1, 0, alarmColumn);
  return columns;
}
