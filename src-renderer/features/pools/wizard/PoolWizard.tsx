import { useEffect, useRef, useState, type RefObject } from 'react';
import { Alert, Modal, ModalVariant, Wizard, WizardHeader, WizardStep, useWizardContext } from '@patternfly/react-core';
import type { ApiError, Pool } from '../../../../src-main/contract/index.ts';
import { getClient } from '../../../client/api.ts';
import { useApi, toApiError } from '../../../state/use-api.ts';
import { notifySuccess } from '../../../state/toast-store.ts';
import { navigate } from '../../../router/hash-router.ts';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert.tsx';
import { fieldMessage } from '../../../components/schema-check.ts';
import { DEFAULT_FORM, FIELD_STEP, defaultNetwork, formFromPool, isField, toSpec, type FieldName, type StepId } from './pool-form.ts';
import { usePoolForm } from './use-pool-form.ts';
import { ImageStep, MachinesStep, TypeStep } from './steps-a.tsx';
import { PlacementStep, ReviewStep, SessionsStep } from './steps-b.tsx';
import { EntitlementsStep } from './steps-c.tsx';

type WizardControls = ReturnType<typeof useWizardContext>;

/**
 * Inside the wizard: hands its controls to the parent, and moves to a step when asked (an API
 * error on one of its fields). Each request is applied once: PatternFly gives goToStepById a
 * new identity on every render, and following it in an effect kept pulling the admin back to
 * the refused step, so Next seemed to do nothing after any refusal.
 */
function WizardBridge({ target, controls }: { target: { step: StepId; n: number } | null; controls: RefObject<WizardControls | null> }) {
  const ctx = useWizardContext();
  controls.current = ctx;
  const applied = useRef(0);
  useEffect(() => {
    if (!target || target.n === applied.current) return;
    applied.current = target.n;
    ctx.goToStepById(target.step);
  }, [target, ctx]);
  return null;
}

const LABELS: Partial<Record<FieldName, string>> = {
  name: 'Pool ID',
  displayName: 'Display name',
  imageId: 'Golden image',
  imageVersionId: 'Snapshot',
  vcpu: 'vCPU',
  ramGb: 'RAM',
  diskGb: 'Disk',
  namingPattern: 'Naming pattern',
  minMachines: 'Minimum machines',
  maxMachines: 'Maximum machines',
  spareMachines: 'Spare machines',
  logoffAfterMinutes: 'Log off after (minutes)',
  maxSessionsPerHost: 'Max sessions per host',
  clusterId: 'Cluster',
  datastoreIds: 'Datastores',
  networkId: 'Network',
  entitlements: 'Entitlements',
};

/**
 * The Create desktop pool wizard (Horizon's Add pool): seven steps, then pool-create and on to
 * the new pool. Every field is checked against the contract's schema as it changes; Next on a
 * step with a wrong field shows what to fix instead of moving on. `from` pre-fills a clone.
 */
export function PoolWizard({ onClose, from }: { onClose(): void; from?: Pool }) {
  const images = useApi('image-list', {}, { refreshOn: ['image'] });
  const clusters = useApi('cluster-list', {}, { refreshOn: ['cluster'] });
  const datastores = useApi('datastore-list', {}, { refreshOn: ['datastore'], minIntervalMs: 5000 });
  const networks = useApi('network-list', {}, { refreshOn: ['network'] });
  const sourceEntitlements = useApi('entitlement-list', { poolId: from?.id ?? '' }, { enabled: Boolean(from) });
  const { form, setForm, set, errors, invalid, touch, setErrors } = usePoolForm(DEFAULT_FORM);
  const [general, setGeneral] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [jump, setJump] = useState<{ step: StepId; n: number } | null>(null);
  const [blocked, setBlocked] = useState<StepId | null>(null);
  const [seeded, setSeeded] = useState(false);
  const controls = useRef<WizardControls | null>(null);

  // Pre-fill once the lists are in: a clone takes its source's settings; a new pool the latest version of the
  // first image, the first cluster, its first datastore and its first desktop network (never the management VLAN).
  useEffect(() => {
    if (seeded || !images.data || !clusters.data || !datastores.data || !networks.data) return;
    if (from) {
      if (!sourceEntitlements.data) return;
      setForm(
        formFromPool(
          from,
          sourceEntitlements.data.map((e) => ({ principalType: e.principalType, principalId: e.principalId, name: e.principalName })),
        ),
      );
      setSeeded(true);
      return;
    }
    const img = images.data[0];
    const latest = img ? [...img.versions].sort((a, b) => b.version - a.version)[0] : undefined;
    const cl = clusters.data[0];
    const ds = datastores.data.find((d) => d.clusterId === cl?.id);
    const net = cl ? defaultNetwork(networks.data, cl.id) : undefined;
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
  }, [seeded, from, images.data, clusters.data, datastores.data, networks.data, sourceEntitlements.data, setForm]);

  const stepFields = (step: StepId) => (Object.keys(FIELD_STEP) as FieldName[]).filter((k) => FIELD_STEP[k] === step);
  const stepProblems = (step: StepId) => stepFields(step).filter((k) => invalid[k] || errors[k]);

  /** Next: on with a clean step; otherwise show every message of the step (required ones too) and stay. */
  const next = (step: StepId) => {
    if (stepProblems(step).length) {
      touch(stepFields(step));
      setBlocked(step);
      return;
    }
    setBlocked(null);
    controls.current?.goToNextStep();
  };

  const save = async () => {
    const bad = (Object.keys(FIELD_STEP) as FieldName[]).filter((k) => invalid[k]);
    if (bad.length) {
      const first = bad[0] as FieldName;
      touch(bad);
      setBlocked(FIELD_STEP[first]);
      setJump((j) => ({ step: FIELD_STEP[first], n: (j?.n ?? 0) + 1 }));
      return;
    }
    setBusy(true);
    setGeneral(null);
    try {
      const pool = await getClient().call('pool-create', toSpec(form));
      notifySuccess(`Created desktop pool ${pool.name}`);
      onClose();
      navigate(`/pools/${pool.id}`);
    } catch (e) {
      const err = toApiError(e);
      const field = err.path?.[0];
      if (isField(field)) {
        setErrors({ [field]: fieldMessage(err) });
        setBlocked(FIELD_STEP[field]);
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
  const hasError = (step: StepId) => stepFields(step).some((k) => errors[k]);
  const title = (label: string, step: StepId) => (hasError(step) ? `${label} ⚠` : label);
  const footer = (step: StepId) => ({ onNext: () => next(step) });
  const problems = (step: StepId) =>
    blocked === step && stepProblems(step).length ? (
      <Alert
        variant="danger"
        isInline
        isPlain
        title={`Fix ${stepProblems(step)
          .map((k) => LABELS[k] ?? k)
          .join(', ')} to continue`}
        data-testid="wizard-step-problems"
        className="vdi-alert"
      />
    ) : null;

  return (
    <Modal isOpen variant={ModalVariant.large} onEscapePress={onClose} aria-label="Create desktop pool" data-testid="pool-wizard">
      <Wizard
        height={680}
        onClose={onClose}
        onSave={() => void save()}
        header={
          <>
            <WizardHeader
              title={from ? `Clone desktop pool ${from.name}` : 'Create desktop pool'}
              description="Horizon: Add pool · Citrix: machine catalog + delivery group · AVD: host pool"
              onClose={onClose}
              closeButtonAriaLabel="Close the wizard"
            />
            <WizardBridge target={jump} controls={controls} />
          </>
        }
      >
        <WizardStep name={title('Type', 'type')} id="type" footer={footer('type')}>
          {problems('type')}
          <TypeStep {...stepProps} />
        </WizardStep>
        <WizardStep name={title('Image', 'image')} id="image" isHidden={manual} footer={footer('image')}>
          {problems('image')}
          <ImageStep {...stepProps} images={lists.images} />
        </WizardStep>
        <WizardStep name={title('Machines', 'machines')} id="machines" footer={footer('machines')}>
          {problems('machines')}
          <MachinesStep {...stepProps} />
        </WizardStep>
        <WizardStep name={title('Sessions & power', 'sessions')} id="sessions" footer={footer('sessions')}>
          {problems('sessions')}
          <SessionsStep {...stepProps} />
        </WizardStep>
        <WizardStep name={title('Placement', 'placement')} id="placement" footer={footer('placement')}>
          {problems('placement')}
          <PlacementStep {...stepProps} {...lists} />
        </WizardStep>
        <WizardStep name={title('Entitlements', 'entitlements')} id="entitlements" footer={footer('entitlements')}>
          {problems('entitlements')}
          <EntitlementsStep {...stepProps} />
        </WizardStep>
        <WizardStep name="Review & finish" id="review" footer={{ nextButtonText: 'Create pool', isNextDisabled: busy, nextButtonProps: { isLoading: busy } }}>
          {general ? <ApiErrorAlert error={general} title="The pool was not created" onClose={() => setGeneral(null)} testId="wizard-error" /> : null}
          <ReviewStep form={form} {...lists} />
        </WizardStep>
      </Wizard>
    </Modal>
  );
}
