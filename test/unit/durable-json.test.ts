import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../src-main/core/engine/durable/json.ts';

const tagged = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v));

describe('engine state JSON (core/engine/durable/json.ts)', () => {
  const cases: [string, unknown][] = [
    ['plain numbers and strings', { a: 1, b: [0.1, -2e-300, 5e300], c: 'x', d: null, e: true }],
    ['NaN at depth', { a: { b: [1, 2, { c: Number.NaN }] } }],
    ['Infinity in an array', [1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]],
    ['a bare non-finite number', Number.NaN],
    ['a date (serializes itself)', { at: new Date(0), n: Number.POSITIVE_INFINITY }],
    ['undefined and functions are left out as JSON does', { a: undefined, f: () => 1, b: [undefined] }],
    ['a typed array', { t: new Float64Array([1, 2.5]) }],
    ['empty', {}],
  ];
  for (const [name, value] of cases) {
    it(`writes what the tagging replacer writes, and reads it back: ${name}`, () => {
      expect(encodeState(value)).toBe(tagged(value));
      expect(encodeState(decodeState(encodeState(value)))).toBe(encodeState(value));
    });
  }
  it('keeps non-finite numbers through a round trip', () => {
    const back = decodeState<{ a: number[] }>(encodeState({ a: [Number.NaN, Number.POSITIVE_INFINITY, -Number.POSITIVE_INFINITY, 3] }));
    expect(back.a[0]).toBeNaN();
    expect(back.a.slice(1)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3]);
  });
});
