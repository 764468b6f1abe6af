import type { CapacityResult, CapacitySample } from './contract-types.ts';

/** CPU ready per vCPU above this is critical (DOMAIN.md: 5 % warning, 10 % critical). */
export const READY_CRITICAL = 10;

/**
 * The sample the knee figures are read at: the last one at or below VSImax when it was reached,
 * otherwise the last of the test. Figures the result does not carry at the knee (swapped MB) come
 * from here, so the card shows what the model measured at that moment.
 */
export function kneeSample(r: Pick<CapacityResult, 'curves' | 'vsimax' | 'vsimaxReached'>): CapacitySample | undefined {
  const limit = r.vsimaxReached && r.vsimax !== null ? r.vsimax : Number.POSITIVE_INFINITY;
  let best: CapacitySample | undefined;
  for (const s of r.curves) if (s.activeSessions <= limit && (!best || s.activeSessions >= best.activeSessions)) best = s;
  return best ?? r.curves[r.curves.length - 1];
}

/**
 * When VSImax was not reached but a resource passed its limit (CPU saturated, ready 28 %), the
 * headline must not read as "all fine": the response index did not cross the threshold yet, the
 * hosts are past a safe load all the same. Null when there is nothing to add.
 */
export function notReachedCaveat(r: Pick<CapacityResult, 'vsimaxReached' | 'bottleneck' | 'utilizationAtKnee' | 'sessionsLaunched'>): string | null {
  if (r.vsimaxReached) return null;
  const u = r.utilizationAtKnee;
  const parts: string[] = [];
  if (u.cpuPct >= 95) parts.push(`CPU at ${Math.round(u.cpuPct)} %`);
  if (u.readyPct > READY_CRITICAL) parts.push(`CPU ready ${u.readyPct.toFixed(1)} % per vCPU (critical above ${READY_CRITICAL} %)`);
  if (u.memPct > 100 && u.memState !== 'high' && u.memState !== 'clear') parts.push(`memory in the ${u.memState} state`);
  if (r.bottleneck.resource === 'none' && parts.length === 0) return null;
  const at = r.bottleneck.atSessions !== null ? ` from ${r.bottleneck.atSessions.toLocaleString('en-US')} sessions on` : '';
  const what = parts.length ? parts.join(', ') : r.bottleneck.sentence;
  return `The response index stayed under the threshold for all ${r.sessionsLaunched.toLocaleString('en-US')} sessions, but the hosts were past a safe load${at}: ${what}. Plan by that limit, not by the VSImax lower bound.`;
}

/** "104 % of physical RAM demanded: over-committed, the excess ballooned or shared (0 MB swapped)". */
export function memoryText(memPct: number, memState: string, swappedMb: number | undefined): string {
  const sw = swappedMb === undefined ? '' : ` · ${Math.round(swappedMb).toLocaleString('en-US')} MB swapped`;
  if (memPct <= 100) return `${Math.round(memPct)} % of physical RAM demanded · ${memState}${sw}`;
  const how =
    swappedMb !== undefined && swappedMb > 0
      ? 'part of the excess is swapped'
      : 'the excess is reclaimed by page sharing, ballooning or compression, nothing swapped';
  return `${Math.round(memPct)} % of physical RAM demanded · ${memState}${sw} (over-committed: ${how})`;
}
