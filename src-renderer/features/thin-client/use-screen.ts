import { useEffect, useRef, useState } from 'react';
import type { ApiError, ScreenModel } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useConnection } from '../../state/connection-store.ts';
import { subscribeMetrics } from '../../state/live-metrics.ts';
import { toApiError } from '../../state/use-api.ts';

/** Least wall time between two screen fetches of one view (a wall of 9 = 9 small requests a second at most). */
const MIN_FETCH_MS = 700;

export interface ScreenFeed {
  model: ScreenModel | null;
  error: ApiError | null;
  /** Fetch now (after an action of this view). */
  refresh(): void;
}

/**
 * The screen of one session, kept current: fetched when simulated time moves
 * (the `metrics` push), when sessions change, and at once when the admin sends
 * this session a message (`session-message`), throttled and never two at once.
 * With the clock paused nothing is fetched except on those pushes.
 */
export function useScreen(sessionId: string | null): ScreenFeed {
  const [model, setModel] = useState<ScreenModel | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const refreshRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    setModel(null);
    setError(null);
    if (!sessionId) return;
    let cancelled = false;
    let inFlight = false;
    let dirty = false;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fetchNow = () => {
      timer = null;
      if (inFlight) {
        dirty = true;
        return;
      }
      inFlight = true;
      dirty = false;
      last = Date.now();
      getClient()
        .call('session-screen', { id: sessionId })
        .then(
          (m) => {
            if (cancelled) return;
            setModel(m);
            setError(null);
          },
          (e: unknown) => {
            if (!cancelled) setError(toApiError(e));
          },
        )
        .finally(() => {
          inFlight = false;
          if (dirty && !cancelled) schedule();
        });
    };
    const schedule = () => {
      if (inFlight) {
        dirty = true;
        return;
      }
      if (timer) return;
      timer = setTimeout(fetchNow, Math.max(0, last + MIN_FETCH_MS - Date.now()));
    };
    const now = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      fetchNow();
    };
    refreshRef.current = now;
    const client = getClient();
    const stops = [
      subscribeMetrics(schedule),
      client.subscribe('sessions-changed', schedule),
      client.subscribe('session-message', (m) => {
        if (m.sessionId === sessionId) now();
      }),
      client.subscribe('lab-changed', (p) => {
        if (p.kinds.includes('session') || p.kinds.includes('desktop')) schedule();
      }),
    ];
    let epoch = useConnection.getState().epoch;
    stops.push(
      useConnection.subscribe((s) => {
        if (s.epoch !== epoch) {
          epoch = s.epoch;
          now();
        }
      }),
    );
    fetchNow();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      for (const s of stops) s();
    };
  }, [sessionId]);

  return { model, error, refresh: () => refreshRef.current() };
}
