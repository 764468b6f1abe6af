import { useEffect, useState } from 'react';
import { Modal, ModalVariant, Wizard, WizardHeader, WizardStep, useWizardContext } from '@patternfly/react-core';
import type { ApiError } from '../../../../src-main/contract/index.ts';
import { getClient } from '../../../client/api.ts';
import { useApi, toApiError } from '../../../state/use-api.ts';
import { invalidate } from '../../../state/refresh-store.ts';
import { notifySuccess } from '../../../state/toast-store.ts';
import { navigate } from '../../../router/hash-router.ts';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert.tsx';
import { DEFAULT_FORM, FIELD_STEP, isField, toSpec, type PoolForm, type StepId } from './pool-form.ts';
import { usePoolForm } from './use-pool-form.ts';
import { ImageStep, MachinesStep, TypeStep } from './steps-a.tsx';
import { PlacementStep, ReviewStep, SessionsStep } from './steps-b.tsx';

/** Inside the wizard: moves to a step when asked (an API error on one of its fields). */
function StepJumper({ target }: { target: { step: StepId; n: number } | null }) {
  const { goToStepById } = useWizardContext();
  useEffect(() => {
    if (target) goToStepById(target.step);
  }, [target, goToStepById]);
  return null;
}

/** The Create desktop pool wizard (Horizon's Add pool): six steps, then pool-create and on to the new pool. */
export function PoolWizard({ onClose }: { onClose(): void }) {
  const images = useApi('image-list', {}, { refreshOn: ['image'] });
  const clusters = useApi('cluster-list', {}, { refreshOn: ['cluster'] });
  const datastores = useApi('datastore-list', {}, { refreshOn: ['datastore'], minIntervalMs: 5000 });
  const networks = useApi('network-list', {}, { refreshOn: ['network'] });
  const { form, setForm, set, errors, setErrors } = usePoolForm(DEFAULT_FORM);
  const [general, setGeneral] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [jump, setJump] = useState<{ step: StepId; n: number } | null>(null);
  const [seeded, setSeeded] = useState(false);

  // Pre-fill image and placement once the lists are in: the latest version of the first image, the first cluster and its first datastore / network.
  useEffect(() => {
    if (seeded || !images.data || !clusters.data || !datastores.data || !networks.data) return;
    const img = images.data[0];
    const latest = img ? [...img.versions].sort((a, b) => b.version - a.version)[0] : undefined;
    const cl = clusters.data[0];
    const ds = datastores.data.find((d) => d.clusterId === cl?.id);
    const net = networks.data.find((n) => n.clusterId === cl?.id);
    setForm((f) => ({
      ...f,
      imageId: img?.id ?? '',
      imageVersionId: latest?.id ?? '',
      ...(img ? { vcpu: img.vcpu, ramGb: img.ramGb, diskGb: img.diskGb, workload: img.workload } : {}),
      clusterId: cl?.id ?? '',
      datastoreIds: ds ? [ds.id] : [],
      networkId: net?.id ?? '',
    }));
    setSeeded(true);
  }, [seeded, images.data, clusters.data, datastores.data, networks.data]);

  const save = async () => {
    setBusy(true);
    setGeneral(null);
    try {
      const pool = await getClient().call('pool-create', toSpec(form));
      notifySuccess(`Created desktop pool ${pool.name}`);
      invalidate(['pool', 'desktop', 'events']);
      onClose();
      navigate(`/pools/${pool.id}`);
    } catch (e) {
      const err = toApiError(e);
      const field = err.path?.[0];
      if (isField(field)) {
        setErrors({ [field]: err.message });
        setJump((j) => ({ step: FIELD_STEP[field], n: (j?.n ?? 0) + 1 }));
      } else {
        setGeneral(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const manual = form.kind === 'manual';
  const stepProps = { form, set, errors };
  const lists = { images: images.data ?? [], clusters: clusters.data ?? [], datastores: datastores.data ?? [], networks: networks.data ?? [] };
  const hasError = (step: StepId) => Object.keys(errors).some((k) => isField(k) && FIELD_STEP[k] === step);
  const title = (label: string, step: StepId) => (hasError(step) ? `${label} ⚠` : label);

  return (
    <Modal isOpen variant={ModalVariant.large} onEscapePress={onClose} aria-label="Create desktop pool" data-testid="pool-wizard">
      <Wizard
        height={640}
        onClose={onClose}
        onSave={() => void save()}
        header={
          <>
            <WizardHeader
              title="Create desktop pool"
              description="Horizon: Add pool · Citrix: machine catalog + delivery group · AVD: host pool"
              onClose={onClose}
              closeButtonAriaLabel="Close the wizard"
            />
            <StepJumper target={jump} />
          </>
        }
      >
        <WizardStep name={title('Type', 'type')} id="type" footer={{ isNextDisabled: !form.name }}>
          <TypeStep {...stepProps} />
        </WizardStep>
        <WizardStep name={title('Image', 'image')} id="image" isHidden={manual} footer={{ isNextDisabled: !form.imageId || !form.imageVersionId }}>
          <ImageStep {...stepProps} images={lists.images} />
        </WizardStep>
        <WizardStep name={title('Machines', 'machines')} id="machines" footer={{ isNextDisabled: !form.namingPattern }}>
          <MachinesStep {...stepProps} />
        </WizardStep>
        <WizardStep name={title('Sessions & power', 'sessions')} id="sessions">
          <SessionsStep {...stepProps} />
        </WizardStep>
        <WizardStep
          name={title('Placement', 'placement')}
          id="placement"
          footer={{ isNextDisabled: !form.clusterId || form.datastoreIds.length === 0 || !form.networkId }}
        >
          <PlacementStep {...stepProps} {...lists} />
        </WizardStep>
        <WizardStep name="Review & finish" id="review" footer={{ nextButtonText: 'Create pool', isNextDisabled: busy, nextButtonProps: { isLoading: busy } }}>
          {general ? <ApiErrorAlert error={general} title="The pool was not created" onClose={() => setGeneral(null)} testId="wizard-error" /> : null}
          <ReviewStep form={form} {...lists} />
        </WizardStep>
      </Wizard>
    </Modal>
  );
}
