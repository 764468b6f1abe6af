import { useState } from 'react';
import { Button, Label, Progress, ProgressSize, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import PlusCircleIcon from '@patternfly/react-icons/dist/esm/icons/plus-circle-icon';
import type { ClusterStatus } from '../../../src-main/contract/cluster-entities.ts';
import { formatNumber, formatSimTimeSeconds } from '../../components/format.ts';
import { href } from '../../router/hash-router.ts';
import { useApi } from '../../state/use-api.ts';
import { GpuCell, clusterGpuText } from '../inventory/index.ts';
import { AddHostModal } from './AddHostModal.tsx';
import { ClusterTasks } from './ClusterTasks.tsx';
import { HostActions } from './HostActions.tsx';
import { STATUS_COLOR } from './use-cluster.ts';

/** Hosts with their live state and actions, the migrations in flight, and the cluster's tasks. */
export function ClusterHostsTab({ status, clusterName }: { status: ClusterStatus; clusterName: string }) {
  const [adding, setAdding] = useState(false);
  const names = new Map(status.hosts.map((h) => [h.hostId, h.hostName]));
  // Issue 19: the GPUs of the cluster's hosts and the vGPU slots in use (a column and a line when any host has GPUs).
  const gpuList = useApi('host-gpu-list', {}, { refreshOn: ['host', 'desktop'], minIntervalMs: 2000 });
  const gpus = new Map((gpuList.data ?? []).filter((g) => names.has(g.hostId)).map((g) => [g.hostId, g]));
  const gpuLine = clusterGpuText([...gpus.values()], status.hosts.length);
  return (
    <>
      <div className="vdi-subhead">
        <Title headingLevel="h2" size="md">
          Hosts <span className="vdi-count">({status.hosts.length})</span>
        </Title>
        <Button variant="secondary" size="sm" icon={<PlusCircleIcon />} onClick={() => setAdding(true)} data-testid="cluster-add-host">
          Add host…
        </Button>
      </div>
      {gpuLine ? (
        <p className="vdi-muted" data-testid="cluster-gpus">
          {gpuLine}
        </p>
      ) : null}
      <Table variant="compact" aria-label="Hosts of the cluster" gridBreakPoint="" className="vdi-bordered vdi-table" data-testid="cluster-hosts-table">
        <Thead>
          <Tr>
            <Th width={25}>Host</Th>
            <Th width={30}>State</Th>
            <Th className="vdi-num">CPU</Th>
            <Th className="vdi-num">Memory</Th>
            {gpuLine ? <Th info={{ tooltip: 'Physical GPUs (NVIDIA vGPU) and the vGPU slots in use per profile: VMs running / slots' }}>GPUs</Th> : null}
            <Th className="vdi-num" info={{ tooltip: 'Powered-on VMs on the host' }}>
              VMs on
            </Th>
            <Th className="vdi-num" info={{ tooltip: 'Live migrations out / in, and the concurrent limit (8 on 10 GbE and faster, 4 on 1 GbE)' }}>
              vMotions
            </Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>
          {status.hosts.map((h) => (
            <Tr key={h.hostId} data-testid={`cluster-host-${h.hostName}-row`} data-status={h.status}>
              <Td dataLabel="Host">
                <a href={href(`/hosts/${h.hostId}`)}>{h.hostName}</a>
              </Td>
              <Td dataLabel="State">
                <Label isCompact color={STATUS_COLOR[h.status] ?? 'grey'} data-testid={`cluster-host-${h.hostName}-status`}>
                  {h.label}
                </Label>
              </Td>
              <Td className="vdi-num">{formatNumber(h.cpuPct, 0)} %</Td>
              <Td className="vdi-num">{formatNumber(h.memPct, 0)} %</Td>
              {gpuLine ? (
                <Td dataLabel="GPUs">
                  <GpuCell g={gpus.get(h.hostId)} testId={`cluster-host-${h.hostName}-gpus`} />
                </Td>
              ) : null}
              <Td className="vdi-num" data-testid={`cluster-host-${h.hostName}-vms`}>
                {h.vmsOn}
              </Td>
              <Td className="vdi-num">
                {h.migrationsOut} / {h.migrationsIn} <span className="vdi-muted">of {h.migrationLimit}</span>
              </Td>
              <Td isActionCell>
                <HostActions host={h} />
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>

      <section className="vdi-cluster-section">
        <Title headingLevel="h2" size="md">
          Live migrations in flight{' '}
          <span className="vdi-count">
            ({status.migrations.length}
            {status.queuedMigrations ? `, ${status.queuedMigrations} queued` : ''})
          </span>
        </Title>
        {status.migrations.length === 0 ? (
          <p className="vdi-muted" data-testid="cluster-no-migrations">
            No migration running.
          </p>
        ) : (
          <Table variant="compact" aria-label="Live migrations" gridBreakPoint="" data-testid="cluster-migrations-table">
            <Thead>
              <Tr>
                <Th>Desktop</Th>
                <Th>From → to</Th>
                <Th>Ends</Th>
                <Th className="vdi-num">Downtime</Th>
                <Th>Progress</Th>
              </Tr>
            </Thead>
            <Tbody>
              {status.migrations.map((m) => (
                <Tr key={m.desktopId} data-testid={`migration-${m.desktopName}-row`}>
                  <Td>{m.desktopName}</Td>
                  <Td>
                    {names.get(m.fromHostId) ?? m.fromHostId} → {names.get(m.toHostId) ?? m.toHostId}
                  </Td>
                  <Td>{formatSimTimeSeconds(m.endsAt)}</Td>
                  <Td className="vdi-num">{m.downtimeMs} ms</Td>
                  <Td className="vdi-progress-cell">
                    <Progress value={m.progressPct} size={ProgressSize.sm} aria-label={`Migration of ${m.desktopName}`} />
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </section>

      <section className="vdi-cluster-section">
        <ClusterTasks clusterId={status.clusterId} hostNames={names} />
      </section>
      {adding ? <AddHostModal clusterId={status.clusterId} clusterName={clusterName} onClose={() => setAdding(false)} /> : null}
    </>
  );
}
