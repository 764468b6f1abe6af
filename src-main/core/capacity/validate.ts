import type { CapacityDefinition } from '../../contract/capacity-entities.ts';
import type { CapacityDefinitionCheck } from '../../contract/capacity-results.ts';
import { definitionHostCpu } from './cpu-target.ts';
import { PARAMS } from '../params.ts';

// What a definition that passed its schema cannot do lives in shared/capacity/definition-check.ts:
// the wizard checks the same way before it asks the host.
export { checkDefinition, type DefinitionProblem } from '../../shared/capacity/definition-check.ts';

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
