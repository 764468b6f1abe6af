import type { CapacityDefinition, CapacityResult } from '../../contract/capacity-entities.ts';

export interface RunOptions {
  onProgress?: (p: { progress: number; launched: number; activeSessions: number; indexMs: number | null }) => void;
}

/** Runs a capacity test (Login VSI method) on a fresh lab built from the definition. */
export function runCapacityTest(def: CapacityDefinition, _opts: RunOptions = {}): CapacityResult {
  throw new Error(`capacity run not implemented yet (${def.name})`);
}
