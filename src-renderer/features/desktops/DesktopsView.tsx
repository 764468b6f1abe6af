import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Button, PageSection, SearchInput, Switch, Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { MACHINE_STATES, POWER_STATES, type DesktopRow, type MachineState, type PowerState } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { navigate, useRoute, withQuery } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { NoMatches, NothingHere, TableSkeleton } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable } from '../../components/VirtualTable.tsx';
import { formatInt } from '../../components/format.ts';
import { POWER_STATE_META } from '../../components/machine-states.ts';
import { desktopColumns } from './desktop-columns.tsx';
import { countBy, filterDesktops, isFiltered, type DesktopFilter } from './desktop-filter.ts';
import { DesktopDrawer } from './DesktopDrawer.tsx';

const COLUMNS = desktopColumns();
const SEARCH_TO_URL_MS = 300;

function filterFromQuery(q: URLSearchParams): DesktopFilter {
  const state = q.get('state') ?? '';
  const power = q.get('power') ?? '';
  return {
    state: (MACHINE_STATES as readonly string[]).includes(state) ? (state as MachineState) : '',
    pool: q.get('pool') ?? '',
    power: (POWER_STATES as readonly string[]).includes(power) ? (power as PowerState) : '',
    problemsOnly: q.get('problems') === '1',
    search: q.get('q') ?? '',
  };
}

function toUrl(f: DesktopFilter, selected: string | null): string {
  return withQuery('/desktops', { state: f.state, pool: f.pool, power: f.power, problems: f.problemsOnly, q: f.search, selected });
}

/**
 * Every desktop of the lab in one virtualized table (up to 10,000 rows): loaded
 * once, then filtered and sorted in the renderer. Filters live in the URL so the
 * dashboard can link to "problem machines" and a reload keeps them.
 */
export function DesktopsView() {
  const route = useRoute();
  const filter = useMemo(() => filterFromQuery(route.query), [route.query]);
  const selectedId = route.query.get('selected');
  const { data, error, reload } = useApi('desktop-list', {}, { refreshOn: ['desktop', 'pool', 'host'], minIntervalMs: 3000 });
  const rows = data?.rows;

  // The search box updates at typing speed; the URL and the filter follow a moment later.
  const [searchText, setSearchText] = useState(filter.search);
  // The URL follows the box; the box follows the URL only when someone else changed it (back, a link).
  const pushed = useRef(filter.search);
  useEffect(() => {
    if (filter.search !== pushed.current) {
      pushed.current = filter.search;
      setSearchText(filter.search);
    }
  }, [filter.search]);
  useEffect(() => {
    if (searchText === filter.search) return;
    const t = setTimeout(() => {
      pushed.current = searchText;
      navigate(toUrl({ ...filter, search: searchText }, selectedId), { replace: true, ifStillOn: '/desktops' });
    }, SEARCH_TO_URL_MS);
    return () => clearTimeout(t);
  }, [searchText, filter, selectedId]);
  const deferredSearch = useDeferredValue(searchText);

  const setFilter = (patch: Partial<DesktopFilter>) => navigate(toUrl({ ...filter, search: searchText, ...patch }, selectedId), { replace: true });
  const select = (id: string | null) => navigate(toUrl({ ...filter, search: searchText }, id), { replace: true });

  const effective = useMemo(() => ({ ...filter, search: deferredSearch }), [filter, deferredSearch]);
  const shown = useMemo(() => (rows ? filterDesktops(rows, effective) : []), [rows, effective]);

  const stateCounts = useMemo(() => countBy(rows ?? [], (r) => r.state), [rows]);
  const powerCounts = useMemo(() => countBy(rows ?? [], (r) => r.powerState), [rows]);
  const poolCounts = useMemo(() => countBy(rows ?? [], (r) => r.pool), [rows]);
  const poolNames = useMemo(() => [...poolCounts.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })), [poolCounts]);
  const rowById = useMemo(() => {
    const m = new Map<string, DesktopRow>();
    for (const r of rows ?? []) m.set(r.id, r);
    return m;
  }, [rows]);

  const filtered = isFiltered({ ...filter, search: searchText });
  const clear = () => {
    setSearchText('');
    navigate(toUrl({ state: '', pool: '', power: '', problemsOnly: false, search: '' }, selectedId), { replace: true });
  };

  return (
    <>
      <ViewHeader
        title="Desktops"
        crumbs={[{ label: 'Inventory' }, { label: 'Desktops' }]}
        description="All virtual desktops and session hosts of the lab (Horizon: Machines · Citrix: Machine catalog machines · AVD: session hosts)."
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight" padding={{ default: 'noPadding' }}>
        <DesktopDrawer selected={selectedId ? { id: selectedId, row: rowById.get(selectedId) } : null} onClose={() => select(null)} onStale={reload}>
          <div className="vdi-drawer-inner">
            <Toolbar className="vdi-toolbar" clearAllFilters={clear}>
              <ToolbarContent>
                <ToolbarItem>
                  <SearchInput
                    placeholder="Search name, user or host"
                    value={searchText}
                    onChange={(_e, v) => setSearchText(v)}
                    onClear={() => setSearchText('')}
                    aria-label="Search desktops"
                    data-testid="desktops-search"
                    style={{ width: '14rem' }}
                  />
                </ToolbarItem>
                <ToolbarGroup variant="filter-group">
                  <ToolbarItem>
                    <FilterSelect
                      allLabel="All machine states"
                      ariaLabel="Machine state"
                      testId="filter-state"
                      value={filter.state}
                      onChange={(v) => setFilter({ state: v as MachineState | '' })}
                      options={MACHINE_STATES.map((s) => ({ value: s, label: s, count: stateCounts.get(s) ?? 0 }))}
                      width="13.5rem"
                    />
                  </ToolbarItem>
                  <ToolbarItem>
                    <FilterSelect
                      allLabel="All pools"
                      ariaLabel="Desktop pool"
                      testId="filter-pool"
                      value={filter.pool}
                      onChange={(v) => setFilter({ pool: v })}
                      options={poolNames.map((p) => ({ value: p, label: p, count: poolCounts.get(p) ?? 0 }))}
                      width="10.5rem"
                    />
                  </ToolbarItem>
                  <ToolbarItem>
                    <FilterSelect
                      allLabel="All power states"
                      ariaLabel="Power state"
                      testId="filter-power"
                      value={filter.power}
                      onChange={(v) => setFilter({ power: v as PowerState | '' })}
                      options={POWER_STATES.map((p) => ({ value: p, label: POWER_STATE_META[p].label, count: powerCounts.get(p) ?? 0 }))}
                      width="10rem"
                    />
                  </ToolbarItem>
                  <ToolbarItem alignSelf="center">
                    <Switch
                      id="filter-problems"
                      label="Problems only"
                      isChecked={filter.problemsOnly}
                      onChange={(_e, checked) => setFilter({ problemsOnly: checked })}
                      data-testid="filter-problems"
                    />
                  </ToolbarItem>
                  {filtered ? (
                    <ToolbarItem>
                      <Button variant="link" onClick={clear} data-testid="filter-clear" size="sm">
                        Clear filters
                      </Button>
                    </ToolbarItem>
                  ) : null}
                </ToolbarGroup>
                <ToolbarItem align={{ default: 'alignEnd' }} alignSelf="center">
                  <span className="vdi-count" data-testid="desktops-count">
                    <strong>{formatInt(shown.length)}</strong> of {formatInt(rows?.length ?? 0)} desktops
                  </span>
                </ToolbarItem>
              </ToolbarContent>
            </Toolbar>
            {error ? <ApiErrorAlert error={error} title="Could not load the desktops" onRetry={reload} /> : null}
            {!rows ? (
              error ? null : (
                <TableSkeleton />
              )
            ) : (
              <VirtualTable
                rows={shown}
                columns={COLUMNS}
                rowKey={(r) => r.id}
                rowTestId={(r) => `desktop-${r.name}-row`}
                onRowClick={(r) => select(r.id)}
                activeKey={selectedId}
                initialSort={{ key: 'name', direction: 'asc' }}
                ariaLabel="Desktops"
                testId="desktops-table"
                layoutDeps={[Boolean(error)]}
                empty={
                  rows.length === 0 ? (
                    <NothingHere title="No desktops in this lab" body="Create a desktop pool to provision machines." />
                  ) : (
                    <NoMatches
                      what="desktops"
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
          </div>
        </DesktopDrawer>
      </PageSection>
    </>
  );
}
