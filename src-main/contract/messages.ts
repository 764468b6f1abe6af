import { z } from 'zod';

/**
 * Human wording for schema failures, used on both sides: the dispatcher's `invalid-input`
 * errors (after "field: ") and the console's messages under a field (after its label).
 * Each message is a predicate ("must be at most 64 characters (10,000 given)") so it reads
 * after either. A schema's own message (a regex's "a pool ID is …") wins over these.
 *
 * | issue                          | message                                          |
 * |--------------------------------|--------------------------------------------------|
 * | string too long / short        | must be at most / at least N characters (n given) |
 * | empty string where min is 1    | is required                                      |
 * | number too big / small         | must be at most / at least N (x given)           |
 * | not a whole number             | must be a whole number (x given)                 |
 * | not a number, missing          | must be a number / is required                   |
 * | array too long / short         | at most N / at least N items; "choose at least one" |
 * | enum                           | must be one of a, b, c (and the form meant, when the type is wrong) |
 * | unknown field                  | unknown field: x                                 |
 */
/** A number as a person reads it: grouped digits, or (from 10^15, where grouping becomes a wall of digits) 1e+308. */
const num = (v: number) => (Math.abs(v) >= 1e15 ? v.toExponential().replace(/\.?0+e/, 'e') : v.toLocaleString('en-US', { maximumFractionDigits: 6 }));
const n = (v: unknown) => (typeof v === 'number' ? num(v) : typeof v === 'bigint' ? v.toString() : String(v));

type RawIssue = z.core.$ZodRawIssue;

export function humanIssue(iss: RawIssue): string | undefined {
  const input: unknown = iss.input;
  switch (iss.code) {
    case 'too_big': {
      const max = n(iss.maximum);
      const strict = iss.inclusive === false;
      if (iss.origin === 'string') return `must be at most ${max} characters (${n((input as string).length)} given)`;
      if (iss.origin === 'array' || iss.origin === 'set') return `must have at most ${max} items (${n((input as unknown[]).length)} given)`;
      return strict ? `must be less than ${max} (${n(input)} given)` : `must be at most ${max} (${n(input)} given)`;
    }
    case 'too_small': {
      const min = n(iss.minimum);
      const strict = iss.inclusive === false;
      if (iss.origin === 'string')
        return Number(iss.minimum) === 1 ? 'is required' : `must be at least ${min} characters (${n((input as string).length)} given)`;
      if (iss.origin === 'array' || iss.origin === 'set') return Number(iss.minimum) === 1 ? 'needs at least one' : `must have at least ${min} items`;
      return strict ? `must be more than ${min} (${n(input)} given)` : `must be at least ${min} (${n(input)} given)`;
    }
    case 'invalid_type': {
      if (input === undefined) return 'is required';
      if (iss.expected === 'int') return `must be a whole number (${n(input)} given)`;
      if (iss.expected === 'number') return typeof input === 'number' ? 'must be a number' : `must be a number (${typeof input} given)`;
      const given = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
      return `must be ${iss.expected === 'object' || iss.expected === 'array' ? 'an' : 'a'} ${iss.expected} (${given} given)`;
    }
    case 'invalid_value': {
      const allowed = iss.values.length === 1 ? `must be ${JSON.stringify(iss.values[0])}` : `must be one of ${iss.values.map((v) => String(v)).join(', ')}`;
      return allowed + wrongType(input, iss.values);
    }
    case 'invalid_format':
      if (iss.format === 'datetime') return 'must be a date and time (ISO 8601, e.g. 2026-01-05T09:00:00Z)';
      return `has the wrong format (expected ${iss.format})`;
    case 'unrecognized_keys':
      return `unknown field${iss.keys.length === 1 ? '' : 's'}: ${iss.keys.join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${n(iss.divisor)}`;
    default:
      return undefined;
  }
}

/**
 * A value of another type than every allowed one: `{"speed": 600}` for the string "600" read "must be one of 1, 10, 60, 600, …",
 * which lists what was given. Says which form is meant; nothing when the type was right.
 */
function wrongType(input: unknown, values: readonly unknown[]): string {
  if (input === undefined || values.some((v) => typeof v === typeof input && (v === null) === (input === null))) return '';
  const asText = (typeof input === 'number' || typeof input === 'boolean') && values.includes(String(input));
  if (asText) return ` (as text: "${String(input)}", not the ${typeof input} ${String(input)})`;
  const given = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
  return ` (${given} given)`;
}

let installed = false;
/** Installs the wording for every schema in this process (idempotent; define.ts calls it). */
export function installHumanMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: (iss) => humanIssue(iss) });
}
