import { useEffect, useMemo, useState } from 'react';
import {
  Button,
  Label,
  NotificationDrawer,
  NotificationDrawerBody,
  NotificationDrawerHeader,
  NotificationDrawerList,
  NotificationDrawerListItem,
  NotificationDrawerListItemBody,
  NotificationDrawerListItemHeader,
  Progress,
  ProgressSize,
  ToggleGroup,
  ToggleGroupItem,
} from '@patternfly/react-core';
import { create } from 'zustand';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { href, navigate } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { formatRealTime, formatSimTime, plural } from '../../components/format.ts';
import { fromRun, fromTask, mergeLines, type TaskLine } from './task-text.ts';

/** Whether the Recent Tasks pane is open (the masthead button toggles it). */
export const useTasksPane = create<{ open: boolean; toggle(): void; close(): void }>((set) => ({
  open: false,
  toggle: () => set((s) => ({ open: !s.open })),
  close: () => set({ open: false }),
}));

/** Task kinds progress under: a push from the pool's machines, snapshots from desktops, cluster work from hosts. */
const TASK_KINDS = ['pool', 'desktop', 'host', 'cluster', 'datastore', 'session'] as const;

/** The tasks and capacity runs the pane lists (shared with the masthead count). */
export function useTaskLines(enabled: boolean): { lines: TaskLine[]; activeCount: number; error: ReturnType<typeof useApi>['error']; reload(): void } {
  const tasks = useApi('task-list', { limit: 40 }, { refreshOn: TASK_KINDS, minIntervalMs: 2000 });
  const runs = useApi('capacity-run-list', { limit: 10 }, { refreshOn: ['lab'], minIntervalMs: 2000, enabled });
  // Capacity runs report on their own topic: follow it, at most every 2 s.
  const reloadRuns = runs.reload;
  useEffect(() => {
    if (!enabled) return undefined;
    let last = 0;
    return getClient().subscribe('capacity-progress', () => {
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      reloadRuns();
    });
  }, [enabled, reloadRuns]);
  const lines = useMemo(() => mergeLines((tasks.data ?? []).map(fromTask), (runs.data ?? []).map(fromRun)), [tasks.data, runs.data]);
  return {
    lines,
    activeCount: (tasks.data ?? []).filter((t) => t.state === 'scheduled' || t.state === 'running').length,
    error: tasks.error,
    reload: tasks.reload,
  };
}

const STATE_COLOR: Record<TaskLine['state'], 'blue' | 'purple' | 'green' | 'red' | 'grey' | 'orange'> = {
  scheduled: 'purple',
  queued: 'purple',
  running: 'blue',
  completed: 'green',
  failed: 'red',
  cancelled: 'grey',
  interrupted: 'orange',
};

/** A push's line says whom it waits for (the pool's image status), e.g. "12 in use (14 sessions of 14 users)". */
function PushWaiting({ poolId }: { poolId: string }) {
  const s = useApi('pool-image-status', { id: poolId }, { refreshOn: ['pool', 'desktop', 'session'], minIntervalMs: 3000 });
  if (!s.data) return null;
  const d = s.data;
  const text = d.summary.inUse
    ? `waiting for ${plural(d.summary.inUse, 'machine')} in use (${plural(d.summary.sessions, 'session')} of ${plural(d.summary.users, 'user')})`
    : d.waiting.length
      ? `${plural(d.waiting.length, 'machine')} still to recompose`
      : '';
  return text ? <span data-testid={`task-waiting-${poolId}`}>{text}</span> : null;
}

/**
 * Recent Tasks (vSphere's bottom pane, Horizon's task list): every tracked operation and capacity
 * run, with progress, who started it, what it waits for, a link to its object and cancel.
 */
export function RecentTasksPanel() {
  const open = useTasksPane((s) => s.open);
  const close = useTasksPane((s) => s.close);
  const [only, setOnly] = useState<'all' | 'active'>('all');
  const { lines, error, reload } = useTaskLines(open);
  const cancel = useAction();
  const [confirm, setConfirm] = useState<TaskLine | null>(null);
  const shown = only === 'active' ? lines.filter((l) => l.active) : lines;

  const doCancel = async (l: TaskLine) => {
    if (!l.cancel) return;
    const c = l.cancel;
    const res = await cancel.run<unknown>(() =>
      c.method === 'task-cancel' ? getClient().call('task-cancel', { id: c.id }) : getClient().call('capacity-run-cancel', { id: c.id }),
    );
    if (res) {
      notifySuccess(`Cancelled: ${l.kind} of ${l.object}`);
      setConfirm(null);
      reload();
    }
  };

  return (
    <NotificationDrawer data-testid="tasks-pane">
      <NotificationDrawerHeader
        title="Recent tasks"
        count={lines.filter((l) => l.active).length}
        unreadText="running"
        onClose={close}
        closeButtonAriaLabel="Close recent tasks"
      >
        <ToggleGroup isCompact aria-label="Which tasks">
          <ToggleGroupItem text="All" isSelected={only === 'all'} onChange={() => setOnly('all')} data-testid="tasks-all" />
          <ToggleGroupItem text="Running" isSelected={only === 'active'} onChange={() => setOnly('active')} data-testid="tasks-active" />
        </ToggleGroup>
      </NotificationDrawerHeader>
      <NotificationDrawerBody>
        {error ? <ApiErrorAlert error={error} title="Could not load the tasks" onRetry={reload} /> : null}
        {shown.length === 0 ? <p className="vdi-tasks-empty vdi-muted">{only === 'active' ? 'Nothing is running.' : 'No tasks yet.'}</p> : null}
        <NotificationDrawerList aria-label="Recent tasks">
          {shown.map((l) => (
            <NotificationDrawerListItem
              key={l.id}
              isRead
              variant={l.state === 'failed' ? 'danger' : l.active ? 'info' : 'custom'}
              data-testid={`tasks-item-${l.id}`}
              data-state={l.state}
            >
              <NotificationDrawerListItemHeader title={`${l.kind}: ${l.object}`} srTitle={`${l.state} task`} headingLevel="h3">
                <Label isCompact color={STATE_COLOR[l.state]}>
                  {l.state}
                </Label>
              </NotificationDrawerListItemHeader>
              <NotificationDrawerListItemBody timestamp={`${l.whenIsReal ? formatRealTime(l.when) : `${formatSimTime(l.when)} (lab time)`} · by ${l.user}`}>
                {l.progress !== null && (l.active || l.state === 'failed') ? (
                  <Progress value={l.progress * 100} label={l.progressText} size={ProgressSize.sm} aria-label={`Progress of ${l.kind} of ${l.object}`} />
                ) : l.progressText ? (
                  <span className="vdi-muted">{l.progressText}</span>
                ) : null}
                <div className="vdi-task-waiting vdi-small">{l.pushPoolId ? <PushWaiting poolId={l.pushPoolId} /> : l.waiting}</div>
                <div className="vdi-task-links">
                  <a
                    href={href(l.route)}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(l.route);
                    }}
                    data-testid={`tasks-item-${l.id}-link`}
                  >
                    Open {l.object}
                  </a>
                  {l.cancel ? (
                    <Button variant="link" isInline isDanger size="sm" onClick={() => setConfirm(l)} data-testid={`tasks-item-${l.id}-cancel`}>
                      Cancel…
                    </Button>
                  ) : null}
                </div>
              </NotificationDrawerListItemBody>
            </NotificationDrawerListItem>
          ))}
        </NotificationDrawerList>
      </NotificationDrawerBody>
      {confirm ? (
        <ConfirmDialog
          title={`Cancel ${confirm.kind.toLowerCase()} of ${confirm.object}?`}
          body={
            <p>
              {confirm.kind === 'Push image'
                ? 'Machines already recomposed keep the new version; the pool page then offers to bring them back.'
                : confirm.kind === 'Capacity run'
                  ? 'The run stops; its partial result is discarded.'
                  : 'Desktops not yet started are skipped; the ones under way finish.'}
            </p>
          }
          impact={confirm.progressText ? [{ count: 1, noun: `task at ${confirm.progressText}`, plural: 'tasks' }] : []}
          confirmLabel="Cancel the task"
          danger
          busy={cancel.busy}
          error={cancel.error}
          onConfirm={() => void doCancel(confirm)}
          onClose={() => {
            cancel.clearError();
            setConfirm(null);
          }}
          testId="tasks-cancel-confirm"
        />
      ) : null}
    </NotificationDrawer>
  );
}
