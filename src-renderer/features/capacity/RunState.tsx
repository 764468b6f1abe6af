import { Label, Progress, ProgressMeasureLocation, ProgressSize } from '@patternfly/react-core';
import { RUN_STATE_TEXT } from './capacity-text.ts';
import { isActive } from './capacity-store.ts';
import type { CapacityRunSummary } from './model/contract-types.ts';

/** A run's state: a label, and while it runs, a progress bar. */
export function RunState({ run, testId }: { run: Pick<CapacityRunSummary, 'state' | 'progress' | 'error'>; testId: string }) {
  const t = RUN_STATE_TEXT[run.state];
  if (isActive(run.state)) {
    return (
      <div className="vdi-cap-runstate" data-testid={testId} data-state={run.state}>
        <Progress
          value={Math.round(run.progress * 100)}
          title={t.label}
          size={ProgressSize.sm}
          measureLocation={ProgressMeasureLocation.outside}
          aria-label={`${t.label}: ${Math.round(run.progress * 100)} %`}
          data-testid={`${testId}-progress`}
        />
      </div>
    );
  }
  return (
    <span data-testid={testId} data-state={run.state} title={run.error ?? undefined}>
      <Label isCompact color={t.color}>
        {t.label}
      </Label>
    </span>
  );
}
