import { Progress, ProgressMeasureLocation, ProgressSize } from '@patternfly/react-core';
import { pct } from './format.ts';

/**
 * A labelled usage bar: warning above `warnAt` %, danger above `dangerAt` %
 * (vSphere's default datastore alarm thresholds are 75 / 85).
 */
export function UsageMeter({
  title,
  used,
  total,
  valueText,
  warnAt = 75,
  dangerAt = 85,
  testId,
  compact = false,
}: {
  title: string;
  used: number;
  total: number;
  valueText: string;
  warnAt?: number;
  dangerAt?: number;
  testId?: string;
  compact?: boolean;
}) {
  const p = pct(used, total);
  const variant = p >= dangerAt ? 'danger' : p >= warnAt ? 'warning' : undefined;
  return (
    <div className="vdi-meter" data-testid={testId}>
      <Progress
        value={p}
        title={title}
        size={compact ? ProgressSize.sm : ProgressSize.md}
        measureLocation={ProgressMeasureLocation.outside}
        label={valueText}
        valueText={valueText}
        variant={variant}
        aria-label={title || valueText}
      />
    </div>
  );
}
