import { LOGON_PHASES } from '../../contract/session-entities.ts';
import type { Db } from '../../store/db.ts';
import { setMeta, getMeta } from '../../store/sim-sync.ts';
import { failuresIn, logonsAround, pruneLevels, rollUpMetricDay, rollUpTrends, writeTrendRows, type TrendRow } from '../../store/trends.ts';

/** meta key: the start of the next hour the Trends rollups have not closed yet (simulated seconds). */
export const TRENDS_THROUGH_KEY = 'trends_through';
const HOUR = 3600;
const DAY = 86400;
/**
 * How far back a logon that completed in an hour may have started: an hour. A logon is seconds to
 * minutes (DOMAIN.md: typical 30 s, over 60 s is poor; the protocol phase times out at 30 s); one
 * that took an hour is not a logon any console would chart. It bounds the rows an hour's close reads
 * to that hour's logons instead of every running session (≈ 10,000 on scale-10k).
 */
export const LOGON_LOOKBACK_SECONDS = 3600;

const iso = (t: number) => new Date(t * 1000).toISOString();

/**
 * Closes the Trends buckets of every whole hour before `now` (called by the flush, in its
 * transaction, after the session rows and the samples of the run are written): the hour's
 * connection failures by reason and pool, its logons by pool and phase (by the moment each logon
 * completed), and the 5-minute session peaks and machine census rolled up to the hour; at a day's
 * end the day's rollups of both tables; then each level's retention is applied, counted back from
 * the end of the hours closed (simulated time, the same however the run is cut).
 *
 * Cheap: nothing happens in a flush that crosses no hour boundary; an hour costs a few indexed
 * queries (the failures and the sessions of that hour). `sampledThrough` is the last 20 s sample
 * taken: an hour closes only once the sample at its end was taken (its last 5-minute bucket exists),
 * so the rows are the same however the run is cut into flushes. `firstHour`: where a lab that has
 * closed none starts (the hour its engine opened in).
 */
export function closeTrendHours(db: Db, now: number, sampledThrough: number, firstHour: number): number {
  const stored = getMeta(db, TRENDS_THROUGH_KEY);
  const parsed = stored === undefined ? Number.NaN : Number(stored);
  // First flush of a lab (or a value that is not an hour): the hour the engine opened in is the first to close.
  let h = Number.isInteger(parsed) && parsed % HOUR === 0 && parsed <= now + HOUR ? parsed : firstHour;
  const start = h;
  const limit = Math.min(now, sampledThrough);
  while (h + HOUR <= limit) {
    closeHour(db, h);
    if ((h + HOUR) % DAY === 0) closeDay(db, h + HOUR - DAY);
    h += HOUR;
  }
  if (h !== start || stored === undefined) setMeta(db, TRENDS_THROUGH_KEY, String(h));
  // Retention is cut at the end of the hours closed, not at the flush's instant: flushes fall wherever a run was cut (a
  // replay steps to each action), and the rows kept must not depend on it.
  if (h !== start) pruneLevels(db, h);
  return (h - start) / HOUR;
}

function closeHour(db: Db, h: number): void {
  const from = iso(h);
  const to = iso(h + HOUR);
  const rows: TrendRow[] = [];
  const add = (kind: TrendRow['kind'], key: string, v: number) => {
    const r = acc.get(`${kind}\n${key}`);
    if (r) {
      r.n += 1;
      r.sum += v;
      r.max = Math.max(r.max, v);
    } else acc.set(`${kind}\n${key}`, { kind, key, resolution: HOUR, ts: h, n: 1, sum: v, max: v });
  };
  const acc = new Map<string, TrendRow>();
  for (const f of failuresIn(db, from, to)) {
    rows.push({ kind: 'failures', key: f.reason, resolution: HOUR, ts: h, n: f.n, sum: f.n, max: f.n });
    rows.push({ kind: 'failures-pool', key: `${f.poolId}\t${f.reason}`, resolution: HOUR, ts: h, n: f.n, sum: f.n, max: f.n });
  }
  for (const l of logonsAround(db, iso(h - LOGON_LOOKBACK_SECONDS), from, to)) {
    const done = Date.parse(l.startedAt) / 1000 + l.seconds;
    if (!(done >= h && done < h + HOUR)) continue;
    add('logons', l.poolId, l.seconds);
    add('logons', '', l.seconds);
    const phases = parsePhases(l.phases);
    for (let i = 0; i < LOGON_PHASES.length; i++) {
      const p = phases[i];
      if (typeof p === 'number' && Number.isFinite(p)) add('logon-phase', LOGON_PHASES[i] as string, p);
    }
  }
  // failures and failures-pool: a reason can appear for several pools; merge the estate rows by reason.
  const byReason = new Map<string, TrendRow>();
  for (const r of rows) {
    if (r.kind !== 'failures') {
      acc.set(`${r.kind}\n${r.key}`, r);
      continue;
    }
    const o = byReason.get(r.key);
    if (o) {
      o.n += r.n;
      o.sum += r.sum;
      o.max = o.n;
      o.sum = o.n;
    } else byReason.set(r.key, { ...r });
  }
  writeTrendRows(db, [...byReason.values(), ...acc.values()]);
  rollUpTrends(db, 300, HOUR, h, ['sessions-peak', 'machines']);
}

function closeDay(db: Db, d: number): void {
  rollUpTrends(db, HOUR, DAY, d, ['sessions-peak', 'machines', 'failures', 'failures-pool', 'logons', 'logon-phase']);
  rollUpMetricDay(db, d);
}

function parsePhases(text: string | null): unknown[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}
