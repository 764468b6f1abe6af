import type { ReactNode } from 'react';
import { FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, NumberInput } from '@patternfly/react-core';
import { fieldId } from '../model/form-paths.ts';

/** A labelled field with its live hint and, when refused, the reason in red under it. */
export function CapField({
  field,
  label,
  hint,
  error,
  children,
  isRequired,
}: {
  field: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
  isRequired?: boolean;
}) {
  const id = fieldId(field);
  return (
    <FormGroup label={label} fieldId={`cap-field-${id}`} isRequired={isRequired}>
      {children}
      {error || hint ? (
        <FormHelperText>
          <HelperText>
            {error ? (
              <HelperTextItem variant="error" data-testid={`cap-error-${id}`}>
                {error}
              </HelperTextItem>
            ) : (
              <HelperTextItem data-testid={`cap-hint-${id}`}>{hint}</HelperTextItem>
            )}
          </HelperText>
        </FormHelperText>
      ) : null}
    </FormGroup>
  );
}

/** "hosts.coresPerSocket" → "cores per socket": the field's words for a screen reader's button names. */
function spoken(field: string): string {
  const last = field.split('.').pop() ?? field;
  return last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * A number with − / + buttons (its accessible name is its CapField label). `step` sets the button increment (0.1 GHz, 1 core);
 * typing accepts any value, so a planner can enter 2.45 GHz; the host judges the range.
 */
export function CapNumber({
  field,
  value,
  onChange,
  step = 1,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
  unit,
  error,
  width = 7,
}: {
  field: string;
  value: number;
  onChange(v: number): void;
  step?: number;
  min?: number;
  max?: number;
  unit?: string;
  error?: boolean;
  width?: number;
}) {
  const id = fieldId(field);
  // Round button steps to the step's decimals (0.1 + 0.2 must not become 0.30000000000000004).
  const decimals = (String(step).split('.')[1] ?? '').length;
  const bump = (d: number) => onChange(Math.min(max, Math.max(min, Number((value + d).toFixed(decimals)))));
  return (
    <NumberInput
      value={Number.isFinite(value) ? value : ''}
      min={min}
      max={max}
      unit={unit}
      validated={error ? 'error' : 'default'}
      inputName={id}
      minusBtnAriaLabel={`Decrease ${spoken(field)}`}
      plusBtnAriaLabel={`Increase ${spoken(field)}`}
      onMinus={() => bump(-step)}
      onPlus={() => bump(step)}
      onChange={(e) => {
        const raw = (e.target as HTMLInputElement).value;
        onChange(raw === '' ? Number.NaN : Number(raw));
      }}
      inputProps={{ id: `cap-field-${id}`, 'data-testid': `cap-field-${id}`, step: 'any' }}
      widthChars={width}
    />
  );
}

export function CapSelect<T extends string>({
  field,
  value,
  options,
  onChange,
  error,
}: {
  field: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(v: T): void;
  error?: boolean;
}) {
  const id = fieldId(field);
  return (
    <FormSelect
      id={`cap-field-${id}`}
      data-testid={`cap-field-${id}`}
      value={value}
      validated={error ? 'error' : 'default'}
      onChange={(_e, v) => {
        const hit = options.find((o) => o.value === v);
        if (hit) onChange(hit.value);
      }}
    >
      {options.map((o) => (
        <FormSelectOption key={o.value} value={o.value} label={o.label} />
      ))}
    </FormSelect>
  );
}
