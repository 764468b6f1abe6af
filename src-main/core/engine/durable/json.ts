/**
 * JSON for engine state: numbers survive exactly (JSON's shortest round-trip form), and the
 * non-finite ones JSON cannot hold (NaN, ±Infinity, which the engine uses for "not yet" and
 * "unlimited") are written as {"$num": "NaN"} and read back.
 */
const TAG = '$num';

export function encodeState(value: unknown): string {
  // A replacer is called back for every key and value, which makes JSON.stringify several times slower; the
  // flush encodes the engine's documents every time, and nearly all of them hold no such number. Look first.
  if (!needsTags(value)) return JSON.stringify(value);
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [TAG]: String(v) } : v));
}

/** Whether plain JSON would lose something: a non-finite number, or a value that serializes itself (toJSON: not looked into). */
function needsTags(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (needsTags(v[i])) return true;
    return false;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return true;
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k) && needsTags((v as Record<string, unknown>)[k])) return true;
  return false;
}

export function decodeState<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === TAG && typeof o[TAG] === 'string') return Number(o[TAG]);
    }
    return v;
  }) as T;
}
