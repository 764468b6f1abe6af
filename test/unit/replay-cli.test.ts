import { describe, expect, it } from 'vitest';
import { parseTo } from '../../src-main/host/replay-cli.ts';

// `vdi-console replay --to TIME`: an ISO 8601 instant, or HH:MM on the lab's first day.

const START = '2026-01-05T07:00:00.000Z';
const at = (iso: string) => Date.parse(iso) / 1000;

describe('replay --to', () => {
  it('reads HH:MM on the first day and ISO 8601 instants', () => {
    expect(parseTo('09:42', START)).toBe(at('2026-01-05T09:42:00Z'));
    expect(parseTo('9:05', START)).toBe(at('2026-01-05T09:05:00Z'));
    expect(parseTo('23:59', START)).toBe(at('2026-01-05T23:59:00Z'));
    expect(parseTo('2026-01-06T08:00:00Z', START)).toBe(at('2026-01-06T08:00:00Z'));
  });

  it('refuses a time of day that is none, instead of carrying it over (found by a black-box run: 09:75 replayed to 10:15)', () => {
    for (const bad of ['09:75', '25:99', '24:00', '9:5', 'soon', '']) expect(() => parseTo(bad, START), bad).toThrowError(/--to/);
    // Nor a date that is none, which Date.parse carries over (2026-02-30 is March 2), nor a fraction of a second.
    for (const bad of ['2026-02-30T00:00:00Z', '2026-02-31T12:00:00Z', '2026-13-01T00:00:00Z', '2026-01-05T24:00:00Z', '2026-01-05T12:00:00.5Z', '2026-01-05'])
      expect(() => parseTo(bad, START), bad).toThrowError(/--to/);
    expect(parseTo('2028-02-29T10:00:00+01:00', START)).toBe(at('2028-02-29T09:00:00Z'));
    expect(parseTo('2026-01-05T12:00:00.000Z', START)).toBe(at('2026-01-05T12:00:00Z'));
  });
});
