import type { MetricsNow } from '../../src-main/contract/index.ts';
import { getClient } from '../client/api.ts';
import { receiveClock } from './clock-store.ts';
import { useConnection } from './connection-store.ts';

/**
 * The latest live figures (`metrics` push, about once a second while the clock
 * runs or steps; `metrics-current` after each (re)connect). Not a React store on
 * purpose: charts, heat-map tiles and live numbers subscribe and write to the DOM
 * themselves, so a push re-renders no React tree.
 */
type Listener = (m: MetricsNow) => void;

let latest: MetricsNow | null = null;
const listeners = new Set<Listener>();

export function latestMetrics(): MetricsNow | null {
  return latest;
}

/** Calls `cb` with every new MetricsNow, and at once with the latest if there is one. */
export function subscribeMetrics(cb: Listener): () => void {
  listeners.add(cb);
  if (latest) cb(latest);
  return () => {
    listeners.delete(cb);
  };
}

function receiveMetrics(m: MetricsNow): void {
  latest = m;
  for (const l of [...listeners]) l(m);
}

let started = false;

/** Subscribes to the clock and metrics pushes once, and re-reads both after every (re)connect. */
export function startLiveSync(): void {
  if (started) return;
  started = true;
  const client = getClient();
  client.subscribe('clock', receiveClock);
  client.subscribe('metrics', receiveMetrics);
  const refresh = () => {
    client.call('clock-get', {}).then(receiveClock, () => undefined);
    client.call('metrics-current', {}).then(receiveMetrics, () => undefined);
  };
  let epoch = useConnection.getState().epoch;
  if (useConnection.getState().status === 'open') refresh();
  useConnection.subscribe((s) => {
    if (s.epoch !== epoch) {
      epoch = s.epoch;
      refresh();
    }
  });
}
