import type { CapacityDefinitionRecord } from '../../contract/capacity-entities.ts';

/** The example definitions shipped in resources/capacity (read-only in the list). */
export function capacityExamples(): CapacityDefinitionRecord[] {
  return [];
}
