import { useMemo } from 'react';
import type { Cluster } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';

/** Cluster id → cluster, for the tables that show a cluster name next to an object. */
export function useClusterIndex(): Map<string, Cluster> {
  const { data } = useApi('cluster-list', {}, { refreshOn: ['cluster'] });
  return useMemo(() => new Map((data ?? []).map((c) => [c.id, c])), [data]);
}
