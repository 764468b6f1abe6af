// Reading a definition from a JSON file: a planner's own file may leave out what
// has a default and may be wrong in one field; the wizard opens on that field.

import { CAPACITY_DEFINITION } from './contract-types.ts';
import type { CapacityDefinition } from './definition.ts';
import { DEFAULT_DEFINITION } from './defaults.ts';
import { getIn } from '../../../../src-main/shared/capacity/paths.ts';
import { validateDefinition, type FieldErrors } from '../../../../src-main/shared/capacity/definition-check.ts';
import { fieldOfPath } from './form-paths.ts';

export type ParsedDefinition =
  | {
      ok: true;
      definition: CapacityDefinition;
      errors: Partial<Record<string, string>>;
      /** Fields the file has that a definition does not (dropped). */ dropped: string[];
    }
  | { ok: false; message: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `base` with `over` laid on top, objects merged key by key (arrays and values replaced). */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

/** `merged` with only the keys `shape` has (objects recursively): what a strict schema would accept. */
function pickKnown(shape: unknown, merged: unknown): unknown {
  if (!isObject(shape) || !isObject(merged)) return merged;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(shape)) out[k] = pickKnown(shape[k], merged[k]);
  return out;
}

/**
 * Parses a definition file. Missing fields take the defaults (the contract's
 * defaults for power, planning and the like); a missing session-host kind's
 * fields come from the default of that kind. Field problems come back as
 * errors on the fields, so the wizard can open with the definition loaded and
 * the wrong field marked.
 */
export function parseDefinitionJson(text: string): ParsedDefinition {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not a JSON file: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!isObject(raw)) return { ok: false, message: 'A capacity test definition is a JSON object ({ "name": …, "hosts": … })' };
  if (!isObject(raw['hosts']) || !isObject(raw['sessionHost']))
    return { ok: false, message: 'Not a capacity test definition: it needs at least "hosts" and "sessionHost"' };
  // The contract's own schema first: it fills every default exactly as the host will.
  const strict = CAPACITY_DEFINITION.safeParse(raw);
  if (strict.success) return { ok: true, definition: strict.data, errors: validateDefinition(strict.data).errors, dropped: [] };
  const schemaErrors: FieldErrors = {};
  const dropped: string[] = [];
  for (const issue of strict.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) dropped.push([...issue.path.map(String), k].join('.'));
      continue;
    }
    // What the file leaves out takes the wizard's default below; only what it gets wrong is an error.
    if (getIn(raw, issue.path.map(String).join('.')) === undefined && issue.code === 'invalid_type') continue;
    const hit = fieldOfPath(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
    const field = hit?.field ?? 'name';
    schemaErrors[field] ??= `${issue.path.join('.') || 'definition'}: ${issue.message}`;
  }
  const base: CapacityDefinition =
    raw['sessionHost']['kind'] === 'multi-session'
      ? {
          ...DEFAULT_DEFINITION,
          sessionHost: { kind: 'multi-session', vmsPerHost: 6, vcpu: 8, ramGb: 64, diskGb: 120, maxSessionsPerVm: 500, loadBalancing: 'breadth-first' },
        }
      : DEFAULT_DEFINITION;
  // The workload replaces rather than merges: a mix in the file must not keep the default's type.
  const merged = pickKnown(base, deepMerge(base, { ...raw, workload: undefined })) as CapacityDefinition;
  const definition: CapacityDefinition = { ...merged, workload: (raw['workload'] as CapacityDefinition['workload'] | undefined) ?? base.workload };
  // Our messages where we have one (they name the value), the schema's for the rest (unknown fields, ranges).
  return { ok: true, definition, errors: { ...validateDefinition(definition).errors, ...schemaErrors }, dropped };
}

/** The file name a definition is saved under: its name, lower-case, dashes. */
export function definitionFileName(d: CapacityDefinition): string {
  const slug = d.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'capacity-test'}.json`;
}
