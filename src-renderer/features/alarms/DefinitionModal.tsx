import { useState } from 'react';
import { Button, Checkbox, Form, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant } from '@patternfly/react-core';
import { ALARM_DEFINITION_EDIT, type AlarmDefinition } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Field, NumField } from '../../components/form-fields.tsx';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';

type Draft = { warning: number; critical: number; durationSeconds: number; resetMargin: number; enabled: boolean };
const num = (v: number | null) => (v === null ? Number.NaN : v);
const orNull = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * Edit one definition: thresholds (empty = that level off), duration, reset margin, on/off. The
 * host judges the levels (in order for the metric's direction, percentages within 0–100) and says
 * which field is wrong; nothing changes until it accepts.
 */
export function DefinitionModal({ def, onClose, onSaved }: { def: AlarmDefinition; onClose(): void; onSaved(): void }) {
  const [d, setD] = useState<Draft>({
    warning: num(def.warning),
    critical: num(def.critical),
    durationSeconds: def.durationSeconds,
    resetMargin: def.resetMargin,
    enabled: def.enabled,
  });
  const action = useAction();
  const changes = {
    warning: orNull(d.warning),
    critical: orNull(d.critical),
    durationSeconds: d.durationSeconds,
    resetMargin: d.resetMargin,
    enabled: d.enabled,
  };
  const local = ALARM_DEFINITION_EDIT.safeParse(changes);
  const fieldError = (f: string) => {
    if (!local.success) return local.error.issues.find((i) => i.path[0] === f)?.message;
    const p = action.error?.path;
    return p && p[0] === 'changes' && p[1] === f ? action.error?.message : undefined;
  };
  const save = async (restoreDefault = false) => {
    const res = await action.run(() => getClient().call('alarm-definition-update', { id: def.id, changes: restoreDefault ? {} : changes, restoreDefault }));
    if (res) {
      notifySuccess(`Alarm definition "${res.name}" saved`);
      onSaved();
    }
  };
  const unit = def.unit === 'condition' || def.unit === 'state' ? undefined : def.unit;
  const side = def.direction === 'above' ? 'above' : 'below';
  return (
    <Modal variant={ModalVariant.medium} isOpen onClose={onClose} aria-labelledby="alarm-def-title" data-testid="alarm-def-modal">
      <ModalHeader title={`Edit "${def.name}"`} labelId="alarm-def-title" description={def.description} />
      <ModalBody>
        {/* A refusal that names a field shows under that field; any other above the form. */}
        {action.error && action.error.path?.[0] !== 'changes' ? (
          <ApiErrorAlert error={action.error} title="Not saved" onClose={action.clearError} testId="alarm-def-error" />
        ) : null}
        <p className="vdi-muted" data-testid="alarm-def-source">
          Source: {def.source}
        </p>
        <Form className="vdi-form-grid" onSubmit={(e) => e.preventDefault()}>
          <Field id="alarm-def-warning" label={`Warning when ${side}`} hint="Empty: no warning level" error={fieldError('warning')}>
            <NumField
              id="alarm-def-warning"
              label="Warning threshold"
              value={d.warning}
              unit={unit}
              step={1}
              onChange={(v) => setD({ ...d, warning: v })}
              error={Boolean(fieldError('warning'))}
            />
          </Field>
          <Field id="alarm-def-critical" label={`Critical when ${side}`} hint="Empty: no critical level" error={fieldError('critical')}>
            <NumField
              id="alarm-def-critical"
              label="Critical threshold"
              value={d.critical}
              unit={unit}
              step={1}
              onChange={(v) => setD({ ...d, critical: v })}
              error={Boolean(fieldError('critical'))}
            />
          </Field>
          <Field
            id="alarm-def-duration"
            label="For at least"
            hint="Simulated seconds the condition holds before the alarm triggers"
            limits="0–604800 s"
            error={fieldError('durationSeconds')}
          >
            <NumField
              id="alarm-def-duration"
              label="Duration"
              value={d.durationSeconds}
              unit="s"
              step={60}
              min={0}
              onChange={(v) => setD({ ...d, durationSeconds: v })}
              error={Boolean(fieldError('durationSeconds'))}
            />
          </Field>
          <Field
            id="alarm-def-margin"
            label="Reset margin"
            hint="Resets only once the value is this far back inside the threshold"
            error={fieldError('resetMargin')}
          >
            <NumField
              id="alarm-def-margin"
              label="Reset margin"
              value={d.resetMargin}
              unit={unit}
              step={1}
              min={0}
              onChange={(v) => setD({ ...d, resetMargin: v })}
              error={Boolean(fieldError('resetMargin'))}
            />
          </Field>
          <Checkbox
            id="alarm-def-enabled"
            data-testid="alarm-def-enabled"
            label="Enabled"
            isChecked={d.enabled}
            onChange={(_e, v) => setD({ ...d, enabled: v })}
          />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button onClick={() => void save()} isDisabled={!local.success || action.busy} isLoading={action.busy} data-testid="alarm-def-save">
          Save
        </Button>
        {def.builtin ? (
          <Button variant="secondary" onClick={() => void save(true)} isDisabled={action.busy} data-testid="alarm-def-restore">
            Restore default
          </Button>
        ) : null}
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
