import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, PageSection, SearchInput, Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import CheckIcon from '@patternfly/react-icons/dist/esm/icons/check-icon';
import { EVENT_TYPES, OBJECT_KINDS, SEVERITIES, type EventType, type LabEvent, type ObjectKind, type Severity } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { invalidate } from '../../state/refresh-store.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { navigate, useRoute, withQuery } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { NoMatches, TableSkeleton } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { VirtualTable } from '../../components/VirtualTable.tsx';
import { formatInt, humanize } from '../../components/format.ts';
import { EVENT_COLUMNS, EVENT_TYPE_NAMES } from './event-columns.tsx';

/** Events per request; "Load older" fetches the next page before the oldest shown. */
const PAGE = 1000;

function pick<T extends string>(all: readonly T[], v: string | null): T | undefined {
  return v && (all as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function EventsView() {
  const route = useRoute();
  const q = route.query;
  const type = pick<EventType>(EVENT_TYPES, q.get('type'));
  const severity = pick<Severity>(SEVERITIES, q.get('severity'));
  const objectKind = pick<ObjectKind>(OBJECT_KINDS, q.get('kind'));
  const ack = q.get('ack') === 'yes' ? true : q.get('ack') === 'no' ? false : undefined;
  const search = q.get('q') ?? '';
  const [text, setText] = useState(search);
  const pushed = useRef(search);
  useEffect(() => {
    if (search !== pushed.current) {
      pushed.current = search;
      setText(search);
    }
  }, [search]);

  const setQuery = (patch: Record<string, string | undefined>) => {
    const cur = { type, severity, kind: objectKind, ack: q.get('ack') ?? undefined, q: search };
    navigate(withQuery('/events', { ...cur, ...patch }), { replace: true, ifStillOn: '/events' });
  };
  useEffect(() => {
    if (text === search) return;
    const t = setTimeout(() => {
      pushed.current = text;
      setQuery({ q: text });
    }, 300);
    return () => clearTimeout(t);
    // setQuery reads the current route; only the typed text drives this.
  }, [text]);

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
  const oldestId = rows.length ? Math.min(...rows.map((e) => e.id)) : undefined;
  const fetchOlder = async () => {
    if (!oldestId) return;
    const res = await loadOlder.run(() => getClient().call('event-list', { ...input, beforeId: oldestId }));
    if (res) setOlder((o) => [...o, ...res.rows]);
  };

  const unackedShown = useMemo(() => rows.filter((e) => !e.acknowledged), [rows]);
  const selectedIds = [...selected].map(Number);
  const acknowledge = async () => {
    const res = await ackAction.run(() => getClient().call('event-acknowledge', { ids: selectedIds }));
    if (res) {
      notifySuccess(`${formatInt(res.acknowledged)} event${res.acknowledged === 1 ? '' : 's'} acknowledged`);
      setSelected(new Set());
      setOlder((o) => o.map((e) => (selected.has(String(e.id)) ? { ...e, acknowledged: true } : e)));
      invalidate(['events']);
    }
  };

  const filtered = Boolean(type || severity || objectKind || ack !== undefined || search);
  const clear = () => {
    setText('');
    navigate('/events', { replace: true });
  };

  return (
    <>
      <ViewHeader
        title="Events"
        description="Events and the audit trail of every admin action, newest first, updated live. Times are simulated (UTC)."
        actions={
          <Button
            icon={<CheckIcon />}
            isDisabled={selected.size === 0 || ackAction.busy}
            isLoading={ackAction.busy}
            onClick={() => void acknowledge()}
            data-testid="events-acknowledge"
          >
            Acknowledge{selected.size ? ` ${formatInt(selected.size)}` : ''}
          </Button>
        }
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        <Toolbar className="vdi-toolbar" clearAllFilters={clear}>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput
                placeholder="Search messages, objects, users"
                value={text}
                onChange={(_e, v) => setText(v)}
                onClear={() => setText('')}
                aria-label="Search events"
                data-testid="events-search"
                style={{ width: '16rem' }}
              />
            </ToolbarItem>
            <ToolbarGroup variant="filter-group">
              <ToolbarItem>
                <FilterSelect
                  allLabel="All types"
                  ariaLabel="Event type"
                  testId="events-filter-type"
                  value={type ?? ''}
                  onChange={(v) => setQuery({ type: v })}
                  options={EVENT_TYPES.map((t) => ({ value: t, label: EVENT_TYPE_NAMES[t] }))}
                  width="10.5rem"
                />
              </ToolbarItem>
              <ToolbarItem>
                <FilterSelect
                  allLabel="All severities"
                  ariaLabel="Severity"
                  testId="events-filter-severity"
                  value={severity ?? ''}
                  onChange={(v) => setQuery({ severity: v })}
                  options={SEVERITIES.map((s) => ({ value: s, label: humanize(s) }))}
                  width="10rem"
                />
              </ToolbarItem>
              <ToolbarItem>
                <FilterSelect
                  allLabel="All objects"
                  ariaLabel="Object kind"
                  testId="events-filter-kind"
                  value={objectKind ?? ''}
                  onChange={(v) => setQuery({ kind: v })}
                  options={OBJECT_KINDS.map((k) => ({ value: k, label: humanize(k) }))}
                  width="9.5rem"
                />
              </ToolbarItem>
              <ToolbarItem>
                <FilterSelect
                  allLabel="Any acknowledgement"
                  ariaLabel="Acknowledged"
                  testId="events-filter-ack"
                  value={q.get('ack') ?? ''}
                  onChange={(v) => setQuery({ ack: v })}
                  options={[
                    { value: 'no', label: 'Unacknowledged' },
                    { value: 'yes', label: 'Acknowledged' },
                  ]}
                  width="12rem"
                />
              </ToolbarItem>
              {filtered ? (
                <ToolbarItem>
                  <Button variant="link" size="sm" onClick={clear} data-testid="events-filter-clear">
                    Clear filters
                  </Button>
                </ToolbarItem>
              ) : null}
            </ToolbarGroup>
            <ToolbarItem align={{ default: 'alignEnd' }} alignSelf="center">
              <span className="vdi-count" data-testid="events-count">
                <strong>{formatInt(rows.length)}</strong> of {formatInt(data?.total ?? 0)} events · {formatInt(data?.unacknowledged ?? 0)} unacknowledged
              </span>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {error ? <ApiErrorAlert error={error} title="Could not load the events" onRetry={reload} /> : null}
        {ackAction.error ? (
          <ApiErrorAlert error={ackAction.error} title="Could not acknowledge the events" onClose={ackAction.clearError} testId="events-ack-error" />
        ) : null}
        {loadOlder.error ? <ApiErrorAlert error={loadOlder.error} title="Could not load older events" onClose={loadOlder.clearError} /> : null}
        {data ? (
          <>
            <VirtualTable
              rows={rows}
              columns={EVENT_COLUMNS}
              rowKey={(e) => String(e.id)}
              rowTestId={(e) => `event-${e.id}-row`}
              initialSort={{ key: 'time', direction: 'desc' }}
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
