import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, PageSection, SearchInput, Spinner, Switch, Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { PROTOCOLS, SESSION_STATES, type Protocol, type SessionRow, type SessionState } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { useUrlFilter } from '../../state/use-url-filter.ts';
import { CsvExportButton, useColumnChooser } from '../../components/table-tools.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { NoMatches, NothingHere, TableSkeleton } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable, type Column, type RowSelection } from '../../components/VirtualTable.tsx';
import { formatInt } from '../../components/format.ts';
import { sessionColumns } from './session-columns.tsx';
import { AlarmCountsContext, AlarmCountsRef, useAlarmCounts } from '../alarms/index.ts';

const ALARMS = new AlarmCountsRef();
import { NO_SESSION_FILTER, filterSessions, type SessionFilter } from './session-filter.ts';
import { PROTOCOL_SHORT, STATE_NAMES } from './session-format.ts';
import { sessionLive } from './session-live.ts';
import { useSessionRows } from './use-session-rows.ts';
import { SessionRowMenu } from './SessionRowMenu.tsx';
import { SessionsBulkBar } from './SessionsBulkBar.tsx';
import { SessionsSummary } from './SessionsSummary.tsx';
import { FailedConnections } from './FailedConnections.tsx';
import { useSessionActions } from './use-session-actions.tsx';
import { useRdsPools } from './use-rds-pools.ts';
import { getClient } from '../../client/api.ts';
import { useCan } from '../../state/whoami-store.ts';
import type { SessionActionKind, SessionTarget } from './session-actions.ts';
import '../../styles/sessions.css';

const FIELDS = {
  state: { key: 'state', values: SESSION_STATES },
  pool: { key: 'pool' },
  protocol: { key: 'protocol', values: PROTOCOLS },
  slowOnly: { key: 'slow' },
  problemsOnly: { key: 'problems' },
  search: { key: 'q' },
};
const DEFAULT_SORT = { key: 'user', direction: 'asc' as const };

function countBy<K extends string>(rows: readonly SessionRow[], get: (r: SessionRow) => K): Map<K, number> {
  const m = new Map<K, number>();
  for (const r of rows) m.set(get(r), (m.get(get(r)) ?? 0) + 1);
  return m;
}

/**
 * Every current session in one virtualized table (Horizon: Sessions · Citrix
 * Director: Sessions · AVD: user sessions). The list (who is connected where)
 * comes from session-list and follows sessions starting, changing and ending by
 * deltas (useSessionRows); the live figures come from the session-live feed, per cell.
 */
export function SessionsView() {
  const f = useUrlFilter<SessionFilter>({ path: '/sessions', empty: NO_SESSION_FILTER, fields: FIELDS, defaultSort: DEFAULT_SORT });
  const { filter, searchText, setSearchText, setFilter, clear } = f;
  // The list follows sessions starting and ending by deltas (use-session-rows.ts), not reloads: 9,000 rows are megabytes.
  const { rows, complete, error, reload } = useSessionRows();
  useEffect(() => sessionLive.retain(), []);
  const summary = useApi('session-summary', {}, { refreshOn: ['session'], minIntervalMs: 3000 });
  const [failuresOpen, setFailuresOpen] = useState(false);

  const effective = f.effective;
  // The state filter follows live states: re-filter when the feed moves only if a state filter is on.
  const [liveTick, setLiveTick] = useState(0);
  useEffect(() => (filter.state ? sessionLive.subscribe(() => setLiveTick((n) => n + 1)) : undefined), [filter.state]);
  const shown = useMemo(
    () => (rows ? filterSessions(rows, effective, (id) => sessionLive.get(id, 'state') as SessionState | undefined) : []),
    // liveTick is not read inside: it re-runs the filter when live states move under a state filter.
    [rows, effective, liveTick],
  );
  const stateCounts = useMemo(() => countBy(rows ?? [], (r) => r.state), [rows]);
  const poolCounts = useMemo(() => countBy(rows ?? [], (r) => r.poolName), [rows]);
  const protoCounts = useMemo(() => countBy(rows ?? [], (r) => r.protocol), [rows]);
  const slowCount = useMemo(() => (rows ?? []).filter((r) => r.logonSeconds !== null && r.logonSeconds > 60).length, [rows]);
  const poolNames = useMemo(() => [...poolCounts.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })), [poolCounts]);

  // Bulk selection by session id; sessions that ended drop out of it.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const byId = useMemo(() => new Map((rows ?? []).map((r) => [r.id, r])), [rows]);
  useEffect(() => {
    setSelected((s) => {
      const kept = [...s].filter((id) => byId.has(id));
      return kept.length === s.size ? s : new Set(kept);
    });
  }, [byId]);
  // A replaced lab (a restore, a reset) gives the same session ids to other users: nothing selected before stays so.
  useEffect(() => getClient().subscribe('lab-restored', () => setSelected(new Set())), []);
  const selection: RowSelection = useMemo(
    () => ({
      isSelected: (k) => selected.has(k),
      onToggle: (k, on) =>
        setSelected((s) => {
          const n = new Set(s);
          if (on) n.add(k);
          else n.delete(k);
          return n;
        }),
      allSelected: shown.length > 0 && shown.every((r) => selected.has(r.id)),
      onToggleAll: (on) => setSelected(on ? new Set(shown.map((r) => r.id)) : new Set()),
    }),
    [selected, shown],
  );
  const targets: SessionTarget[] = useMemo(() => [...selected].map((id) => byId.get(id)).filter((r): r is SessionRow => Boolean(r)), [selected, byId]);

  const actions = useSessionActions(useCallback(() => setSelected(new Set()), []));
  // Through a ref: the columns (and so every rendered row) stay the same object across this view's renders.
  const startRef = useRef(actions.start);
  startRef.current = actions.start;
  const onRowAction = useCallback((kind: SessionActionKind | 'message', row: SessionRow) => startRef.current(kind, [row]), []);
  const rdsPools = useRdsPools();
  const rdsRef = useRef(rdsPools);
  rdsRef.current = rdsPools;
  const onRds = useCallback((poolId: string) => rdsRef.current.has(poolId), []);
  // Session actions are the Help Desk's and the Administrator's: other roles get no action menu.
  const canAct = useCan('session-logoff');
  const columns: Column<SessionRow>[] = useMemo(
    () => [
      ...sessionColumns(ALARMS),
      ...(canAct
        ? [
            {
              key: 'actions',
              title: <span className="vdi-visually-hidden">Actions</span>,
              width: '3.2em',
              render: (r: SessionRow) => <SessionRowMenu row={r} onAction={onRowAction} onRds={onRds} />,
            },
          ]
        : []),
    ],
    [onRowAction, onRds, canAct],
  );

  const setFilterRef = useRef(setFilter);
  setFilterRef.current = setFilter;
  const onSlow = useCallback(() => setFilterRef.current({ slowOnly: true }), []);
  const filtered = f.isFiltered;
  const { visible, chooser } = useColumnChooser(columns, 'sessions-table');
  const alarmCounts = useAlarmCounts();
  ALARMS.current = alarmCounts;
  return (
    <AlarmCountsContext.Provider value={alarmCounts}>
      <ViewHeader
        title="Sessions"
        crumbs={[{ label: 'Sessions' }]}
        description="Who is connected where, how their logon went and how their session feels (Horizon: Sessions · Citrix Director: Sessions · AVD: user sessions)."
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight vdi-sessions-section" padding={{ default: 'noPadding' }}>
        <SessionsSummary summary={summary.data} onSlow={onSlow} />
        {summary.data && summary.data.failures.lastHour > 0 ? (
          <FailedConnections count={summary.data.failures.lastHour} open={failuresOpen} setOpen={setFailuresOpen} />
        ) : null}
        <Toolbar className="vdi-toolbar" clearAllFilters={clear}>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput
                placeholder="Search user, desktop, host or pool"
                value={searchText}
                onChange={(_e, v) => setSearchText(v)}
                onClear={() => setSearchText('')}
                aria-label="Search sessions"
                data-testid="sessions-search"
                style={{ width: '15rem' }}
              />
            </ToolbarItem>
            <ToolbarGroup variant="filter-group">
              <ToolbarItem>
                <FilterSelect
                  allLabel="All states"
                  ariaLabel="Session state"
                  testId="sessions-filter-state"
                  value={filter.state}
                  onChange={(v) => setFilter({ state: v as SessionState | '' })}
                  options={SESSION_STATES.filter((s) => s !== 'logged-off').map((s) => ({ value: s, label: STATE_NAMES[s], count: stateCounts.get(s) ?? 0 }))}
                  width="10rem"
                />
              </ToolbarItem>
              <ToolbarItem>
                <FilterSelect
                  allLabel="All pools"
                  ariaLabel="Desktop pool"
                  testId="sessions-filter-pool"
                  value={filter.pool}
                  onChange={(v) => setFilter({ pool: v })}
                  options={poolNames.map((p) => ({ value: p, label: p, count: poolCounts.get(p) ?? 0 }))}
                  width="10rem"
                />
              </ToolbarItem>
              <ToolbarItem>
                <FilterSelect
                  allLabel="All protocols"
                  ariaLabel="Protocol"
                  testId="sessions-filter-protocol"
                  value={filter.protocol}
                  onChange={(v) => setFilter({ protocol: v as Protocol | '' })}
                  options={PROTOCOLS.map((p) => ({ value: p, label: PROTOCOL_SHORT[p], count: protoCounts.get(p) ?? 0 }))}
                  width="9rem"
                />
              </ToolbarItem>
              <ToolbarItem alignSelf="center">
                <Switch
                  id="sessions-slow"
                  label={`Slow logons (> 60 s) · ${formatInt(slowCount)}`}
                  isChecked={filter.slowOnly}
                  onChange={(_e, on) => setFilter({ slowOnly: on })}
                  data-testid="sessions-filter-slow"
                />
              </ToolbarItem>
              <ToolbarItem alignSelf="center">
                <Switch
                  id="sessions-problems"
                  label="Problems only"
                  isChecked={filter.problemsOnly}
                  onChange={(_e, on) => setFilter({ problemsOnly: on })}
                  data-testid="sessions-filter-problems"
                />
              </ToolbarItem>
              {filtered ? (
                <ToolbarItem>
                  <Button variant="link" onClick={clear} size="sm" data-testid="sessions-filter-clear">
                    Clear filters
                  </Button>
                </ToolbarItem>
              ) : null}
            </ToolbarGroup>
            <ToolbarGroup align={{ default: 'alignEnd' }} alignItems="center">
              <ToolbarItem>{chooser}</ToolbarItem>
              <ToolbarItem>
                <CsvExportButton rows={shown} columns={visible} sort={f.sort} fileName="sessions" testId="sessions-export" />
              </ToolbarItem>
              <ToolbarItem alignSelf="center">
                <span className="vdi-count" data-testid="sessions-count">
                  {rows && complete ? (
                    <>
                      <strong>{formatInt(shown.length)}</strong> of {formatInt(rows.length)} sessions
                    </>
                  ) : rows ? (
                    // The first screen is up; the whole list follows in one reply.
                    <span data-testid="sessions-count-partial" title="The first screen of sessions is shown; the whole list is loading.">
                      <Spinner size="sm" aria-hidden /> {shown.length === rows.length ? '' : `${formatInt(shown.length)} of `}
                      first <strong>{formatInt(rows.length)}</strong>
                      {summary.data ? ` of ${formatInt(summary.data.total)}` : ''} sessions…
                    </span>
                  ) : (
                    'Loading sessions…'
                  )}
                </span>
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
        {canAct ? (
          <SessionsBulkBar
            targets={targets}
            rdsPools={rdsPools}
            onAction={(k) => actions.start(k, targets)}
            onClear={() => setSelected(new Set())}
            busy={actions.busy}
          />
        ) : null}
        {error ? <ApiErrorAlert error={error} title="Could not load the sessions" onRetry={reload} /> : null}
        {!rows ? (
          error ? null : (
            <TableSkeleton />
          )
        ) : (
          <VirtualTable
            rows={shown}
            columns={visible}
            rowKey={(r) => r.id}
            rowTestId={(r) => `session-${r.userName.slice(r.userName.lastIndexOf('\\') + 1)}-row`}
            rowName={(r) => `${r.userDisplayName} on ${r.desktopName}`}
            selection={selection}
            sort={f.sort}
            onSortChange={f.setSort}
            ariaLabel="Sessions"
            testId="sessions-table"
            className="vdi-sessions-table"
            layoutDeps={[Boolean(error), targets.length > 0, Boolean(summary.data), (summary.data?.failures.lastHour ?? 0) > 0, failuresOpen]}
            empty={
              rows.length === 0 ? (
                <NothingHere title="Nobody is connected" body="Run or step the simulated clock into the working day, or connect as a user." />
              ) : (
                <NoMatches
                  what="sessions"
                  action={
                    <Button variant="link" onClick={clear}>
                      Clear all filters
                    </Button>
                  }
                />
              )
            }
          />
        )}
      </PageSection>
      {actions.modal}
    </AlarmCountsContext.Provider>
  );
}
