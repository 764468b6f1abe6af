import { useState } from 'react';
import type { FieldErrors } from '../../../components/form-fields.tsx';
import type { PoolForm } from './pool-form.ts';

/**
 * Form state shared by the creation wizard and the edit dialog: editing a field
 * clears the error the API last reported on it.
 */
export function usePoolForm(initial: PoolForm | (() => PoolForm)) {
  const [form, setForm] = useState<PoolForm>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (patch: Partial<PoolForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k];
      return next;
    });
  };
  return { form, setForm, set, errors, setErrors };
}
