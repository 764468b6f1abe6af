import { useState } from 'react';
import { Button, Card, CardBody, CardHeader, CardTitle, Content, Flex, FlexItem, Gallery, Label, PageSection } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { SiteOverview } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useCan } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatGb, formatSimTime } from '../../components/format.ts';

const STATUS_COLOR = { up: 'green', degraded: 'orange', lost: 'red' } as const;

/** The sites of the lab (datacenters), each with what runs in it; an instructor can lose a site and bring it back. */
export function SitesView() {
  const { data, error, reload } = useApi('site-overview', {}, { refreshOn: ['site', 'cluster', 'host', 'pool'] });
  const links = useApi('dr-overview', {}, { refreshOn: ['site'] });
  const action = useAction();
  const canFail = useCan('site-fail');
  const [confirm, setConfirm] = useState<SiteOverview | null>(null);

  const repair = async (s: SiteOverview) => {
    const r = await action.run(() => getClient().call('site-repair', { siteId: s.id }));
    if (r) {
      notifySuccess(`${s.name} restored: its hosts power on`);
      reload();
      links.reload();
    }
  };

  return (
    <>
      {confirm ? (
        <ConfirmDialog
          title={`Lose site ${confirm.name}?`}
          confirmLabel="Lose the site"
          danger
          busy={action.busy}
          error={action.error}
          testId="site-fail-dialog"
          impact={[
            { count: confirm.clusters.reduce((a, c) => a + c.hostsUp, 0), noun: 'host' },
            { count: confirm.pools.reduce((a, p) => a + p.sessions, 0), noun: 'session', loses: true },
          ]}
          body={
            <>
              Training: every running host of {confirm.name} loses power at once, the inter-site links go down and replication stops. Users of pools with a
              global entitlement are brokered to the other site.
            </>
          }
          onClose={() => {
            action.clearError();
            setConfirm(null);
          }}
          onConfirm={async () => {
            const s = confirm;
            const r = await action.run(() => getClient().call('site-fail', { siteId: s.id }));
            if (r) {
              setConfirm(null);
              notifySuccess(`${s.name} is lost: global entitlements send its users to the other site`);
              reload();
              links.reload();
            }
          }}
        />
      ) : null}
      <ViewHeader
        title="Sites"
        titleTestId="sites-title"
        crumbs={[{ label: 'Inventory' }, { label: 'Sites' }]}
        description="The lab's datacenters with their clusters, datastores, networks and desktop pools, and the links between them."
      />
      <PageSection hasBodyWrapper={false}>
        {error ? <ApiErrorAlert error={error} title="Could not load the sites" onRetry={reload} /> : null}
        {action.error && !confirm ? (
          <ApiErrorAlert error={action.error} title="The site action failed" onClose={action.clearError} testId="site-action-error" />
        ) : null}
        {links.data && links.data.links.length > 0 ? (
          <Content component="p" data-testid="site-links">
            {links.data.links.map((l) => (
              <span key={l.id} style={{ marginRight: '1.5rem' }}>
                <strong>{l.name}</strong>: {l.bandwidthMbps.toLocaleString('en-US')} Mbit/s, {l.latencyMs} ms ·{' '}
                <Label isCompact color={l.up ? 'green' : 'red'}>
                  {l.up ? 'up' : 'down'}
                </Label>{' '}
                replication {l.carriedMbps.toFixed(1)} Mbit/s ({l.utilisationPct}% of its share)
              </span>
            ))}
          </Content>
        ) : null}
        {!data ? (
          error ? null : (
            <CenteredSpinner label="Loading the sites" />
          )
        ) : (
          <Gallery hasGutter minWidths={{ default: '100%', xl: '560px' }}>
            {data.map((s) => (
              <Card key={s.id} data-testid={`site-${s.name}`}>
                <CardHeader
                  actions={{
                    actions: canFail ? (
                      s.status === 'lost' ? (
                        <Button variant="secondary" size="sm" isDisabled={action.busy} onClick={() => void repair(s)} data-testid={`site-${s.name}-repair`}>
                          Repair site
                        </Button>
                      ) : (
                        <Button variant="danger" size="sm" isDisabled={action.busy} onClick={() => setConfirm(s)} data-testid={`site-${s.name}-fail`}>
                          Lose site…
                        </Button>
                      )
                    ) : null,
                  }}
                >
                  <CardTitle>
                    <Flex alignItems={{ default: 'alignItemsCenter' }}>
                      <FlexItem>{s.name}</FlexItem>
                      <FlexItem>
                        <Label isCompact color={STATUS_COLOR[s.status]} data-testid={`site-${s.name}-status`}>
                          {s.status}
                          {s.lostAt ? ` since ${formatSimTime(s.lostAt)}` : ''}
                        </Label>
                      </FlexItem>
                    </Flex>
                    <Content component="small" className="vdi-muted">
                      {s.location}
                    </Content>
                  </CardTitle>
                </CardHeader>
                <CardBody>
                  <Table aria-label={`Clusters of ${s.name}`} variant="compact">
                    <Thead>
                      <Tr>
                        <Th>Cluster</Th>
                        <Th>Hosts up</Th>
                        <Th>Machines (on)</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {s.clusters.map((c) => (
                        <Tr key={c.id}>
                          <Td dataLabel="Cluster">
                            <a href={`#/clusters/${c.id}`}>{c.name}</a>
                          </Td>
                          <Td dataLabel="Hosts up">
                            {c.hostsUp} / {c.hosts}
                          </Td>
                          <Td dataLabel="Machines (on)">
                            {c.desktops} ({c.poweredOn})
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                  <Table aria-label={`Datastores of ${s.name}`} variant="compact">
                    <Thead>
                      <Tr>
                        <Th>Datastore</Th>
                        <Th>Type</Th>
                        <Th>Used / capacity</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {s.datastores.map((d) => (
                        <Tr key={d.id}>
                          <Td dataLabel="Datastore">
                            <a href={`#/datastores/${d.id}`}>{d.name}</a>
                          </Td>
                          <Td dataLabel="Type">{d.type.toUpperCase()}</Td>
                          <Td dataLabel="Used / capacity">
                            {formatGb(d.usedGb)} / {formatGb(d.capacityGb)}
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                  <Table aria-label={`Networks of ${s.name}`} variant="compact">
                    <Thead>
                      <Tr>
                        <Th>Port group</Th>
                        <Th>VLAN</Th>
                        <Th>Subnet</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {s.networks.map((n) => (
                        <Tr key={n.id}>
                          <Td dataLabel="Port group">{n.portGroup}</Td>
                          <Td dataLabel="VLAN">{n.vlan}</Td>
                          <Td dataLabel="Subnet">
                            <code>{n.subnet}</code>
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                  <Table aria-label={`Desktop pools of ${s.name}`} variant="compact">
                    <Thead>
                      <Tr>
                        <Th>Desktop pool</Th>
                        <Th>Machines</Th>
                        <Th>Sessions</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {s.pools.map((p) => (
                        <Tr key={p.id} data-testid={`site-pool-${p.name}`}>
                          <Td dataLabel="Desktop pool">
                            <a href={`#/pools/${p.id}`}>{p.name}</a>
                          </Td>
                          <Td dataLabel="Machines">{p.machines}</Td>
                          <Td dataLabel="Sessions" data-testid={`site-pool-${p.name}-sessions`}>
                            {p.sessions}
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                </CardBody>
              </Card>
            ))}
          </Gallery>
        )}
      </PageSection>
    </>
  );
}
