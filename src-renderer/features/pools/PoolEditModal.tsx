import { useState } from 'react';
import { Button, Checkbox, Form, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant, TextInput, Title } from '@patternfly/react-core';
import type { ApiError, Input, Pool } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { toApiError, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Field } from '../../components/form-fields.tsx';
import { usePoolForm } from './wizard/use-pool-form.ts';
import { isField, type PoolForm } from './wizard/pool-form.ts';
import { MachinesStep } from './wizard/steps-a.tsx';
import { SessionsStep } from './wizard/steps-b.tsx';

/** The settings pool-update may change (kind, assignment, session type, cluster, ID and image are fixed). */
const EDITABLE = [
  'displayName',
  'automaticAssignment',
  'maxSessionsPerHost',
  'loadBalancing',
  'vcpu',
  'ramGb',
  'diskGb',
  'namingPattern',
  'minMachines',
  'maxMachines',
  'spareMachines',
  'provisioning',
  'powerPolicy',
  'logoffAfterDisconnect',
  'logoffAfterMinutes',
  'onLogoff',
  'allowUserReset',
  'defaultProtocol',
  'workload',
  'datastoreIds',
] as const satisfies readonly (keyof PoolForm & keyof Pool)[];

function fromPool(p: Pool): PoolForm {
  return { ...p, imageId: p.imageId ?? '', imageVersionId: p.imageVersionId ?? '', datastoreIds: [...p.datastoreIds], entitlements: [] };
}

/** Only what changed: pool-update leaves everything it is not given as it is. */
function changes(before: PoolForm, after: PoolForm): Partial<Input<'pool-update'>> {
  const out: Record<string, unknown> = {};
  for (const k of EDITABLE) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = after[k];
  }
  return out as Partial<Input<'pool-update'>>;
}

/** Horizon's Edit pool settings, reusing the wizard's Machines and Sessions & power forms. */
export function PoolEditModal({ pool, onClose }: { pool: Pool; onClose(): void }) {
  const [initial] = useState(() => fromPool(pool));
  const { form, set, errors, setErrors } = usePoolForm(initial);
  const [general, setGeneral] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const datastores = useApi('datastore-list', { clusterId: pool.clusterId }, { refreshOn: ['datastore'], minIntervalMs: 5000 });
  const diff = changes(initial, form);
  const dirty = Object.keys(diff).length > 0;

  const save = async () => {
    setBusy(true);
    setGeneral(null);
    try {
      const res = await getClient().call('pool-update', { id: pool.id, ...diff });
      notifySuccess(`Saved ${Object.keys(diff).length} setting(s) of ${res.name}`);
      onClose();
    } catch (e) {
      const err = toApiError(e);
      const field = err.path?.[0];
      if (isField(field)) setErrors({ [field]: err.message });
      else setGeneral(err);
    } finally {
      setBusy(false);
    }
  };

  const stepProps = { form, set, errors };
  return (
    <Modal isOpen variant={ModalVariant.medium} onClose={onClose} aria-labelledby="pool-edit-title" data-testid="pool-edit-modal">
      <ModalHeader
        title={`Edit settings of ${pool.name}`}
        labelId="pool-edit-title"
        description="Only the settings you change are sent. Kind, assignment, session type and cluster are fixed; the image changes by push image."
      />
      <ModalBody>
        {general ? <ApiErrorAlert error={general} title="The settings were not saved" onClose={() => setGeneral(null)} testId="pool-edit-error" /> : null}
        <Form isWidthLimited>
          <Field id="displayName" label="Display name" error={errors.displayName}>
            <TextInput id="wizard-displayName" data-testid="wizard-displayName" value={form.displayName} onChange={(_e, v) => set({ displayName: v })} />
          </Field>
          {pool.assignment === 'dedicated' ? (
            <Checkbox
              id="wizard-automaticAssignment"
              label="Automatic assignment"
              isChecked={form.automaticAssignment}
              onChange={(_e, v) => set({ automaticAssignment: v })}
            />
          ) : null}
        </Form>
        <Title headingLevel="h3" size="md" className="vdi-edit-heading">
          Machines
        </Title>
        <MachinesStep {...stepProps} />
        <Title headingLevel="h3" size="md" className="vdi-edit-heading">
          Sessions & power
        </Title>
        <SessionsStep {...stepProps} />
        <Title headingLevel="h3" size="md" className="vdi-edit-heading">
          Datastores
        </Title>
        <Form isWidthLimited>
          <Field id="datastoreIds" label="Datastores for new machines" error={errors.datastoreIds}>
            {(datastores.data ?? []).map((d) => (
              <Checkbox
                key={d.id}
                id={`wizard-ds-${d.id}`}
                data-testid={`wizard-ds-${d.id}`}
                label={d.name}
                isChecked={form.datastoreIds.includes(d.id)}
                onChange={(_e, on) => set({ datastoreIds: on ? [...form.datastoreIds, d.id] : form.datastoreIds.filter((x) => x !== d.id) })}
              />
            ))}
          </Field>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" onClick={() => void save()} isLoading={busy} isDisabled={busy || !dirty} data-testid="pool-edit-save">
          Save{dirty ? ` (${Object.keys(diff).length})` : ''}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
