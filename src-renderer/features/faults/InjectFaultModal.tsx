import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  InputGroup,
  InputGroupItem,
  InputGroupText,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
  Radio,
  TextInput,
} from '@patternfly/react-core';
import { NETWORK_PROFILES, type FaultCatalogueEntry, type FaultKind } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { withUnit } from './units.ts';

/**
 * A number field with its unit. A parameter's field starts filled with its default (PatternFly's text input
 * guidance: placeholder text is for an example, never for a value that applies; an empty-looking field
 * left the admin unsure whether the default was used), and its helper text names the default.
 */
function NumberField(props: {
  id: string;
  label: string;
  unit: string;
  value: string;
  placeholder?: string;
  help: string;
  error: string | null;
  onChange(v: string): void;
  /** Puts the default back (shown once the value differs from it). */
  reset?: { label: string; onReset(): void } | null;
}) {
  return (
    <FormGroup label={props.label} fieldId={props.id}>
      <InputGroup>
        <InputGroupItem isFill>
          <TextInput
            id={props.id}
            type="number"
            value={props.value}
            placeholder={props.placeholder}
            validated={props.error ? 'error' : 'default'}
            onChange={(_e, v) => props.onChange(v)}
            data-testid={props.id}
          />
        </InputGroupItem>
        <InputGroupItem>
          <InputGroupText>{props.unit === '×' ? 'times' : props.unit}</InputGroupText>
        </InputGroupItem>
      </InputGroup>
      <FormHelperText>
        <HelperText>
          <HelperTextItem variant={props.error ? 'error' : 'default'} data-testid={`${props.id}-help`}>
            {props.error ?? props.help}
          </HelperTextItem>
          {props.reset ? (
            <HelperTextItem>
              <Button variant="link" isInline onClick={props.reset.onReset} data-testid={`${props.id}-reset`}>
                {props.reset.label}
              </Button>
            </HelperTextItem>
          ) : null}
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
}

/** A kind's parameters at their defaults, as the fields start. */
function defaultsOf(spec: FaultCatalogueEntry | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(spec?.params ?? {}).map(([name, p]) => [name, String(p.default)]));
}

/**
 * Inject a fault: the kind, a target of the kind's type (host, datastore, pool or client network),
 * its parameters (filled with their defaults, named again in the helper text, with units and bounds), start now or after a delay, and a duration
 * or until cleared. The host checks everything again; a refusal is shown and changes nothing.
 */
export function InjectFaultModal({ kinds, onClose }: { kinds: FaultCatalogueEntry[]; onClose(done: boolean): void }) {
  const [kind, setKind] = useState<FaultKind>(kinds[0]?.kind ?? 'datastore-latency-spike');
  const spec = kinds.find((k) => k.kind === kind) ?? kinds[0];
  const [target, setTarget] = useState('');
  const [values, setValues] = useState<Record<string, string>>(() => defaultsOf(spec));
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [delayMin, setDelayMin] = useState('10');
  const [durationMin, setDurationMin] = useState('');
  const action = useAction();
  const hosts = useApi('host-list', {}, { enabled: spec?.target === 'host' });
  const datastores = useApi('datastore-list', {}, { enabled: spec?.target === 'datastore' });
  const pools = useApi('pool-list', {}, { enabled: spec?.target === 'pool' });

  const targets = useMemo((): { id: string; name: string }[] => {
    switch (spec?.target) {
      case 'host':
        return (hosts.data ?? []).map((h) => ({ id: h.id, name: h.name }));
      case 'datastore':
        return (datastores.data ?? []).map((d) => ({ id: d.id, name: d.name }));
      case 'pool':
        return (pools.data ?? []).map((p) => ({ id: p.id, name: p.displayName || p.name }));
      case 'network':
        return NETWORK_PROFILES.filter((n) => n !== 'custom').map((n) => ({ id: n, name: n }));
      default:
        return [];
    }
  }, [spec?.target, hosts.data, datastores.data, pools.data]);
  const targetId = target || targets[0]?.id || '';

  const paramErrors: Record<string, string | null> = {};
  for (const [name, p] of Object.entries(spec?.params ?? {})) {
    const raw = (values[name] ?? String(p.default)).trim();
    const v = Number(raw);
    const range = `Between ${withUnit(p.min, p.unit)} and ${withUnit(p.max, p.unit)}`;
    paramErrors[name] =
      raw === ''
        ? `Enter a value: ${range.toLowerCase()} (default ${withUnit(p.default, p.unit)})`
        : Number.isFinite(v) && v >= p.min && v <= p.max
          ? null
          : range;
  }
  const num = (s: string) => (s.trim() === '' ? null : Number(s));
  const delay = num(delayMin);
  const duration = num(durationMin);
  const delayError = when === 'later' && !(delay !== null && delay > 0 && delay <= 7 * 1440) ? 'A delay of 1 minute to 7 days' : null;
  const durationError = duration !== null && !(duration > 0 && duration <= 7 * 1440) ? 'Up to 7 days, or empty: until cleared' : null;
  const invalid = Object.values(paramErrors).some(Boolean) || !!delayError || !!durationError || (spec?.target !== 'global' && !targetId);

  const inject = async () => {
    if (!spec) return;
    // Every parameter as the form shows it (a default the admin left is sent as that value: what is seen is what runs).
    const params: Record<string, number> = {};
    for (const [name, p] of Object.entries(spec.params)) params[name] = Number((values[name] ?? String(p.default)).trim());
    const row = await action.run(() =>
      getClient().call('fault-inject', {
        kind: spec.kind,
        ...(spec.target === 'global' ? {} : { targetId }),
        params,
        ...(when === 'later' && delay !== null ? { delaySec: delay * 60 } : {}),
        ...(duration !== null ? { durationSec: duration * 60 } : {}),
      }),
    );
    if (row) {
      notifySuccess(
        `Fault #${row.id} ${row.state === 'active' ? 'injected' : 'scheduled'}: ${row.label}${row.target.type === 'global' ? '' : ` on ${row.target.name}`}`,
      );
      onClose(true);
    }
  };

  return (
    <Modal isOpen variant={ModalVariant.medium} onClose={() => onClose(false)} aria-labelledby="inject-fault-title" data-testid="inject-fault-modal">
      <ModalHeader
        title="Inject a fault"
        labelId="inject-fault-title"
        description="Training: the fault acts through the simulation's models; clear it from the list to return to normal."
      />
      <ModalBody>
        {action.error ? (
          <ApiErrorAlert error={action.error} title="The fault was not injected" onClose={action.clearError} testId="inject-fault-error" />
        ) : null}
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label="Fault" fieldId="fault-kind" isRequired>
            <FormSelect
              id="fault-kind"
              value={kind}
              onChange={(_e, v) => {
                setKind(v as FaultKind);
                setTarget('');
                setValues(defaultsOf(kinds.find((k) => k.kind === v)));
              }}
              data-testid="fault-kind"
            >
              {kinds.map((k) => (
                <FormSelectOption key={k.kind} value={k.kind} label={k.label} />
              ))}
            </FormSelect>
          </FormGroup>
          {spec ? (
            <Alert isInline isPlain variant="info" title={spec.description} data-testid="fault-description">
              {spec.acts}
            </Alert>
          ) : null}
          {spec && spec.target !== 'global' ? (
            <FormGroup label={`Target ${spec.target === 'network' ? 'client network' : spec.target}`} fieldId="fault-target" isRequired>
              <FormSelect id="fault-target" value={targetId} onChange={(_e, v) => setTarget(v)} data-testid="fault-target">
                {targets.map((t) => (
                  <FormSelectOption key={t.id} value={t.id} label={t.name} />
                ))}
              </FormSelect>
            </FormGroup>
          ) : null}
          {Object.entries(spec?.params ?? {}).map(([name, p]) => (
            <NumberField
              key={`${kind}-${name}`}
              id={`fault-param-${name}`}
              label={p.label}
              unit={p.unit}
              value={values[name] ?? String(p.default)}
              help={`Default: ${withUnit(p.default, p.unit)} (allowed ${p.min}–${p.max}). ${p.source}`}
              error={paramErrors[name] ?? null}
              onChange={(v) => setValues((s) => ({ ...s, [name]: v }))}
              reset={
                (values[name] ?? String(p.default)) !== String(p.default)
                  ? { label: `Use the default (${withUnit(p.default, p.unit)})`, onReset: () => setValues((s) => ({ ...s, [name]: String(p.default) })) }
                  : null
              }
            />
          ))}
          <FormGroup label="Start" role="radiogroup" fieldId="fault-when" isInline>
            <Radio id="fault-now" name="fault-when" label="Now" isChecked={when === 'now'} onChange={() => setWhen('now')} data-testid="fault-start-now" />
            <Radio
              id="fault-later"
              name="fault-when"
              label="After a delay"
              isChecked={when === 'later'}
              onChange={() => setWhen('later')}
              data-testid="fault-start-later"
            />
          </FormGroup>
          {when === 'later' ? (
            <NumberField
              id="fault-delay"
              label="Delay"
              unit="min (simulated)"
              value={delayMin}
              help="Simulated minutes from now"
              error={delayError}
              onChange={setDelayMin}
            />
          ) : null}
          <NumberField
            id="fault-duration"
            label="Duration"
            unit="min (simulated)"
            value={durationMin}
            placeholder="until cleared"
            help={
              kind === 'host-power-loss' || kind === 'host-isolation' || kind === 'host-psod'
                ? 'Empty: until you clear it or the host is repaired. Its end repairs the host.'
                : 'Empty: until you clear it'
            }
            error={durationError}
            onChange={setDurationMin}
          />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button variant="danger" onClick={() => void inject()} isDisabled={invalid || action.busy} isLoading={action.busy} data-testid="fault-inject-confirm">
          Inject
        </Button>
        <Button variant="link" onClick={() => onClose(false)}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
