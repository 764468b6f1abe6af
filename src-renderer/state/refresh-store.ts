import { create } from 'zustand';
import type { ObjectKind } from '../../src-main/contract/index.ts';

/**
 * Versions per kind of lab object. A `lab-changed` push bumps the kinds it names,
 * an `event-added` push bumps `events`; views that show those kinds refetch when
 * their versions move. Bumps are coalesced so a burst of pushes costs one refetch.
 */
export type RefreshKey = ObjectKind | 'events';

interface RefreshState {
  versions: Partial<Record<RefreshKey, number>>;
  bump(keys: readonly RefreshKey[]): void;
}

export const useRefresh = create<RefreshState>((set) => ({
  versions: {},
  bump: (keys) =>
    set((s) => {
      const versions = { ...s.versions };
      for (const k of keys) versions[k] = (versions[k] ?? 0) + 1;
      return { versions };
    }),
}));

const COALESCE_MS = 250;
let pendingKeys = new Set<RefreshKey>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;

/** Queue a refresh of these kinds; flushed at most every COALESCE_MS. */
export function invalidate(keys: readonly RefreshKey[]): void {
  for (const k of keys) pendingKeys.add(k);
  if (flushTimer) return;
  flushTimer = setTimeout(() => {
    flushTimer = null;
    const keysNow = [...pendingKeys];
    pendingKeys = new Set();
    useRefresh.getState().bump(keysNow);
  }, COALESCE_MS);
}

/** One number that changes whenever any of `keys` was invalidated. */
export function useRefreshVersion(keys: readonly RefreshKey[]): number {
  return useRefresh((s) => {
    let sum = 0;
    for (const k of keys) sum += s.versions[k] ?? 0;
    return sum;
  });
}
