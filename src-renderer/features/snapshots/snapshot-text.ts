import type { AnyTask, SnapshotTask } from '../../../src-main/contract/index.ts';

/** GB with one decimal below 10, whole above: snapshot sizes are small and people compare them. */
export function gbText(gb: number): string {
  if (gb < 0.05 && gb > 0) return '< 0.1 GB';
  return gb < 10 ? `${gb.toFixed(1)} GB` : `${Math.round(gb)} GB`;
}

export function isSnapshotTask(t: AnyTask): t is SnapshotTask {
  return t.kind.startsWith('snapshot-');
}

export const TASK_VERB: Record<SnapshotTask['kind'], string> = {
  'snapshot-take': 'Taking snapshot',
  'snapshot-revert': 'Reverting to snapshot',
  'snapshot-delete': 'Deleting snapshot',
  'snapshot-delete-all': 'Deleting all snapshots',
  'snapshot-consolidate': 'Consolidating disks',
};

/** Seconds as "1 min 20 s". */
export function durationText(sec: number): string {
  if (sec < 60) return `${Math.round(sec)} s`;
  const m = Math.floor(sec / 60);
  const s = Math.round(sec % 60);
  return s ? `${m} min ${s} s` : `${m} min`;
}

/** A stable test id piece from a free-text name. */
export function slug(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'x'
  );
}
