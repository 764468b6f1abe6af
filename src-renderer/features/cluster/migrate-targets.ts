import type { Host } from '../../../src-main/contract/index.ts';
import type { HostOpsState } from '../../../src-main/contract/cluster-entities.ts';
import { formatNumber } from '../../components/format.ts';

/** One host in the Migrate dialog's target list: a target, or greyed out with the reason (vCenter's compatibility check). */
export interface MigrateTarget {
  id: string;
  label: string;
  /** Why no VM can move there; null: a possible target. */
  reason: string | null;
}

/** What the cluster's live view says of a host, in words ("in maintenance mode"), or null when it takes VMs. */
const OPS_REASON: Record<HostOpsState['status'], string | null> = {
  connected: null,
  'entering-maintenance': 'entering maintenance mode',
  maintenance: 'in maintenance mode',
  'not-responding': 'not responding',
  failed: 'not responding (failed)',
  isolated: 'isolated from the network',
  'powered-off': 'powered off',
  'powering-on': 'powering on',
};

/** From the host's own fields, when the cluster's live view has not answered yet: "not responding, powered off". */
function hostReason(h: Host): string | null {
  const parts: string[] = [];
  if (h.connectionState === 'notResponding') parts.push('not responding');
  else if (h.connectionState === 'disconnected') parts.push('disconnected');
  else if (h.connectionState === 'maintenance') parts.push('in maintenance mode');
  if (h.powerState === 'poweredOff') parts.push('powered off');
  else if (h.powerState === 'suspended') parts.push('in standby');
  return parts.length ? parts.join(', ') : null;
}

/**
 * The hosts of the desktop's cluster as migration targets, the possible ones first: a host that
 * has failed, does not respond, is off, in (or entering) maintenance mode, or is the desktop's own
 * is listed but cannot be chosen, with the reason. The host refuses those too (vm-migrate); what it
 * alone knows (a DRS rule, memory short) shows once a host is chosen (vm-migrate-estimate).
 */
export function migrateTargets(hosts: readonly Host[], currentHostId: string, ops: readonly HostOpsState[] | undefined): MigrateTarget[] {
  const own = hosts.find((h) => h.id === currentHostId);
  // Same cluster only: cross-cluster migration needs shared storage, which the lab does not model.
  const peers = hosts.filter((h) => h.clusterId === own?.clusterId);
  const out = peers.map((h): MigrateTarget => {
    const live = ops?.find((o) => o.hostId === h.id);
    const reason = h.id === currentHostId ? 'the desktop runs here' : live ? OPS_REASON[live.status] : hostReason(h);
    const load = live && !reason ? ` · CPU ${formatNumber(live.cpuPct, 0)} %, memory ${formatNumber(live.memPct, 0)} %` : '';
    return { id: h.id, label: reason ? `${h.name} — ${reason}` : `${h.name}${load}`, reason };
  });
  return [...out.filter((t) => !t.reason), ...out.filter((t) => t.reason)];
}
