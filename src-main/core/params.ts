/**
 * Named simulation and sizing parameters with their defaults and sources
 * (shared/DOMAIN.md). Nothing in core/ should bury one of these as a literal.
 */
export const PARAMS = {
  /** Simulated start of every generated lab: Monday 5 Jan 2026, 07:00 UTC, before the morning ramp. */
  labEpochIso: '2026-01-05T07:00:00.000Z',

  host: {
    /** Watts of a current 2-socket server, idle and at 100% (power = idle + (peak − idle) × utilization). */
    powerIdleW: 180,
    powerPeakW: 720,
    rackUnits: 2,
  },

  memory: {
    /** ESXi minFree: 899 MB + 1% of RAM above 28 GB. */
    minFreeBaseMb: 899,
    minFreeAboveGb: 28,
    minFreePct: 0.01,
    /** VM overhead ≈ 18 MB + 7.4 MB per GB + 4 MB per extra vCPU. */
    overheadBaseMb: 18,
    overheadPerGbMb: 7.4,
    overheadPerExtraVcpuMb: 4,
  },

  storage: {
    /** Thin-provisioned space a clone actually uses, as a share of its disk. */
    thinUsedShare: { 'instant-clone': 0.08, 'linked-clone': 0.15, 'full-clone': 0.45, manual: 0.5 },
    /** Replica / golden image copies per datastore (GB) for instant and linked clones. */
    replicaGb: 40,
  },

  cpu: {
    /** Citrix rule of 5 and 10: single-session desktops / multi-session users per physical core. */
    desktopsPerCoreSingle: 5,
    usersPerCoreMulti: 10,
    readyWarnPct: 5,
    readyCriticalPct: 10,
  },
} as const;

export function minFreeMb(ramGb: number): number {
  const m = PARAMS.memory;
  return m.minFreeBaseMb + Math.max(0, ramGb - m.minFreeAboveGb) * 1024 * m.minFreePct;
}

export function vmOverheadMb(ramGb: number, vcpu: number): number {
  const m = PARAMS.memory;
  return m.overheadBaseMb + m.overheadPerGbMb * ramGb + m.overheadPerExtraVcpuMb * Math.max(0, vcpu - 1);
}
