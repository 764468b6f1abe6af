import {
  CONSOLIDATION_ASSUMPTIONS,
  type CapacityResult,
  type ConsolidationAssumptionsInput,
  type ConsolidationReport,
  type ConsolidationSide,
} from '../../contract/capacity-results.ts';
import { hostWatts } from '../models/power.ts';

/** Hours in a year, for energy. */
const HOURS_PER_YEAR = 8760;
/** DOMAIN.md "Consolidation arithmetic": ratios of 10:1 are common; the default count of servers before. */
export const DEFAULT_CONSOLIDATION_RATIO = 10;

/** CPU % of the measured curve at a session count (linear between points; the test's hosts together). */
export function cpuAtSessions(result: CapacityResult, sessions: number): number {
  const c = result.curves;
  if (c.length === 0) return 0;
  let prev = c[0];
  for (const p of c) {
    if (p.activeSessions >= sessions) {
      if (!prev || p.activeSessions === prev.activeSessions) return p.cpuPct;
      const f = (sessions - prev.activeSessions) / (p.activeSessions - prev.activeSessions);
      return prev.cpuPct + f * (p.cpuPct - prev.cpuPct);
    }
    prev = p;
  }
  return c[c.length - 1]?.cpuPct ?? 0;
}

function side(
  servers: number,
  utilPct: number,
  idleW: number,
  peakW: number,
  ru: number,
  yearlyEach: number,
  kwhPrice: number,
  pue: number,
): ConsolidationSide {
  const watts = servers * hostWatts(idleW, peakW, utilPct / 100);
  const kwh = (watts * HOURS_PER_YEAR * pue) / 1000;
  const energy = kwh * kwhPrice;
  const r = (x: number) => Math.round(x);
  return {
    servers,
    utilizationPct: Math.round(utilPct * 10) / 10,
    watts: r(watts),
    kwhPerYear: r(kwh),
    energyCostPerYear: r(energy),
    rackUnits: Math.round(servers * ru * 10) / 10,
    yearlyCost: r(energy + servers * yearlyEach),
  };
}

/**
 * The consolidation report (DOMAIN.md): servers, utilization, power, rack space
 * and cost before (the physical estate today) and after (the hosts this run says
 * are needed for the target users, N+1), from editable assumptions.
 */
export function consolidationReport(runId: string, result: CapacityResult, input: ConsolidationAssumptionsInput): ConsolidationReport {
  const parsed = CONSOLIDATION_ASSUMPTIONS.parse(input);
  const def = result.definition;
  const rec = result.recommendations;
  const targetUsers = parsed.targetUsers ?? rec.targetUsers;
  const safePerHost = rec.usersPerHostSafe;
  const hostsNeeded = safePerHost > 0 ? Math.ceil(targetUsers / safePerHost) : 0;
  const hostsAfter = hostsNeeded > 0 ? hostsNeeded + rec.haSpareHosts : 0;
  const serversBefore = parsed.serversBefore ?? Math.max(1, hostsAfter * DEFAULT_CONSOLIDATION_RATIO);
  const a = { ...parsed, targetUsers, serversBefore };
  // The users spread over every host (the spare too, as DRS does): utilization from the measured curve at that load.
  const perHost = hostsAfter > 0 ? targetUsers / hostsAfter : 0;
  const utilAfter = cpuAtSessions(result, perHost * def.hosts.count);
  const before = side(
    serversBefore,
    a.utilizationBeforePct,
    a.idleWattsBefore,
    a.peakWattsBefore,
    a.rackUnitsBefore,
    a.yearlyCostPerServerBefore,
    a.kwhPrice,
    a.pue,
  );
  const after = side(hostsAfter, utilAfter, def.hosts.powerIdleW, def.hosts.powerPeakW, def.hosts.rackUnits, a.yearlyCostPerHostAfter, a.kwhPrice, a.pue);
  const savings = before.yearlyCost - after.yearlyCost;
  const capex = hostsAfter * a.hostPrice;
  const notes: string[] = [];
  if (parsed.serversBefore === undefined)
    notes.push(`Servers before defaulted to ${DEFAULT_CONSOLIDATION_RATIO}× the hosts after (a common consolidation ratio): enter your own count.`);
  if (rec.lowerBound) notes.push('VSImax was not reached in this run: hosts after may be fewer than shown.');
  if (hostsAfter === 0) notes.push('This host design carries no users at the safety margin: no "after" estate can be computed.');
  notes.push(`After: ${hostsNeeded} hosts for ${targetUsers} users at ${safePerHost} users per host, plus ${rec.haSpareHosts} for HA (N+${rec.haSpareHosts}).`);
  return {
    runId,
    assumptions: a,
    before,
    after,
    consolidationRatio: hostsAfter > 0 ? Math.round((serversBefore / hostsAfter) * 10) / 10 : 0,
    savingsPerYear: savings,
    capex,
    paybackYears: savings > 0 ? Math.round((capex / savings) * 10) / 10 : null,
    notes,
  };
}
