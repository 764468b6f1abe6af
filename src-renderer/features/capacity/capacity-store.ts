import { create } from 'zustand';
import type { ApiError } from '../../../src-main/contract/index.ts';
import { toApiError } from '../../state/use-api.ts';
import { capCall, onCapacityProgress } from './capacity-api.ts';
import type { CapacityDefinition, CapacityDefinitionRecord, CapacityProgress, CapacityRunState, CapacityRunSummary } from './model/contract-types.ts';

/** States in which a run still changes (progress bar, cancel button). */
export const ACTIVE_STATES: readonly CapacityRunState[] = ['queued', 'running'];
export const isActive = (s: CapacityRunState) => ACTIVE_STATES.includes(s);

/** While a run is active and no push arrived for this long, poll the list (a push may be lost on a reconnect). */
const POLL_MS = 2000;

interface CapacityState {
  runs: CapacityRunSummary[] | undefined;
  runsError: ApiError | undefined;
  definitions: CapacityDefinitionRecord[] | undefined;
  definitionsError: ApiError | undefined;
  /** Bumped when a run reached an end state: detail views refetch its result. */
  finished: Record<string, number>;
  /** The latest progress push per run (launched, active sessions, index) for the live view. */
  live: Record<string, CapacityProgress>;
  /** A definition handed to the wizard from a run ("Change and run again"). */
  draft: CapacityDefinition | null;
  setDraft(d: CapacityDefinition | null): void;
  loadRuns(): Promise<void>;
  loadDefinitions(): Promise<void>;
  applyProgress(p: CapacityProgress): void;
  upsertRuns(runs: CapacityRunSummary[]): void;
}

export const useCapacity = create<CapacityState>((set, get) => ({
  runs: undefined,
  runsError: undefined,
  definitions: undefined,
  definitionsError: undefined,
  finished: {},
  live: {},
  draft: null,
  setDraft: (draft) => set({ draft }),
  async loadRuns() {
    try {
      const runs = await capCall('capacity-run-list', { limit: 200 });
      set({ runs, runsError: undefined });
    } catch (e) {
      set({ runsError: toApiError(e) });
    }
  },
  async loadDefinitions() {
    try {
      const definitions = await capCall('capacity-definition-list', {});
      set({ definitions, definitionsError: undefined });
    } catch (e) {
      set({ definitionsError: toApiError(e) });
    }
  },
  applyProgress(p) {
    set({ live: { ...get().live, [p.runId]: p } });
    const runs = get().runs;
    const known = runs?.find((r) => r.id === p.runId);
    if (!runs || !known) {
      // A run this page has not listed yet (started elsewhere, or by a sweep): fetch the list.
      void get().loadRuns();
      return;
    }
    const ended = isActive(known.state) && !isActive(p.state);
    set({
      runs: runs.map((r) => (r.id === p.runId ? { ...r, state: p.state, progress: p.progress, error: p.error } : r)),
      ...(ended ? { finished: { ...get().finished, [p.runId]: (get().finished[p.runId] ?? 0) + 1 } } : {}),
    });
    // The end state carries VSImax and the bottleneck only in the full summary.
    if (ended) void get().loadRuns();
  },
  upsertRuns(added) {
    const runs = get().runs ?? [];
    const ids = new Set(added.map((r) => r.id));
    set({ runs: [...added, ...runs.filter((r) => !ids.has(r.id))] });
  },
}));

let subscribers = 0;
let unsubscribe: (() => void) | null = null;
let poll: ReturnType<typeof setInterval> | null = null;
let lastPush = 0;
const FLUSH_MS = 250;
const pending = new Map<string, CapacityProgress>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function flush(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  const batch = [...pending.values()];
  pending.clear();
  const apply = useCapacity.getState().applyProgress;
  for (const p of batch) apply(p);
}

/**
 * Keeps the run list live while a capacity view is mounted: progress pushes
 * update runs in place; a slow poll covers lost pushes while something runs.
 */
export function attachCapacityFeed(): () => void {
  subscribers++;
  if (subscribers === 1) {
    const s = useCapacity.getState();
    void s.loadRuns();
    void s.loadDefinitions();
    // Pushes come several times a second per run (a sweep runs many): apply them in batches, so the
    // list re-renders at most every FLUSH_MS; an end state is applied at once.
    unsubscribe = onCapacityProgress((p) => {
      lastPush = Date.now();
      pending.set(p.runId, p);
      if (!isActive(p.state)) return flush();
      if (!flushTimer) flushTimer = setTimeout(flush, FLUSH_MS);
    });
    poll = setInterval(() => {
      const { runs, loadRuns } = useCapacity.getState();
      if (runs?.some((r) => isActive(r.state)) && Date.now() - lastPush > POLL_MS) void loadRuns();
    }, POLL_MS);
  }
  return () => {
    subscribers--;
    if (subscribers === 0) {
      unsubscribe?.();
      unsubscribe = null;
      flush();
      if (poll) clearInterval(poll);
      poll = null;
    }
  };
}
