/**
 * JSON for engine state: numbers survive exactly (JSON's shortest round-trip form), and the
 * non-finite ones JSON cannot hold (NaN, ±Infinity, which the engine uses for "not yet" and
 * "unlimited") are written as {"$num": "NaN"} and read back.
 */
const TAG = '$num';

export function encodeState(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [TAG]: String(v) } : v));
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
