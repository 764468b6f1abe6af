import { useMemo, useState } from 'react';
import { methods } from '../../../../src-main/contract/index.ts';
import { fieldSchema, limitsOf, schemaErrors, type FieldErrors, type Limits } from '../../../components/schema-check.ts';
import { namingPreview, toSpec, type FieldName, type PoolForm } from './pool-form.ts';

/** The contract's schema for a new pool: the one the host parses `pool-create` with. */
export const POOL_SCHEMA = methods['pool-create'].input;

/** Messages that only say "fill me in": not shown on a field the admin has not touched yet. */
const EMPTY = /^(Is required|Needs at least one)/;

/**
 * Form state shared by the creation wizard and the edit dialog. Every change is checked
 * against the contract's `pool-create` schema (the same limits the host enforces, including
 * min ≤ max and spare ≤ max), so a wrong value is marked on its field at once and nothing
 * is ever clamped. The host's own refusals (a duplicate pool ID, a name clash) are kept
 * per field until that field changes.
 */
export function usePoolForm(initial: PoolForm | (() => PoolForm)) {
  const [form, setForm] = useState<PoolForm>(initial);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());

  const invalid = useMemo(() => {
    const out = schemaErrors(POOL_SCHEMA, toSpec(form));
    const preview = namingPreview(form.namingPattern);
    if (form.namingPattern && preview.error) out.namingPattern ??= preview.error;
    return out;
  }, [form]);

  const errors: FieldErrors = { ...serverErrors };
  for (const [k, msg] of Object.entries(invalid)) {
    if (msg && !errors[k] && (touched.has(k) || !EMPTY.test(msg))) errors[k] = msg;
  }

  const set = (patch: Partial<PoolForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setTouched((t) => new Set([...t, ...Object.keys(patch)]));
    setServerErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k];
      return next;
    });
  };
  /** Shows every message of these fields, "required" ones too (Next pressed on their step). */
  const touch = (fields: readonly FieldName[]) => setTouched((t) => new Set([...t, ...fields]));
  return { form, setForm, set, errors, invalid, touch, setErrors: setServerErrors };
}

/** The limits the contract puts on a pool setting ("1–64"), shown under its field and used by its − / + buttons. */
export function poolLimits(k: FieldName): Limits {
  return limitsOf(fieldSchema(POOL_SCHEMA, k));
}

const NUM_LABELS: Partial<Record<FieldName, string>> = {
  vcpu: 'vCPU',
  ramGb: 'RAM in GB',
  diskGb: 'Disk in GB',
  minMachines: 'Minimum machines',
  maxMachines: 'Maximum machines',
  spareMachines: 'Spare machines',
  logoffAfterMinutes: 'Log off after, minutes',
  maxSessionsPerHost: 'Max sessions per host',
};

/** A pool number field's limits and accessible name, for NumField. */
export function numProps(k: FieldName): { min?: number; max?: number; label: string } {
  const l = poolLimits(k);
  return { ...(l.min !== undefined ? { min: l.min } : {}), ...(l.max !== undefined ? { max: l.max } : {}), label: NUM_LABELS[k] ?? k };
}
