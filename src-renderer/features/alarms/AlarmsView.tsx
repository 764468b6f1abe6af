import { useEffect, useMemo, useState } from 'react';
import { Button, PageSection, Tab, Tabs, TabTitleText, ToolbarItem } from '@patternfly/react-core';
import CheckIcon from '@patternfly/react-icons/dist/esm/icons/check-icon';
import {
  ALARM_OBJECT_KINDS,
  ALARM_SEVERITIES,
  ALARM_STATES,
  type AlarmObjectKind,
  type AlarmSeverity,
  type AlarmState,
} from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { useUrlFilter } from '../../state/use-url-filter.ts';
import { useRoute, navigate } from '../../router/hash-router.ts';
import { CsvExportButton, useColumnChooser } from '../../components/table-tools.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { ListToolbar } from '../../components/ListToolbar.tsx';
import { NoMatches, TableSkeleton } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable } from '../../components/VirtualTable.tsx';
import { formatInt, humanize } from '../../components/format.ts';
import { ALARM_COLUMNS, STATE_NAMES } from './alarm-columns.tsx';
import { AcknowledgeModal } from './AcknowledgeModal.tsx';
import { Can } from '../../components/Can.tsx';
import { DefinitionsTable } from './DefinitionsTable.tsx';

const PAGE = 500;

interface AlarmFilter {
  state: AlarmState | 'active' | 'all' | '';
  severity: AlarmSeverity | '';
  kind: AlarmObjectKind | '';
  search: string;
}
const NO_FILTER: AlarmFilter = { state: '', severity: '', kind: '', search: '' };
const FIELDS = {
  state: { key: 'state', values: [...ALARM_STATES, 'active', 'all'] },
  severity: { key: 'severity', values: ALARM_SEVERITIES },
  kind: { key: 'kind', values: ALARM_OBJECT_KINDS },
  search: { key: 'q' },
};
const DEFAULT_SORT = { key: 'severity', direction: 'desc' as const };

/**
 * Alarms (vCenter's Triggered Alarms, Director's Alerts): active ones first, worst first; select
 * triggered ones and acknowledge them with a comment. The Definitions tab edits what triggers them.
 */
export function AlarmsView() {
  const route = useRoute();
  const tab = route.query.get('tab') === 'definitions' ? 'definitions' : 'alarms';
  return (
    <>
      <ViewHeader
        title="Alarms"
        description="Conditions that need an admin, separate from the event log: triggered → acknowledged (with a comment) → reset when the condition clears. Evaluated every simulated minute."
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        <Tabs
          activeKey={tab}
          onSelect={(_e, k) => navigate(k === 'definitions' ? '/alarms?tab=definitions' : '/alarms', { replace: true })}
          aria-label="Alarms and definitions"
          data-testid="alarms-tabs"
        >
          <Tab eventKey="alarms" title={<TabTitleText>Alarms</TabTitleText>} data-testid="alarms-tab-alarms" />
          <Tab eventKey="definitions" title={<TabTitleText>Definitions</TabTitleText>} data-testid="alarms-tab-definitions" />
        </Tabs>
        {tab === 'definitions' ? <DefinitionsTable /> : <AlarmsTable />}
      </PageSection>
    </>
  );
}

function AlarmsTable() {
  const f = useUrlFilter<AlarmFilter>({ path: '/alarms', empty: NO_FILTER, fields: FIELDS, defaultSort: DEFAULT_SORT });
  const search = useRoute().query.get('q') ?? '';
  const [pages, setPages] = useState(1);
  const input = useMemo(
    () => ({
      state: f.filter.state || ('active' as const),
      severity: f.filter.severity || undefined,
      objectKind: f.filter.kind || undefined,
      search: search || undefined,
      limit: PAGE * pages,
    }),
    [f.filter.state, f.filter.severity, f.filter.kind, search, pages],
  );
  const { data, error, reload } = useApi('alarm-list', input, { refreshOn: ['lab', 'events'], minIntervalMs: 1500 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [acking, setAcking] = useState(false);
  const filterKey = `${f.filter.state}|${f.filter.severity}|${f.filter.kind}|${search}`;
  useEffect(() => {
    setSelected(new Set());
    setPages(1);
  }, [filterKey]);
  const rows = data?.rows ?? [];
  const triggered = rows.filter((a) => a.state === 'triggered');
  const chosen = rows.filter((a) => selected.has(String(a.id)) && a.state === 'triggered');
  const { visible, chooser } = useColumnChooser(ALARM_COLUMNS, 'alarms-table');
  const counts = data?.counts;

  return (
    <>
      <ListToolbar
        clearAllFilters={f.clear}
        search={{
          placeholder: 'Search alarms, objects, comments',
          value: f.searchText,
          onChange: f.setSearchText,
          ariaLabel: 'Search alarms',
          testId: 'alarms-search',
          width: '15rem',
        }}
        filters={[
          {
            allLabel: 'Active',
            ariaLabel: 'Alarm state',
            testId: 'alarms-filter-state',
            value: f.filter.state === 'active' ? '' : f.filter.state,
            onChange: (v) => f.setFilter({ state: v as AlarmFilter['state'] }),
            options: [...ALARM_STATES.map((s) => ({ value: s, label: STATE_NAMES[s] })), { value: 'all', label: 'All, with history' }],
            width: '10rem',
          },
          {
            allLabel: 'All severities',
            ariaLabel: 'Severity',
            testId: 'alarms-filter-severity',
            value: f.filter.severity,
            onChange: (v) => f.setFilter({ severity: v as AlarmSeverity | '' }),
            options: ALARM_SEVERITIES.map((s) => ({ value: s, label: humanize(s) })),
            width: '10rem',
          },
          {
            allLabel: 'All objects',
            ariaLabel: 'Object kind',
            testId: 'alarms-filter-kind',
            value: f.filter.kind,
            onChange: (v) => f.setFilter({ kind: v as AlarmObjectKind | '' }),
            options: ALARM_OBJECT_KINDS.map((k) => ({ value: k, label: humanize(k) })),
            width: '9.5rem',
          },
        ]}
        end={
          <>
            <Can method="alarm-acknowledge">
              <ToolbarItem>
                <Button icon={<CheckIcon />} isDisabled={chosen.length === 0} onClick={() => setAcking(true)} data-testid="alarms-acknowledge">
                  Acknowledge{chosen.length ? ` ${formatInt(chosen.length)}` : ''}
                </Button>
              </ToolbarItem>
            </Can>
            <ToolbarItem>{chooser}</ToolbarItem>
            <ToolbarItem>
              <CsvExportButton rows={rows} columns={visible} sort={f.sort} fileName="alarms" testId="alarms-export" />
            </ToolbarItem>
            <ToolbarItem alignSelf="center">
              <span className="vdi-count" data-testid="alarms-count">
                <strong className="vdi-text-danger">{formatInt(counts?.critical ?? 0)}</strong> critical ·{' '}
                <strong className="vdi-text-warning">{formatInt(counts?.warning ?? 0)}</strong> warning active · {formatInt(counts?.unacknowledged ?? 0)} not
                acknowledged
              </span>
            </ToolbarItem>
          </>
        }
      />
      {error ? <ApiErrorAlert error={error} title="Could not load the alarms" onRetry={reload} /> : null}
      {data ? (
        <>
          <VirtualTable
            rows={rows}
            columns={visible}
            rowKey={(a) => String(a.id)}
            rowTestId={(a) => `alarm-${a.id}-row`}
            sort={f.sort}
            onSortChange={f.setSort}
            ariaLabel="Alarms"
            testId="alarms-table"
            rowHeight={52}
            layoutDeps={[Boolean(error), rows.length < data.total]}
            selection={{
              isSelected: (k) => selected.has(k),
              onToggle: (k, on) =>
                setSelected((s) => {
                  const n = new Set(s);
                  if (on) n.add(k);
                  else n.delete(k);
                  return n;
                }),
              allSelected: triggered.length > 0 && triggered.every((a) => selected.has(String(a.id))),
              onToggleAll: (on) => setSelected(on ? new Set(triggered.map((a) => String(a.id))) : new Set()),
            }}
            empty={
              <NoMatches
                what={f.filter.state === '' || f.filter.state === 'active' ? 'active alarms' : 'alarms'}
                action={
                  f.isFiltered ? (
                    <Button variant="link" onClick={f.clear}>
                      Clear all filters
                    </Button>
                  ) : undefined
                }
              />
            }
          />
          {rows.length < data.total ? (
            <Button variant="link" size="sm" onClick={() => setPages((p) => p + 1)} data-testid="alarms-load-more">
              Load more ({formatInt(data.total - rows.length)} more)
            </Button>
          ) : null}
        </>
      ) : error ? null : (
        <TableSkeleton />
      )}
      {acking ? (
        <AcknowledgeModal
          alarms={chosen}
          onClose={() => setAcking(false)}
          onDone={() => {
            setAcking(false);
            setSelected(new Set());
            reload();
          }}
        />
      ) : null}
    </>
  );
}
