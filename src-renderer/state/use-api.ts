import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiCallError, type ApiError, type Input, type MethodName, type Result } from '../../src-main/contract/index.ts';
import { getClient } from '../client/api.ts';
import { useConnection } from './connection-store.ts';
import { useRefreshVersion, type RefreshKey } from './refresh-store.ts';

export interface ApiState<R> {
  data: R | undefined;
  error: ApiError | undefined;
  /** True while a request is in flight (also during a background refresh, when `data` is still shown). */
  loading: boolean;
  reload(): void;
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiCallError) return e.error;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

const NO_KEYS: readonly RefreshKey[] = [];

/** Default least time between two push-driven refetches of one view. */
const DEFAULT_MIN_INTERVAL_MS = 1000;

/**
 * Calls a read method and keeps its result current: refetches when the input
 * changes (at once), after a reconnect (at once), and when the host pushes a
 * change of one of `refreshOn` (throttled to one refetch per `minIntervalMs`,
 * trailing, and never two in flight), so a running simulation pushing changes
 * every 100 ms does not turn into a request storm. Old data stays on screen
 * while a refresh runs (no skeleton flicker).
 */
export function useApi<K extends MethodName>(
  name: K,
  input: Input<K>,
  opts: { refreshOn?: readonly RefreshKey[]; enabled?: boolean; minIntervalMs?: number } = {},
): ApiState<Result<K>> {
  const enabled = opts.enabled ?? true;
  const minInterval = opts.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
  const key = `${name} ${JSON.stringify(input)}`;
  const version = useRefreshVersion(opts.refreshOn ?? NO_KEYS);
  const epoch = useConnection((s) => s.epoch);
  const [manual, setManual] = useState(0);
  const [state, setState] = useState<{ data: Result<K> | undefined; error: ApiError | undefined; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: enabled,
  });
  const inputRef = useRef(input);
  inputRef.current = input;
  const seq = useRef(0);
  const inFlight = useRef(false);
  const dirty = useRef(false);
  const lastStart = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleRef = useRef<() => void>(() => undefined);
  /**
   * The epoch a request was made in while the socket was not open: it waits in the transport's
   * queue and goes out on the open that bumps the epoch, so that bump needs no second request
   * (at start every view's first request was sent twice). Cleared when the request fails.
   */
  const queuedIn = useRef<number | null>(null);

  const fetchNow = useCallback(() => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    const mine = ++seq.current;
    inFlight.current = true;
    dirty.current = false;
    lastStart.current = Date.now();
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    const conn = useConnection.getState();
    queuedIn.current = conn.status === 'open' ? null : conn.epoch;
    const done = () => {
      if (mine !== seq.current) return;
      inFlight.current = false;
      if (dirty.current) scheduleRef.current();
    };
    getClient()
      .call(name, inputRef.current)
      .then(
        (data) => {
          if (mine === seq.current) setState({ data, error: undefined, loading: false });
          done();
        },
        (e: unknown) => {
          if (mine === seq.current) queuedIn.current = null;
          if (mine === seq.current) setState((s) => ({ data: s.data, error: toApiError(e), loading: false }));
          done();
        },
      );
  }, [name]);

  const schedule = useCallback(() => {
    if (inFlight.current) {
      dirty.current = true;
      return;
    }
    if (timer.current) return;
    const wait = Math.max(0, lastStart.current + minInterval - Date.now());
    timer.current = setTimeout(fetchNow, wait);
  }, [fetchNow, minInterval]);
  scheduleRef.current = schedule;

  // Input, reconnect or an explicit reload: fetch at once.
  const asked = useRef({ key, manual, enabled });
  useEffect(() => {
    const same = asked.current.key === key && asked.current.manual === manual && asked.current.enabled === enabled;
    asked.current = { key, manual, enabled };
    // Only the epoch moved, by the open that sent the queued request: nothing to ask again.
    if (same && queuedIn.current !== null && epoch === queuedIn.current + 1) {
      queuedIn.current = null;
      return;
    }
    if (enabled) fetchNow();
    // `key` stands for name + input (inputRef keeps the latest object without refetching on identity).
  }, [key, epoch, manual, enabled, fetchNow]);

  // A pushed change: fetch soon, throttled.
  const firstVersion = useRef(version);
  useEffect(() => {
    if (!enabled || version === firstVersion.current) return;
    schedule();
  }, [version, enabled, schedule]);

  useEffect(
    () => () => {
      seq.current++;
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const reload = useCallback(() => setManual((n) => n + 1), []);
  return { ...state, reload };
}

export interface ActionState {
  busy: boolean;
  error: ApiError | undefined;
  clearError(): void;
  /** Runs a write; resolves with its result, or undefined when it failed (the error is kept for an alert). */
  run<T>(fn: () => Promise<T>): Promise<T | undefined>;
}

/** State for one kind of write on a view: busy flag and the last error, shown in an alert. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await fn();
    } catch (e) {
      setError(toApiError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, clearError, run };
}
