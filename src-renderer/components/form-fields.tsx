import type { ReactNode } from 'react';
import { FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, NumberInput } from '@patternfly/react-core';

export type FieldErrors = Partial<Record<string, string>>;

/** A labelled form field with its hint and, when the API refused it, the message in red under it. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
  isRequired,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
  isRequired?: boolean;
}) {
  return (
    <FormGroup label={label} fieldId={`wizard-${id}`} isRequired={isRequired}>
      {children}
      {error || hint ? (
        <FormHelperText>
          <HelperText>
            {error ? (
              <HelperTextItem variant="error" data-testid={`field-error-${id}`}>
                {error}
              </HelperTextItem>
            ) : (
              <HelperTextItem>{hint}</HelperTextItem>
            )}
          </HelperText>
        </FormHelperText>
      ) : null}
    </FormGroup>
  );
}

/** A whole number with − / + buttons (PatternFly NumberInput), clamped to [min, max]. */
export function NumField({
  id,
  value,
  onChange,
  min,
  max,
  unit,
  error,
}: {
  id: string;
  value: number;
  onChange(v: number): void;
  min: number;
  max: number;
  unit?: string;
  error?: boolean;
}) {
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  return (
    <NumberInput
      value={value}
      min={min}
      max={max}
      unit={unit}
      validated={error ? 'error' : 'default'}
      inputName={id}
      inputAriaLabel={id}
      minusBtnAriaLabel={`${id} minus`}
      plusBtnAriaLabel={`${id} plus`}
      onMinus={() => onChange(clamp(value - 1))}
      onPlus={() => onChange(clamp(value + 1))}
      onChange={(e) => {
        const n = Number((e.target as HTMLInputElement).value);
        if (Number.isFinite(n)) onChange(n);
      }}
      onBlur={() => onChange(clamp(value))}
      inputProps={{ id: `wizard-${id}`, 'data-testid': `wizard-${id}` }}
      widthChars={6}
    />
  );
}

/** A native select of fixed choices. */
export function Choice<T extends string>({
  id,
  value,
  options,
  onChange,
  error,
  isDisabled,
}: {
  id: string;
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
      aria-label={id}
    >
      {options.map((o) => (
        <FormSelectOption key={o.value} value={o.value} label={o.label} />
      ))}
    </FormSelect>
  );
}
