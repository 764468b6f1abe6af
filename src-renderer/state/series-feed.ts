import { useEffect, useMemo } from 'react';
import type { ApiError, MetricRange, MetricScopeName, MetricSeries } from '../../src-main/contract/index.ts';
import { getClient } from '../client/api.ts';
import { useConnection } from './connection-store.ts';
import { subscribeMetrics } from './live-metrics.ts';
import { toApiError } from './use-api.ts';

/** Seconds each range spans (the x window of its charts). */
export const RANGE_SECONDS: Record<MetricRange, number> = { '1h': 3600, '8h': 8 * 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 };
/** Least wall time between two refetches: the live hour follows the pushes, rollups change slowly. */
const MIN_INTERVAL_MS: Record<MetricRange, number> = { '1h': 1000, '8h': 10_000, '24h': 10_000, '7d': 10_000, '30d': 10_000 };
/** Raw samples are 20 s apart (vCenter's real-time interval); before the first fetch we assume that. */
const DEFAULT_RESOLUTION = 20;

export type SeriesPoints = MetricSeries['points'];

/**
 * One metric series (scope, id, range) kept current for the charts that show it.
 * It refetches `metrics-series` only when a `metrics` push says simulated time
 * passed the next sample (20 s raw, 300/3600 s rollups), throttled per range and
 * never two requests in flight; while the clock is paused nothing is fetched.
 * Charts subscribe and call uPlot's setData: no React state, no re-render.
 */
export class SeriesFeed {
  points: SeriesPoints = [];
  resolution = DEFAULT_RESOLUTION;
  error: ApiError | null = null;
  loaded = false;
  /** Simulated unix seconds of the latest push seen (the right edge of the chart window). */
  simNow = 0;
  private readonly listeners = new Set<() => void>();
  private inFlight = false;
  private dirty = false;
  private lastStart = 0;
  private lastFetchSim = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stops: (() => void)[] = [];
  private refs = 0;

  constructor(
    readonly scope: MetricScopeName,
    readonly id: string | undefined,
    readonly range: MetricRange,
  ) {}

  subscribe(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  }

  /** Reference-counted start: the first user starts fetching, the last one stops it. */
  retain(): () => void {
    if (this.refs++ === 0) this.start();
    return () => {
      if (--this.refs === 0) this.stop();
    };
  }

  subscribed(): boolean {
    return this.refs > 0;
  }

  private start(): void {
    this.stops.push(
      subscribeMetrics((m) => {
        const t = Date.parse(m.simTime) / 1000;
        if (Number.isNaN(t)) return;
        this.simNow = t;
        const lastTs = this.points.length ? (this.points[this.points.length - 1] as { ts: number }).ts : Number.NEGATIVE_INFINITY;
        // A new raw sample exists 20 s after the last one; a rollup bucket (stamped with its start) once the next one closed.
        const due = lastTs + (this.range === '1h' ? 1 : 2) * this.resolution;
        // Fetch when a new sample is due, or time went back (the lab was replaced).
        if (t >= due || t < this.lastFetchSim - 1 || (this.points.length === 0 && t > this.lastFetchSim)) this.schedule();
      }),
    );
    let epoch = useConnection.getState().epoch;
    this.stops.push(
      useConnection.subscribe((s) => {
        if (s.epoch !== epoch) {
          epoch = s.epoch;
          this.fetchNow();
        }
      }),
    );
    this.fetchNow();
  }

  private stop(): void {
    for (const s of this.stops) s();
    this.stops = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    if (this.timer) return;
    const wait = Math.max(0, this.lastStart + MIN_INTERVAL_MS[this.range] - Date.now());
    this.timer = setTimeout(() => this.fetchNow(), wait);
  }

  fetchNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    this.inFlight = true;
    this.dirty = false;
    this.lastStart = Date.now();
    const simAtStart = this.simNow;
    const input = this.scope === 'estate' ? { scope: this.scope, range: this.range } : { scope: this.scope, id: this.id, range: this.range };
    getClient()
      .call('metrics-series', input)
      .then(
        (s) => {
          this.points = s.points;
          this.resolution = s.resolution;
          this.error = null;
          const last = s.points[s.points.length - 1];
          if (last && last.ts > this.simNow) this.simNow = last.ts;
          this.lastFetchSim = Math.max(simAtStart, last?.ts ?? simAtStart);
        },
        (e: unknown) => {
          this.error = toApiError(e);
        },
      )
      .finally(() => {
        this.inFlight = false;
        this.loaded = true;
        for (const l of [...this.listeners]) l();
        if (this.dirty && this.refs > 0) this.schedule();
      });
  }
}

const feeds = new Map<string, SeriesFeed>();

/** The shared feed of one series; charts of one group (and two groups showing the same object) share it. */
export function useSeriesFeed(scope: MetricScopeName, id: string | undefined, range: MetricRange): SeriesFeed {
  const key = `${scope}:${id ?? ''}:${range}`;
  const feed = useMemo(() => {
    let f = feeds.get(key);
    if (!f) {
      f = new SeriesFeed(scope, id, range);
      feeds.set(key, f);
    }
    return f;
  }, [key, scope, id, range]);
  useEffect(() => {
    const release = feed.retain();
    return () => {
      release();
      // Forget idle feeds so a page visited once does not keep its data forever.
      setTimeout(() => {
        if (feeds.get(key) === feed && !feed.subscribed()) feeds.delete(key);
      }, 0);
    };
  }, [feed, key]);
  return feed;
}
