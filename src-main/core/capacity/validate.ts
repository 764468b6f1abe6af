import type { CapacityDefinition, CapacityDefinitionCheck } from '../../contract/capacity-entities.ts';
import { definitionHostCpu } from './cpu-target.ts';
import { minFreeMb, PARAMS, vmOverheadMb } from '../params.ts';

/** A problem with a definition that passed its schema: where, and what is wrong, in words. */
export interface DefinitionProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Checks what the schema cannot: a design that cannot run at all. The planner
 * learns which field to change (RAM below what one session host needs, more
 * session host vCPUs than a host has threads, a workload mix of zero, …).
 */
export function checkDefinition(def: CapacityDefinition): DefinitionProblem | null {
  const h = def.hosts;
  const sh = def.sessionHost;
  const cores = h.sockets * h.coresPerSocket;
  const logical = cores * (h.hyperthreading ? 2 : 1);
  const usableMb = h.ramGb * 1024 - minFreeMb(h.ramGb);
  const oneVmMb = sh.ramGb * 1024 + vmOverheadMb(sh.ramGb, sh.vcpu);
  if (oneVmMb > usableMb) {
    return {
      path: ['hosts', 'ramGb'],
      message: `${h.ramGb} GB per host is below what one ${sh.kind} host needs (${sh.ramGb} GB + ${Math.round(vmOverheadMb(sh.ramGb, sh.vcpu))} MB overhead + ${Math.round(minFreeMb(h.ramGb))} MB ESXi minFree)`,
    };
  }
  if (sh.vcpu > logical) {
    return { path: ['sessionHost', 'vcpu'], message: `a ${sh.vcpu}-vCPU VM cannot run on a host with ${logical} logical CPUs` };
  }
  if (sh.kind === 'multi-session') {
    const need = sh.vmsPerHost * oneVmMb;
    if (need > usableMb) {
      return {
        path: ['sessionHost', 'vmsPerHost'],
        message: `${sh.vmsPerHost} session hosts of ${sh.ramGb} GB need ${Math.round(need / 1024)} GB; a host has ${Math.floor(usableMb / 1024)} GB usable`,
      };
    }
    if (sh.vmsPerHost * sh.maxSessionsPerVm * h.count < def.launch.sessions) {
      return {
        path: ['sessionHost', 'maxSessionsPerVm'],
        message: `${h.count * sh.vmsPerHost} session hosts × ${sh.maxSessionsPerVm} sessions cannot take the ${def.launch.sessions} sessions to launch`,
      };
    }
  }
  if (typeof def.workload === 'object') {
    const total = Object.values(def.workload).reduce((a, b) => a + (b ?? 0), 0);
    if (!(total > 0)) return { path: ['workload'], message: 'a workload mix needs at least one workload with a share above 0' };
  }
  if (h.powerPeakW < h.powerIdleW) return { path: ['hosts', 'powerPeakW'], message: 'peak power must be at least the idle power' };
  return null;
}

/** The wizard's preview: totals and the rule of thumb (PARAMS.cpu: cores × 5 single-session, × 10 multi-session). */
export function definitionCheck(def: CapacityDefinition): CapacityDefinitionCheck {
  const h = def.hosts;
  const cores = h.count * h.sockets * h.coresPerSocket;
  const sh = def.sessionHost;
  const vcpus = sh.kind === 'multi-session' ? h.count * sh.vmsPerHost * sh.vcpu : def.launch.sessions * sh.vcpu;
  const perCore = sh.kind === 'multi-session' ? PARAMS.cpu.usersPerCoreMulti : PARAMS.cpu.desktopsPerCoreSingle;
  const hostCpu = definitionHostCpu(def);
  return {
    definition: def,
    physicalCores: cores,
    logicalCpus: cores * (h.hyperthreading ? 2 : 1),
    cpuCapacityGhz: Math.round(cores * hostCpu.baseGhz * 10) / 10,
    hostCpu,
    ramGb: h.count * h.ramGb,
    vcpuPerCore: Math.round((vcpus / cores) * 100) / 100,
    ruleOfThumbSessions: cores * perCore,
    launchIntervalSec: Math.round((def.launch.timeframeSec / def.launch.sessions) * 100) / 100,
  };
}
