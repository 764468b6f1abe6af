import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Grid, GridItem, PageSection } from '@patternfly/react-core';
import type { ApiError } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { navigate, withQuery } from '../../router/hash-router.ts';
import { toApiError, useAction } from '../../state/use-api.ts';
import { capCall } from './capacity-api.ts';
import { attachCapacityFeed, isActive, useCapacity } from './capacity-store.ts';
import { hardwareText, RUN_STATE_TEXT, sessionHostText, workloadShort } from './capacity-text.ts';
import { XYChart } from './charts/XYChart.tsx';
import type { CapacityResult, CapacityRun } from './model/contract-types.ts';
import { euxChart, logonChart, responseChart, utilizationCharts } from './model/curve-data.ts';
import type { PlanningInput } from '../../../src-main/shared/capacity/planning.ts';
import { ConsolidationCard } from './results/ConsolidationCard.tsx';
import { ExportButtons } from './results/ExportButtons.tsx';
import { BottleneckCard, CpuTargetCard, SessionsCard, VsimaxCard } from './results/Headline.tsx';
import { RecommendationsCard } from './results/RecommendationsCard.tsx';
import { RunProgress } from './results/RunProgress.tsx';
import { RunState } from './RunState.tsx';
import './capacity.css';

function Results({ result, runId }: { result: CapacityResult; runId: string }) {
  const rec = result.recommendations;
  const [planning, setPlanning] = useState<PlanningInput>({
    targetUsers: rec.targetUsers,
    safetyMarginPct: rec.safetyMarginPct,
    haSpareHosts: rec.haSpareHosts,
  });
  const setPlan = (patch: Partial<PlanningInput>) => setPlanning((p) => ({ ...p, ...patch }));
  const response = useMemo(() => responseChart(result), [result]);
  const util = useMemo(() => utilizationCharts(result), [result]);
  const eux = useMemo(() => euxChart(result), [result]);
  const logon = useMemo(() => logonChart(result), [result]);
  const sync = `cap-run-${runId}`;
  return (
    <div className="vdi-cap-results" data-testid="cap-results">
      <Grid hasGutter>
        <GridItem lg={4} md={6}>
          <VsimaxCard result={result} />
        </GridItem>
        <GridItem lg={4} md={6}>
          <CpuTargetCard result={result} />
        </GridItem>
        <GridItem lg={4} md={12}>
          <SessionsCard result={result} />
        </GridItem>
        <GridItem span={12}>
          <BottleneckCard result={result} />
        </GridItem>
        <GridItem span={12}>
          <div className="vdi-cap-chart-card" data-testid="cap-response-card">
            <XYChart spec={response} height={340} syncKey={sync} />
          </div>
        </GridItem>
        <GridItem span={12}>
          <div className="vdi-cap-chart-card">
            <div className="vdi-chart-grid" style={{ ['--vdi-chart-cols' as string]: '2' }} data-testid="cap-util-charts">
              {util.map((c) => (
                <XYChart key={c.id} spec={c} height={190} syncKey={sync} />
              ))}
            </div>
          </div>
        </GridItem>
        <GridItem lg={6}>
          <div className="vdi-cap-chart-card">
            <XYChart spec={logon} height={200} syncKey={sync} />
          </div>
        </GridItem>
        <GridItem lg={6}>
          <div className="vdi-cap-chart-card">
            <XYChart spec={eux} height={200} />
          </div>
        </GridItem>
        <GridItem xl={5} lg={6}>
          <RecommendationsCard result={result} input={planning} onChange={setPlan} />
        </GridItem>
        <GridItem xl={7} lg={6}>
          <ConsolidationCard runId={runId} targetUsers={planning.targetUsers} onTargetUsers={(v) => setPlan({ targetUsers: v })} />
        </GridItem>
      </Grid>
    </div>
  );
}

/** One capacity run: live progress while it runs, then VSImax, the knee on the chart, the bottleneck and what to buy. */
export function RunView({ id }: { id: string }) {
  useEffect(() => attachCapacityFeed(), []);
  const summary = useCapacity((s) => s.runs?.find((r) => r.id === id));
  const finished = useCapacity((s) => s.finished[id] ?? 0);
  const [run, setRun] = useState<CapacityRun | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const cancel = useAction();

  useEffect(() => {
    let live = true;
    capCall('capacity-run-get', { id }).then(
      (r) => live && (setRun(r), setError(null)),
      (e: unknown) => live && setError(toApiError(e)),
    );
    return () => {
      live = false;
    };
  }, [id, finished]);

  // The list summary is live (pushes); the fetched run has the result. Whichever is newer decides the state shown.
  const state = summary?.state ?? run?.state;
  const active = state ? isActive(state) : false;
  // A run that ended while this view was open but before the list caught up: fetch its result.
  useEffect(() => {
    if (run && summary && isActive(run.state) && !isActive(summary.state))
      useCapacity.setState((s) => ({ finished: { ...s.finished, [id]: (s.finished[id] ?? 0) + 1 } }));
  }, [run, summary, id]);

  const def = run?.definition ?? summary?.definition;
  const title = run?.sweepLabel ?? run?.name ?? summary?.name ?? id;
  const compareSweep = async () => {
    if (!run?.sweepId) return;
    const siblings = await cancel.run(() => capCall('capacity-run-list', { sweepId: run.sweepId as string }));
    if (siblings)
      navigate(
        withQuery('/capacity/compare', {
          runs: siblings
            .map((r) => r.id)
            .reverse()
            .join(','),
        }),
      );
  };
  const again = () => {
    if (!def) return;
    useCapacity.getState().setDraft(def);
    navigate('/capacity?new=1&draft=1');
  };
  return (
    <>
      <ViewHeader
        title={title}
        titleTestId="cap-run-title"
        crumbs={[{ label: 'Capacity planning', to: '/capacity' }, { label: title }]}
        description={def ? `${hardwareText(def)} · ${sessionHostText(def)} · ${workloadShort(def)}` : undefined}
        actions={
          <span className="vdi-cap-header-actions">
            {state ? <RunState run={{ state, progress: summary?.progress ?? run?.progress ?? 0, error: run?.error ?? null }} testId="cap-run-state" /> : null}
            {run?.state === 'completed' ? <ExportButtons runId={id} /> : null}
            {run?.sweepId ? (
              <Button variant="link" onClick={() => void compareSweep()} data-testid="cap-run-compare-sweep">
                Compare the sweep
              </Button>
            ) : null}
            {def ? (
              <Button variant="link" onClick={again} data-testid="cap-run-again">
                Change and run again
              </Button>
            ) : null}
          </span>
        }
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight vdi-cap-page">
        {error ? <ApiErrorAlert error={error} title="Could not load the run" /> : null}
        {cancel.error ? <ApiErrorAlert error={cancel.error} onClose={cancel.clearError} /> : null}
        {!run && !error ? <CenteredSpinner label="Loading the run" /> : null}
        {run && active && summary ? (
          <RunProgress
            run={summary}
            cancelling={cancel.busy}
            onCancel={() => void cancel.run(() => capCall('capacity-run-cancel', { id })).then((s) => s && useCapacity.getState().upsertRuns([s]))}
          />
        ) : null}
        {run && !active && (state === 'failed' || state === 'cancelled' || state === 'interrupted') ? (
          <Alert
            isInline
            variant={state === 'failed' ? 'danger' : 'warning'}
            title={`${RUN_STATE_TEXT[state].label}${run.error ? `: ${run.error}` : ''}`}
            data-testid="cap-run-ended"
          />
        ) : null}
        {run?.result ? <Results result={run.result} runId={id} /> : null}
      </PageSection>
    </>
  );
}
