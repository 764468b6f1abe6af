import type { CapacityDefinition } from '../../contract/capacity-entities.ts';
import type { CapacityResult } from '../../contract/capacity-results.ts';

// "How many hosts do I need?" from a run, for the target a planner types: the run's capacity (VSImax,
// or the users at the CPU target, whichever the planner sizes on; the sessions carried when the test
// ended first: a lower bound) spread over its hosts; the headroom kept free; N+k spare hosts. One
// arithmetic for the host's result and the renderer's live recalculation.

export interface PlanningInput {
  targetUsers: number;
  safetyMarginPct: number;
  haSpareHosts: number;
}

export interface Plan {
  /** True when the metric was not reached: every figure is at least this. */
  lowerBound: boolean;
  /** Users the test's hosts carried by the metric (all hosts). */
  capacity: number;
  usersPerHostAtVsimax: number;
  usersPerCoreAtVsimax: number;
  usersPerHostSafe: number;
  usersPerCoreSafe: number;
  /** Hosts to carry the target at the safe figure, and with the spares; 0 when the safe figure is 0 (the design cannot carry the workload). */
  hostsForTarget: number;
  hostsWithHa: number;
  coresPerHost: number;
}

type ResultLike = Pick<CapacityResult, 'vsimax' | 'vsimaxReached' | 'sessionsLaunched'> & {
  cpuTarget?: Pick<CapacityResult['cpuTarget'], 'users' | 'reached'> | undefined;
  definition: Pick<CapacityDefinition, 'hosts'> & { planning: Pick<CapacityDefinition['planning'], 'metric'> };
};

/** The users the run carried by the planner's metric, and whether the metric was reached. */
export function carried(r: ResultLike): { users: number; reached: boolean } {
  if (r.definition.planning.metric === 'cpu-target') {
    const t = r.cpuTarget;
    return t && t.reached && t.users !== null ? { users: Math.floor(t.users), reached: true } : { users: r.sessionsLaunched, reached: false };
  }
  return r.vsimaxReached && r.vsimax !== null ? { users: r.vsimax, reached: true } : { users: r.sessionsLaunched, reached: false };
}

export function plan(r: ResultLike, p: PlanningInput): Plan {
  const h = r.definition.hosts;
  const coresPerHost = h.sockets * h.coresPerSocket;
  const c = carried(r);
  const perHost = c.users / Math.max(1, h.count);
  const margin = Math.min(90, Math.max(0, p.safetyMarginPct)) / 100;
  const safe = Math.floor(perHost * (1 - margin));
  const hostsForTarget = safe > 0 ? Math.ceil(Math.max(0, p.targetUsers) / safe) : 0;
  return {
    lowerBound: !c.reached,
    capacity: c.users,
    usersPerHostAtVsimax: perHost,
    usersPerCoreAtVsimax: perHost / Math.max(1, coresPerHost),
    usersPerHostSafe: safe,
    usersPerCoreSafe: safe / Math.max(1, coresPerHost),
    hostsForTarget,
    hostsWithHa: hostsForTarget > 0 ? hostsForTarget + Math.max(0, Math.floor(p.haSpareHosts)) : 0,
    coresPerHost,
  };
}

/** The metric a plan is sized on, in words ("VSImax", "80 % host CPU"). */
export function metricName(d: Pick<CapacityDefinition, 'planning'>): string {
  return d.planning.metric === 'cpu-target' ? `${d.planning.cpuTargetPct} % host CPU` : 'VSImax';
}
