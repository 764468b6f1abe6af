import { useEffect, useMemo, useState } from 'react';
import { Button, PageSection, ToolbarItem } from '@patternfly/react-core';
import CheckIcon from '@patternfly/react-icons/dist/esm/icons/check-icon';
import { EVENT_TYPES, OBJECT_KINDS, SEVERITIES, type EventType, type LabEvent, type ObjectKind, type Severity } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { useUrlFilter } from '../../state/use-url-filter.ts';
import { CsvExportButton, useColumnChooser } from '../../components/table-tools.tsx';
import { toCsv } from '../../components/csv.ts';
import { downloadText } from '../../components/download.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useRoute } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { ListToolbar } from '../../components/ListToolbar.tsx';
import { NoMatches, TableSkeleton } from '../../components/States.tsx';
import { Can } from '../../components/Can.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable } from '../../components/VirtualTable.tsx';
import { formatInt, humanize } from '../../components/format.ts';
import { EVENT_COLUMNS, EVENT_TYPE_NAMES } from './event-columns.tsx';

/** Events per request; "Load older" fetches the next page before the oldest shown. */
const PAGE = 1000;
/** Export of every event the filters match, read from the host in pages of this many (event-list allows 20,000). */
const EXPORT_PAGE = 10_000;
/** At most this many events in one file (the browser holds them all while it writes the CSV). */
const EXPORT_MAX = 500_000;

interface EventFilter {
  type: EventType | '';
  severity: Severity | '';
  kind: ObjectKind | '';
  ack: 'yes' | 'no' | '';
  search: string;
}
const NO_EVENT_FILTER: EventFilter = { type: '', severity: '', kind: '', ack: '', search: '' };
const FIELDS = {
  type: { key: 'type', values: EVENT_TYPES },
  severity: { key: 'severity', values: SEVERITIES },
  kind: { key: 'kind', values: OBJECT_KINDS },
  ack: { key: 'ack', values: ['yes', 'no'] },
  search: { key: 'q' },
};
const DEFAULT_SORT = { key: 'time', direction: 'desc' as const };

export function EventsView() {
  const f = useUrlFilter<EventFilter>({ path: '/events', empty: NO_EVENT_FILTER, fields: FIELDS, defaultSort: DEFAULT_SORT });
  // The host filters events (there may be a million): it gets the search from the URL, a moment after the box.
  const urlSearch = useRoute().query.get('q') ?? '';
  const type = f.filter.type || undefined;
  const severity = f.filter.severity || undefined;
  const objectKind = f.filter.kind || undefined;
  const ack = f.filter.ack === 'yes' ? true : f.filter.ack === 'no' ? false : undefined;
  const search = urlSearch;
  const input = useMemo(
    () => ({ type, severity, objectKind, acknowledged: ack, search: search || undefined, limit: PAGE }),
    [type, severity, objectKind, ack, search],
  );
  const { data, error, reload } = useApi('event-list', input, { refreshOn: ['events'], minIntervalMs: 1500 });
  const [older, setOlder] = useState<LabEvent[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const inputKey = JSON.stringify(input);
  useEffect(() => {
    setOlder([]);
    setSelected(new Set());
  }, [inputKey]);

  const rows = useMemo(() => {
    const first = data?.rows ?? [];
    const seen = new Set(first.map((e) => e.id));
    return [...first, ...older.filter((e) => !seen.has(e.id))];
  }, [data, older]);

  const loadOlder = useAction();
  const ackAction = useAction();
  // The cursor: the last event loaded, in the host's order (simulated time, then id), so each page follows the one before.
  const lastId = rows.length ? rows[rows.length - 1]?.id : undefined;
  const fetchOlder = async () => {
    if (!lastId) return;
    const res = await loadOlder.run(() => getClient().call('event-list', { ...input, beforeId: lastId }));
    if (res) setOlder((o) => [...o, ...res.rows]);
  };

  // Every event the filters match, not only the pages loaded: read through the same cursor, newest first.
  const exportAll = useAction();
  const exportEverything = async () => {
    const all = await exportAll.run(async () => {
      const out: LabEvent[] = [];
      let before: number | undefined;
      while (out.length < EXPORT_MAX) {
        const res = await getClient().call('event-list', { ...input, limit: EXPORT_PAGE, ...(before !== undefined ? { beforeId: before } : {}) });
        out.push(...res.rows);
        const last = res.rows[res.rows.length - 1];
        if (res.rows.length < EXPORT_PAGE || !last) break;
        before = last.id;
      }
      return out;
    });
    if (!all) return;
    downloadText('events-all.csv', 'text/csv;charset=utf-8', toCsv(all, visible));
    notifySuccess(
      `${formatInt(all.length)} events exported${all.length >= EXPORT_MAX ? ` (the first ${formatInt(EXPORT_MAX)}: narrow the filters for the rest)` : ''}`,
    );
  };

  const unackedShown = useMemo(() => rows.filter((e) => !e.acknowledged), [rows]);
  const selectedIds = [...selected].map(Number);
  const acknowledge = async () => {
    const res = await ackAction.run(() => getClient().call('event-acknowledge', { ids: selectedIds }));
    if (res) {
      notifySuccess(`${formatInt(res.acknowledged)} event${res.acknowledged === 1 ? '' : 's'} acknowledged`);
      setSelected(new Set());
      setOlder((o) => o.map((e) => (selected.has(String(e.id)) ? { ...e, acknowledged: true } : e)));
    }
  };

  const filtered = f.isFiltered;
  const clear = f.clear;
  const { visible, chooser } = useColumnChooser(EVENT_COLUMNS, 'events-table');

  return (
    <>
      <ViewHeader
        title="Events"
        description="Events and the audit trail of every admin action, newest first, updated live. Times are simulated (UTC)."
        actions={
          <Can method="event-acknowledge">
            <Button
              icon={<CheckIcon />}
              isDisabled={selected.size === 0 || ackAction.busy}
              isLoading={ackAction.busy}
              onClick={() => void acknowledge()}
              data-testid="events-acknowledge"
            >
              Acknowledge{selected.size ? ` ${formatInt(selected.size)}` : ''}
            </Button>
          </Can>
        }
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        <ListToolbar
          clearAllFilters={clear}
          search={{
            placeholder: 'Search messages, objects, users',
            value: f.searchText,
            onChange: f.setSearchText,
            ariaLabel: 'Search events',
            testId: 'events-search',
            width: '16rem',
          }}
          filters={[
            {
              allLabel: 'All types',
              ariaLabel: 'Event type',
              testId: 'events-filter-type',
              value: f.filter.type,
              onChange: (v) => f.setFilter({ type: v as EventType | '' }),
              options: EVENT_TYPES.map((t) => ({ value: t, label: EVENT_TYPE_NAMES[t] })),
              width: '10.5rem',
            },
            {
              allLabel: 'All severities',
              ariaLabel: 'Severity',
              testId: 'events-filter-severity',
              value: f.filter.severity,
              onChange: (v) => f.setFilter({ severity: v as Severity | '' }),
              options: SEVERITIES.map((s) => ({ value: s, label: humanize(s) })),
              width: '10rem',
            },
            {
              allLabel: 'All objects',
              ariaLabel: 'Object kind',
              testId: 'events-filter-kind',
              value: f.filter.kind,
              onChange: (v) => f.setFilter({ kind: v as ObjectKind | '' }),
              options: OBJECT_KINDS.map((k) => ({ value: k, label: humanize(k) })),
              width: '9.5rem',
            },
            {
              allLabel: 'Any acknowledgement',
              ariaLabel: 'Acknowledged',
              testId: 'events-filter-ack',
              value: f.filter.ack,
              onChange: (v) => f.setFilter({ ack: v as EventFilter['ack'] }),
              options: [
                { value: 'no', label: 'Unacknowledged' },
                { value: 'yes', label: 'Acknowledged' },
              ],
              width: '12rem',
            },
          ]}
          clear={{ shown: filtered, testId: 'events-filter-clear' }}
          end={
            <>
              <ToolbarItem>{chooser}</ToolbarItem>
              <ToolbarItem>
                <CsvExportButton rows={rows} columns={visible} sort={f.sort} fileName="events" testId="events-export" />
              </ToolbarItem>
              <ToolbarItem>
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => void exportEverything()}
                  isLoading={exportAll.busy}
                  isDisabled={exportAll.busy || (data?.total ?? 0) === 0}
                  data-testid="events-export-all"
                >
                  Export all {formatInt(data?.total ?? 0)}
                </Button>
              </ToolbarItem>
              <ToolbarItem alignSelf="center">
                <span className="vdi-count" data-testid="events-count">
                  <strong>{formatInt(rows.length)}</strong> of {formatInt(data?.total ?? 0)} events · {formatInt(data?.unacknowledged ?? 0)} unacknowledged
                </span>
              </ToolbarItem>
            </>
          }
        />
        {error ? <ApiErrorAlert error={error} title="Could not load the events" onRetry={reload} /> : null}
        {ackAction.error ? (
          <ApiErrorAlert error={ackAction.error} title="Could not acknowledge the events" onClose={ackAction.clearError} testId="events-ack-error" />
        ) : null}
        {loadOlder.error ? <ApiErrorAlert error={loadOlder.error} title="Could not load older events" onClose={loadOlder.clearError} /> : null}
        {data ? (
          <>
            <VirtualTable
              rows={rows}
              columns={visible}
              rowKey={(e) => String(e.id)}
              rowTestId={(e) => `event-${e.id}-row`}
              sort={f.sort}
              onSortChange={f.setSort}
              ariaLabel="Events"
              testId="events-table"
              rowHeight={52}
              layoutDeps={[Boolean(error), Boolean(ackAction.error), rows.length < (data.total ?? 0)]}
              selection={{
                isSelected: (k) => selected.has(k),
                onToggle: (k, on) =>
                  setSelected((s) => {
                    const n = new Set(s);
                    if (on) n.add(k);
                    else n.delete(k);
                    return n;
                  }),
                allSelected: unackedShown.length > 0 && unackedShown.every((e) => selected.has(String(e.id))),
                onToggleAll: (on) => setSelected(on ? new Set(unackedShown.map((e) => String(e.id))) : new Set()),
              }}
              empty={
                <NoMatches
                  what="events"
                  action={
                    filtered ? (
                      <Button variant="link" onClick={clear}>
                        Clear all filters
                      </Button>
                    ) : undefined
                  }
                />
              }
            />
            {rows.length < data.total ? (
              <Button variant="link" onClick={() => void fetchOlder()} isLoading={loadOlder.busy} data-testid="events-load-older" size="sm">
                Load older events ({formatInt(data.total - rows.length)} more)
              </Button>
            ) : null}
          </>
        ) : error ? null : (
          <TableSkeleton />
        )}
      </PageSection>
    </>
  );
}
