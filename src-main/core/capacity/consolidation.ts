import type { CapacityResult, ConsolidationAssumptionsInput, ConsolidationReport } from '../../contract/capacity-entities.ts';

export function consolidationReport(runId: string, _result: CapacityResult, _input: ConsolidationAssumptionsInput): ConsolidationReport {
  throw new Error(`consolidation not implemented yet (${runId})`);
}
