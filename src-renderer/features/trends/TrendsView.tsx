import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Flex,
  FormSelect,
  FormSelectOption,
  PageSection,
  Tab,
  Tabs,
  TabTitleText,
  TextInput,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { TREND_REPORTS, type TrendRange, type TrendReport, type TrendReportName } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { downloadText } from '../../components/download.ts';
import { Segmented } from '../../components/Segmented.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { useClock } from '../../state/clock-store.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { RetentionCard } from './RetentionCard.tsx';
import { TrendChart } from './TrendChart.tsx';
import './trends.css';

const LABELS: Record<TrendReportName, string> = {
  sessions: 'Sessions',
  failures: 'Connection failures',
  logon: 'Logon performance',
  'pool-load': 'Load per pool',
  'host-load': 'Load per host',
  capacity: 'Capacity',
  'machine-usage': 'Machine usage',
  resources: 'Resource utilisation',
};
const ESTATE_ONLY: readonly TrendReportName[] = ['pool-load', 'host-load', 'resources'];
const RANGES: { value: TrendRange; label: string }[] = [
  { value: '1d', label: '1 day' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '1 month' },
  { value: '1y', label: '1 year' },
  { value: 'custom', label: 'Custom' },
];
const BUCKET: Record<number, string> = { 300: '5-minute', 3600: 'hourly', 86400: 'daily' };

/** `YYYY-MM-DDTHH:MM` (a datetime-local value, read as UTC: the lab's clock) ↔ ISO. */
const toInput = (t: number) => new Date(t * 1000).toISOString().slice(0, 16);
const fromInput = (v: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00Z` : null);
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const bucketLabel = (ts: number, res: number) => {
  const d = new Date(ts * 1000).toISOString();
  return res >= 86400 ? d.slice(0, 10) : `${d.slice(0, 10)} ${d.slice(11, 16)}`;
};

/** Which columns the chart draws: the report's own unit first, at most eight lines. */
function chartColumns(r: TrendReport): number[] {
  const unit = r.columns[0]?.unit;
  const same = r.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.unit === unit && c.key !== 'total');
  return same.slice(0, 8).map(({ i }) => i);
}

/**
 * Trends (route /trends; Citrix Director's Trends): one report at a time over 1 day, 7 days, 1 month,
 * 1 year of simulated time or a custom range, for the estate or one pool; chart, table, summary, CSV
 * and a printable HTML page; the retention of each rollup level below.
 */
export function TrendsView() {
  const [report, setReport] = useState<TrendReportName>('sessions');
  const [range, setRange] = useState<TrendRange>('1d');
  const [poolId, setPoolId] = useState('');
  const simTime = useClock((s) => s.clock?.simTime);
  const simNow = simTime ? Math.floor(Date.parse(simTime) / 1000) : null;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [applied, setApplied] = useState<{ from: string; to: string } | null>(null);
  // The custom range starts as the last 3 simulated days.
  useEffect(() => {
    if (simNow !== null && from === '' && to === '') {
      setFrom(toInput(simNow - 3 * 86400));
      setTo(toInput(simNow));
    }
  }, [simNow, from, to]);
  const pools = useApi('pool-list', {}, { refreshOn: ['pool'] });
  const scoped = !ESTATE_ONLY.includes(report) && poolId !== '';
  const query = useMemo(
    () => ({
      report,
      range,
      ...(range === 'custom' && applied ? { from: applied.from, to: applied.to } : {}),
      ...(scoped ? { poolId } : {}),
    }),
    [report, range, applied, scoped, poolId],
  );
  const waiting = range === 'custom' && !applied;
  const data = useApi('trend-report', query, { enabled: !waiting });
  // The fixed ranges end at the lab's clock: read again when a simulated 5 minutes has passed.
  const tick = simNow === null ? 0 : Math.floor(simNow / 300);
  const { reload } = data;
  useEffect(() => {
    if (range !== 'custom') reload();
  }, [tick, range, reload]);
  const action = useAction();
  const customFrom = fromInput(from);
  const customTo = fromInput(to);
  const customError =
    customFrom === null || customTo === null
      ? 'Give both ends of the range'
      : Date.parse(customTo) <= Date.parse(customFrom)
        ? 'The end must be after the start'
        : null;

  const exportAs = async (format: 'csv' | 'html') => {
    const r = await action.run(() => getClient().call('trend-export', { query, format }));
    if (!r) return;
    downloadText(r.fileName, r.mimeType, r.content);
    notifySuccess(`${r.fileName} saved${format === 'html' ? ': open it and print' : ''}`);
  };
  const r = data.data;
  return (
    <>
      <ViewHeader
        title="Trends"
        titleTestId="trends-title"
        description="What the estate did over simulated time: sessions, failures, logons, load, capacity, machine usage and resources, from the 5-minute, hourly and daily rollups."
        actions={
          <Flex gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
            <Button variant="secondary" onClick={() => void exportAs('csv')} isDisabled={!r || waiting} data-testid="trends-export-csv">
              Export CSV
            </Button>
            <Button variant="secondary" onClick={() => void exportAs('html')} isDisabled={!r || waiting} data-testid="trends-export-html">
              Printable report
            </Button>
          </Flex>
        }
      />
      <PageSection>
        <Tabs
          activeKey={report}
          onSelect={(_e, k) => setReport(k as TrendReportName)}
          aria-label="Reports"
          data-testid="trends-reports"
          className="vdi-trend-tabs"
        >
          {TREND_REPORTS.map((name) => (
            <Tab key={name} eventKey={name} title={<TabTitleText>{LABELS[name]}</TabTitleText>} data-testid={`trends-report-${name}`} />
          ))}
        </Tabs>
        <div className="vdi-trend-toolbar">
          <Segmented<TrendRange>
            options={RANGES.map((o) => ({ ...o, testId: `trends-range-${o.value}` }))}
            value={range}
            onChange={(v) => setRange(v)}
            ariaLabel="Range"
          />
          {range === 'custom' ? (
            <>
              <TextInput
                type="datetime-local"
                className="vdi-trend-time"
                aria-label="From (simulated, UTC)"
                value={from}
                onChange={(_e, v) => setFrom(v)}
                data-testid="trends-from"
              />
              <span>to</span>
              <TextInput
                type="datetime-local"
                className="vdi-trend-time"
                aria-label="To (simulated, UTC)"
                value={to}
                onChange={(_e, v) => setTo(v)}
                data-testid="trends-to"
              />
              <Button
                variant="primary"
                isDisabled={customError !== null}
                onClick={() => customFrom && customTo && setApplied({ from: customFrom, to: customTo })}
                data-testid="trends-apply"
              >
                Show
              </Button>
              {customError ? <span className="vdi-muted">{customError}</span> : <span className="vdi-muted">simulated time, UTC</span>}
            </>
          ) : null}
          <div className="vdi-trend-pool">
            <FormSelect
              aria-label="Pool"
              value={ESTATE_ONLY.includes(report) ? '' : poolId}
              isDisabled={ESTATE_ONLY.includes(report)}
              onChange={(_e, v) => setPoolId(v)}
              data-testid="trends-pool"
            >
              <FormSelectOption value="" label="Whole estate" />
              {(pools.data ?? []).map((p) => (
                <FormSelectOption key={p.id} value={p.id} label={p.name} />
              ))}
            </FormSelect>
          </div>
        </div>
        {action.error ? <ApiErrorAlert error={action.error} onClose={action.clearError} /> : null}
        {data.error ? <ApiErrorAlert error={data.error} /> : null}
        {waiting ? (
          <Alert isInline variant="info" title="Choose a range and press Show" className="vdi-alert" />
        ) : !r ? (
          <CenteredSpinner label="Loading the report" />
        ) : (
          <TrendBody report={r} />
        )}
        <div style={{ marginTop: 'var(--pf-t--global--spacer--lg)' }}>
          <RetentionCard onSaved={reload} />
        </div>
      </PageSection>
    </>
  );
}

function TrendBody({ report: r }: { report: TrendReport }) {
  const cols = chartColumns(r);
  return (
    <div className="vdi-trend-body">
      <Card isCompact>
        <CardTitle>
          {r.title}
          {r.poolName ? ` — ${r.poolName}` : ''}{' '}
          <span className="vdi-muted" data-testid="trends-span">
            {bucketLabel(Date.parse(r.from) / 1000, 300)} – {bucketLabel(Date.parse(r.to) / 1000, 300)} · {BUCKET[r.resolution]} buckets · {r.rows.length} rows
          </span>
        </CardTitle>
        <CardBody>
          <p className="vdi-muted">{r.description}</p>
          {r.notes.map((n) => (
            <Alert key={n} isInline isPlain variant="info" title={n} className="vdi-alert" />
          ))}
          <TrendChart report={r} columns={cols} />
        </CardBody>
      </Card>
      <Card isCompact>
        <CardBody>
          <div className="vdi-trend-table">
            <Table variant="compact" aria-label={`${r.title} by bucket`} data-testid="trends-table" isStickyHeader>
              <Thead>
                <Tr>
                  <Th>Bucket start</Th>
                  {r.columns.map((c) => (
                    <Th key={c.key} modifier="wrap" info={{ tooltip: `${c.unit}; summary: ${c.agg}` }}>
                      {c.label}
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                <Tr className="vdi-trend-summary" data-testid="trends-summary">
                  <Td>Summary ({r.rows.length} buckets)</Td>
                  {r.summary.map((v, i) => (
                    <Td key={r.columns[i]?.key ?? i}>{fmt(v)}</Td>
                  ))}
                </Tr>
                {[...r.rows].reverse().map((row) => (
                  <Tr key={row.ts}>
                    <Td>{bucketLabel(row.ts, r.resolution)}</Td>
                    {row.values.map((v, i) => (
                      <Td key={r.columns[i]?.key ?? i}>{fmt(v)}</Td>
                    ))}
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </div>
        </CardBody>
      </Card>
    </div>
  );
}
