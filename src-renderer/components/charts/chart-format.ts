// How charts write time and numbers. Simulated time is UTC, like the masthead clock.

import { formatInt, formatNumber } from '../format.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Labels of the time axis: "08:00", a day boundary as "Tue 6", whole-day steps as "Tue 6". */
export function timeAxisValues(splits: number[], incr: number): string[] {
  return splits.map((ts) => {
    const d = new Date(ts * 1000);
    const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
    if (incr >= 86400 || midnight) return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()}`;
    return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  });
}

/** A point's time in a readout: "Mon 08:15:20" for raw samples, "Mon 5 Jan 08:15" for rollups. */
export function formatPointTime(ts: number, withSeconds: boolean): string {
  const d = new Date(ts * 1000);
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return withSeconds ? `${DAYS[d.getUTCDay()]} ${hm}:${pad2(d.getUTCSeconds())}` : `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${hm}`;
}

/**
 * Compact axis numbers: 1,200 → "1.2k", 2,500 → "2.5k", 0.25 → "0.25". Ticks come in steps of
 * 1, 2, 2.5 or 5: small fractions keep two decimals (0.25 read as "0.3" was wrong), large values
 * keep what tells two ticks apart (2,250 → "2.25k").
 */
export function compact(v: number): string {
  const a = Math.abs(v);
  const upTo = (x: number, d: number) => x.toLocaleString('en-US', { maximumFractionDigits: d });
  if (a >= 1e6) return `${upTo(v / 1e6, a >= 1e7 ? 1 : 2)}M`;
  if (a >= 1e4) return `${upTo(v / 1e3, 1)}k`;
  if (a >= 1e3) return `${upTo(v / 1e3, 2)}k`;
  if (a > 0 && a < 10 && !Number.isInteger(v)) return upTo(v, 2);
  return formatInt(v);
}

export const fmt = {
  pct: (v: number) => `${formatNumber(v, 1)} %`,
  pctAxis: (v: number) => `${compact(v)}%`,
  int: (v: number) => formatInt(v),
  ms: (v: number) => `${formatInt(v)} ms`,
  msFine: (v: number) => `${formatNumber(v, v < 10 ? 2 : 1)} ms`,
  mb: (v: number) => `${formatInt(v)} MB`,
  watts: (v: number) => `${formatInt(v)} W`,
  kw: (v: number) => `${formatNumber(v / 1000, 1)} kW`,
  iops: (v: number) => `${formatInt(v)} IOPS`,
};

/** A rounded top for an auto-ranged axis starting at 0: 1, 2, 2.5, 5 × 10ⁿ above the data. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const exp = Math.floor(Math.log10(v));
  const base = 10 ** exp;
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * base >= v) return m * base;
  return 10 * base;
}
