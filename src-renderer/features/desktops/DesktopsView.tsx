import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, PageSection, Switch, ToolbarItem } from '@patternfly/react-core';
import { MACHINE_STATES, POWER_STATES, type DesktopRow, type MachineState, type PowerState } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { useUrlFilter } from '../../state/use-url-filter.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { ListToolbar } from '../../components/ListToolbar.tsx';
import { NoMatches, NothingHere, TableSkeleton } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable, type RowSelection } from '../../components/VirtualTable.tsx';
import { CsvExportButton, useColumnChooser } from '../../components/table-tools.tsx';
import { formatInt } from '../../components/format.ts';
import { POWER_STATE_META } from '../../components/machine-states.ts';
import { desktopColumns } from './desktop-columns.tsx';
import { AlarmCountsContext, AlarmCountsRef, useAlarmCounts } from '../alarms/index.ts';
import { countBy, filterDesktops, NO_FILTER, type DesktopFilter } from './desktop-filter.ts';
import { DesktopDrawer } from './DesktopDrawer.tsx';
import { DesktopsBulkBar } from './DesktopsBulkBar.tsx';
import { useDesktopActions, type DesktopTarget } from './use-desktop-actions.tsx';

const ALARMS = new AlarmCountsRef();
const COLUMNS = desktopColumns([], ALARMS);
const FIELDS = {
  state: { key: 'state', values: MACHINE_STATES },
  pool: { key: 'pool' },
  power: { key: 'power', values: POWER_STATES },
  problemsOnly: { key: 'problems' },
  search: { key: 'q' },
};
const DEFAULT_SORT = { key: 'name', direction: 'asc' as const };

export const toTarget = (r: DesktopRow): DesktopTarget => ({ id: r.id, name: r.name, sessions: r.sessions, user: r.user, pool: r.pool });

/**
 * Every desktop of the lab in one virtualized table (up to 10,000 rows): loaded once, then
 * filtered and sorted in the renderer. Filters and sort live in the URL so the dashboard can
 * link to "problem machines" and a reload keeps them. Select rows for the machine actions.
 */
export function DesktopsView() {
  const f = useUrlFilter<DesktopFilter>({ path: '/desktops', empty: NO_FILTER, fields: FIELDS, defaultSort: DEFAULT_SORT });
  const { filter } = f;
  const selectedId = f.param('selected');
  const { data, error, reload } = useApi('desktop-list', {}, { refreshOn: ['desktop', 'pool', 'host'], minIntervalMs: 3000 });
  const rows = data?.rows;
  const select = (id: string | null) => f.setParam('selected', id);

  const shown = useMemo(() => (rows ? filterDesktops(rows, f.effective) : []), [rows, f.effective]);
  const stateCounts = useMemo(() => countBy(rows ?? [], (r) => r.state), [rows]);
  const powerCounts = useMemo(() => countBy(rows ?? [], (r) => r.powerState), [rows]);
  const poolCounts = useMemo(() => countBy(rows ?? [], (r) => r.pool), [rows]);
  const poolNames = useMemo(() => [...poolCounts.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })), [poolCounts]);
  const rowById = useMemo(() => {
    const m = new Map<string, DesktopRow>();
    for (const r of rows ?? []) m.set(r.id, r);
    return m;
  }, [rows]);

  // Bulk selection by desktop id; desktops that went away drop out of it.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    setSelected((s) => {
      const kept = [...s].filter((id) => rowById.has(id));
      return kept.length === s.size ? s : new Set(kept);
    });
  }, [rowById]);
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
  const actions = useDesktopActions(
    useCallback(() => {
      setSelected(new Set());
      reload();
    }, [reload]),
  );
  const { visible, chooser } = useColumnChooser(COLUMNS, 'desktops-table');
  const alarmCounts = useAlarmCounts();
  ALARMS.current = alarmCounts;

  return (
    <AlarmCountsContext.Provider value={alarmCounts}>
      <ViewHeader
        title="Desktops"
        crumbs={[{ label: 'Inventory' }, { label: 'Desktops' }]}
        description="All virtual desktops and session hosts of the lab (Horizon: Machines · Citrix: Machine catalog machines · AVD: session hosts)."
      />
      {actions.modal}
      <PageSection hasBodyWrapper={false} className="vdi-section-tight" padding={{ default: 'noPadding' }}>
        <DesktopDrawer selected={selectedId ? { id: selectedId, row: rowById.get(selectedId) } : null} onClose={() => select(null)} onStale={reload}>
          <div className="vdi-drawer-inner">
            <ListToolbar
              clearAllFilters={f.clear}
              search={{
                placeholder: 'Search name, user or host',
                value: f.searchText,
                onChange: f.setSearchText,
                ariaLabel: 'Search desktops',
                testId: 'desktops-search',
                width: '14rem',
              }}
              filters={[
                {
                  allLabel: 'All machine states',
                  ariaLabel: 'Machine state',
                  testId: 'filter-state',
                  value: filter.state,
                  onChange: (v) => f.setFilter({ state: v as MachineState | '' }),
                  options: MACHINE_STATES.map((s) => ({ value: s, label: s, count: stateCounts.get(s) ?? 0 })),
                  width: '13.5rem',
                },
                {
                  allLabel: 'All pools',
                  ariaLabel: 'Desktop pool',
                  testId: 'filter-pool',
                  value: filter.pool,
                  onChange: (v) => f.setFilter({ pool: v }),
                  options: poolNames.map((p) => ({ value: p, label: p, count: poolCounts.get(p) ?? 0 })),
                  width: '10.5rem',
                },
                {
                  allLabel: 'All power states',
                  ariaLabel: 'Power state',
                  testId: 'filter-power',
                  value: filter.power,
                  onChange: (v) => f.setFilter({ power: v as PowerState | '' }),
                  options: POWER_STATES.map((p) => ({ value: p, label: POWER_STATE_META[p].label, count: powerCounts.get(p) ?? 0 })),
                  width: '10rem',
                },
              ]}
              filterExtra={
                <>
                  <ToolbarItem alignSelf="center">
                    <Switch
                      id="filter-problems"
                      label="Problems only"
                      isChecked={filter.problemsOnly}
                      onChange={(_e, checked) => f.setFilter({ problemsOnly: checked })}
                      data-testid="filter-problems"
                    />
                  </ToolbarItem>
                </>
              }
              clear={{ shown: f.isFiltered, testId: 'filter-clear' }}
              end={
                <>
                  <ToolbarItem>{chooser}</ToolbarItem>
                  <ToolbarItem>
                    <CsvExportButton rows={shown} columns={visible} sort={f.sort} fileName="desktops" testId="desktops-export" />
                  </ToolbarItem>
                  <ToolbarItem alignSelf="center">
                    <span className="vdi-count" data-testid="desktops-count">
                      <strong>{formatInt(shown.length)}</strong> of {formatInt(rows?.length ?? 0)} desktops
                    </span>
                  </ToolbarItem>
                </>
              }
            />
            <DesktopsBulkBar
              count={selected.size}
              busy={actions.busy}
              onClear={() => setSelected(new Set())}
              onAction={(a) =>
                actions.start(
                  a,
                  [...selected]
                    .map((id) => rowById.get(id))
                    .filter((r): r is DesktopRow => Boolean(r))
                    .map(toTarget),
                )
              }
            />
            {error ? <ApiErrorAlert error={error} title="Could not load the desktops" onRetry={reload} /> : null}
            {!rows ? (
              error ? null : (
                <TableSkeleton />
              )
            ) : (
              <VirtualTable
                rows={shown}
                columns={visible}
                rowKey={(r) => r.id}
                rowTestId={(r) => `desktop-${r.name}-row`}
                rowName={(r) => r.name}
                onRowClick={(r) => select(r.id)}
                activeKey={selectedId}
                selection={selection}
                sort={f.sort}
                onSortChange={f.setSort}
                ariaLabel="Desktops"
                testId="desktops-table"
                layoutDeps={[Boolean(error), selected.size > 0]}
                empty={
                  rows.length === 0 ? (
                    <NothingHere title="No desktops in this lab" body="Create a desktop pool to provision machines." />
                  ) : (
                    <NoMatches
                      what="desktops"
                      action={
                        <Button variant="link" onClick={f.clear}>
                          Clear all filters
                        </Button>
                      }
                    />
                  )
                }
              />
            )}
          </div>
        </DesktopDrawer>
      </PageSection>
    </AlarmCountsContext.Provider>
  );
}
