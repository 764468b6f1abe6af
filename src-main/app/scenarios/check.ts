import { FAULT_CATALOGUE } from '../../contract/fault-methods.ts';
import { isMethodName } from '../../contract/methods.ts';
import { scenarioSchema, type Predicate, type Scenario } from '../../contract/scenario-schema.ts';
import { NETWORK_PROFILES } from '../../contract/session-entities.ts';
import { generateLab } from '../../core/lab/generate.ts';
import type { LabModel } from '../../core/lab/model.ts';
import { unresolved } from './predicates.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from '../../contract/errors.ts';
import { checkLabFile, labRefs, type LabRefs } from '../../store/checkpoint-files.ts';
import { resolveCheckpointFile } from './checkpoint-source.ts';

export interface CheckProblem {
  path: string;
  message: string;
}

const labCache = new Map<string, LabModel>();
/** The scenario's starting lab as generated (cached: a catalogue check generates each profile once). */
function startingLab(profile: LabModel['profile'], seed: number): LabModel {
  const key = `${profile}:${seed}`;
  let lab = labCache.get(key);
  if (!lab) labCache.set(key, (lab = generateLab(profile, seed)));
  return lab;
}

function walk(p: Predicate, at: string, out: CheckProblem[]): void {
  if (p.is === 'all' || p.is === 'any') p.of.forEach((q, i) => walk(q, `${at}.of.${i}`, out));
  else if (p.is === 'not') walk(p.of, `${at}.of`, out);
  else if (p.is === 'action' && !isMethodName(p.method)) out.push({ path: `${at}.method`, message: `no method "${p.method}" in the API` });
}

/**
 * Validates a scenario file: the format (zod, every issue with its path), then what only the lab
 * can say: every pool, host and datastore it names exists in its starting lab, every fault has a
 * target of the right type and parameters inside their bounds, every method it matches exists, and
 * its deadlines and hints fall inside the time limit. A checkpoint-based scenario's references are
 * checked against `checkpointLab` when given (checkScenarioFile reads it from the file).
 */
export function checkScenario(raw: unknown, checkpointLab?: LabRefs): { valid: boolean; errors: CheckProblem[]; scenario: Scenario | null } {
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    return { valid: false, scenario: null, errors: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(file)', message: i.message })) };
  }
  const sc = parsed.data;
  const errors: CheckProblem[] = [];
  const lab: LabRefs | null = 'profile' in sc.lab ? startingLab(sc.lab.profile, sc.lab.seed) : (checkpointLab ?? null);
  const ids = new Set<string>();
  sc.objectives.forEach((o, i) => {
    if (ids.has(o.id)) errors.push({ path: `objectives.${i}.id`, message: `objective id "${o.id}" is used twice` });
    ids.add(o.id);
    if (o.withinSec !== undefined && o.withinSec > sc.timeLimitSec)
      errors.push({ path: `objectives.${i}.withinSec`, message: 'deadline after the time limit' });
    if (o.kind === 'keep' && o.withinSec !== undefined)
      errors.push({ path: `objectives.${i}.withinSec`, message: 'a keep objective holds for the whole run: no deadline' });
    walk(o.check, `objectives.${i}.check`, errors);
    const u = lab && unresolved(o.check, lab);
    if (u) errors.push({ path: `objectives.${i}.check`, message: u });
  });
  if (!sc.objectives.some((o) => o.kind === 'reach'))
    errors.push({ path: 'objectives', message: 'at least one objective must be of kind "reach" (the scenario is resolved when all are met)' });
  sc.hints.forEach((h, i) => {
    if (h.afterSec > sc.timeLimitSec) errors.push({ path: `hints.${i}.afterSec`, message: 'unlocks after the time limit' });
  });
  sc.timeline.forEach((t, i) => {
    const at = `timeline.${i}`;
    if (t.hostFailure !== undefined) {
      if (lab && !lab.hosts.some((h) => h.id === t.target)) errors.push({ path: `${at}.target`, message: `no host "${t.target}" in the starting lab` });
      else if (lab && lab.hosts.find((h) => h.id === t.target)?.connectionState !== 'connected')
        errors.push({ path: `${at}.target`, message: `host "${t.target}" is not running in the starting lab: it cannot fail` });
      return;
    }
    const spec = FAULT_CATALOGUE[t.fault as NonNullable<typeof t.fault>];
    if (t.atSec !== undefined && t.atSec > sc.timeLimitSec) errors.push({ path: `${at}.atSec`, message: 'starts after the time limit' });
    if (t.when) {
      walk(t.when, `${at}.when`, errors);
      const u = lab && unresolved(t.when, lab);
      if (u) errors.push({ path: `${at}.when`, message: u });
    }
    if (spec.target === 'global') {
      if (t.target !== undefined) errors.push({ path: `${at}.target`, message: `${spec.label} acts on the whole estate: give no target` });
    } else if (t.target === undefined) errors.push({ path: `${at}.target`, message: `${spec.label} needs a target (a ${spec.target})` });
    else if (spec.target === 'network') {
      if (!(NETWORK_PROFILES as readonly string[]).includes(t.target) || t.target === 'custom')
        errors.push({ path: `${at}.target`, message: `no client network profile "${t.target}"` });
    } else if (lab) {
      const list = spec.target === 'host' ? lab.hosts : spec.target === 'datastore' ? lab.datastores : lab.pools;
      if (!list.some((x) => x.id === t.target)) errors.push({ path: `${at}.target`, message: `no ${spec.target} "${t.target}" in the starting lab` });
    }
    const params = spec.params as Record<string, { min: number; max: number; label: string }>;
    for (const [k, v] of Object.entries(t.params ?? {})) {
      const p = params[k];
      if (!p) errors.push({ path: `${at}.params.${k}`, message: `${spec.label} has no parameter "${k}"` });
      else if (!(v >= p.min && v <= p.max)) errors.push({ path: `${at}.params.${k}`, message: `${p.label} must be between ${p.min} and ${p.max}` });
    }
    if (t.clearedBy && !isMethodName(t.clearedBy.method))
      errors.push({ path: `${at}.clearedBy.method`, message: `no method "${t.clearedBy.method}" in the API` });
  });
  sc.rubric.collateral.forEach((c, i) => {
    if (!isMethodName(c.match.method)) errors.push({ path: `rubric.collateral.${i}.match.method`, message: `no method "${c.match.method}" in the API` });
  });
  return { valid: errors.length === 0, errors, scenario: errors.length === 0 ? sc : null };
}

/**
 * `checkScenario` with the starting lab of a checkpoint-based scenario read from its file (under
 * `baseDir`, never outside): the file is opened into a scratch copy in a temporary folder and
 * checked the way checkpoint-restore and the import check an untrusted file (integrity, schema
 * version, migrations, every row); a missing, damaged or tampered file is a problem of the file at
 * lab.checkpointFile, and the references are then checked against the checkpoint's lab.
 */
export function checkScenarioFile(raw: unknown, baseDir: string): { valid: boolean; errors: CheckProblem[]; scenario: Scenario | null } {
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success || 'profile' in parsed.data.lab) return checkScenario(raw);
  const rel = parsed.data.lab.checkpointFile;
  const folder = mkdtempSync(join(tmpdir(), 'vdi-scenario-check-'));
  let refs: LabRefs;
  try {
    const lab = checkLabFile(resolveCheckpointFile(rel, baseDir, parsed.data.lab.sha256), folder);
    try {
      refs = labRefs(lab.path);
    } finally {
      lab.dispose();
    }
  } catch (err) {
    if (!(err instanceof LabError)) throw err;
    return { valid: false, scenario: null, errors: [{ path: 'lab.checkpointFile', message: err.message.replace(/^lab\.checkpointFile: /, '') }] };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return checkScenario(raw, refs);
}
