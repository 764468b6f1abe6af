import { CAPACITY_DEFINITION, type CapacityDefinition } from '../../contract/capacity-entities.ts';
import { findCpu, suggestCpus } from './cpu-index.ts';
import { minFreeMb, vmOverheadMb } from './memory.ts';

// A capacity definition checked once, the same way on both sides: the contract's zod schema (types,
// ranges, unknown fields), then what a schema cannot see (a design that cannot run at all). The host
// refuses with the first problem's path; the wizard shows every problem on its field.

/** A problem with a definition that passed its schema: where, and what is wrong, in words. */
export interface DefinitionProblem {
  path: (string | number)[];
  message: string;
}

/** A CPU model the catalogue does not list (capacity tests and boot storms name hosts alike), with the nearest names. */
export function hostCpuProblem(h: { cpuModel?: string | undefined }): DefinitionProblem | null {
  if (h.cpuModel === undefined || findCpu(h.cpuModel)) return null;
  const near = suggestCpus(h.cpuModel);
  return {
    path: ['hosts', 'cpuModel'],
    message: `"${h.cpuModel}" is not in the CPU catalogue${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; give specIntRatePerCore or vixPerCore for a CPU it does not list`,
  };
}

/** Every problem the schema cannot see, in the order a planner meets the fields. */
export function definitionProblems(def: CapacityDefinition): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const h = def.hosts;
  const sh = def.sessionHost;
  const cpu = hostCpuProblem(h);
  if (cpu) out.push(cpu);
  const cores = h.sockets * h.coresPerSocket;
  const logical = cores * (h.hyperthreading ? 2 : 1);
  const usableMb = h.ramGb * 1024 - minFreeMb(h.ramGb);
  const oneVmMb = sh.ramGb * 1024 + vmOverheadMb(sh.ramGb, sh.vcpu);
  if (oneVmMb > usableMb) {
    out.push({
      path: ['hosts', 'ramGb'],
      message: `${h.ramGb} GB per host is below what one ${sh.kind} host needs (${sh.ramGb} GB + ${Math.round(vmOverheadMb(sh.ramGb, sh.vcpu))} MB overhead + ${Math.round(minFreeMb(h.ramGb))} MB ESXi minFree)`,
    });
  }
  if (sh.vcpu > logical) out.push({ path: ['sessionHost', 'vcpu'], message: `a ${sh.vcpu}-vCPU VM cannot run on a host with ${logical} logical CPUs` });
  if (sh.kind === 'multi-session') {
    const need = sh.vmsPerHost * oneVmMb;
    if (oneVmMb <= usableMb && need > usableMb) {
      out.push({
        path: ['sessionHost', 'vmsPerHost'],
        message: `${sh.vmsPerHost} session hosts of ${sh.ramGb} GB need ${Math.round(need / 1024)} GB; a host has ${Math.floor(usableMb / 1024)} GB usable`,
      });
    }
    if (sh.vmsPerHost * sh.maxSessionsPerVm * h.count < def.launch.sessions) {
      out.push({
        path: ['sessionHost', 'maxSessionsPerVm'],
        message: `${h.count * sh.vmsPerHost} session hosts × ${sh.maxSessionsPerVm} sessions cannot take the ${def.launch.sessions} sessions to launch`,
      });
    }
  }
  if (typeof def.workload === 'object') {
    const total = Object.values(def.workload).reduce((a, b) => a + (b ?? 0), 0);
    if (!(total > 0)) out.push({ path: ['workload'], message: 'a workload mix needs at least one workload with a share above 0' });
  }
  if (h.powerPeakW < h.powerIdleW) out.push({ path: ['hosts', 'powerPeakW'], message: 'peak power must be at least the idle power' });
  return out;
}

/** The first problem, or null: what the host refuses a definition with. */
export function checkDefinition(def: CapacityDefinition): DefinitionProblem | null {
  return definitionProblems(def)[0] ?? null;
}

/** Errors by field ("hosts.coresPerSocket" → message). A workload mix's errors belong to `workload`. */
export type FieldErrors = Partial<Record<string, string>>;

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  keys?: string[];
}

/** A zod issue in a planner's words (the schema's own message where it wrote one). */
function issueText(i: Issue): string {
  const generic = /^(Too (small|big)|Invalid input|Invalid option)/.test(i.message);
  if (!generic) return i.message;
  if (i.code === 'too_small' && i.origin === 'number') return `must be at least ${String(i.minimum)}`;
  if (i.code === 'too_big' && i.origin === 'number') return `must be at most ${String(i.maximum)}`;
  if (i.code === 'too_small' && i.origin === 'string') return 'must not be empty';
  if (i.code === 'too_big' && i.origin === 'string') return `must be at most ${String(i.maximum)} characters`;
  if (i.code === 'invalid_type' && /expected number/.test(i.message)) return 'must be a number';
  if (i.code === 'invalid_type' && /expected int/.test(i.message)) return 'must be a whole number';
  return i.message;
}

/** The field a path names: the first two steps (a workload mix's key belongs to the workload). */
export function fieldOfPath(path: readonly PropertyKey[]): string {
  const parts = path.map(String);
  if (parts[0] === 'workload') return 'workload';
  return parts.slice(0, 2).join('.');
}

/**
 * Every error of a definition as the wizard shows them: the contract's schema first (so what the
 * wizard accepts is exactly what the host accepts), then the checks it cannot make. `parsed` is the
 * definition with its defaults when the schema accepted it.
 */
export function validateDefinition(input: unknown): { errors: FieldErrors; parsed: CapacityDefinition | null } {
  const errors: FieldErrors = {};
  const r = CAPACITY_DEFINITION.safeParse(input);
  if (!r.success) {
    for (const issue of r.error.issues as Issue[]) {
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys ?? []) errors[[...issue.path.map(String), k].join('.')] ??= 'not a field of a capacity definition';
        continue;
      }
      errors[fieldOfPath(issue.path) || 'name'] ??= issueText(issue);
    }
    return { errors, parsed: null };
  }
  for (const p of definitionProblems(r.data)) errors[fieldOfPath(p.path)] ??= p.message;
  return { errors, parsed: r.data };
}
