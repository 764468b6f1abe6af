import type { CapacityDefinition } from '../model/definition.ts';
import type { FieldErrors } from '../../../../src-main/shared/capacity/definition-check.ts';

export interface StepProps {
  def: CapacityDefinition;
  /** Sets the value at a dotted path (`hosts.count`) and clears the error shown on it. */
  set(field: string, value: unknown): void;
  /** Replaces the definition (kind switches that change several fields). */
  update(fn: (d: CapacityDefinition) => CapacityDefinition, clears?: string[]): void;
  errors: FieldErrors;
}
