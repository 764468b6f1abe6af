import { Button, Card, CardBody, CardTitle, Progress } from '@patternfly/react-core';
import { formatInt } from '../../../components/format.ts';
import { useCapacity } from '../capacity-store.ts';
import type { CapacityRunSummary } from '../model/contract-types.ts';

/** A run under way: progress, what the engine has reached, and Cancel. */
export function RunProgress({ run, onCancel, cancelling }: { run: CapacityRunSummary; onCancel(): void; cancelling: boolean }) {
  const live = useCapacity((s) => s.live[run.id]);
  const progress = live?.progress ?? run.progress;
  const pct = Math.round(progress * 100);
  return (
    <Card isCompact data-testid="cap-run-progress">
      <CardTitle>{run.state === 'queued' ? 'Waiting for a free core…' : 'Running the test'}</CardTitle>
      <CardBody>
        <Progress value={pct} title={`${pct} % of the launch`} aria-label={`Progress ${pct} %`} data-testid="cap-run-progress-bar" />
        <p className="vdi-cap-live" data-testid="cap-run-live">
          {live ? (
            <>
              {formatInt(live.launched)} of {formatInt(run.definition.launch.sessions)} sessions launched · {formatInt(live.activeSessions)} active
              {live.indexMs !== null ? ` · VSI index ${formatInt(live.indexMs)} ms` : ''}
            </>
          ) : (
            <>
              {formatInt(run.definition.launch.sessions)} sessions over {formatInt(run.definition.launch.timeframeSec / 60)} simulated minutes, in a worker
              thread.
            </>
          )}
        </p>
        <Button variant="secondary" isDanger onClick={onCancel} isLoading={cancelling} isDisabled={cancelling} data-testid="cap-run-cancel">
          Cancel run
        </Button>
      </CardBody>
    </Card>
  );
}
