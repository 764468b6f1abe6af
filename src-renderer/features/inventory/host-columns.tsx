import type { AlarmCounts, Cluster, Host } from '../../../src-main/contract/index.ts';
import type { HostGpu } from '../../../src-main/contract/hardware-entities.ts';
import { GpuCell } from './gpu-summary.tsx';
import { AlarmCountLabel, alarmRank } from '../alarms/index.ts';
import type { Column } from '../../components/VirtualTable.tsx';
import { HostStateLabel } from '../../components/StatusLabels.tsx';
import { formatGb, formatInt, formatNumber, formatPct } from '../../components/format.ts';

export const hostCores = (h: Host) => h.sockets * h.coresPerSocket;
export const hostRatio = (h: Host) => (hostCores(h) ? h.vcpuAllocated / hostCores(h) : 0);

/** The cluster column only earns its width when there is more than one cluster; the GPUs column when a host has GPUs. */
export function hostColumns(clusters: Map<string, Cluster>, alarms?: AlarmCounts, gpus?: ReadonlyMap<string, HostGpu>): Column<Host>[] {
  const cols: Column<Host>[] = [
    {
      key: 'name',
      title: 'Host',
      width: '14rem', // a host's full name (FQDN): the hosts of a cluster differ only at its end
      sortValue: (h) => h.name,
      render: (h) => (
        <div className="vdi-two-line">
          <span className="vdi-link-cell" title={h.name}>
            {h.name}
          </span>
          <span className="vdi-muted" title={`${h.vendor} ${h.model}`}>
            {h.vendor} {h.model}
          </span>
        </div>
      ),
    },
    {
      key: 'alarms',
      title: 'Alarms',
      width: '5rem',
      info: 'Active alarms of the host (CPU, memory state, CPU ready, not responding)',
      sortValue: (h) => alarmRank(alarms, 'host', h.id),
      render: (h) => <AlarmCountLabel counts={alarms} kind="host" id={h.id} name={h.name} />,
    },
    {
      key: 'cluster',
      title: 'Cluster',
      width: '8rem',
      sortValue: (h) => clusters.get(h.clusterId)?.name ?? h.clusterId,
      render: (h) => clusters.get(h.clusterId)?.name ?? h.clusterId,
    },
    {
      key: 'cores',
      title: 'CPU',
      width: '7rem',
      numeric: true,
      info: 'Physical cores (sockets × cores per socket) and clock',
      sortValue: hostCores,
      render: (h) => (
        <span title={`${h.sockets} × ${h.coresPerSocket} cores${h.hyperthreading ? ', hyperthreading' : ''}`}>
          {hostCores(h)} × {formatNumber(h.ghz, 1)} GHz
        </span>
      ),
    },
    { key: 'ram', title: 'RAM', width: '4.5rem', numeric: true, sortValue: (h) => h.ramGb, render: (h) => formatGb(h.ramGb) },
    {
      key: 'gpus',
      title: 'GPUs',
      width: '7rem',
      info: 'Physical GPUs (NVIDIA vGPU) and the vGPU slots in use per profile: VMs running / slots',
      sortValue: (h) => gpus?.get(h.id)?.gpus ?? 0,
      render: (h) => <GpuCell g={gpus?.get(h.id)} testId={`host-${h.name}-gpus`} />,
    },
    {
      key: 'state',
      title: 'State',
      width: '8rem',
      sortValue: (h) => `${h.connectionState} ${h.powerState}`,
      render: (h) => <HostStateLabel state={h.connectionState} testId={`host-${h.name}-state`} />,
    },
    {
      key: 'vms',
      title: 'VMs',
      width: '4rem',
      numeric: true,
      info: 'Desktops placed on the host (powered on in the tooltip)',
      sortValue: (h) => h.vmCount,
      render: (h) => <span title={`${h.vmsPoweredOn} powered on`}>{formatInt(h.vmCount)}</span>,
    },
    {
      // One column for the allocation and its ratio: at 1440 px the host's full name needs the width.
      key: 'vcpu',
      title: 'vCPU (:core)',
      width: '7.5rem',
      numeric: true,
      info: 'vCPU allocated to the desktops on the host, and per physical core: VDI runs up to about 8–12 vCPU per core before CPU ready hurts (sorted by the ratio)',
      sortValue: hostRatio,
      render: (h) => {
        const r = hostRatio(h);
        return (
          <span title={`${formatInt(h.vcpuAllocated)} vCPU on ${hostCores(h)} cores`}>
            {formatInt(h.vcpuAllocated)}{' '}
            <span className={r >= 12 ? 'vdi-tone-danger' : r >= 8 ? 'vdi-tone-warning' : 'vdi-muted'}>({formatNumber(r, 1)}:1)</span>
          </span>
        );
      },
    },
    {
      key: 'ramAlloc',
      title: 'RAM allocated',
      width: '8.5rem',
      numeric: true,
      sortValue: (h) => (h.ramGb ? h.ramAllocatedGb / h.ramGb : 0),
      render: (h) => (
        <span title={`${formatGb(h.ramAllocatedGb)} of ${formatGb(h.ramGb)}`}>
          {formatGb(h.ramAllocatedGb)} <span className="vdi-muted">({formatPct(h.ramAllocatedGb, h.ramGb)})</span>
        </span>
      ),
    },
  ];
  return cols.filter((c) => (c.key !== 'cluster' || clusters.size > 1) && (c.key !== 'gpus' || (gpus?.size ?? 0) > 0));
}
