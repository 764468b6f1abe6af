import { HYPERVISOR_SPECS } from '../../../src-main/shared/hypervisors/catalogue.ts';
import { useState } from 'react';
import { Button, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { Cluster, Site } from '../../../src-main/contract/index.ts';
import { formatGb, formatInt, formatNumber, humanize } from '../../components/format.ts';
import { useCan } from '../../state/whoami-store.ts';
import { ClusterHypervisorModal } from './ClusterHypervisorModal.tsx';

function admission(c: Cluster): string {
  if (!c.haEnabled) return 'HA off';
  const a = c.admissionControl;
  return a.policy === 'percentage'
    ? `Reserve ${a.cpuPct}% CPU / ${a.memPct}% memory`
    : `Tolerates ${a.hostFailures} host failure${a.hostFailures === 1 ? '' : 's'}`;
}

/**
 * Clusters with their site (datacenter), DRS and HA settings; a click filters the hosts table
 * below to that cluster. The site was reachable only from the API (site-list).
 */
export function ClustersTable({
  clusters,
  sites,
  active,
  onSelect,
}: {
  clusters: Cluster[];
  sites: ReadonlyMap<string, Site>;
  active: string;
  onSelect(id: string): void;
}) {
  const canChange = useCan('cluster-set-hypervisor');
  const [changing, setChanging] = useState<Cluster | null>(null);
  return (
    <>
      {changing ? <ClusterHypervisorModal cluster={changing} onClose={() => setChanging(null)} /> : null}
      <Table variant="compact" aria-label="Clusters" gridBreakPoint="" className="vdi-bordered vdi-table" data-testid="clusters-table">
        <Thead>
          <Tr>
            <Th>Cluster</Th>
            <Th info={{ tooltip: 'The site (datacenter) the cluster belongs to, and where it is' }}>Site</Th>
            <Th className="vdi-num">Hosts</Th>
            <Th className="vdi-num">Cores</Th>
            <Th
              className="vdi-num"
              modifier="wrap"
              info={{ tooltip: 'CPU capacity: cores × GHz plus the hyper-threading gain, as the simulation schedules it and HA admission control counts it' }}
            >
              CPU capacity
            </Th>
            <Th className="vdi-num">RAM</Th>
            <Th className="vdi-num">Desktops</Th>
            <Th info={{ tooltip: 'Distributed Resource Scheduler: automation level and migration threshold (1 conservative … 5 aggressive)' }}>DRS</Th>
            <Th info={{ tooltip: 'vSphere HA and its admission control policy' }}>HA / admission control</Th>
          </Tr>
        </Thead>
        <Tbody>
          {clusters.map((c) => (
            <Tr
              key={c.id}
              isClickable
              isRowSelected={active === c.id}
              onRowClick={() => onSelect(active === c.id ? '' : c.id)}
              data-testid={`cluster-${c.name}-row`}
            >
              <Td dataLabel="Cluster">
                <div className="vdi-two-line">
                  <span className="vdi-link-cell">{c.name}</span>
                  <span className="vdi-muted" data-testid={`cluster-${c.name}-hypervisor`}>
                    {HYPERVISOR_SPECS[c.hypervisor].label}
                    {canChange ? (
                      <>
                        {' · '}
                        <Button
                          variant="link"
                          isInline
                          onClick={(ev) => {
                            ev.stopPropagation();
                            setChanging(c);
                          }}
                          data-testid={`cluster-${c.name}-change-hypervisor`}
                        >
                          Change
                        </Button>
                      </>
                    ) : null}
                  </span>
                </div>
              </Td>
              <Td dataLabel="Site" data-testid={`cluster-${c.name}-site`}>
                {/* Two lines, as hosts show their model: the table keeps its width at 1440 px. */}
                <div className="vdi-two-line">
                  <span>{sites.get(c.siteId)?.name ?? c.siteId}</span>
                  <span className="vdi-muted">{sites.get(c.siteId)?.location ?? ''}</span>
                </div>
              </Td>
              <Td className="vdi-num">{c.hostCount}</Td>
              <Td className="vdi-num">{formatInt(c.cores)}</Td>
              <Td className="vdi-num">{formatNumber(c.ghzTotal, 0)} GHz</Td>
              <Td className="vdi-num vdi-nowrap">{formatGb(c.ramGb)}</Td>
              <Td className="vdi-num">{formatInt(c.desktopCount)}</Td>
              <Td>
                {c.hypervisor === 'esxi' ? (
                  <div className="vdi-two-line">
                    <span>{humanize(c.drsAutomation)}</span>
                    <span className="vdi-muted">threshold {c.drsThreshold}</span>
                  </div>
                ) : (
                  <span data-vocab="literal">{HYPERVISOR_SPECS[c.hypervisor].balancing.name ?? 'No automatic balancing'}</span>
                )}
              </Td>
              <Td>
                <div className="vdi-two-line">
                  <span>
                    <Label isCompact color={c.haEnabled ? 'green' : 'grey'}>
                      {c.haEnabled ? 'HA on' : 'HA off'}
                    </Label>
                  </span>
                  {c.haEnabled ? <span className="vdi-muted">{admission(c)}</span> : null}
                </div>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </>
  );
}
