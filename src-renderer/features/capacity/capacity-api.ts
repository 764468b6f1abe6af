// The capacity methods and push topic. TEMPORARY typing: until the backend's
// contract is merged, the method names are not in the shared method map, so this
// file names them with the drafted types; after the merge `capCall` is
// `getClient().call` and this table goes.

import type { ApiError } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import type {
  CapacityDefinition,
  CapacityDefinitionRecord,
  CapacityProgress,
  CapacityRun,
  CapacityRunSummary,
  CapacitySweepKey,
  CapacitySweepValue,
  ConsolidationAssumptions,
  ConsolidationReport,
} from './model/contract-types.ts';

export interface CapacityExport {
  filename: string;
  mimeType: string;
  text: string;
}

interface CapacityMethods {
  'capacity-definition-list': { input: Record<string, never>; result: CapacityDefinitionRecord[] };
  'capacity-definition-save': { input: { id?: string; definition: CapacityDefinition }; result: CapacityDefinitionRecord };
  'capacity-definition-delete': { input: { id: string }; result: { id: string } };
  'capacity-run-start': { input: { definition: CapacityDefinition }; result: CapacityRunSummary };
  'capacity-run-get': { input: { id: string; waitMs?: number }; result: CapacityRun };
  'capacity-run-list': { input: { sweepId?: string; limit?: number }; result: CapacityRunSummary[] };
  'capacity-run-cancel': { input: { id: string }; result: CapacityRunSummary };
  'capacity-run-delete': { input: { id: string }; result: { id: string } };
  'capacity-sweep-start': {
    input: { definition: CapacityDefinition; sweep: Partial<Record<CapacitySweepKey, CapacitySweepValue[]>> };
    result: { sweepId: string; runs: CapacityRunSummary[] };
  };
  'capacity-export': { input: { runId: string; format: 'json' | 'csv' | 'html' }; result: CapacityExport };
  'capacity-consolidation': { input: { runId: string; assumptions?: Partial<ConsolidationAssumptions> }; result: ConsolidationReport };
}
export type CapacityMethodName = keyof CapacityMethods;

export function capCall<K extends CapacityMethodName>(name: K, input: CapacityMethods[K]['input']): Promise<CapacityMethods[K]['result']> {
  const call = getClient().call as unknown as (n: string, i: unknown) => Promise<CapacityMethods[K]['result']>;
  return call(name, input);
}

export function onCapacityProgress(listener: (p: CapacityProgress) => void): () => void {
  const subscribe = getClient().subscribe as unknown as (topic: string, l: (p: CapacityProgress) => void) => () => void;
  return subscribe('capacity-progress', listener);
}

export type { ApiError };
