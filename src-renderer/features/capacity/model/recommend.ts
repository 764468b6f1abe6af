// "How many hosts do I need?" from a run, for the target a planner types in.
// The run's VSImax (or, when the test ended first, the sessions it carried: a
// lower bound) is spread over its hosts; the safety margin keeps that share of
// VSImax free, as Login VSI advises for production; N+1 adds failover hosts.

import type { CapacityResult } from './contract-types.ts';

export interface PlanningInput {
  targetUsers: number;
  safetyMarginPct: number;
  haSpareHosts: number;
}

export interface Recommendation {
  /** True when VSImax was not reached: every figure is at least this. */
  lowerBound: boolean;
  usersPerHostAtVsimax: number;
  usersPerCoreAtVsimax: number;
  usersPerHostSafe: number;
  usersPerCoreSafe: number;
  hostsForTarget: number;
  hostsWithHa: number;
  /** Physical cores per host in the test. */
  coresPerHost: number;
}

export function recommend(r: Pick<CapacityResult, 'vsimax' | 'vsimaxReached' | 'sessionsLaunched' | 'definition'>, p: PlanningInput): Recommendation {
  const h = r.definition.hosts;
  const coresPerHost = h.sockets * h.coresPerSocket;
  const carried = r.vsimaxReached && r.vsimax !== null ? r.vsimax : r.sessionsLaunched;
  const perHost = carried / Math.max(1, h.count);
  const margin = Math.min(90, Math.max(0, p.safetyMarginPct)) / 100;
  const safe = Math.floor(perHost * (1 - margin));
  const hostsForTarget = safe > 0 ? Math.ceil(Math.max(0, p.targetUsers) / safe) : Number.POSITIVE_INFINITY;
  return {
    lowerBound: !r.vsimaxReached,
    usersPerHostAtVsimax: perHost,
    usersPerCoreAtVsimax: perHost / Math.max(1, coresPerHost),
    usersPerHostSafe: safe,
    usersPerCoreSafe: safe / Math.max(1, coresPerHost),
    hostsForTarget,
    hostsWithHa: hostsForTarget + Math.max(0, Math.floor(p.haSpareHosts)),
    coresPerHost,
  };
}
