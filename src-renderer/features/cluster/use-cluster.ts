import { useEffect } from 'react';
import type { ClusterStatus } from '../../../src-main/contract/cluster-entities.ts';
import { useClock } from '../../state/clock-store.ts';
import { useApi, type ApiState } from '../../state/use-api.ts';

/** Something on the cluster is moving: migrations, an evacuation, a boot or an HA restart. */
function busy(s: ClusterStatus | undefined): boolean {
  if (!s) return false;
  return (
    s.migrations.length > 0 ||
    s.queuedMigrations > 0 ||
    s.hosts.some((h) => h.status === 'entering-maintenance' || h.status === 'powering-on' || h.status === 'failed' || h.status === 'isolated')
  );
}

/**
 * The live cluster state. Pushed changes refresh it; while something is under
 * way and the clock runs it is also polled, so progress bars move between pushes.
 */
export function useClusterStatus(clusterId: string): ApiState<ClusterStatus> {
  const state = useApi('cluster-status', { clusterId }, { refreshOn: ['cluster', 'host', 'desktop', 'events'], minIntervalMs: 700, enabled: clusterId !== '' });
  const running = useClock((s) => Boolean(s.clock?.running));
  const active = busy(state.data);
  const { reload } = state;
  useEffect(() => {
    if (!active || !running) return;
    const t = setInterval(reload, 1000);
    return () => clearInterval(t);
  }, [active, running, reload]);
  return state;
}

export const STATUS_COLOR: Record<string, 'green' | 'blue' | 'orange' | 'red' | 'grey' | 'purple'> = {
  connected: 'green',
  'entering-maintenance': 'blue',
  maintenance: 'orange',
  'not-responding': 'red',
  failed: 'red',
  isolated: 'red',
  'powered-off': 'grey',
  'powering-on': 'purple',
};
