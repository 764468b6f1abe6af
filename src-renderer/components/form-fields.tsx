import { useEffect, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, NumberInput, TextArea, TextInput } from '@patternfly/react-core';
import { limitsOf, limitsText, schemaErrors, type FieldErrors, type Limits } from './schema-check.ts';
import { useVendorNote } from '../state/settings-store.ts';

export type { FieldErrors };

/**
 * A labelled form field. Under it: the error when there is one (checked against the contract's
 * schema as the admin types, or the host's refusal), otherwise the hint and the field's limits,
 * so the admin sees "1–64" before submitting rather than after.
 */
export function Field({
  id,
  label,
  hint: givenHint,
  limits,
  error,
  children,
  isRequired,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  /** The limits from the schema (limitsOf) or a text; shown with the hint. */
  limits?: Limits | string | undefined;
  error?: string | undefined;
  children: ReactNode;
  isRequired?: boolean;
}) {
  const hint = useVendorNote(givenHint);
  const range = typeof limits === 'string' ? limits : limits ? limitsText(limits) : undefined;
  const help =
    hint && range ? (
      <>
        {hint} · <span data-testid={`field-limits-${id}`}>{range}</span>
      </>
    ) : range ? (
      <span data-testid={`field-limits-${id}`}>{range}</span>
    ) : (
      hint
    );
  return (
    <FormGroup label={label} fieldId={`wizard-${id}`} isRequired={isRequired}>
      {children}
      {error || help ? (
        <FormHelperText>
          <HelperText id={`wizard-${id}-helper`}>
            {error ? (
              <HelperTextItem variant="error" data-testid={`field-error-${id}`}>
                {error}
              </HelperTextItem>
            ) : (
              <HelperTextItem>{help}</HelperTextItem>
            )}
          </HelperText>
        </FormHelperText>
      ) : null}
    </FormGroup>
  );
}

const asText = (v: number) => (Number.isFinite(v) ? String(v) : '');

/**
 * A number with − / + buttons. Never clamps: what the admin types is what the form holds
 * (an empty or non-numeric entry is NaN), and the schema check says what is wrong with it.
 * The buttons stop at the limits; typing can go beyond them and is then marked in red.
 */
export function NumField({
  id,
  label,
  value,
  onChange,
  min,
  max,
  unit,
  error,
  step = 1,
}: {
  id: string;
  /** The field's name for screen readers when no Field label points at it. */
  label?: string;
  value: number;
  onChange(v: number): void;
  min?: number | undefined;
  max?: number | undefined;
  unit?: string;
  error?: boolean;
  step?: number;
}) {
  const [text, setText] = useState(asText(value));
  // A value set from outside (a reset, a preset) replaces what is shown; one typed here stays as typed.
  useEffect(() => {
    setText((t) => (Number(t) === value && t.trim() !== '' ? t : asText(value)));
  }, [value]);
  const base = Number.isFinite(value) ? value : (min ?? 0);
  const bump = (d: number) => {
    const next = Math.round((base + d) * 1e6) / 1e6;
    setText(asText(next));
    onChange(next);
  };
  return (
    <NumberInput
      value={text === '' ? '' : Number.isFinite(Number(text)) ? Number(text) : ''}
      min={min}
      max={max}
      unit={unit}
      validated={error ? 'error' : 'default'}
      inputName={id}
      inputAriaLabel={label}
      minusBtnAriaLabel={`Decrease ${label ?? id}`}
      plusBtnAriaLabel={`Increase ${label ?? id}`}
      onMinus={() => bump(-step)}
      onPlus={() => bump(step)}
      onChange={(e) => {
        const raw = (e.target as HTMLInputElement).value;
        setText(raw);
        onChange(raw.trim() === '' ? Number.NaN : Number(raw));
      }}
      inputProps={{ id: `wizard-${id}`, 'data-testid': `wizard-${id}`, 'aria-invalid': error ? true : undefined }}
      widthChars={6}
    />
  );
}

/** A native select of fixed choices; its accessible name is its Field label (or `label`). */
export function Choice<T extends string>({
  id,
  label,
  value,
  options,
  onChange,
  error,
  isDisabled,
}: {
  id: string;
  label?: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(v: T): void;
  error?: boolean;
  isDisabled?: boolean;
}) {
  return (
    <FormSelect
      id={`wizard-${id}`}
      data-testid={`wizard-${id}`}
      value={value}
      validated={error ? 'error' : 'default'}
      isDisabled={isDisabled}
      onChange={(_e, v) => {
        const hit = options.find((o) => o.value === v);
        if (hit) onChange(hit.value);
      }}
      aria-label={label}
    >
      {options.map((o) => (
        <FormSelectOption key={o.value} value={o.value} label={o.label} />
      ))}
    </FormSelect>
  );
}

/**
 * A text field checked against one field of a contract schema: its length limit is shown as a
 * count while typing ("12 / 80 characters") and a longer text is marked, not cut off (a
 * `maxLength` attribute would silently drop the end of a paste).
 */
export function TextField({
  id,
  label,
  value,
  onChange,
  schema,
  hint,
  serverError,
  isRequired,
  multiline = false,
  testId,
}: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  /** The field's schema in the contract (its limits and messages). */
  schema: z.ZodType | undefined;
  hint?: ReactNode;
  /** The host's refusal of this field, if any. */
  serverError?: string | undefined;
  isRequired?: boolean;
  multiline?: boolean;
  testId?: string;
}) {
  const [touched, setTouched] = useState(false);
  const l = limitsOf(schema);
  const problem = schema ? schemaErrors(schema, value)._form : undefined;
  // "Is required" waits until the field was edited; a too-long text shows at once.
  const error = serverError ?? (problem && (touched || !/^Is required/.test(problem)) ? problem : undefined);
  const count = l.maxLength !== undefined ? `${value.length.toLocaleString('en-US')} / ${l.maxLength.toLocaleString('en-US')} characters` : undefined;
  const common = {
    id: `wizard-${id}`,
    value,
    validated: error ? ('error' as const) : ('default' as const),
    'data-testid': testId ?? `wizard-${id}`,
    'aria-invalid': error ? true : undefined,
    onChange: (_e: unknown, v: string) => {
      setTouched(true);
      onChange(v);
    },
  };
  return (
    <Field id={id} label={label} hint={hint} limits={count} error={error} isRequired={isRequired}>
      {multiline ? <TextArea {...common} rows={2} resizeOrientation="vertical" /> : <TextInput {...common} />}
    </Field>
  );
}

/** Whether a text passes its schema (for a submit button). */
export function textOk(schema: z.ZodType | undefined, value: string): boolean {
  return schema ? schema.safeParse(value).success : true;
}
