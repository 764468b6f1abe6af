import { minFreeMb } from '../params.ts';

/**
 * ESXi host memory states by free memory as a multiple of minFree (DOMAIN.md); the engine reads them from
 * the memory the balloon leaves free (engine/load/load-pass.ts), so hard and low go with swapping:
 * | state | free ≥ minFree × | reclamation in use                                  |
 * |-------|------------------|-----------------------------------------------------|
 * | high  | 4.00             | none beyond breaking large pages                     |
 * | clear | 1.00             | transparent page sharing                             |
 * | soft  | 0.64             | + ballooning                                         |
 * | hard  | 0.32             | + compression and swapping; ballooning stops         |
 * | low   | below 0.32       | (0.16 and below also blocks new allocations)         |
 */
export const MEMORY_STATES = ['high', 'clear', 'soft', 'hard', 'low'] as const;
export type MemoryState = (typeof MEMORY_STATES)[number];

export const MEMORY_STATE_THRESHOLDS: readonly [MemoryState, number][] = [
  ['high', 4.0],
  ['clear', 1.0],
  ['soft', 0.64],
  ['hard', 0.32],
  ['low', 0.16],
];

/** The memory state's index in MEMORY_STATES for free memory and the host's minFree (MB): the engine's per-tick form of `memoryState`. */
export function memoryStateIndex(freeMb: number, minFree: number): number {
  const ratio = freeMb / minFree;
  for (let i = 0; i < MEMORY_STATE_THRESHOLDS.length; i++) if (ratio >= (MEMORY_STATE_THRESHOLDS[i] as [MemoryState, number])[1]) return i;
  return MEMORY_STATES.length - 1;
}

export function memoryState(freeMb: number, hostRamGb: number): MemoryState {
  const ratio = freeMb / minFreeMb(hostRamGb);
  for (const [state, min] of MEMORY_STATE_THRESHOLDS) if (ratio >= min) return state;
  return 'low';
}

/**
 * Below 16 % of minFree the host blocks new memory allocations: a VM cannot power on (or be
 * moved) there until memory is freed (VMware, "Understanding Memory Resource Management in
 * VMware vSphere": the low state).
 */
export const BLOCK_ALLOCATIONS_SHARE = 0.16;

export function blocksAllocations(freeMb: number, hostRamGb: number): boolean {
  return freeMb / minFreeMb(hostRamGb) < BLOCK_ALLOCATIONS_SHARE;
}
