/** Named engine parameters (documented in docs/SIMULATION.md). */
export const ENGINE_PARAMS = {
  tickSeconds: 1,
  /** A powered-on Windows VM with nobody logged on. */
  vmBaseMhz: 40,
  vmBaseIops: 0.5,
  /** Response time of the typical action set on an uncontended desktop (Login VSI baseline territory). */
  uxBaseMs: 800,
  uxReadyWeight: 4, // response grows by this × ready fraction
  uxIoPerAction: 30, // storage round trips per action set
  uxSwapPenaltyMs: 40_000, // × share of the VM's memory that is swapped
  /** Balloon driver can reclaim at most this share of a host's consumed memory. */
  balloonShare: 0.2,
  /** Share of time a vCPU has work, for the ready-time model (users active 40–60% of the time plus background). */
  readyActivity: 0.6,
  /** How much of a VM's unmet CPU share shows as ready time (it is only runnable part of the time). */
  deficitReadyFactor: 0.9,
};
