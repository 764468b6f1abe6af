import type { AnyTask } from '../../../src-main/contract/index.ts';
import type { CapacityRunSummary } from '../../../src-main/contract/capacity-results.ts';

/** One line of the Recent Tasks pane: a tracked task or a capacity run, in the same shape. */
export interface TaskLine {
  id: string;
  /** "Push image", "Live migration", "Capacity run". */
  kind: string;
  object: string;
  /** Where the object lives in the console. */
  route: string;
  state: 'scheduled' | 'running' | 'completed' | 'failed' | 'cancelled' | 'queued' | 'interrupted';
  /** 0–1, or null when the task has no measure of progress. */
  progress: number | null;
  progressText: string;
  /** Who started it ("CORP\\admin", "system"). */
  user: string;
  /** Simulated time for lab tasks; real time for capacity runs (they have no lab time). */
  when: string;
  whenIsReal: boolean;
  /** What it waits for now, in words ("" when nothing). */
  waiting: string;
  /** The method that cancels it, when it can be cancelled. */
  cancel: { method: 'task-cancel' | 'capacity-run-cancel'; id: string } | null;
  /** For push image: the pool whose waiting list says more. */
  pushPoolId: string | null;
  active: boolean;
}

export const TASK_KIND_NAMES: Record<string, string> = {
  'push-image': 'Push image',
  'snapshot-take': 'Snapshot',
  'snapshot-revert': 'Revert to snapshot',
  'snapshot-delete': 'Delete snapshot',
  'snapshot-delete-all': 'Delete all snapshots',
  'snapshot-consolidate': 'Consolidate disks',
  'vm-migrate': 'Live migration',
  'host-maintenance': 'Enter maintenance mode',
  'drs-apply': 'Apply DRS recommendations',
  'ha-failover': 'vSphere HA failover',
  'host-power': 'Host power',
  'host-add': 'Add host',
  'host-remove': 'Remove host',
};

const CANCELLABLE = new Set(['push-image', 'snapshot-take', 'snapshot-revert', 'snapshot-delete', 'snapshot-delete-all', 'snapshot-consolidate']);

export function objectRoute(kind: string, id: string): string {
  switch (kind) {
    case 'pool':
      return `/pools/${id}`;
    case 'desktop':
      return `/desktops?selected=${encodeURIComponent(id)}`;
    case 'host':
      return `/hosts/${id}`;
    case 'cluster':
      return `/clusters/${id}`;
    case 'datastore':
      return `/datastores/${id}`;
    default:
      return '/events';
  }
}

/** What a task waits for, from what its details say (push image has its own, richer line). */
function waitingOf(t: AnyTask): string {
  const d = t.details as { status?: unknown; items?: { status?: string; state?: string }[] };
  if (typeof d.status === 'string' && d.status) return d.status;
  if (Array.isArray(d.items)) {
    const pending = d.items.filter((i) => i.status === 'pending' || i.state === 'pending' || i.state === 'waiting').length;
    const running = d.items.filter((i) => i.status === 'running' || i.state === 'migrating' || i.state === 'restarting').length;
    const parts = [running ? `${running} in progress` : '', pending ? `${pending} waiting for a slot` : ''].filter(Boolean);
    return parts.join(', ');
  }
  return '';
}

export function fromTask(t: AnyTask): TaskLine {
  const active = t.state === 'scheduled' || t.state === 'running';
  return {
    id: t.id,
    kind: TASK_KIND_NAMES[t.kind] ?? t.kind,
    object: t.objectName,
    route: objectRoute(t.objectKind, t.objectId),
    state: t.state,
    progress: t.total > 0 ? Math.min(1, t.done / t.total) : t.state === 'completed' ? 1 : null,
    progressText: t.total > 0 ? `${t.done.toLocaleString('en-US')} of ${t.total.toLocaleString('en-US')}` : '',
    user: t.user,
    when: t.state === 'scheduled' ? t.startAt : (t.finishedAt ?? t.startAt),
    whenIsReal: false,
    waiting: active && t.kind !== 'push-image' ? waitingOf(t) : '',
    cancel: active && CANCELLABLE.has(t.kind) ? { method: 'task-cancel', id: t.id } : null,
    pushPoolId: t.kind === 'push-image' && active ? t.objectId : null,
    active,
  };
}

export function fromRun(r: CapacityRunSummary): TaskLine {
  const active = r.state === 'queued' || r.state === 'running';
  return {
    id: r.id,
    kind: 'Capacity run',
    object: r.sweepLabel ? `${r.name} (${r.sweepLabel})` : r.name,
    route: `/capacity/runs/${r.id}`,
    state: r.state as TaskLine['state'],
    progress: r.progress,
    progressText: `${Math.round(r.progress * 100)} %`,
    user: 'you',
    when: r.finishedAt ?? r.startedAt ?? r.createdAt,
    whenIsReal: true,
    waiting: r.state === 'queued' ? 'waiting for a free worker' : '',
    cancel: active ? { method: 'capacity-run-cancel', id: r.id } : null,
    pushPoolId: null,
    active,
  };
}

/**
 * Active first (lab tasks, then capacity runs), then the finished ones, newest first. Lab tasks
 * and capacity runs are not sorted into each other: one is stamped in simulated time, the other
 * in real time.
 */
export function mergeLines(tasks: readonly TaskLine[], runs: readonly TaskLine[], n = 40): TaskLine[] {
  const newest = (a: TaskLine, b: TaskLine) => b.when.localeCompare(a.when);
  return [
    ...tasks.filter((t) => t.active).sort(newest),
    ...runs.filter((t) => t.active).sort(newest),
    ...tasks.filter((t) => !t.active).sort(newest),
    ...runs.filter((t) => !t.active).sort(newest),
  ].slice(0, n);
}
