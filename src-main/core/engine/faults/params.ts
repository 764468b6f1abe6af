/**
 * Figures the fault effects use besides each fault's own parameters (contract/fault-methods.ts
 * holds those, with their defaults and sources).
 */
export const FAULT_EFFECTS = {
  /**
   * Share of a datastore's IOPS capacity served while an array controller fails over (paths move
   * to the partner controller; I/O is queued by the host, not failed). Estimate: next to nothing.
   */
  failoverPauseCapacity: 0.001,
};
