import { useMemo } from 'react';
import { useApi } from '../../state/use-api.ts';

/**
 * The ids of the multi-session (RDS) pools. A session there is on an RDS host that other users share:
 * Horizon resets or restarts the machine of a VDI desktop session only (the host is restarted from its
 * machines, which names everyone on it), so these views offer no Reset VM / Restart desktop for it.
 */
export function useRdsPools(): ReadonlySet<string> {
  const pools = useApi('pool-list', {}, { refreshOn: ['pool'] });
  return useMemo(() => new Set((pools.data ?? []).filter((p) => p.sessionType === 'multi-session').map((p) => p.id)), [pools.data]);
}
