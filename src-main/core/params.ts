import { ESXI_MEMORY, minFreeMb, vmOverheadMb } from '../shared/capacity/memory.ts';
import { RULE_OF_FIVE, RULE_OF_TEN } from '../shared/capacity/rules-of-thumb.ts';

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

  /** ESXi minFree and VM overhead (shared/capacity/memory.ts: the wizard counts them the same way). */
  memory: ESXI_MEMORY,

  storage: {
    /** Thin-provisioned space a clone actually uses, as a share of its disk. */
    thinUsedShare: { 'instant-clone': 0.08, 'linked-clone': 0.15, 'full-clone': 0.45, manual: 0.5 },
    /** Replica / golden image copies per datastore (GB) for instant and linked clones. */
    replicaGb: 40,
  },

  cpu: {
    /** Citrix rule of 5 and 10: single-session desktops / multi-session users per physical core (shared/capacity/rules-of-thumb.ts). */
    desktopsPerCoreSingle: RULE_OF_FIVE,
    usersPerCoreMulti: RULE_OF_TEN,
    readyWarnPct: 5,
    readyCriticalPct: 10,
  },
} as const;

export { minFreeMb, vmOverheadMb };
