import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FlexItem,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Gallery,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
  PageSection,
  Progress,
  TextInput,
} from '@patternfly/react-core';
import type { TenantObjectKind, TenantView } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useCan } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';

// Inventory → Tenants (issue 19): who owns which pools, networks and datastores, their CPU share and
// limits against what they use now, and the forms to create, edit and assign. The host checks every
// change against isolation and says why it refuses.

interface Draft {
  id: string | null;
  name: string;
  description: string;
  cpuShares: string;
  cpuLimitGhz: string;
  memLimitGb: string;
}

const num = (s: string): number | null => (s.trim() === '' ? null : Number(s));

function TenantForm({ draft, onClose }: { draft: Draft; onClose: (done: boolean) => void }) {
  const [d, setD] = useState(draft);
  const action = useAction();
  const set = (k: keyof Draft) => (_e: unknown, v: string) => setD({ ...d, [k]: v });
  const submit = async () => {
    const body = {
      name: d.name,
      description: d.description,
      cpuShares: Number(d.cpuShares),
      cpuLimitGhz: num(d.cpuLimitGhz),
      memLimitGb: num(d.memLimitGb),
    };
    const r = await action.run(() => (d.id ? getClient().call('tenant-update', { id: d.id, ...body }) : getClient().call('tenant-create', body)));
    if (r) {
      notifySuccess(d.id ? `Tenant ${d.name} saved` : `Tenant ${d.name} created`);
      onClose(true);
    }
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={() => onClose(false)} aria-labelledby="tenant-form-title" data-testid="tenant-form">
      <ModalHeader title={d.id ? `Edit tenant ${draft.name}` : 'New tenant'} labelId="tenant-form-title" />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} title="Refused" /> : null}
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label="Name" isRequired fieldId="tenant-name">
            <TextInput id="tenant-name" value={d.name} onChange={set('name')} data-testid="tenant-name" />
          </FormGroup>
          <FormGroup label="Description" fieldId="tenant-description">
            <TextInput id="tenant-description" value={d.description} onChange={set('description')} />
          </FormGroup>
          <FormGroup label="CPU shares (Normal = 4,000)" fieldId="tenant-shares">
            <TextInput id="tenant-shares" type="number" value={d.cpuShares} onChange={set('cpuShares')} data-testid="tenant-shares" />
          </FormGroup>
          <FormGroup label="CPU limit, GHz (empty: unlimited)" fieldId="tenant-cpu-limit">
            <TextInput id="tenant-cpu-limit" type="number" value={d.cpuLimitGhz} onChange={set('cpuLimitGhz')} data-testid="tenant-cpu-limit" />
          </FormGroup>
          <FormGroup label="Memory limit, GB (empty: unlimited)" fieldId="tenant-mem-limit">
            <TextInput id="tenant-mem-limit" type="number" value={d.memLimitGb} onChange={set('memLimitGb')} />
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button onClick={submit} isDisabled={!d.name.trim() || action.busy} isLoading={action.busy} data-testid="tenant-form-submit">
          {d.id ? 'Save' : 'Create'}
        </Button>
        <Button variant="link" onClick={() => onClose(false)}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function AssignForm({ tenant, onClose }: { tenant: TenantView; onClose: (done: boolean) => void }) {
  const pools = useApi('pool-list', {});
  const nets = useApi('network-list', {});
  const dss = useApi('datastore-list', {});
  const [kind, setKind] = useState<TenantObjectKind>('network');
  const [objectId, setObjectId] = useState('');
  const action = useAction();
  const options =
    kind === 'pool'
      ? (pools.data ?? []).map((p) => ({ id: p.id, label: p.name }))
      : kind === 'network'
        ? (nets.data ?? []).map((n) => ({ id: n.id, label: `${n.portGroup} (VLAN ${n.vlan})` }))
        : (dss.data ?? []).map((d) => ({ id: d.id, label: d.name }));
  const submit = async () => {
    const r = await action.run(() => getClient().call('tenant-assign', { tenantId: tenant.id, kind, objectId }));
    if (r !== undefined && !action.error) {
      notifySuccess(`${options.find((o) => o.id === objectId)?.label ?? objectId} now belongs to ${tenant.name}`);
      onClose(true);
    }
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={() => onClose(false)} aria-labelledby="tenant-assign-title" data-testid="tenant-assign">
      <ModalHeader title={`Give to ${tenant.name}`} labelId="tenant-assign-title" />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} title="Refused: isolation" testId="tenant-assign-error" /> : null}
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label="What" fieldId="assign-kind">
            <FormSelect
              id="assign-kind"
              value={kind}
              onChange={(_e, v) => {
                setKind(v as TenantObjectKind);
                setObjectId('');
              }}
              data-testid="assign-kind"
            >
              <FormSelectOption value="network" label="Network (port group / VLAN)" />
              <FormSelectOption value="datastore" label="Datastore" />
              <FormSelectOption value="pool" label="Desktop pool" />
            </FormSelect>
          </FormGroup>
          <FormGroup label="Object" fieldId="assign-object">
            <FormSelect id="assign-object" value={objectId} onChange={(_e, v) => setObjectId(v)} data-testid="assign-object">
              <FormSelectOption value="" label="Choose…" isPlaceholder />
              {options.map((o) => (
                <FormSelectOption key={o.id} value={o.id} label={o.label} />
              ))}
            </FormSelect>
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button onClick={submit} isDisabled={!objectId || action.busy} isLoading={action.busy} data-testid="tenant-assign-submit">
          Assign
        </Button>
        <Button variant="link" onClick={() => onClose(false)}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function UsageBar({ label, value, limit, unit, testId }: { label: string; value: number; limit: number | null; unit: string; testId: string }) {
  if (limit === null) {
    return (
      <Content component="p" data-testid={testId}>
        {label}: {value} {unit} (no limit)
      </Content>
    );
  }
  const pct = Math.min(100, (100 * value) / limit);
  return (
    <Progress
      value={pct}
      title={`${label}: ${value} of ${limit} ${unit}`}
      measureLocation="outside"
      label={`${Math.round(pct)} %`}
      variant={value >= limit ? 'danger' : pct > 80 ? 'warning' : undefined}
      data-testid={testId}
    />
  );
}

function TenantCard({
  t,
  canEdit,
  onEdit,
  onAssign,
  onDelete,
}: {
  t: TenantView;
  canEdit: boolean;
  onEdit: () => void;
  onAssign: () => void;
  onDelete: () => void;
}) {
  return (
    <Card data-testid={`tenant-${t.name}`}>
      <CardHeader
        actions={{
          actions: canEdit ? (
            <>
              <Button variant="secondary" size="sm" onClick={onEdit} data-testid={`tenant-edit-${t.name}`}>
                Edit
              </Button>{' '}
              <Button variant="secondary" size="sm" onClick={onAssign} data-testid={`tenant-assign-${t.name}`}>
                Assign…
              </Button>{' '}
              <Button variant="link" isDanger size="sm" onClick={onDelete}>
                Delete
              </Button>
            </>
          ) : null,
        }}
      >
        <CardTitle>
          {t.name} <Label isCompact>{t.cpuShares.toLocaleString('en-US')} CPU shares</Label>
        </CardTitle>
        <Content component="small">{t.description}</Content>
      </CardHeader>
      <CardBody>
        {t.warnings.map((w) => (
          <Alert key={w} variant="warning" isInline isPlain title={w} />
        ))}
        {/* Each bar under its own title, a gutter between the two, so neither title reads as the other bar's. */}
        <div className="vdi-tenant-usage">
          <UsageBar label="CPU used" value={t.usage.cpuUsedGhz} limit={t.cpuLimitGhz} unit="GHz" testId={`tenant-cpu-${t.name}`} />
          <UsageBar label="Memory held by its desktops" value={t.usage.memoryConsumedGb} limit={t.memLimitGb} unit="GB" testId={`tenant-mem-${t.name}`} />
        </div>
        <DescriptionList isCompact isHorizontal>
          <DescriptionListGroup>
            <DescriptionListTerm>Desktops</DescriptionListTerm>
            <DescriptionListDescription>
              {t.usage.poweredOn} of {t.usage.desktops} on, {t.usage.sessions} sessions
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>CPU demand</DescriptionListTerm>
            <DescriptionListDescription data-testid={`tenant-demand-${t.name}`}>
              {t.usage.cpuDemandGhz} GHz, ready {t.usage.cpuReadyPct} %{t.usage.throttledPct > 0 ? `, ${t.usage.throttledPct} % withheld by the limit` : ''}
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Memory</DescriptionListTerm>
            <DescriptionListDescription data-testid={`tenant-memory-${t.name}`}>
              {t.usage.memoryConsumedGb} GB held of {t.usage.memoryGb} GB configured, {t.usage.memoryReservedGb} GB reserved
              {t.memLimitGb !== null ? ` (limit ${t.memLimitGb} GB)` : ''}
              {t.usage.memoryBalloonedGb + t.usage.memorySwappedGb > 0
                ? `; ${t.usage.memoryBalloonedGb} GB ballooned, ${t.usage.memorySwappedGb} GB swapped${
                    t.usage.memoryLimitReclaimGb > 0 ? ` (${t.usage.memoryLimitReclaimGb} GB by its limit)` : ' (by its hosts)'
                  }`
                : ''}
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Response time</DescriptionListTerm>
            <DescriptionListDescription data-testid={`tenant-ux-${t.name}`}>
              {t.usage.responseMs > 0 ? `${(t.usage.responseMs / 1000).toFixed(1)} s per action set` : '—'}
              {t.usage.pagingDesktops > 0 ? `, ${t.usage.pagingDesktops} desktop(s) paging` : ''}
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Pools</DescriptionListTerm>
            <DescriptionListDescription>{t.pools.map((p) => `${p.name} (${p.machines})`).join(', ') || '—'}</DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Networks</DescriptionListTerm>
            <DescriptionListDescription>
              {t.networks.map((n) => `${n.portGroup} (VLAN ${n.vlan})${n.hostIds ? ` on ${n.hostIds.length} host(s)` : ''}`).join(', ') || '—'}
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Datastores</DescriptionListTerm>
            <DescriptionListDescription>{t.datastores.map((d) => d.name).join(', ') || '—'}</DescriptionListDescription>
          </DescriptionListGroup>
        </DescriptionList>
      </CardBody>
    </Card>
  );
}

/** Inventory → Tenants. */
export function TenantsView() {
  const { data, error, reload } = useApi('tenant-list', {}, { refreshOn: ['pool', 'network', 'datastore', 'desktop'] });
  const canEdit = useCan('tenant-create');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [assign, setAssign] = useState<TenantView | null>(null);
  const action = useAction();
  const done = (changed: boolean) => {
    setDraft(null);
    setAssign(null);
    if (changed) reload();
  };
  return (
    <>
      {draft ? <TenantForm draft={draft} onClose={done} /> : null}
      {assign ? <AssignForm tenant={assign} onClose={done} /> : null}
      <ViewHeader
        title="Tenants"
        titleTestId="tenants-title"
        crumbs={[{ label: 'Inventory' }, { label: 'Tenants' }]}
        description="Tenants own desktop pools, networks (VLANs / port groups) and datastores. A tenant's desktops only attach to its networks and datastores: placement, migration, DRS and HA refuse any host or network that would break that. CPU shares and the CPU and memory limits apply to all of a tenant's desktops together."
      />
      <PageSection hasBodyWrapper={false}>
        {error ? <ApiErrorAlert error={error} title="Could not load the tenants" onRetry={reload} /> : null}
        {action.error ? <ApiErrorAlert error={action.error} title="Refused" onClose={action.clearError} /> : null}
        <Flex style={{ marginBottom: 16 }}>
          <FlexItem>
            {canEdit ? (
              <Button
                onClick={() => setDraft({ id: null, name: '', description: '', cpuShares: '4000', cpuLimitGhz: '', memLimitGb: '' })}
                data-testid="tenant-new"
              >
                New tenant
              </Button>
            ) : null}
          </FlexItem>
        </Flex>
        {!data && !error ? <CenteredSpinner /> : null}
        {data && data.length === 0 ? (
          <Content component="p" data-testid="tenants-empty">
            This lab has no tenants: every pool, network and datastore is shared. Create one, or open the multi-tenant lab profile.
          </Content>
        ) : null}
        <Gallery hasGutter minWidths={{ default: '420px' }}>
          {(data ?? []).map((t) => (
            <TenantCard
              key={t.id}
              t={t}
              canEdit={canEdit}
              onEdit={() =>
                setDraft({
                  id: t.id,
                  name: t.name,
                  description: t.description,
                  cpuShares: String(t.cpuShares),
                  cpuLimitGhz: t.cpuLimitGhz === null ? '' : String(t.cpuLimitGhz),
                  memLimitGb: t.memLimitGb === null ? '' : String(t.memLimitGb),
                })
              }
              onAssign={() => setAssign(t)}
              onDelete={async () => {
                const r = await action.run(() => getClient().call('tenant-delete', { id: t.id }));
                if (r) {
                  notifySuccess(`Tenant ${t.name} deleted`);
                  reload();
                }
              }}
            />
          ))}
        </Gallery>
      </PageSection>
    </>
  );
}
