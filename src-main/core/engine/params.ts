import { DEMAND_PARAMS } from '../models/vdi-workloads.ts';

/** Named engine parameters (documented in docs/SIMULATION.md). */
export const ENGINE_PARAMS = {
  tickSeconds: 1,
  /** A powered-on Windows VM with nobody logged on: CPU in vix (models/vdi-workloads.ts idleVmVix), IOPS. */
  vmBaseVix: DEMAND_PARAMS.idleVmVix,
  vmBaseIops: 0.5,
  /** Balloon driver can reclaim at most this share of a host's consumed memory. */
  balloonShare: 0.2,
  /** Share of time a vCPU has work, for the ready-time model (users active 40–60% of the time plus background). */
  readyActivity: 0.6,
  /** How much of a VM's unmet CPU share shows as ready time (it is only runnable part of the time). */
  deficitReadyFactor: 0.9,
};
