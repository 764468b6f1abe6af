/**
 * Datastore latency as a single queue (M/M/1, DOMAIN.md): R = S / (1 − ρ),
 * with ρ = offered IOPS / IOPS capacity. Past saturation the queue has no
 * steady state; the model caps ρ so latency stays finite but terrible, which is
 * how an overloaded array looks to users.
 */
export const STORAGE_RHO_CAP = 0.995;
/** Device latency above which an alarm fires (ms). */
export const STORAGE_LATENCY_ALERT_MS = 20;

export function storageLatencyMs(serviceTimeMs: number, offeredIops: number, iopsCapacity: number): number {
  if (serviceTimeMs <= 0 || iopsCapacity <= 0) throw new RangeError('service time and IOPS capacity must be positive');
  const rho = Math.min(Math.max(offeredIops, 0) / iopsCapacity, STORAGE_RHO_CAP);
  return serviceTimeMs / (1 - rho);
}
