import { describe, expect, it } from 'vitest';
import { timeTicks } from '../../src-renderer/features/trends/TrendChart.tsx';

const at = (iso: string) => Date.parse(iso) / 1000;
const hhmm = (ts: number) => new Date(ts * 1000).toISOString().slice(11, 16);

describe('Trends time axis', () => {
  it('labels round times of day, not the first bucket plus fifths of the span', () => {
    // 5-minute buckets from 06:55 to 08:25 (what a lab shows after its first morning hour and a half).
    const ticks = timeTicks(at('2026-01-05T06:55:00Z'), at('2026-01-05T08:25:00Z'), 300);
    expect(ticks.map(hhmm)).toEqual(['07:00', '07:30', '08:00']);
  });

  it('never draws more than six labels, nor steps finer than the rollup', () => {
    const day = timeTicks(at('2026-01-04T08:30:00Z'), at('2026-01-05T08:30:00Z'), 3600);
    expect(day.length).toBeLessThanOrEqual(6);
    expect(day.map(hhmm)).toEqual(['12:00', '18:00', '00:00', '06:00']);
    const year = timeTicks(at('2025-01-05T00:00:00Z'), at('2026-01-05T00:00:00Z'), 86400);
    expect(year.length).toBeLessThanOrEqual(6);
    for (const ts of year) expect(ts % 86400).toBe(0);
  });

  it('keeps one label when the range is a single bucket', () => {
    const t = at('2026-01-05T07:03:00Z');
    expect(timeTicks(t, t, 300)).toEqual([t]);
  });
});
