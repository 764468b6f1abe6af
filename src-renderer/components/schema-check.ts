import type { z } from 'zod';
import type { ApiError } from '../../src-main/contract/index.ts';

/**
 * Form fields checked against the contract's own zod schema, so the console and the host
 * agree on every limit: the same schema that refuses a request marks the field before it
 * is sent, and shows its limits as a hint. Messages come from contract/messages.ts.
 */
export type FieldErrors = Partial<Record<string, string>>;

const cap = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** One message per top-level field (its first issue); form-wide issues under `_form`. */
export function schemaErrors(schema: z.ZodType, value: unknown): FieldErrors {
  const r = schema.safeParse(value);
  if (r.success) return {};
  const out: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form';
    out[key] ??= cap(issue.message);
  }
  return out;
}

/** One message per field by its full dotted path (`admissionControl.cpuPct`), for nested forms. */
export function schemaErrorsDeep(schema: z.ZodType, value: unknown): FieldErrors {
  const r = schema.safeParse(value);
  if (r.success) return {};
  const out: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_form';
    out[key] ??= cap(issue.message);
  }
  return out;
}

/** The schema at a dotted path of nested schemas (`admissionControl.cpuPct`; `*` or an index steps into an array). */
export function schemaAt(objectSchema: z.ZodType, path: string): z.ZodType | undefined {
  let cur: z.ZodType | undefined = objectSchema;
  for (const k of path.split('.')) {
    if (!cur) return undefined;
    const d = defOf(unwrap(cur));
    cur = d.type === 'array' && (k === '*' || /^\d+$/.test(k)) ? d.element : fieldSchema(cur, k);
  }
  return cur;
}

interface Bag {
  type?: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}
const defOf = (s: z.ZodType): Bag => (s as unknown as { _zod: { def: Bag } })._zod.def;

/** Strips default / optional / nullable wrappers. */
function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let i = 0; i < 5; i++) {
    const d = defOf(cur);
    if ((d.type === 'default' || d.type === 'optional' || d.type === 'nullable' || d.type === 'prefault') && d.innerType) cur = d.innerType;
    else break;
  }
  return cur;
}

/** The schema of one field of an object schema (undefined when there is no such field). */
export function fieldSchema(objectSchema: z.ZodType, key: string): z.ZodType | undefined {
  const shape = defOf(unwrap(objectSchema)).shape;
  return shape?.[key];
}

export interface Limits {
  min?: number;
  max?: number;
  integer?: boolean;
  minLength?: number;
  maxLength?: number;
}

export function limitsOf(schema: z.ZodType | undefined): Limits {
  if (!schema) return {};
  const s = unwrap(schema) as unknown as {
    minValue?: number | null;
    maxValue?: number | null;
    isInt?: boolean;
    minLength?: number | null;
    maxLength?: number | null;
  };
  const t = defOf(unwrap(schema)).type;
  const out: Limits = {};
  if (t === 'number') {
    if (typeof s.minValue === 'number' && Number.isFinite(s.minValue)) out.min = s.minValue;
    if (typeof s.maxValue === 'number' && Number.isFinite(s.maxValue)) out.max = s.maxValue;
    if (s.isInt) out.integer = true;
  }
  if (t === 'string') {
    if (typeof s.minLength === 'number') out.minLength = s.minLength;
    if (typeof s.maxLength === 'number') out.maxLength = s.maxLength;
  }
  return out;
}

const num = (v: number) => v.toLocaleString('en-US');

/** "1–64", "up to 64 characters": the limits shown under a field before anything is sent. */
export function limitsText(l: Limits, unit?: string): string | undefined {
  const u = unit ? ` ${unit}` : '';
  if (l.min !== undefined && l.max !== undefined) return `${num(l.min)}–${num(l.max)}${u}${l.integer ? ', whole numbers' : ''}`;
  if (l.max !== undefined) return `up to ${num(l.max)}${u}`;
  if (l.min !== undefined) return `at least ${num(l.min)}${u}`;
  if (l.maxLength !== undefined) return `up to ${num(l.maxLength)} characters`;
  return undefined;
}

/** An API error's message for the field it names: without the "field: " prefix the host adds. */
export function fieldMessage(err: ApiError): string {
  const path = err.path?.join('.');
  const msg = path && err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : err.message;
  return cap(msg);
}
