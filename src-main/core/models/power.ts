/** Host power (DOMAIN.md): idle + (peak − idle) × utilization, utilization clamped to [0, 1]. A host that is off draws 0 W. */
export function hostWatts(idleW: number, peakW: number, utilization: number, poweredOn = true): number {
  if (!poweredOn) return 0;
  const u = Math.min(Math.max(utilization, 0), 1);
  return idleW + (peakW - idleW) * u;
}
