import type { ThresholdRule } from '../../contract/capacity-entities.ts';
import { CAPACITY_PARAMS } from './params.ts';

// Login VSI's arithmetic (DOMAIN.md "Capacity measure"), on plain numbers so it
// can be checked by hand.

/** VSIbase: the lowest 15 response samples of the test, drop the lowest 2, average the other 13. */
export function vsiBase(samples: ArrayLike<number>, lowest: number = CAPACITY_PARAMS.baseLowest, drop: number = CAPACITY_PARAMS.baseDrop): number {
  const sorted = Array.from(samples).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  // A test shorter than 15 samples: keep what there is, still dropping the lowest ones when it can.
  const take = sorted.slice(0, Math.min(lowest, sorted.length));
  const kept = take.length > drop ? take.slice(drop) : take;
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

/** Threshold: VSIbase + 1,000 ms, or the older published variant VSIbase × 1.25 + 3,000 ms. */
export function vsiThreshold(base: number, rule: ThresholdRule): number {
  return rule === 'base+1000' ? base + 1000 : base * 1.25 + 3000;
}

/** Mean with the top and bottom `share` of the values dropped (at least none, never all). */
export function trimmedMean(values: number[], share: number = CAPACITY_PARAMS.indexTrimShare): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.min(Math.floor(sorted.length * share), Math.floor((sorted.length - 1) / 2));
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

/** One evaluation of the VSI index: when, how many sessions were active, and the index (null: too few samples). */
export interface IndexPoint {
  t: number;
  activeSessions: number;
  indexMs: number | null;
}

/** VSImax: the active session count at the first index point above the threshold; null when the index never crosses it. */
export function findVsimax(points: readonly IndexPoint[], thresholdMs: number): { vsimax: number | null; at: number | null } {
  for (const p of points) if (p.indexMs !== null && p.indexMs > thresholdMs) return { vsimax: p.activeSessions, at: p.t };
  return { vsimax: null, at: null };
}

/**
 * The index at time t from samples (time-sorted): trimmed mean of those in (t − window, t].
 */
export function indexAt(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  count: number,
  t: number,
  window: number = CAPACITY_PARAMS.indexWindowSec,
  minSamples: number = CAPACITY_PARAMS.indexMinSamples,
): number | null {
  const out: number[] = [];
  // Samples are in time order: binary search for the last one at or before t, then walk back through the window.
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid - 1;
  }
  for (let i = hi; i >= 0 && (times[i] as number) > t - window; i--) out.push(values[i] as number);
  return out.length >= minSamples ? trimmedMean(out) : null;
}

/** EUX-style score (0–10): 10 at VSIbase, 5 at the threshold, 0 at twice the threshold's distance. */
export function euxScore(responseMs: number, baseMs: number, thresholdMs: number): number {
  const span = Math.max(1, thresholdMs - baseMs);
  const s = CAPACITY_PARAMS.euxBest * (1 - (responseMs - baseMs) / (2 * span));
  return Math.round(Math.min(CAPACITY_PARAMS.euxBest, Math.max(0, s)) * 10) / 10;
}
