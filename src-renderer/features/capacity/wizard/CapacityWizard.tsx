import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, AlertActionCloseButton, Button, Modal, ModalVariant, Wizard, WizardHeader, WizardStep, useWizardContext } from '@patternfly/react-core';
import DownloadIcon from '@patternfly/react-icons/dist/esm/icons/download-icon';
import UploadIcon from '@patternfly/react-icons/dist/esm/icons/upload-icon';
import type { ApiError } from '../../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert.tsx';
import { navigate, withQuery } from '../../../router/hash-router.ts';
import { toApiError } from '../../../state/use-api.ts';
import { notifySuccess } from '../../../state/toast-store.ts';
import { capCall } from '../capacity-api.ts';
import type { CapacityDefinitionCheck } from '../model/contract-types.ts';
import { useCapacity } from '../capacity-store.ts';
import { downloadText, pickTextFile } from '../download.ts';
import type { CapacityDefinition } from '../model/definition.ts';
import { fieldOfPath, looseErrors, stepOfField, STEP_IDS, type StepId } from '../model/form-paths.ts';
import { definitionFileName, parseDefinitionJson } from '../model/parse-definition.ts';
import { combinations, MAX_SWEEP_RUNS, parseAxis, sweepInput } from '../model/sweep.ts';
import { validateDefinition } from '../../../../src-main/shared/capacity/definition-check.ts';
import { HintsPanel } from './HintsPanel.tsx';
import { SessionHostStep, StorageStep } from './steps-hardware.tsx';
import { HostsStep } from './steps-hosts.tsx';
import { ReviewStep, SweepStep, type SweepState } from './steps-review.tsx';
import { LaunchStep, WorkloadStep } from './steps-workload.tsx';
import { useDefinitionForm } from './use-definition-form.ts';

/** Inside the wizard: moves to a step when asked (an error on one of its fields). */
function StepJumper({ target }: { target: { step: StepId; n: number } | null }) {
  const { goToStepById } = useWizardContext();
  // Each request jumps once: goToStepById changes identity as the wizard moves, and must not pull the user back.
  const done = useRef(0);
  useEffect(() => {
    if (!target || target.n === done.current) return;
    done.current = target.n;
    goToStepById(target.step);
    // Show the message, not just the red box: bring the first field error of the step into view.
    const frame = requestAnimationFrame(() => {
      const el = document.querySelector(`[data-testid="cap-step-${target.step}"] [data-testid^="cap-error-"]`);
      el?.scrollIntoView({ block: 'center' });
    });
    return () => cancelAnimationFrame(frame);
  }, [target, goToStepById]);
  return null;
}

type FileNote = { variant: 'success' | 'warning' | 'danger'; text: string } | null;

function WithHints({
  def,
  note,
  onNoteClose,
  loose,
  children,
}: {
  def: CapacityDefinition;
  note: FileNote;
  onNoteClose(): void;
  loose: string[];
  children: ReactNode;
}) {
  return (
    <>
      {loose.length > 0 ? (
        <Alert isInline variant="danger" title="Fix in the JSON file or here" data-testid="cap-step-errors" className="vdi-cap-file-note">
          <ul>
            {loose.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {note ? (
        <Alert
          isInline
          variant={note.variant}
          title={note.text}
          data-testid="cap-file-note"
          className="vdi-cap-file-note"
          actionClose={<AlertActionCloseButton onClose={onNoteClose} />}
        />
      ) : null}
      <div className="vdi-cap-step">
        <div className="vdi-cap-step__form">{children}</div>
        <HintsPanel def={def} />
      </div>
    </>
  );
}

/**
 * New capacity test: hosts, storage and network, session host, workload and
 * protocol, launch and threshold, an optional sweep, then review and run. The
 * definition can be loaded from and saved to a JSON file at any step, saved in
 * the lab, and run; an error on a field (ours or the host's) opens its step.
 */
export function CapacityWizard({ initial, savedId, onClose }: { initial: CapacityDefinition; savedId?: string | undefined; onClose(): void }) {
  const { def, setDef, set, update, errors, setErrors } = useDefinitionForm(initial);
  const [sweep, setSweep] = useState<SweepState>({ enabled: false, axes: [] });
  const [jump, setJump] = useState<{ step: StepId; n: number } | null>(null);
  const [general, setGeneral] = useState<ApiError | null>(null);
  const [fileNote, setFileNote] = useState<FileNote>(null);
  const [busy, setBusy] = useState<'run' | 'save' | null>(null);
  const [defId, setDefId] = useState<string | undefined>(savedId);

  const [current, setCurrent] = useState<string>('hosts');
  const [check, setCheck] = useState<CapacityDefinitionCheck | null>(null);
  const [checkError, setCheckError] = useState<{ field: string; step: StepId; message: string } | null>(null);

  // On the review step the host checks the definition as it stands (nothing saved, nothing run): its
  // figures show beside ours, and a problem is marked on its field with a way back to it.
  useEffect(() => {
    if (current !== 'review') return;
    let live = true;
    const t = setTimeout(() => {
      capCall('capacity-definition-check', { definition: def }).then(
        (c) => {
          if (!live) return;
          setCheck(c);
          setCheckError(null);
        },
        (e: unknown) => {
          if (!live) return;
          const err = toApiError(e);
          const hit = fieldOfPath(err.path);
          setCheck(null);
          if (hit) {
            setCheckError({ ...hit, message: err.message });
            // A message already on the field (ours, from Run) stays: it is the one the planner just saw.
            setErrors((x) => (x[hit.field] ? x : { ...x, [hit.field]: err.message }));
          } else setGeneral(err);
        },
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [current, def, setErrors]);

  const goTo = (step: StepId) => setJump((j) => ({ step, n: (j?.n ?? 0) + 1 }));
  const showErrors = (e: Partial<Record<string, string>>) => {
    setErrors(e);
    const first = STEP_IDS.find((s) => Object.keys(e).some((f) => stepOfField(f) === s));
    if (first) goTo(first);
  };
  /** A refused call: on its field when it names one, else in the alert on the review step. */
  const refused = (e: unknown) => {
    const err = toApiError(e);
    const hit = fieldOfPath(err.path);
    if (hit) showErrors({ [hit.field]: err.message });
    else setGeneral(err);
  };

  const parsedAxes = sweep.axes.map(parseAxis);
  const sweepRuns = sweep.enabled && !parsedAxes.some((a) => a.error) ? combinations(parsedAxes).length : 0;
  const sweepError = sweep.enabled
    ? (parsedAxes.find((a) => a.error)?.error ??
      (sweepRuns > MAX_SWEEP_RUNS ? `${sweepRuns} runs: at most ${MAX_SWEEP_RUNS} in one sweep` : sweepRuns === 0 ? 'Add a key with values' : undefined))
    : undefined;

  const run = async () => {
    const local = validateDefinition(def).errors;
    if (Object.keys(local).length > 0) return showErrors(local);
    if (sweepError) {
      setErrors({ sweep: sweepError });
      return goTo('sweep');
    }
    setBusy('run');
    setGeneral(null);
    try {
      if (sweep.enabled) {
        const started = await capCall('capacity-sweep-start', { definition: def, sweep: sweepInput(parsedAxes) });
        useCapacity.getState().upsertRuns(started.runs);
        notifySuccess(`Started a sweep of ${started.runs.length} runs`);
        onClose();
        navigate(withQuery('/capacity/compare', { runs: started.runs.map((r) => r.id).join(',') }));
      } else {
        const runSummary = await capCall('capacity-run-start', { definition: def });
        useCapacity.getState().upsertRuns([runSummary]);
        onClose();
        navigate(`/capacity/runs/${runSummary.id}`);
      }
    } catch (e) {
      refused(e);
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    const local = validateDefinition(def).errors;
    if (Object.keys(local).length > 0) return showErrors(local);
    setBusy('save');
    setGeneral(null);
    try {
      const rec = await capCall('capacity-definition-save', { ...(defId ? { id: defId } : {}), definition: def });
      setDefId(rec.id);
      void useCapacity.getState().loadDefinitions();
      notifySuccess(`Saved test definition ${rec.name}`);
    } catch (e) {
      refused(e);
    } finally {
      setBusy(null);
    }
  };

  const loadFile = async () => {
    const file = await pickTextFile('.json,application/json');
    if (!file) return;
    const parsed = parseDefinitionJson(file.text);
    if (!parsed.ok) {
      setFileNote({ variant: 'danger', text: `${file.name}: ${parsed.message}` });
      return;
    }
    setDef(parsed.definition);
    setDefId(undefined);
    const problems = Object.keys(parsed.errors).length;
    const dropped = parsed.dropped.length ? ` (left out what a definition does not have: ${parsed.dropped.join(', ')})` : '';
    setFileNote({
      variant: problems ? 'danger' : parsed.dropped.length ? 'warning' : 'success',
      text: problems ? `Loaded ${file.name}; fix the marked ${problems === 1 ? 'field' : 'fields'}${dropped}` : `Loaded ${file.name}${dropped}`,
    });
    showErrors(parsed.errors);
  };

  const stepProps = { def, set, update, errors };
  const stepTitle = (label: string, step: StepId) => (Object.keys(errors).some((f) => stepOfField(f) === step) ? `${label} ⚠` : label);
  const runLabel = sweep.enabled && sweepRuns > 0 ? `Run sweep (${sweepRuns} runs)` : 'Run test';

  return (
    <Modal isOpen variant={ModalVariant.large} onEscapePress={onClose} aria-label="New capacity test" data-testid="cap-wizard" className="vdi-cap-wizard-modal">
      <Wizard
        height={700}
        onClose={onClose}
        onSave={() => void run()}
        onStepChange={(_e, step) => setCurrent(String(step.id))}
        header={
          <>
            <WizardHeader
              title="New capacity test"
              description={
                <span className="vdi-cap-wizard-desc">
                  <span>Login VSI's method on a simulated cluster: launch sessions until the response time crosses the threshold.</span>
                  <span className="vdi-cap-wizard-desc__actions">
                    <Button variant="link" isInline icon={<UploadIcon />} onClick={() => void loadFile()} data-testid="cap-load-json">
                      Load JSON file…
                    </Button>
                    <Button
                      variant="link"
                      isInline
                      icon={<DownloadIcon />}
                      onClick={() => downloadText(definitionFileName(def), 'application/json', `${JSON.stringify(def, null, 2)}\n`)}
                      data-testid="cap-save-json"
                    >
                      Save as JSON
                    </Button>
                  </span>
                </span>
              }
              onClose={onClose}
              closeButtonAriaLabel="Close the wizard"
            />
            <StepJumper target={jump} />
          </>
        }
      >
        <WizardStep name={stepTitle('Hosts', 'hosts')} id="hosts">
          <WithHints def={def} note={fileNote} onNoteClose={() => setFileNote(null)} loose={looseErrors(errors, 'hosts')}>
            <HostsStep {...stepProps} />
          </WithHints>
        </WizardStep>
        <WizardStep name={stepTitle('Storage & network', 'storage')} id="storage">
          <WithHints def={def} note={fileNote} onNoteClose={() => setFileNote(null)} loose={looseErrors(errors, 'storage')}>
            <StorageStep {...stepProps} />
          </WithHints>
        </WizardStep>
        <WizardStep name={stepTitle('VM sizing', 'session-host')} id="session-host">
          <WithHints def={def} note={fileNote} onNoteClose={() => setFileNote(null)} loose={looseErrors(errors, 'session-host')}>
            <SessionHostStep {...stepProps} />
          </WithHints>
        </WizardStep>
        <WizardStep name={stepTitle('Workload & protocol', 'workload')} id="workload">
          <WithHints def={def} note={fileNote} onNoteClose={() => setFileNote(null)} loose={looseErrors(errors, 'workload')}>
            <WorkloadStep {...stepProps} />
          </WithHints>
        </WizardStep>
        <WizardStep name={stepTitle('Launch & threshold', 'launch')} id="launch">
          <WithHints def={def} note={fileNote} onNoteClose={() => setFileNote(null)} loose={looseErrors(errors, 'launch')}>
            <LaunchStep {...stepProps} />
          </WithHints>
        </WizardStep>
        <WizardStep name={stepTitle('Sweep (optional)', 'sweep')} id="sweep">
          <SweepStep
            def={def}
            sweep={sweep}
            onChange={(s) => {
              setSweep(s);
              setErrors((e) => {
                const { sweep: _drop, ...rest } = e;
                return rest;
              });
            }}
            error={errors['sweep']}
          />
        </WizardStep>
        <WizardStep
          name="Review & run"
          id="review"
          footer={{ nextButtonText: runLabel, isNextDisabled: busy !== null, nextButtonProps: { isLoading: busy === 'run' } }}
        >
          {general ? <ApiErrorAlert error={general} title="The test was not started" onClose={() => setGeneral(null)} testId="cap-wizard-error" /> : null}
          <div className="vdi-cap-review-actions">
            <Button variant="secondary" onClick={() => void save()} isLoading={busy === 'save'} isDisabled={busy !== null} data-testid="cap-save-definition">
              {defId ? 'Save definition' : 'Save to the lab'}
            </Button>
          </div>
          {checkError ? (
            <Alert
              isInline
              variant="danger"
              title={`The host refuses this definition: ${checkError.message}`}
              data-testid="cap-check-error"
              actionLinks={
                <Button variant="link" isInline onClick={() => goTo(checkError.step)} data-testid="cap-check-goto">
                  Go to the field
                </Button>
              }
              className="vdi-cap-file-note"
            />
          ) : null}
          <ReviewStep def={def} check={check} />
        </WizardStep>
      </Wizard>
    </Modal>
  );
}
