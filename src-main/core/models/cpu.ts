/**
 * Host CPU: utilization and CPU ready per vCPU. Capacity (physical cores × base clock, with SMT
 * as a throughput gain) is core/models/cpu-perf.ts.
 *
 * Ready time has three parts, each named so capacity calibration can tune it:
 * - queueing: the host as c parallel servers (logical CPUs) at utilization ρ;
 *   waiting probability by Sakasegawa's approximation ρ^(√(2(c+1)) − 1),
 *   mean wait relative to service P/(c(1 − ρ));
 * - over-commit: co-scheduling and dispatch latency grow with vCPUs per core
 *   (VDI runs up to ~8–12 vCPU per core before ready time hurts);
 * - saturation: past ρ = 1 a runnable vCPU waits (1 − 1/ρ) of the time.
 * A vCPU is only ready while it has work, so the sum is scaled by its activity.
 */
export const CPU_PARAMS = {
  /** Ready % per vCPU added per unit of vCPU:core ratio above 1, at full utilization. */
  overcommitReadyPerRatio: 0.55,
  /** ρ is capped here inside the queueing term; beyond it the saturation term takes over. */
  rhoCap: 0.98,
};

/**
 * CPU ready % per vCPU (0–100) for a host.
 * @param rho demand / capacity (may exceed 1)
 * @param logicalCpus cores × (HT ? 2 : 1)
 * @param vcpuPerCore powered-on vCPUs per physical core
 * @param activity share of time a vCPU has work (0–1)
 */
export function readyPct(rho: number, logicalCpus: number, vcpuPerCore: number, activity: number): number {
  return readyPctFor(rho, logicalCpus, waitExponent(logicalCpus), vcpuPerCore, activity);
}

/** Sakasegawa's exponent for c parallel servers, √(2(c+1)) − 1 (a host's constant: the engine keeps it per host). */
export function waitExponent(logicalCpus: number): number {
  return Math.sqrt(2 * (logicalCpus + 1)) - 1;
}

/** `readyPct` with the host's wait exponent already computed. */
export function readyPctFor(rho: number, logicalCpus: number, exponent: number, vcpuPerCore: number, activity: number): number {
  if (rho <= 0 || activity <= 0) return 0;
  const r = Math.min(rho, CPU_PARAMS.rhoCap);
  const pWait = Math.pow(r, exponent);
  const queueing = (100 * pWait) / (logicalCpus * (1 - r));
  const overcommit = CPU_PARAMS.overcommitReadyPerRatio * Math.max(0, vcpuPerCore - 1) * Math.min(rho, 1);
  const saturation = rho > 1 ? 100 * (1 - 1 / rho) : 0;
  return Math.min(100, activity * (queueing + overcommit) + (rho > 1 ? saturation * Math.min(1, activity * 1.5) : 0));
}
