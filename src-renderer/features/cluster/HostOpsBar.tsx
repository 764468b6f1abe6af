import { Flex, Label } from '@patternfly/react-core';
import { href } from '../../router/hash-router.ts';
import { HostActions } from './HostActions.tsx';
import { STATUS_COLOR, useClusterStatus } from './use-cluster.ts';

/** On a host's page: what vCenter shows next to it (e.g. "Entering maintenance mode (3 of 12 migrated)") and its actions. */
export function HostOpsBar({ hostId, clusterId }: { hostId: string; clusterId: string }) {
  const status = useClusterStatus(clusterId);
  const h = status.data?.hosts.find((x) => x.hostId === hostId);
  if (!h) return null;
  return (
    <Flex gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsCenter' }} flexWrap={{ default: 'nowrap' }}>
      <Label color={STATUS_COLOR[h.status] ?? 'grey'} data-testid="host-ops-status">
        {h.label}
      </Label>
      {h.migrationsOut + h.migrationsIn > 0 ? (
        <a href={href(`/clusters/${clusterId}`)} className="vdi-muted">
          {h.migrationsOut} out · {h.migrationsIn} in
        </a>
      ) : null}
      <HostActions host={h} testId="host-actions" />
    </Flex>
  );
}
