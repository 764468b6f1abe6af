import type { Db } from './db.ts';
import { all, run } from './stmt.ts';

// The raw samples of the last hour (metric rows every 20 s, session figures every minute), so a
// lab opened by another process shows the same last hour the first one did.

export function storeMetricSamples(db: Db, samples: readonly { ts: number; row: Float64Array }[], keepAfter: number): void {
  for (const s of samples)
    run(db, 'INSERT OR REPLACE INTO metric_samples (ts, row) VALUES (?, ?)', s.ts, Buffer.from(s.row.buffer, s.row.byteOffset, s.row.byteLength));
  run(db, 'DELETE FROM metric_samples WHERE ts <= ?', keepAfter);
}

/** Stored metric samples after `after`, oldest first; a row that is not whole numbers is skipped. */
export function readMetricSamples(db: Db, after: number): { ts: number; row: Float64Array }[] {
  return all<{ ts: number; row: Buffer }>(db, 'SELECT ts, row FROM metric_samples WHERE ts > ? ORDER BY ts', after).flatMap((r) => {
    if (!(r.row instanceof Uint8Array) || r.row.byteLength % 8 !== 0) return [];
    const copy = new Uint8Array(r.row);
    return [{ ts: r.ts, row: new Float64Array(copy.buffer, 0, copy.byteLength / 8) }];
  });
}

export function storeSessionRounds(db: Db, rounds: readonly { ts: number; body: Buffer }[], keepAfter: number): void {
  for (const r of rounds) run(db, 'INSERT OR REPLACE INTO session_samples (ts, body) VALUES (?, ?)', r.ts, r.body);
  run(db, 'DELETE FROM session_samples WHERE ts <= ?', keepAfter);
}

export function readSessionRounds(db: Db, after: number): { ts: number; body: Uint8Array }[] {
  return all<{ ts: number; body: Buffer }>(db, 'SELECT ts, body FROM session_samples WHERE ts > ? ORDER BY ts', after).filter(
    (r) => r.body instanceof Uint8Array,
  );
}
