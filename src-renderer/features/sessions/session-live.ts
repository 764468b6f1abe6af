import { useCallback, useSyncExternalStore } from 'react';
import type { LogonPhase, SessionLive, SessionRow, SessionState } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useConnection } from '../../state/connection-store.ts';
import { subscribeMetrics } from '../../state/live-metrics.ts';
import { invalidate } from '../../state/refresh-store.ts';

/**
 * Live figures of sessions (state, phase, RTT, FPS, bandwidth, loss), kept
 * outside React. `session-live` (columnar) is polled when simulated time moves
 * (the `metrics` push, about once a second while the clock runs) or sessions
 * changed (`sessions-changed`), at most once per MIN_POLL_MS, never two at once.
 *
 * Only the sessions someone shows are asked for: a table cell watches its
 * session while it is mounted (a virtualized table mounts ~50 rows of 9,000), so
 * a poll carries 50 sessions, not 9,000. A view that needs every id (the wall's
 * "next arrivals") retains the feed with `all`. A cell subscribes to one
 * (session, field) with `useLiveField` and re-renders only when that value changed.
 */
export type LiveField = 'state' | 'phase' | 'rttMs' | 'fps' | 'bandwidthKbps' | 'lossPct' | 'stateSince';
type LiveValue = string | number | null;

interface LiveRow {
  state: SessionState;
  phase: LogonPhase | null;
  rttMs: number | null;
  fps: number | null;
  bandwidthKbps: number | null;
  lossPct: number | null;
  stateSince?: string;
}

const MIN_POLL_MS = 900;
/** Above this many watched sessions one request for all of them is cheaper than a long id list. */
const MAX_WATCHED = 400;

class SessionLiveFeed {
  private rows = new Map<string, LiveRow>();
  private allIds: string[] = [];
  private watched = new Map<string, number>();
  private listeners = new Set<() => void>();
  private inFlight = false;
  private dirty = false;
  private last = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stops: (() => void)[] = [];
  private refs = 0;
  private allRefs = 0;
  /** Bumps on every applied poll. */
  version = 0;
  simTime: string | null = null;

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  };

  /** Starts polling while someone retains the feed; `all` asks for every session (the wall's arrivals). */
  retain(opts: { all?: boolean } = {}): () => void {
    if (opts.all) this.allRefs++;
    if (this.refs++ === 0) this.start();
    else if (opts.all) this.schedule();
    return () => {
      if (opts.all) this.allRefs--;
      if (--this.refs === 0) this.stop();
    };
  }

  /** A mounted cell shows this session: include it in the polls. */
  watch(id: string): () => void {
    const n = this.watched.get(id) ?? 0;
    this.watched.set(id, n + 1);
    if (n === 0 && !this.rows.has(id) && this.refs > 0) this.schedule();
    return () => {
      const m = (this.watched.get(id) ?? 1) - 1;
      if (m <= 0) this.watched.delete(id);
      else this.watched.set(id, m);
    };
  }

  /** Every current session id, in the host's order (only while retained with `all`). */
  ids(): string[] {
    return this.allIds.slice();
  }

  get(id: string, field: LiveField): LiveValue | undefined {
    const r = this.rows.get(id);
    if (!r) return undefined;
    if (field === 'stateSince') return r.stateSince;
    return r[field];
  }

  private start(): void {
    const client = getClient();
    this.stops.push(subscribeMetrics(() => this.schedule()));
    this.stops.push(
      client.subscribe('sessions-changed', (p) => {
        if (p.started + p.ended > 0) {
          // Lists elsewhere (Help Desk, pool sessions) refetch; the sessions table applies the push itself (useSessionRows).
          invalidate(['session']);
        }
        this.schedule();
      }),
    );
    let epoch = useConnection.getState().epoch;
    this.stops.push(
      useConnection.subscribe((s) => {
        if (s.epoch !== epoch) {
          epoch = s.epoch;
          this.schedule();
        }
      }),
    );
    this.schedule();
  }

  private stop(): void {
    for (const s of this.stops) s();
    this.stops = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Poll soon (throttled); also after an admin action so the table reacts at once. */
  schedule(): void {
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => this.poll(), Math.max(0, this.last + MIN_POLL_MS - Date.now()));
  }

  private poll(): void {
    this.timer = null;
    const all = this.allRefs > 0 || this.watched.size > MAX_WATCHED;
    const ids = all ? undefined : [...this.watched.keys()];
    if (ids && ids.length === 0) return;
    this.inFlight = true;
    this.dirty = false;
    this.last = Date.now();
    getClient()
      .call('session-live', ids ? { ids } : {})
      .then(
        (live) => this.apply(live, ids),
        () => undefined,
      )
      .finally(() => {
        this.inFlight = false;
        if (this.dirty && this.refs > 0) this.schedule();
      });
  }

  private apply(live: SessionLive, asked: string[] | undefined): void {
    const seen = new Set<string>();
    live.ids.forEach((id, i) => {
      seen.add(id);
      const prev = this.rows.get(id);
      const state = live.state[i] as SessionState;
      this.rows.set(id, {
        state,
        phase: live.phase[i] ?? null,
        rttMs: live.rttMs[i] ?? null,
        fps: live.fps[i] ?? null,
        bandwidthKbps: live.bandwidthKbps[i] ?? null,
        lossPct: live.lossPct[i] ?? null,
        // When the state changed, as this feed saw it (the row's stateSince is from the last list load).
        stateSince: prev && prev.state !== state ? live.simTime : prev?.stateSince,
      });
    });
    // Asked for and not among the current sessions: it ended since the list was loaded.
    for (const id of asked ?? this.allIds) {
      if (seen.has(id)) continue;
      const prev = this.rows.get(id);
      this.rows.set(id, {
        state: 'logged-off',
        phase: null,
        rttMs: null,
        fps: null,
        bandwidthKbps: null,
        lossPct: null,
        stateSince: prev?.state === 'logged-off' ? prev.stateSince : live.simTime,
      });
    }
    if (!asked) {
      this.allIds = live.ids;
    }
    this.simTime = live.simTime;
    this.version++;
    for (const l of [...this.listeners]) l();
  }
}

export const sessionLive = new SessionLiveFeed();

/** One live value of one session, or `fallback` (the row's value from session-list) until the feed has it. */
export function useLiveField<T extends LiveValue>(id: string, field: LiveField, fallback: T): T {
  const subscribe = useCallback(
    (cb: () => void) => {
      const unwatch = sessionLive.watch(id);
      const unsubscribe = sessionLive.subscribe(cb);
      return () => {
        unsubscribe();
        unwatch();
      };
    },
    [id],
  );
  return useSyncExternalStore(subscribe, () => {
    const v = sessionLive.get(id, field);
    return (v === undefined ? fallback : v) as T;
  });
}

/** The state a row shows: the live one when the feed knows it. */
export function useLiveState(row: SessionRow): SessionState {
  return useLiveField<SessionState>(row.id, 'state', row.state);
}

/** The feed's simulated time (for "state for 3 min" cells); null before the first poll. */
export function useLiveSimTime(): string | null {
  return useSyncExternalStore(sessionLive.subscribe, () => sessionLive.simTime);
}
