import type { Cluster, Datastore, GoldenImage, Network, Pool } from '../../../src-main/contract/index.ts';
import { DetailCard } from '../../components/DetailCard.tsx';
import { EnabledLabel } from '../../components/StatusLabels.tsx';
import { formatDate, humanize, yesNo } from '../../components/format.ts';
import { PoolCpuCard } from './PoolCpuCard.tsx';
import { PoolHardwareCard } from '../hardware/index.ts';
import { KIND_NAMES, logoffText, onLogoffText, POWER_POLICY_NAMES, PROTOCOL_NAMES } from './pool-text.ts';

export interface PoolRefs {
  images: Map<string, GoldenImage>;
  clusters: Map<string, Cluster>;
  datastores: Map<string, Datastore>;
  networks: Map<string, Network>;
}

/**
 * Every pool setting, grouped the way Horizon's pool settings dialog groups
 * them, with the Citrix / AVD name on hover where it differs.
 */
export function PoolSettings({ pool: p, refs }: { pool: Pool; refs: PoolRefs }) {
  const img = p.imageId ? refs.images.get(p.imageId) : undefined;
  const ver = img?.versions.find((v) => v.id === p.imageVersionId);
  const latest = img ? Math.max(...img.versions.map((v) => v.version)) : 0;
  return (
    <div className="vdi-detail-grid" data-testid="pool-settings">
      <DetailCard
        title="General"
        testId="pool-settings-general"
        fields={[
          { term: 'Pool ID', value: <code>{p.name}</code> },
          { term: 'Display name', value: p.displayName, hint: 'Citrix: delivery group display name · AVD: host pool friendly name' },
          { term: 'Pool type', value: KIND_NAMES[p.kind], hint: 'Citrix: MCS / PVS machine catalog · AVD: pooled or personal host pool' },
          {
            term: 'User assignment',
            value: `${humanize(p.assignment)}${p.assignment === 'dedicated' ? (p.automaticAssignment ? ', automatic' : ', manual') : ''}`,
            hint: 'Citrix: random vs static (assigned on first use) · AVD: pooled vs personal',
          },
          {
            term: 'Session type',
            value: p.sessionType === 'single-session' ? 'Single-session (VDI)' : 'Multi-session (RDSH)',
            hint: 'Citrix: single-session vs multi-session OS · AVD: single vs multi-session host',
          },
          ...(p.sessionType === 'multi-session'
            ? [
                { term: 'Max sessions per host', value: String(p.maxSessionsPerHost), hint: 'AVD: max session limit' },
                { term: 'Load balancing', value: humanize(p.loadBalancing), hint: 'AVD: breadth-first / depth-first' },
              ]
            : []),
          { term: 'Default display protocol', value: PROTOCOL_NAMES[p.defaultProtocol] },
          { term: 'Workload profile', value: humanize(p.workload), hint: 'Login VSI worker type used by the simulator' },
          { term: 'State', value: <EnabledLabel enabled={p.enabled} />, testId: 'pool-settings-enabled' },
          { term: 'Drain mode', value: p.drainMode ? 'On: no new sessions' : 'Off', hint: 'Citrix: maintenance mode · AVD: drain mode' },
        ]}
      />
      <DetailCard
        title="Provisioning"
        testId="pool-settings-provisioning"
        fields={[
          { term: 'Provisioning', value: <EnabledLabel enabled={p.provisioningEnabled} />, testId: 'pool-settings-provisioning-enabled' },
          { term: 'Naming pattern', value: <code>{p.namingPattern}</code> },
          { term: 'Machines in pool', value: String(p.machineCount) },
          { term: 'Minimum machines', value: String(p.minMachines) },
          { term: 'Maximum machines', value: String(p.maxMachines) },
          { term: 'Spare (powered-on) machines', value: String(p.spareMachines), hint: 'Citrix Autoscale: capacity buffer' },
          {
            term: 'Provision machines',
            value: p.provisioning === 'up-front' ? 'All machines up front' : 'On demand',
            hint: 'Horizon: "Provision all machines up-front" vs "Provision machines on demand"',
          },
        ]}
      />
      <DetailCard
        title="Power & sessions"
        testId="pool-settings-power"
        fields={[
          { term: 'Remote machine power policy', value: POWER_POLICY_NAMES[p.powerPolicy], hint: 'Citrix: power management · AVD: scaling plan' },
          { term: 'Log off after disconnect', value: logoffText(p), hint: 'Citrix: session timeout · AVD: disconnected session time limit (GPO)' },
          { term: 'Refresh OS disk after logoff', value: onLogoffText(p), hint: 'Citrix: pooled-random machines discard changes at restart' },
          { term: 'Allow users to reset', value: yesNo(p.allowUserReset) },
        ]}
      />
      <DetailCard
        title="vCenter placement"
        testId="pool-settings-placement"
        fields={[
          { term: 'Cluster', value: <a href={`#/hosts?cluster=${p.clusterId}`}>{refs.clusters.get(p.clusterId)?.name ?? p.clusterId}</a> },
          {
            term: 'Datastores',
            value: p.datastoreIds.length ? p.datastoreIds.map((id) => refs.datastores.get(id)?.name ?? id).join(', ') : '—',
          },
          {
            term: 'Network',
            value: (() => {
              const n = refs.networks.get(p.networkId);
              return n ? `${n.name} (VLAN ${n.vlan}, ${n.subnet})` : p.networkId;
            })(),
          },
          { term: 'Machine size', value: `${p.vcpu} vCPU · ${p.ramGb} GB RAM · ${p.diskGb} GB disk` },
        ]}
      />
      <DetailCard
        title="Image"
        testId="pool-settings-image"
        fields={
          img
            ? [
                { term: 'Golden image', value: <a href="#/images">{img.name}</a>, hint: 'Citrix: master image · AVD: image definition' },
                { term: 'Operating system', value: img.os },
                {
                  term: 'Snapshot',
                  value: ver ? (
                    <span>
                      v{ver.version} · <code>{ver.snapshot}</code>
                      {ver.version < latest ? (
                        <span className="vdi-tone-warning"> (newer version v{latest} exists)</span>
                      ) : (
                        <span className="vdi-muted"> (latest)</span>
                      )}
                    </span>
                  ) : (
                    (p.imageVersionId ?? '—')
                  ),
                  hint: 'Citrix: MCS snapshot · AVD: image version',
                },
                { term: 'Snapshot taken', value: ver ? formatDate(ver.createdAt) : '—' },
                { term: 'Notes', value: ver?.notes || '—' },
              ]
            : [{ term: 'Golden image', value: p.kind === 'manual' ? 'None: manual pool of existing machines' : '—' }]
        }
      />
      <PoolCpuCard pool={p} />
      <PoolHardwareCard pool={p} />
    </div>
  );
}
