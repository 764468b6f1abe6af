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
    for (const bad of ['09:75', '25:99', '24:00', '9:5', 'soon']) expect(() => parseTo(bad, START), bad).toThrowError(/--to/);
  });
});
