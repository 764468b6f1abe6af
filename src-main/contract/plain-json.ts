/**
 * Requests carry plain JSON, whatever the transport. Over WebSocket or HTTP the text is parsed
 * into JSON values already, but a string may still hold a lone UTF-16 surrogate ("\udfff" is
 * valid JSON text): SQLite would store it as invalid UTF-8 and it would read back as U+FFFD, so
 * the value would change on the way. In-process callers can pass anything JavaScript has (a Date,
 * a Map, a class instance, NaN), which a schema may accept as "an object" or "a number" without
 * meaning it. Both are refused before validation, with the path of the first offending value, as
 * is a NUL character in text (SQLite's length() and comparisons stop at it).
 */

/** Deeper than this is no request of the contract; a limit keeps a hostile one from exhausting the stack. */
export const MAX_JSON_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface JsonIssue {
  path: (string | number)[];
  message: string;
}

export function plainJsonIssue(value: unknown, path: (string | number)[] = []): JsonIssue | null {
  if (path.length > MAX_JSON_DEPTH) return { path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) return { path, message: 'text holds a lone UTF-16 surrogate (not a Unicode character)' };
      // SQLite's text functions stop at a NUL (length('a\u0000b') is 1), so a name with one would pass our
      // length checks and fail the store's later, inside the simulation's own writes.
      return value.includes('\u0000') ? { path, message: 'text holds a NUL character' } : null;
    case 'number':
      return Number.isFinite(value) ? null : { path, message: `${String(value)} is not a JSON number` };
    case 'boolean':
    case 'undefined': // an absent optional field, as JSON would leave it out
      return null;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const issue = plainJsonIssue(value[i], [...path, i]);
          if (issue) return issue;
        }
        return null;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        return { path, message: `a ${name} is not plain JSON (send its value as a string, number, list or object)` };
      }
      for (const [k, v] of Object.entries(value)) {
        const keyIssue = plainJsonIssue(k, [...path, k]);
        if (keyIssue) return { path: keyIssue.path, message: `field name: ${keyIssue.message}` };
        const issue = plainJsonIssue(v, [...path, k]);
        if (issue) return issue;
      }
      return null;
    }
    default:
      return { path, message: `a ${typeof value} is not JSON` };
  }
}
