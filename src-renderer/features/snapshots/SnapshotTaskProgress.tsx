import { Progress, ProgressMeasureLocation, ProgressSize } from '@patternfly/react-core';
import type { SnapshotTask } from '../../../src-main/contract/index.ts';
import { useClock } from '../../state/clock-store.ts';
import { useApi } from '../../state/use-api.ts';
import { durationText, isSnapshotTask, TASK_VERB } from './snapshot-text.ts';

/** Share of a desktop's part of a task that is done, from its simulated start and end. */
function itemProgress(task: SnapshotTask, desktopId: string, nowSec: number): { pct: number; label: string } | null {
  const it = task.details.items.find((i) => i.desktopId === desktopId);
  if (!it) return null;
  if (it.status === 'pending') return { pct: 0, label: 'waiting for its turn' };
  if (it.status !== 'running' || it.startedAt === null || it.endsAt === null) return null;
  const total = Math.max(1, it.endsAt - it.startedAt);
  const pct = Math.min(99, Math.max(0, ((nowSec - it.startedAt) / total) * 100));
  return { pct, label: `${durationText(Math.max(0, it.endsAt - nowSec))} left (simulated)` };
}

/** The snapshot tasks running on one desktop, with progress that follows the simulated clock. */
export function SnapshotTaskProgress({ desktopId }: { desktopId: string }) {
  const tasks = useApi('task-list', { active: true }, { refreshOn: ['desktop'], minIntervalMs: 500 });
  const simTime = useClock((s) => s.clock?.simTime ?? null);
  const nowSec = simTime ? Date.parse(simTime) / 1000 : 0;
  const mine = (tasks.data ?? [])
    .filter(isSnapshotTask)
    .filter((t) => t.details.items.some((i) => i.desktopId === desktopId && (i.status === 'pending' || i.status === 'running')));
  if (mine.length === 0) return null;
  return (
    <div data-testid="snapshot-task-progress" style={{ marginBottom: 'var(--pf-t--global--spacer--md)' }}>
      {mine.map((t) => {
        const p = itemProgress(t, desktopId, nowSec);
        return (
          <Progress
            key={t.id}
            value={p?.pct ?? 0}
            title={`${TASK_VERB[t.kind]}${t.details.name && t.kind !== 'snapshot-delete-all' && t.kind !== 'snapshot-consolidate' ? ` "${t.details.name}"` : ''} (${t.id})`}
            helperText={p?.label ?? 'starting'}
            size={ProgressSize.sm}
            measureLocation={ProgressMeasureLocation.outside}
            aria-label={`${t.id} progress`}
          />
        );
      })}
    </div>
  );
}
