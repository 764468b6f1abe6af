import { useEffect, useMemo, useState } from 'react';
import { Button, Card, CardBody, CardTitle, PageSection } from '@patternfly/react-core';
import DownloadIcon from '@patternfly/react-icons/dist/esm/icons/download-icon';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApiError } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { href, useRoute } from '../../router/hash-router.ts';
import { toApiError, useAction } from '../../state/use-api.ts';
import { capCall } from './capacity-api.ts';
import { attachCapacityFeed, isActive, useCapacity } from './capacity-store.ts';
import { RESOURCE_TEXT } from './capacity-text.ts';
import { downloadText } from './download.ts';
import { XYChart } from './charts/XYChart.tsx';
import { delta, keyFigures, runLabels } from './model/compare.ts';
import type { CapacityResource, CapacityRun, CapacityResult } from './model/contract-types.ts';
import { COMPARE_COLORS, compareChart } from './model/curve-data.ts';
import { RunState } from './RunState.tsx';
import './capacity.css';

/**
 * Two or more runs side by side (breadth vs depth-first, 2 vs 4 vCPU, Blast vs
 * RDP): their VSI index curves on one chart, and the key figures with the
 * difference to the first run. Runs still going (a sweep just started) show
 * their progress and join the comparison when they finish.
 */
export function CompareView() {
  useEffect(() => attachCapacityFeed(), []);
  const runsParam = useRoute().query.get('runs') ?? '';
  const ids = useMemo(() => runsParam.split(',').filter(Boolean), [runsParam]);
  const summaries = useCapacity((s) => s.runs);
  const finishedKey = useCapacity((s) => ids.map((id) => s.finished[id] ?? 0).join(','));
  const [runs, setRuns] = useState<CapacityRun[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all(ids.map((id) => capCall('capacity-run-get', { id }))).then(
      (r) => live && (setRuns(r), setError(null)),
      (e: unknown) => live && setError(toApiError(e)),
    );
    return () => {
      live = false;
    };
  }, [ids, finishedKey]);

  // Memoised on the fetched runs: progress pushes re-render this view, and must not rebuild the chart.
  const done = useMemo(() => (runs ?? []).filter((r): r is CapacityRun & { result: CapacityResult } => r.result !== null), [runs]);
  const labels = useMemo(() => runLabels(done.map((r) => ({ name: r.sweepLabel ?? r.name, definition: r.definition }))), [done]);
  const chart = useMemo(() => (done.length ? compareChart(done.map((r, i) => ({ label: labels[i] ?? r.name, result: r.result }))) : null), [done, labels]);
  const rows = useMemo(() => keyFigures(done.map((r) => r.result)), [done]);
  const pending = (runs ?? []).filter((r) => r.result === null);
  const exporter = useAction();
  // The host's printable comparison (curves overlaid, figures as a table), for 2–8 completed runs.
  const exportHtml = async () => {
    const out = await exporter.run(() => capCall('capacity-compare', { runIds: done.slice(0, 8).map((r) => r.id) }));
    if (out) downloadText(`capacity-compare-${done.length}-runs.html`, 'text/html', out.html);
  };

  return (
    <>
      <ViewHeader
        title="Compare runs"
        titleTestId="cap-compare-title"
        crumbs={[{ label: 'Capacity planning', to: '/capacity' }, { label: 'Compare' }]}
        description="The VSI index of each run against active sessions, and the figures that decide a design, with the difference to the first run."
        actions={
          done.length >= 2 ? (
            <Button
              variant="secondary"
              size="sm"
              icon={<DownloadIcon />}
              onClick={() => void exportHtml()}
              isLoading={exporter.busy}
              isDisabled={exporter.busy}
              data-testid="cap-compare-export-html"
            >
              HTML report
            </Button>
          ) : null
        }
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight vdi-cap-page">
        {error ? <ApiErrorAlert error={error} title="Could not load the runs" /> : null}
        {exporter.error ? <ApiErrorAlert error={exporter.error} title="Export failed" onClose={exporter.clearError} /> : null}
        {!runs && !error ? <CenteredSpinner label="Loading the runs" /> : null}
        {ids.length < 2 ? <NothingHere title="Pick two or more runs" body="Tick completed runs in the run list, then Compare." /> : null}
        {pending.length > 0 ? (
          <Card isCompact data-testid="cap-compare-pending">
            <CardTitle>Still running</CardTitle>
            <CardBody>
              <ul className="vdi-cap-pending">
                {pending.map((r) => {
                  const s = summaries?.find((x) => x.id === r.id) ?? r;
                  return (
                    <li key={r.id}>
                      <a href={href(`/capacity/runs/${r.id}`)}>{r.sweepLabel ?? r.name}</a>
                      <RunState run={s} testId={`cap-compare-pending-${r.id}`} />
                      {!isActive(s.state) && s.state !== 'completed' ? <span className="vdi-muted">not part of the comparison</span> : null}
                    </li>
                  );
                })}
              </ul>
            </CardBody>
          </Card>
        ) : null}
        {chart ? (
          <div className="vdi-cap-chart-card" data-testid="cap-compare-chart-card">
            <XYChart spec={chart} height={340} />
          </div>
        ) : null}
        {done.length > 0 ? (
          <Card isCompact data-testid="cap-compare-table">
            <CardTitle>Key figures</CardTitle>
            <CardBody>
              <Table variant="compact" aria-label="Key figures of the compared runs" className="vdi-cap-compare">
                <Thead>
                  <Tr>
                    <Th screenReaderText="Figure" />
                    {done.map((r, i) => (
                      <Th key={r.id} className="vdi-num">
                        <span
                          className={`vdi-chart__swatch vdi-chart__swatch--${COMPARE_COLORS[i % COMPARE_COLORS.length]} vdi-cap-compare__swatch`}
                          aria-hidden
                        />
                        <a href={href(`/capacity/runs/${r.id}`)} data-testid={`cap-compare-run-${i}`} title={r.name}>
                          {labels[i]}
                        </a>
                      </Th>
                    ))}
                  </Tr>
                </Thead>
                <Tbody>
                  {rows.map((row) => (
                    <Tr key={row.id} data-testid={`cap-compare-row-${row.id}`}>
                      <Th>{row.label}</Th>
                      {done.map((r, i) => {
                        const v = row.values[i] ?? null;
                        const d = i > 0 ? delta(row.values[0] ?? null, v, row.format) : null;
                        const good = d && row.better ? (d.sign === 0 ? null : d.sign > 0 === (row.better === 'higher')) : null;
                        return (
                          <Td key={r.id} className="vdi-num" data-testid={`cap-compare-${row.id}-${i}`}>
                            {row.text
                              ? RESOURCE_TEXT[row.text[i] as CapacityResource | 'none']
                              : v === null
                                ? row.id === 'vsimax'
                                  ? `≥ ${r.result.sessionsLaunched}`
                                  : '—'
                                : row.format(v)}
                            {d && d.sign !== 0 ? (
                              <span
                                className={`vdi-cap-delta${good === null ? '' : good ? ' vdi-cap-delta--good' : ' vdi-cap-delta--bad'}`}
                                data-testid={`cap-compare-${row.id}-${i}-delta`}
                              >
                                {d.text}
                              </span>
                            ) : null}
                          </Td>
                        );
                      })}
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </CardBody>
          </Card>
        ) : null}
      </PageSection>
    </>
  );
}
