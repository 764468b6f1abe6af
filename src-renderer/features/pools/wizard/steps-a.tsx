import { Checkbox, Content, Form, Radio, TextInput } from '@patternfly/react-core';
import type { GoldenImage } from '../../../../src-main/contract/index.ts';
import { Choice, Field, NumField, type FieldErrors } from '../../../components/form-fields.tsx';
import { numProps, poolLimits } from './use-pool-form.ts';
import { namingPreview, type PoolForm } from './pool-form.ts';
import { KIND_NAMES } from '../pool-text.ts';

export interface StepProps {
  form: PoolForm;
  set(patch: Partial<PoolForm>): void;
  errors: FieldErrors;
}

const KIND_HINTS: Record<PoolForm['kind'], string> = {
  'instant-clone': 'Forked from a running parent VM in seconds; fresh at every logoff. Citrix: MCS non-persistent · AVD: pooled host pool',
  'linked-clone': 'Shares a replica disk with a delta disk per machine (Composer). Citrix: MCS with a differencing disk',
  'full-clone': 'A complete independent copy of the image VM, minutes each. Citrix: MCS full clone · AVD: personal host pool',
  manual: 'Existing machines, no golden image. Citrix: "other service or technology" catalog',
};

/** Step 1: identity, clone type, user assignment and session type. */
export function TypeStep({ form, set, errors }: StepProps) {
  const multi = form.sessionType === 'multi-session';
  return (
    <Form data-testid="wizard-step-type" isWidthLimited>
      <Field id="name" limits={poolLimits('name')} label="Pool ID" isRequired hint="Letters, digits, - and _ (cannot change later)" error={errors.name}>
        <TextInput
          id="wizard-name"
          data-testid="wizard-name"
          value={form.name}
          validated={errors.name ? 'error' : 'default'}
          onChange={(_e, v) =>
            set({ name: v, ...(form.namingPattern === '' || form.namingPattern === suggestPattern(form.name) ? { namingPattern: suggestPattern(v) } : {}) })
          }
        />
      </Field>
      <Field
        id="displayName"
        limits={poolLimits('displayName')}
        label="Display name"
        hint="What users see in the client (Citrix: delivery group display name)"
        error={errors.displayName}
      >
        <TextInput
          id="wizard-displayName"
          data-testid="wizard-displayName"
          value={form.displayName}
          validated={errors.displayName ? 'error' : 'default'}
          placeholder={form.name}
          onChange={(_e, v) => set({ displayName: v })}
        />
      </Field>
      <Field
        id="sessionType"
        label="Session type"
        hint="Citrix: single- vs multi-session OS · AVD: personal/pooled vs multi-session host pool"
        error={errors.sessionType}
      >
        <Radio
          id="wizard-session-single"
          name="sessionType"
          data-testid="wizard-session-single"
          label="Single-session (VDI desktops)"
          isChecked={!multi}
          onChange={() => set({ sessionType: 'single-session', maxSessionsPerHost: 1 })}
        />
        <Radio
          id="wizard-session-multi"
          name="sessionType"
          data-testid="wizard-session-multi"
          label="Multi-session (RDS hosts / farm)"
          description="Floating only; instant-clone or manual farms"
          isChecked={multi}
          onChange={() =>
            set({
              sessionType: 'multi-session',
              assignment: 'floating',
              maxSessionsPerHost: 20,
              kind: form.kind === 'instant-clone' || form.kind === 'manual' ? form.kind : 'instant-clone',
            })
          }
        />
      </Field>
      <Field id="kind" label="Machine source" error={errors.kind}>
        {(Object.keys(KIND_HINTS) as PoolForm['kind'][]).map((k) => (
          <Radio
            key={k}
            id={`wizard-kind-${k}`}
            name="kind"
            data-testid={`wizard-kind-${k}`}
            label={KIND_NAMES[k]}
            description={KIND_HINTS[k]}
            isChecked={form.kind === k}
            isDisabled={multi && (k === 'linked-clone' || k === 'full-clone')}
            // Instant clones are always powered on; another kind starts from Horizon's default, take no power action.
            onChange={() => set({ kind: k, powerPolicy: k === 'instant-clone' ? 'always-on' : 'take-no-action' })}
          />
        ))}
      </Field>
      <Field id="assignment" label="User assignment" hint="Citrix: random vs static · AVD: pooled vs personal" error={errors.assignment}>
        <Choice
          id="assignment"
          value={form.assignment}
          isDisabled={multi}
          options={[
            { value: 'floating', label: 'Floating (any free machine)' },
            { value: 'dedicated', label: 'Dedicated (a machine per user)' },
          ]}
          onChange={(v) => set({ assignment: v })}
        />
        {form.assignment === 'dedicated' ? (
          <Checkbox
            id="wizard-automaticAssignment"
            data-testid="wizard-automaticAssignment"
            label="Enable automatic assignment (assign on first logon)"
            isChecked={form.automaticAssignment}
            onChange={(_e, v) => set({ automaticAssignment: v })}
          />
        ) : null}
      </Field>
    </Form>
  );
}

export function suggestPattern(name: string): string {
  const p = name
    .replace(/[^A-Za-z0-9-]/g, '')
    .toUpperCase()
    .slice(0, 8);
  return p ? `${p}-{n:3}` : '';
}

/** Step 2: golden image and its snapshot (version). */
export function ImageStep({ form, set, errors, images }: StepProps & { images: GoldenImage[] }) {
  const img = images.find((i) => i.id === form.imageId);
  const versions = [...(img?.versions ?? [])].sort((a, b) => b.version - a.version);
  return (
    <Form data-testid="wizard-step-image" isWidthLimited>
      <Field id="imageId" label="Golden image" hint="Citrix: master image · AVD: image definition" error={errors.imageId} isRequired>
        <Choice
          id="imageId"
          value={form.imageId}
          error={Boolean(errors.imageId)}
          options={[{ value: '', label: 'Choose an image' }, ...images.map((i) => ({ value: i.id, label: `${i.name} (${i.os})` }))]}
          onChange={(v) => {
            const next = images.find((i) => i.id === v);
            const latest = next ? [...next.versions].sort((a, b) => b.version - a.version)[0] : undefined;
            set({
              imageId: v,
              imageVersionId: latest?.id ?? '',
              ...(next ? { vcpu: next.vcpu, ramGb: next.ramGb, diskGb: next.diskGb, workload: next.workload } : {}),
            });
          }}
        />
      </Field>
      <Field id="imageVersionId" label="Snapshot (version)" hint="Citrix: MCS snapshot · AVD: image version" error={errors.imageVersionId} isRequired>
        <Choice
          id="imageVersionId"
          value={form.imageVersionId}
          error={Boolean(errors.imageVersionId)}
          options={[
            { value: '', label: 'Choose a version' },
            ...versions.map((v, i) => ({ value: v.id, label: `v${v.version} · ${v.snapshot}${i === 0 ? ' (latest)' : ''}${v.notes ? ` — ${v.notes}` : ''}` })),
          ]}
          onChange={(v) => set({ imageVersionId: v })}
        />
      </Field>
    </Form>
  );
}

/** Step 3: VM size, naming with a live preview, pool size and provisioning timing. */
export function MachinesStep({ form, set, errors }: StepProps) {
  const preview = namingPreview(form.namingPattern);
  return (
    <Form data-testid="wizard-step-machines" isWidthLimited>
      <div className="vdi-wizard-row">
        <Field id="vcpu" limits={poolLimits('vcpu')} label="vCPU" error={errors.vcpu}>
          <NumField id="vcpu" {...numProps('vcpu')} value={form.vcpu} onChange={(v) => set({ vcpu: v })} error={Boolean(errors.vcpu)} />
        </Field>
        <Field id="ramGb" limits={poolLimits('ramGb')} label="RAM" error={errors.ramGb}>
          <NumField id="ramGb" {...numProps('ramGb')} value={form.ramGb} unit="GB" onChange={(v) => set({ ramGb: v })} error={Boolean(errors.ramGb)} />
        </Field>
        <Field id="diskGb" limits={poolLimits('diskGb')} label="Disk" error={errors.diskGb}>
          <NumField id="diskGb" {...numProps('diskGb')} value={form.diskGb} unit="GB" onChange={(v) => set({ diskGb: v })} error={Boolean(errors.diskGb)} />
        </Field>
      </div>
      <Field
        id="namingPattern"
        limits={poolLimits('namingPattern')}
        label="Naming pattern"
        isRequired
        error={errors.namingPattern ?? preview.error ?? undefined}
        hint={undefined}
      >
        <TextInput
          id="wizard-namingPattern"
          data-testid="wizard-namingPattern"
          value={form.namingPattern}
          placeholder="LAB-{n:3}"
          validated={errors.namingPattern || preview.error ? 'error' : 'default'}
          onChange={(_e, v) => set({ namingPattern: v })}
        />
        <Content component="p" className="vdi-muted vdi-small" data-testid="wizard-naming-preview">
          {preview.names.length ? (
            <>
              First names: <code>{preview.names.join(', ')}</code>… · up to {preview.capacity.toLocaleString('en-US')} machines
            </>
          ) : (
            'No names yet'
          )}
        </Content>
      </Field>
      <div className="vdi-wizard-row">
        <Field id="minMachines" limits={poolLimits('minMachines')} label="Minimum machines" error={errors.minMachines}>
          <NumField
            id="minMachines"
            {...numProps('minMachines')}
            value={form.minMachines}
            onChange={(v) => set({ minMachines: v })}
            error={Boolean(errors.minMachines)}
          />
        </Field>
        <Field id="maxMachines" limits={poolLimits('maxMachines')} label="Maximum machines" error={errors.maxMachines}>
          <NumField
            id="maxMachines"
            {...numProps('maxMachines')}
            value={form.maxMachines}
            onChange={(v) => set({ maxMachines: v })}
            error={Boolean(errors.maxMachines)}
          />
        </Field>
        <Field id="spareMachines" limits={poolLimits('spareMachines')} label="Spare (powered-on)" error={errors.spareMachines}>
          <NumField
            id="spareMachines"
            {...numProps('spareMachines')}
            value={form.spareMachines}
            onChange={(v) => set({ spareMachines: v })}
            error={Boolean(errors.spareMachines)}
          />
        </Field>
      </div>
      {preview.capacity > 0 && form.maxMachines > preview.capacity ? (
        <Content component="p" className="vdi-tone-warning vdi-small" data-testid="wizard-naming-capacity-warning">
          The pattern can name only {preview.capacity} machines, fewer than the maximum {form.maxMachines}.
        </Content>
      ) : null}
      <Field
        id="provisioning"
        label="Provision machines"
        hint="Horizon: provision all machines up front, or on demand keeping the spare count ready"
        error={errors.provisioning}
      >
        <Radio
          id="wizard-provisioning-up-front"
          name="provisioning"
          data-testid="wizard-provisioning-up-front"
          label="All machines up front"
          isChecked={form.provisioning === 'up-front'}
          onChange={() => set({ provisioning: 'up-front' })}
        />
        <Radio
          id="wizard-provisioning-on-demand"
          name="provisioning"
          data-testid="wizard-provisioning-on-demand"
          label="On demand (min + spare)"
          isChecked={form.provisioning === 'on-demand'}
          onChange={() => set({ provisioning: 'on-demand' })}
        />
      </Field>
    </Form>
  );
}
