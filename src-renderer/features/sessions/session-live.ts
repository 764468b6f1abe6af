import { useSyncExternalStore } from 'react';
import type { SessionLive, SessionRow, SessionState } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useConnection } from '../../state/connection-store.ts';
import { subscribeMetrics } from '../../state/live-metrics.ts';
import { invalidate } from '../../state/refresh-store.ts';

/**
 * Live figures of every session (state, phase, RTT, FPS, bandwidth, loss), kept
 * outside React: `session-live` (columnar, cheap) is polled when simulated time
 * moves (the `metrics` push, about once a second while the clock runs) or a
 * session changed (`sessions-changed`), at most once per MIN_POLL_MS and never
 * two at once. A table cell subscribes to one (session, field) with
 * `useLiveField` and re-renders only when that value changes, so a 5,000-row
 * table updating every second re-renders a handful of cells, not its rows.
 */
export type LiveField = 'state' | 'phase' | 'rttMs' | 'fps' | 'bandwidthKbps' | 'lossPct' | 'stateSince';
type LiveValue = string | number | null;

const MIN_POLL_MS = 900;

class SessionLiveFeed {
  private index = new Map<string, number>();
  private live: SessionLive | null = null;
  /** When a session's state last changed, as seen by this feed (the row's stateSince is older). */
  private since = new Map<string, string>();
  private listeners = new Set<() => void>();
  private inFlight = false;
  private dirty = false;
  private last = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stops: (() => void)[] = [];
  private refs = 0;
  /** Bumps on every applied poll (tests and the table's "updated" stamp). */
  version = 0;
  /** Bumps when the set of sessions changed (one started or ended): the table reloads its list then, not on every figure. */
  membership = 0;
  simTime: string | null = null;

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  };

  retain(): () => void {
    if (this.refs++ === 0) this.start();
    return () => {
      if (--this.refs === 0) this.stop();
    };
  }

  /** The current session ids, in the order the host lists them (the order they started). */
  ids(): string[] {
    return this.live ? this.live.ids.slice() : [];
  }

  get(id: string, field: LiveField): LiveValue | undefined {
    if (field === 'stateSince') return this.since.get(id);
    if (!this.live) return undefined;
    const i = this.index.get(id);
    // Polled, and the session is not among the current ones: it ended since the list was loaded.
    if (i === undefined) return field === 'state' ? 'logged-off' : null;
    return this.live[field][i] ?? null;
  }

  private start(): void {
    const client = getClient();
    this.stops.push(subscribeMetrics(() => this.schedule()));
    this.stops.push(
      client.subscribe('sessions-changed', (p) => {
        // Started or ended: lists elsewhere (Help Desk, pool sessions) refetch; state changes come through the poll.
        if (p.started + p.ended > 0) invalidate(['session']);
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
    this.inFlight = true;
    this.dirty = false;
    this.last = Date.now();
    getClient()
      .call('session-live', {})
      .then(
        (live) => this.apply(live),
        () => undefined,
      )
      .finally(() => {
        this.inFlight = false;
        if (this.dirty && this.refs > 0) this.schedule();
      });
  }

  private apply(live: SessionLive): void {
    const prev = this.live;
    const prevIndex = this.index;
    if (!prev || prev.ids.length !== live.ids.length || live.ids.some((id) => !prevIndex.has(id))) this.membership++;
    const index = new Map<string, number>();
    live.ids.forEach((id, i) => {
      index.set(id, i);
      const j = prevIndex.get(id);
      if (prev && j !== undefined && prev.state[j] !== live.state[i]) this.since.set(id, live.simTime);
    });
    this.index = index;
    this.live = live;
    this.simTime = live.simTime;
    this.version++;
    for (const l of [...this.listeners]) l();
  }
}

export const sessionLive = new SessionLiveFeed();

/** One live value of one session, or `fallback` (the row's value from session-list) until the feed has it. */
export function useLiveField<T extends LiveValue>(id: string, field: LiveField, fallback: T): T {
  return useSyncExternalStore(sessionLive.subscribe, () => {
    const v = sessionLive.get(id, field);
    return (v === undefined ? fallback : v) as T;
  });
}

/** The state a row shows: the live one when the feed knows it. */
export function useLiveState(row: SessionRow): SessionState {
  return useLiveField<SessionState>(row.id, 'state', row.state);
}

/** A number that changes when sessions started or ended (not when their figures moved). */
export function useSessionMembership(): number {
  return useSyncExternalStore(sessionLive.subscribe, () => sessionLive.membership);
}

/** The feed's simulated time (for "state for 3 min" cells); null before the first poll. */
export function useLiveSimTime(): string | null {
  return useSyncExternalStore(sessionLive.subscribe, () => sessionLive.simTime);
}
