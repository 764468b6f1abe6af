import type { CapacityDefinition } from '../../contract/capacity-entities.ts';
import type { CapacityCpuTarget, CapacityHostCpu, CapacitySample } from '../../contract/capacity-results.ts';
import { hostCpuFigures } from '../../shared/capacity/cpu-index.ts';

/** What the definition's hosts are worth in the model (the catalogue figure, before the per-host spread). */
export function definitionHostCpu(def: CapacityDefinition): CapacityHostCpu {
  const cpu = hostCpuFigures(def.hosts);
  if (!cpu) throw new RangeError(`hosts: unknown CPU model ${def.hosts.cpuModel ?? ''} or no clock`);
  return cpu;
}

/**
 * Login Enterprise's density: users per host with the steady host CPU at the target. The ramp's
 * CPU (`cpuInUsePct`: without desktops still waiting for their user) against active sessions is
 * noisy — users' loops go active and idle — so a straight line is fitted through the points
 * between `fitLowShare` and `fitHighShare` of the target, and the density is where it reaches the
 * target. Not reached (null) when the test never got there: launch more sessions.
 */
export const CPU_TARGET_PARAMS = { fitLowShare: 0.5, fitHighShare: 1.15, minPoints: 4 };

export function densityAtCpuTarget(def: CapacityDefinition, curves: readonly CapacitySample[], hostCpu: CapacityHostCpu): CapacityCpuTarget {
  const target = def.planning.cpuTargetPct;
  const p = CPU_TARGET_PARAMS;
  const pts = curves.filter((c) => c.activeSessions > 0 && c.cpuInUsePct >= target * p.fitLowShare && c.cpuInUsePct <= target * p.fitHighShare);
  const peak = curves.reduce((m, c) => Math.max(m, c.cpuInUsePct), 0);
  const none: CapacityCpuTarget = {
    targetPct: target,
    users: null,
    reached: false,
    usersPerHost: null,
    usersPerCore: null,
    readyPct: null,
    mhzPerSession: null,
  };
  if (pts.length < p.minPoints || peak < target) return none;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const c of pts) {
    sx += c.activeSessions;
    sy += c.cpuInUsePct;
    sxx += c.activeSessions * c.activeSessions;
    sxy += c.activeSessions * c.cpuInUsePct;
  }
  const n = pts.length;
  const slope = (n * sxy - sx * sy) / Math.max(1e-9, n * sxx - sx * sx);
  if (!(slope > 0)) return none;
  const intercept = (sy - slope * sx) / n;
  const users = (target - intercept) / slope;
  const hosts = def.hosts.count;
  const cores = def.hosts.sockets * def.hosts.coresPerSocket;
  const near = curves.filter((c) => Math.abs(c.activeSessions - users) <= Math.max(2, users * 0.03));
  const ready = near.length ? near.reduce((a, c) => a + c.readyPct, 0) / near.length : null;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    targetPct: target,
    users: r1(users),
    reached: true,
    usersPerHost: r1(users / hosts),
    usersPerCore: r2(users / hosts / cores),
    readyPct: ready === null ? null : r2(ready),
    mhzPerSession: Math.round(((target / 100) * cores * hostCpu.baseGhz * 1000) / (users / hosts)),
  };
}
