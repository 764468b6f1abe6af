import { useState } from 'react';
import {
  Button,
  Checkbox,
  Form,
  FormSelect,
  FormSelectOption,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
  TextInput,
} from '@patternfly/react-core';
import { ALARM_DEFINITION_NEW, ALARM_METRICS, type AlarmMetric } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Field, NumField } from '../../components/form-fields.tsx';
import { humanize } from '../../components/format.ts';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';

const METRICS = Object.entries(ALARM_METRICS) as [AlarmMetric, (typeof ALARM_METRICS)[AlarmMetric]][];
const orNull = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * Add an alarm definition: a metric (its object type comes with it), warning and/or critical
 * thresholds on the metric's bad side, how long the condition must hold, the reset margin. The
 * form checks the contract's schema as you type; the host judges the levels' order and range.
 */
export function NewDefinitionModal({ onClose, onSaved }: { onClose(): void; onSaved(): void }) {
  const [name, setName] = useState('');
  const [metric, setMetric] = useState<AlarmMetric>('host-cpu-usage');
  const [warning, setWarning] = useState(Number.NaN);
  const [critical, setCritical] = useState(Number.NaN);
  const [durationSeconds, setDuration] = useState(300);
  const [resetMargin, setMargin] = useState(0);
  const [enabled, setEnabled] = useState(true);
  const action = useAction();
  const m = ALARM_METRICS[metric];
  const input = { name, metric, warning: orNull(warning), critical: orNull(critical), durationSeconds, resetMargin, enabled };
  const local = ALARM_DEFINITION_NEW.safeParse(input);
  const fieldError = (f: string) => {
    if (!local.success) {
      const issue = local.error.issues.find((i) => i.path[0] === f);
      // An empty name is said once the user typed something elsewhere: not on opening.
      if (issue && (f !== 'name' || name !== '')) return issue.message;
    }
    return action.error?.path?.[0] === f ? action.error.message : undefined;
  };
  const unit = m.unit === 'condition' || m.unit === 'state' ? undefined : m.unit;
  const side = m.direction === 'above' ? 'above' : 'below';
  const save = async () => {
    const res = await action.run(() => getClient().call('alarm-definition-create', input));
    if (res) {
      notifySuccess(`Alarm definition "${res.name}" added`);
      onSaved();
    }
  };
  return (
    <Modal variant={ModalVariant.medium} isOpen onClose={onClose} aria-labelledby="alarm-new-title" data-testid="alarm-new-modal">
      <ModalHeader
        title="Add alarm definition"
        labelId="alarm-new-title"
        description="Watch a metric of hosts, clusters, datastores, pools, desktops, sessions or users."
      />
      <ModalBody>
        {action.error && !['name', 'metric', 'warning', 'critical', 'durationSeconds', 'resetMargin'].includes(String(action.error.path?.[0])) ? (
          <ApiErrorAlert error={action.error} title="Not added" onClose={action.clearError} testId="alarm-new-error" />
        ) : null}
        <Form className="vdi-form-grid" onSubmit={(e) => e.preventDefault()}>
          <Field id="alarm-new-name" label="Name" error={fieldError('name')}>
            <TextInput
              id="alarm-new-name"
              value={name}
              onChange={(_e, v) => setName(v)}
              data-testid="alarm-new-name"
              validated={fieldError('name') ? 'error' : 'default'}
            />
          </Field>
          <Field id="alarm-new-metric" label="Metric" hint={`On each ${humanize(m.objectKind).toLowerCase()}; bad when ${side}`} error={fieldError('metric')}>
            <FormSelect id="alarm-new-metric" value={metric} onChange={(_e, v) => setMetric(v as AlarmMetric)} data-testid="alarm-new-metric">
              {METRICS.map(([k, v]) => (
                <FormSelectOption key={k} value={k} label={`${humanize(v.objectKind)}: ${v.label}`} />
              ))}
            </FormSelect>
          </Field>
          <Field id="alarm-new-warning" label={`Warning when ${side}`} hint="Empty: no warning level" error={fieldError('warning')}>
            <NumField
              id="alarm-new-warning"
              label="Warning threshold"
              value={warning}
              unit={unit}
              step={1}
              onChange={setWarning}
              error={Boolean(fieldError('warning'))}
            />
          </Field>
          <Field id="alarm-new-critical" label={`Critical when ${side}`} hint="Empty: no critical level" error={fieldError('critical')}>
            <NumField
              id="alarm-new-critical"
              label="Critical threshold"
              value={critical}
              unit={unit}
              step={1}
              onChange={setCritical}
              error={Boolean(fieldError('critical'))}
            />
          </Field>
          <Field
            id="alarm-new-duration"
            label="For at least"
            hint="Simulated seconds the condition holds before the alarm triggers"
            limits="0–604800 s"
            error={fieldError('durationSeconds')}
          >
            <NumField
              id="alarm-new-duration"
              label="Duration"
              value={durationSeconds}
              unit="s"
              step={60}
              min={0}
              onChange={setDuration}
              error={Boolean(fieldError('durationSeconds'))}
            />
          </Field>
          <Field
            id="alarm-new-margin"
            label="Reset margin"
            hint="Resets only once the value is this far back inside the threshold"
            error={fieldError('resetMargin')}
          >
            <NumField
              id="alarm-new-margin"
              label="Reset margin"
              value={resetMargin}
              unit={unit}
              step={1}
              min={0}
              onChange={setMargin}
              error={Boolean(fieldError('resetMargin'))}
            />
          </Field>
          <Checkbox id="alarm-new-enabled" label="Enabled" isChecked={enabled} onChange={(_e, v) => setEnabled(v)} />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button onClick={() => void save()} isDisabled={!local.success || action.busy} isLoading={action.busy} data-testid="alarm-new-save">
          Add
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
