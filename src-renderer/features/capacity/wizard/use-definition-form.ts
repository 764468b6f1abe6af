import { useCallback, useState } from 'react';
import type { CapacityDefinition } from '../model/definition.ts';
import { setIn } from '../../../../src-main/shared/capacity/paths.ts';
import type { FieldErrors } from '../../../../src-main/shared/capacity/definition-check.ts';

/** Drops the errors on a field and on everything under it (`sessionHost` clears `sessionHost.vcpu`). */
function clearErrors(errors: FieldErrors, fields: readonly string[]): FieldErrors {
  const next: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) if (!fields.some((f) => k === f || k.startsWith(`${f}.`))) next[k] = v;
  return next;
}

/** The wizard's definition and the errors shown on its fields; editing a field clears its error. */
export function useDefinitionForm(initial: CapacityDefinition) {
  const [def, setDef] = useState<CapacityDefinition>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = useCallback((field: string, value: unknown) => {
    setDef((d) => setIn(d, field, value));
    setErrors((e) => clearErrors(e, [field]));
  }, []);
  const update = useCallback((fn: (d: CapacityDefinition) => CapacityDefinition, clears: string[] = []) => {
    setDef(fn);
    if (clears.length) setErrors((e) => clearErrors(e, clears));
  }, []);
  return { def, setDef, set, update, errors, setErrors };
}
