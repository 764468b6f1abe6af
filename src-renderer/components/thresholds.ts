// Alarm thresholds the console draws and colours by (DOMAIN.md). One place, named,
// so charts, the heat-map and tables agree.

import { MEMORY_STATE_NAMES } from '../../src-main/contract/index.ts';

/** CPU ready per vCPU: above 5 % is a warning, above 10 % critical. */
export const READY_WARN_PCT = 5;
export const READY_CRIT_PCT = 10;
/** Host CPU utilisation: vSphere's default host CPU alarm (warning 70 %, critical 90 %). */
export const CPU_WARN_PCT = 70;
export const CPU_CRIT_PCT = 90;
/**
 * Host uplink (NIC) load, % of line rate: warning above 70 %, critical above 90 % (where the
 * simulation's uplinks are saturated and sessions lose bandwidth: core/models/protocol.ts HOST_NIC).
 */
export const NIC_WARN_PCT = 70;
export const NIC_CRIT_PCT = 90;
/** Datastore device latency alarm. */
export const LATENCY_ALARM_MS = 20;
/** ESXi memory states 0 high, 1 clear (fine), 2 soft (ballooning: warning), 3 hard and 4 low (swapping: critical). */
export const MEM_WARN_STATE = 2;
export const MEM_CRIT_STATE = 3;
/** Logon-to-action response: Login VSI's threshold is the baseline + 1,000 ms; 800 ms is the unloaded baseline. */
export const UX_WARN_MS = 1800;

export type Level = 'ok' | 'warning' | 'critical';

export function levelOf(value: number, warn: number, crit: number): Level {
  return value > crit ? 'critical' : value > warn ? 'warning' : 'ok';
}

export function readyLevel(pct: number): Level {
  return levelOf(pct, READY_WARN_PCT, READY_CRIT_PCT);
}

export function cpuLevel(pct: number): Level {
  return levelOf(pct, CPU_WARN_PCT, CPU_CRIT_PCT);
}

export function nicLevel(pct: number): Level {
  return levelOf(pct, NIC_WARN_PCT, NIC_CRIT_PCT);
}

export function memLevel(state: number): Level {
  return state >= MEM_CRIT_STATE ? 'critical' : state >= MEM_WARN_STATE ? 'warning' : 'ok';
}

export function memStateName(state: number | null | undefined): string {
  if (state === null || state === undefined || Number.isNaN(state)) return '—';
  return MEMORY_STATE_NAMES[Math.max(0, Math.min(MEMORY_STATE_NAMES.length - 1, Math.round(state)))] ?? '—';
}
