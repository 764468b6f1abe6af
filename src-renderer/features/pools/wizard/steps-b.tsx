import { Checkbox, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, Form } from '@patternfly/react-core';
import type { Cluster, Datastore, GoldenImage, Network } from '../../../../src-main/contract/index.ts';
import { Choice, Field, NumField } from '../../../components/form-fields.tsx';
import { numProps, poolLimits } from './use-pool-form.ts';
import type { StepProps } from './steps-a.tsx';
import { defaultNetwork, isInfrastructureNetwork, type PoolForm } from './pool-form.ts';
import { KIND_NAMES, POWER_POLICY_NAMES, PROTOCOL_NAMES } from '../pool-text.ts';
import { humanize } from '../../../components/format.ts';

const opts = <T extends string>(names: Record<T, string>) => (Object.keys(names) as T[]).map((k) => ({ value: k, label: names[k] }));

/** Step 4: power, logoff and protocol policies; load balancing and sessions per host for RDS farms. */
export function SessionsStep({ form, set, errors }: StepProps) {
  const multi = form.sessionType === 'multi-session';
  // Horizon gives instant clones no power policy: they are always powered on.
  const instant = form.kind === 'instant-clone';
  return (
    <Form data-testid="wizard-step-sessions" isWidthLimited>
      <Field
        id="powerPolicy"
        label="Remote machine power policy"
        hint={instant ? 'Instant clones are always powered on' : 'Citrix: power management · AVD: scaling plan'}
        error={errors.powerPolicy}
      >
        <Choice
          id="powerPolicy"
          value={instant ? 'always-on' : form.powerPolicy}
          options={opts(POWER_POLICY_NAMES)}
          isDisabled={instant}
          onChange={(v) => set({ powerPolicy: v })}
        />
      </Field>
      <div className="vdi-wizard-row">
        <Field id="logoffAfterDisconnect" label="Log off after disconnect" hint="AVD: disconnected session time limit" error={errors.logoffAfterDisconnect}>
          <Choice
            id="logoffAfterDisconnect"
            value={form.logoffAfterDisconnect}
            options={[
              { value: 'immediately', label: 'Immediately' },
              { value: 'never', label: 'Never' },
              { value: 'after', label: 'After …' },
            ]}
            onChange={(v) => set({ logoffAfterDisconnect: v })}
          />
        </Field>
        {form.logoffAfterDisconnect === 'after' ? (
          <Field id="logoffAfterMinutes" limits={poolLimits('logoffAfterMinutes')} label="Minutes" error={errors.logoffAfterMinutes}>
            <NumField
              id="logoffAfterMinutes"
              {...numProps('logoffAfterMinutes')}
              value={form.logoffAfterMinutes}
              unit="min"
              onChange={(v) => set({ logoffAfterMinutes: v })}
              error={Boolean(errors.logoffAfterMinutes)}
            />
          </Field>
        ) : null}
      </div>
      <Field id="onLogoff" label="At logoff" hint="Instant clones are always fresh; linked clones refresh their OS disk" error={errors.onLogoff}>
        <Choice
          id="onLogoff"
          value={form.onLogoff}
          options={[
            { value: 'never', label: 'Keep the machine as it is' },
            { value: 'refresh', label: 'Refresh the OS disk' },
            { value: 'delete', label: 'Delete the machine' },
          ]}
          onChange={(v) => set({ onLogoff: v })}
        />
      </Field>
      <Checkbox
        id="wizard-allowUserReset"
        data-testid="wizard-allowUserReset"
        label="Allow users to reset their machines"
        isChecked={form.allowUserReset}
        onChange={(_e, v) => set({ allowUserReset: v })}
      />
      <div className="vdi-wizard-row">
        <Field id="defaultProtocol" label="Default display protocol" error={errors.defaultProtocol}>
          <Choice id="defaultProtocol" value={form.defaultProtocol} options={opts(PROTOCOL_NAMES)} onChange={(v) => set({ defaultProtocol: v })} />
        </Field>
        <Field id="workload" label="Workload profile" hint="Login VSI worker type for the simulator" error={errors.workload}>
          <Choice
            id="workload"
            value={form.workload}
            options={opts({ task: 'Task worker', knowledge: 'Knowledge worker', power: 'Power user' })}
            onChange={(v) => set({ workload: v })}
          />
        </Field>
      </div>
      {multi ? (
        <div className="vdi-wizard-row">
          <Field id="loadBalancing" label="Load balancing" hint="AVD: breadth-first / depth-first" error={errors.loadBalancing}>
            <Choice
              id="loadBalancing"
              value={form.loadBalancing}
              options={opts({ 'breadth-first': 'Breadth-first', 'depth-first': 'Depth-first' })}
              onChange={(v) => set({ loadBalancing: v })}
            />
          </Field>
          <Field
            id="maxSessionsPerHost"
            limits={poolLimits('maxSessionsPerHost')}
            label="Max sessions per host"
            hint="AVD: max session limit"
            error={errors.maxSessionsPerHost}
          >
            <NumField
              id="maxSessionsPerHost"
              {...numProps('maxSessionsPerHost')}
              value={form.maxSessionsPerHost}
              onChange={(v) => set({ maxSessionsPerHost: v })}
              error={Boolean(errors.maxSessionsPerHost)}
            />
          </Field>
        </div>
      ) : null}
    </Form>
  );
}

/** Step 5: vCenter placement: cluster, then its datastores and its network. */
export function PlacementStep({
  form,
  set,
  errors,
  clusters,
  datastores,
  networks,
}: StepProps & { clusters: Cluster[]; datastores: Datastore[]; networks: Network[] }) {
  const ds = datastores.filter((d) => d.clusterId === form.clusterId);
  const nets = networks.filter((n) => n.clusterId === form.clusterId);
  const net = nets.find((n) => n.id === form.networkId);
  const toggle = (id: string, on: boolean) =>
    set({ datastoreIds: on ? [...form.datastoreIds.filter((x) => x !== id), id] : form.datastoreIds.filter((x) => x !== id) });
  return (
    <Form data-testid="wizard-step-placement" isWidthLimited>
      <Field id="clusterId" label="Cluster" error={errors.clusterId} isRequired>
        <Choice
          id="clusterId"
          value={form.clusterId}
          error={Boolean(errors.clusterId)}
          options={[{ value: '', label: 'Choose a cluster' }, ...clusters.map((c) => ({ value: c.id, label: `${c.name} (${c.hostCount} hosts)` }))]}
          onChange={(v) => {
            const firstDs = datastores.find((d) => d.clusterId === v);
            const firstNet = defaultNetwork(networks, v);
            set({ clusterId: v, datastoreIds: firstDs ? [firstDs.id] : [], networkId: firstNet?.id ?? '' });
          }}
        />
      </Field>
      <Field id="datastoreIds" label="Datastores" hint="Machines are spread over the chosen datastores" error={errors.datastoreIds} isRequired>
        {ds.length === 0 ? <span className="vdi-muted">Choose a cluster first</span> : null}
        {ds.map((d) => {
          const free = Math.max(0, d.capacityGb - d.usedGb);
          return (
            <Checkbox
              key={d.id}
              id={`wizard-ds-${d.id}`}
              data-testid={`wizard-ds-${d.id}`}
              label={`${d.name} · ${d.type.toUpperCase()} ${d.media}`}
              description={`${Math.round(free).toLocaleString('en-US')} GB free of ${Math.round(d.capacityGb).toLocaleString('en-US')} GB · ${d.desktopCount} desktops`}
              isChecked={form.datastoreIds.includes(d.id)}
              onChange={(_e, on) => toggle(d.id, on)}
            />
          );
        })}
      </Field>
      <Field
        id="networkId"
        label="Network (port group)"
        hint={
          net && isInfrastructureNetwork(net)
            ? 'This is an infrastructure network (management, vMotion or storage): desktops belong on a desktop VLAN'
            : undefined
        }
        error={errors.networkId}
        isRequired
      >
        <Choice
          id="networkId"
          value={form.networkId}
          error={Boolean(errors.networkId)}
          options={[
            { value: '', label: 'Choose a network' },
            ...nets.map((n) => ({
              value: n.id,
              label: `${n.name} (VLAN ${n.vlan}, ${n.subnet})${isInfrastructureNetwork(n) ? ' · infrastructure, not for desktops' : ''}`,
            })),
          ]}
          onChange={(v) => set({ networkId: v })}
        />
      </Field>
    </Form>
  );
}

/** Step 6: everything on one page before pool-create. */
export function ReviewStep({
  form,
  images,
  clusters,
  datastores,
  networks,
}: {
  form: PoolForm;
  images: GoldenImage[];
  clusters: Cluster[];
  datastores: Datastore[];
  networks: Network[];
}) {
  const img = images.find((i) => i.id === form.imageId);
  const ver = img?.versions.find((v) => v.id === form.imageVersionId);
  const multi = form.sessionType === 'multi-session';
  const rows: [string, string][] = [
    ['Pool ID', form.name || '—'],
    ['Display name', form.displayName || form.name || '—'],
    [
      'Type',
      `${KIND_NAMES[form.kind]} · ${humanize(form.assignment)} · ${multi ? `multi-session (≤ ${form.maxSessionsPerHost} per host, ${form.loadBalancing})` : 'single-session'}`,
    ],
    ['Image', form.kind === 'manual' ? 'None (manual pool)' : img ? `${img.name}${ver ? ` v${ver.version}` : ''}` : '—'],
    ['Machine size', `${form.vcpu} vCPU · ${form.ramGb} GB RAM · ${form.diskGb} GB disk`],
    ['Naming', form.namingPattern || '—'],
    [
      'Machines',
      `min ${form.minMachines} · max ${form.maxMachines} · spare ${form.spareMachines} · ${form.provisioning === 'up-front' ? 'all up front' : 'on demand'}`,
    ],
    ['Power', POWER_POLICY_NAMES[form.kind === 'instant-clone' ? 'always-on' : form.powerPolicy]],
    ['Logoff after disconnect', form.logoffAfterDisconnect === 'after' ? `after ${form.logoffAfterMinutes} min` : form.logoffAfterDisconnect],
    ['At logoff', form.onLogoff === 'never' ? 'keep' : form.onLogoff],
    ['Protocol', PROTOCOL_NAMES[form.defaultProtocol]],
    ['Cluster', clusters.find((c) => c.id === form.clusterId)?.name ?? '—'],
    ['Datastores', form.datastoreIds.map((id) => datastores.find((d) => d.id === id)?.name ?? id).join(', ') || '—'],
    ['Network', networks.find((n) => n.id === form.networkId)?.name ?? '—'],
    ['Entitled', form.entitlements.length ? form.entitlements.map((e) => e.name).join(', ') : 'Nobody yet (add entitlements later on the pool page)'],
  ];
  return (
    <DescriptionList isHorizontal isCompact data-testid="wizard-step-review">
      {rows.map(([t, d]) => (
        <DescriptionListGroup key={t}>
          <DescriptionListTerm>{t}</DescriptionListTerm>
          <DescriptionListDescription>{d}</DescriptionListDescription>
        </DescriptionListGroup>
      ))}
    </DescriptionList>
  );
}
