import { useMemo, useState } from 'react';
import { Button, Card, CardBody, CardHeader, CardTitle } from '@patternfly/react-core';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { NothingHere, TableSkeleton } from '../../components/States.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { formatInt, formatNumber } from '../../components/format.ts';
import { href, navigate, withQuery } from '../../router/hash-router.ts';
import { useCan } from '../../state/whoami-store.ts';
import { useAction } from '../../state/use-api.ts';
import { capCall } from './capacity-api.ts';
import { isActive, useCapacity } from './capacity-store.ts';
import { formatWall, formatWallTime, RESOURCE_TEXT, sessionHostText, workloadShort } from './capacity-text.ts';
import type { CapacityRunSummary } from './model/contract-types.ts';
import { RunState } from './RunState.tsx';
import { splitRunNames, type NameParts } from './model/run-names.ts';

/** Three lines: the run's name on up to two (the part that tells runs apart is often at its end), then what it ran. */
const ROW_HEIGHT = 66;
const MAX_HEIGHT = 520;

export const runTestId = (r: Pick<CapacityRunSummary, 'id'>) => `cap-run-${r.id}`;

/**
 * The columns. The figures are narrow and the name's column takes all the room they leave (the
 * table's grid gives the others a share in proportion to their width otherwise), at least 11rem:
 * runs of one example or one sweep differ only at the end of their name ("…: BLAST" / "…: RDP",
 * "hosts.coresPerSocket=24"), which must be readable without hovering. The cancel column is there
 * only while a run is queued or running.
 */
function columns(cancel: ((r: CapacityRunSummary) => void) | null, parts: ReadonlyMap<string, NameParts>): Column<CapacityRunSummary>[] {
  const cols: Column<CapacityRunSummary>[] = [
    {
      key: 'name',
      title: 'Run',
      width: 'minmax(11rem, 100fr)',
      sortValue: (r) => r.name,
      render: (r) => {
        // A sweep's runs are named by their values; others by the end of the name that parts them
        // from the rest (the shared start on a line of its own, cut short first when room is scarce).
        const p = r.sweepLabel ? { head: '', tail: r.sweepLabel } : (parts.get(r.name) ?? { head: '', tail: r.name });
        return (
          <div className="vdi-cap-runname">
            <a
              className={p.head ? 'vdi-link-cell vdi-cap-runname__title vdi-cap-runname__title--split' : 'vdi-link-cell vdi-cap-runname__title'}
              href={href(`/capacity/runs/${r.id}`)}
              data-testid={`${runTestId(r)}-link`}
              data-tip={r.sweepLabel ? r.sweepLabel : r.name}
            >
              {p.head ? (
                <>
                  <span className="vdi-cap-runname__head">{p.head}</span>{' '}
                  <span className="vdi-cap-runname__tail" data-testid={`${runTestId(r)}-tail`}>
                    {p.tail}
                  </span>
                </>
              ) : (
                p.tail
              )}
            </a>
            <span className="vdi-muted vdi-cap-runname__sub" data-tip={r.name}>
              {r.sweepLabel ? `Sweep · ${r.name.replace(` [${r.sweepLabel}]`, '')}` : `${sessionHostText(r.definition)} · ${workloadShort(r.definition)}`}
            </span>
          </div>
        );
      },
    },
    { key: 'state', title: 'State', width: '7.5rem', sortValue: (r) => r.state, render: (r) => <RunState run={r} testId={`${runTestId(r)}-state`} /> },
    {
      key: 'vsimax',
      title: 'VSImax',
      width: '5.5rem',
      numeric: true,
      info: 'Active sessions when the VSI index crossed the threshold (≥ when the test ended first)',
      sortValue: (r) => r.vsimax ?? r.sessionsLaunched,
      render: (r) =>
        r.state !== 'completed' ? (
          <span className="vdi-muted">—</span>
        ) : (
          <strong data-testid={`${runTestId(r)}-vsimax`}>{r.vsimaxReached ? formatInt(r.vsimax) : `≥ ${formatInt(r.sessionsLaunched)}`}</strong>
        ),
    },
    {
      key: 'bottleneck',
      title: 'Bottleneck',
      width: '7.5rem',
      sortValue: (r) => r.bottleneck,
      render: (r) => (r.bottleneck ? RESOURCE_TEXT[r.bottleneck] : <span className="vdi-muted">—</span>),
    },
    {
      key: 'upc',
      title: 'Users / core',
      width: '7.5rem',
      numeric: true,
      sortValue: (r) => r.usersPerCore,
      render: (r) => (r.usersPerCore === null ? <span className="vdi-muted">—</span> : formatNumber(r.usersPerCore, 1)),
    },
    {
      key: 'created',
      title: 'Started (real time)',
      info: 'When the run started, by your computer’s clock: a capacity run builds its own lab and has no lab time. A run cancelled or interrupted while queued never started.',
      width: '10rem',
      sortValue: (r) => r.startedAt ?? r.createdAt,
      render: (r) =>
        r.startedAt ? (
          formatWallTime(r.startedAt)
        ) : (
          <span className="vdi-muted" data-testid={`${runTestId(r)}-not-started`}>
            {r.state === 'queued' ? '— (queued)' : '— (not started)'}
          </span>
        ),
    },
    { key: 'wall', title: 'Took', width: '5rem', numeric: true, sortValue: (r) => r.wallMs, render: (r) => formatWall(r.wallMs) },
  ];
  if (!cancel) return cols;
  return [
    ...cols,
    {
      key: 'actions',
      title: '',
      width: '6rem',
      render: (r) =>
        isActive(r.state) ? (
          <Button
            size="sm"
            variant="secondary"
            isDanger
            onClick={(e) => {
              e.stopPropagation();
              cancel(r);
            }}
            data-testid={`${runTestId(r)}-cancel`}
          >
            Cancel
          </Button>
        ) : null,
    },
  ];
}

/** Every run, newest first: state and progress live, VSImax and bottleneck once done; tick two or more to compare. */
export function RunsCard() {
  const runs = useCapacity((s) => s.runs);
  const error = useCapacity((s) => s.runsError);
  const action = useAction();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const rows = runs ?? [];
  // The Cancel column takes room from the names, so it is there only while something can be cancelled.
  const canCancel = useCan('capacity-run-cancel') && rows.some((r) => isActive(r.state));
  const names = rows.map((r) => r.name).join('\n');
  const cols = useMemo(
    () =>
      columns(
        canCancel ? (r) => void action.run(() => capCall('capacity-run-cancel', { id: r.id })).then((s) => s && useCapacity.getState().upsertRuns([s])) : null,
        splitRunNames(names.split('\n')),
      ),
    [action, canCancel, names],
  );
  const completed = rows.filter((r) => r.state === 'completed');
  const chosen = [...selected].filter((id) => completed.some((r) => r.id === id));
  const height = Math.min(MAX_HEIGHT, 44 + Math.max(1, rows.length) * ROW_HEIGHT + (rows.length === 0 ? 190 : 0));
  return (
    <Card isCompact data-testid="cap-runs">
      <CardHeader
        actions={{
          actions: (
            <Button
              variant="secondary"
              size="sm"
              isDisabled={chosen.length < 2}
              onClick={() => navigate(withQuery('/capacity/compare', { runs: chosen.join(',') }))}
              data-testid="cap-compare-button"
            >
              Compare {chosen.length >= 2 ? `${chosen.length} runs` : 'runs'}
            </Button>
          ),
          hasNoOffset: true,
        }}
      >
        <CardTitle>
          Runs <span className="vdi-muted vdi-cap-subtitle">tick two or more completed runs to compare them</span>
        </CardTitle>
      </CardHeader>
      <CardBody>
        {error ? <ApiErrorAlert error={error} title="Could not load the runs" onRetry={() => void useCapacity.getState().loadRuns()} /> : null}
        {action.error ? <ApiErrorAlert error={action.error} onClose={action.clearError} testId="cap-runs-error" /> : null}
        {runs ? (
          <VirtualTable
            rows={rows}
            columns={cols}
            rowKey={(r) => r.id}
            rowTestId={runTestId}
            ariaLabel="Capacity runs"
            testId="cap-runs-table"
            rowHeight={ROW_HEIGHT}
            className="vdi-cap-runs"
            height={height}
            selection={{
              isSelected: (id) => selected.has(id),
              onToggle: (id, on) =>
                setSelected((s) => {
                  const n = new Set(s);
                  if (on) n.add(id);
                  else n.delete(id);
                  return n;
                }),
              allSelected: completed.length > 0 && completed.every((r) => selected.has(r.id)),
              onToggleAll: (on) => setSelected(on ? new Set(completed.map((r) => r.id)) : new Set()),
            }}
            empty={<NothingHere title="No runs yet" body="Run an example from the test definitions below, or start a New test." />}
          />
        ) : error ? null : (
          <TableSkeleton rows={3} />
        )}
      </CardBody>
    </Card>
  );
}
