import { ALARM_LOGON_SECTION } from '../../contract/alarm-entities.ts';

/** [user id, finished at, seconds] */
export type SavedLogon = [string, number, number];

const minute = (t: number) => Math.floor(t / 60) * 60;

/**
 * The last logon per user of the alarm window (the user logon duration alarm), in buckets by the
 * minute it finished. A bucket holds its users in the order they logged on (a user who logs on again
 * moves to the end of the newer bucket), which is also the order it is saved and read back in: a
 * continued process judges them in the same order. Each bucket is its own section of the engine state
 * (`sections()`), handed to the store as the same array until it changes: at a login storm's flush
 * only the current minute's bucket is encoded and written, not the window's thousand logons.
 */
export class LogonWindow {
  /** Per minute, user → [at, seconds]. */
  private buckets = new Map<number, Map<string, [number, number]>>();
  /** Per user of the window, the minute of the bucket that holds it. */
  private minuteOf = new Map<string, number>();
  /** Per bucket, the array last handed to the store (dropped when the bucket changes). */
  private saved = new Map<number, SavedLogon[]>();

  /**
   * The window of a saved state: the logons labs saved before the buckets kept in the evaluator's own
   * section (`legacy`), then the buckets (`sections()`), oldest minute first.
   */
  constructor(legacy: readonly SavedLogon[] = [], doc: Record<string, unknown> = {}) {
    for (const [u, at, s] of legacy) this.note(u, at, s);
    const stored = Object.entries(doc)
      .filter(([k]) => k.startsWith(ALARM_LOGON_SECTION))
      .map(([k, v]) => [Number(k.slice(ALARM_LOGON_SECTION.length)), v as SavedLogon[]] as const)
      .sort((a, b) => a[0] - b[0]);
    for (const [, bucket] of stored) for (const [u, at, s] of bucket) this.note(u, at, s);
  }

  /** User u's logon that finished at `at` after `s` seconds: the last of the window for that user. */
  note(u: string, at: number, s: number): void {
    const was = this.minuteOf.get(u);
    if (was !== undefined) this.drop(u, was);
    const m = minute(at);
    let b = this.buckets.get(m);
    if (!b) this.buckets.set(m, (b = new Map()));
    b.set(u, [at, s]);
    this.minuteOf.set(u, m);
    this.saved.delete(m);
  }

  /** Forgets the logons that finished at or before `cut`. */
  prune(cut: number): void {
    for (const [m, b] of [...this.buckets]) {
      if (m > cut) continue; // every logon of the bucket finished after the cut
      for (const [u, [at]] of [...b]) if (at <= cut) this.drop(u, m);
    }
  }

  /** The window's last logon per user, oldest minute first (each bucket in its own order): the same in every process. */
  *logons(): Iterable<[string, number]> {
    for (const m of [...this.buckets.keys()].sort((a, b) => a - b)) for (const [u, [, s]] of this.buckets.get(m) ?? []) yield [u, s];
  }

  /**
   * The window as sections of the engine state, one per minute bucket (`ALARM_LOGON_SECTION` + the
   * minute): a bucket that did not change since the last call is the same array, which the store skips
   * without encoding it. A bucket emptied or pruned is simply absent (the store removes it).
   */
  sections(): Record<string, SavedLogon[]> {
    const out: Record<string, SavedLogon[]> = {};
    for (const [m, b] of this.buckets) {
      let list = this.saved.get(m);
      if (!list) this.saved.set(m, (list = [...b].map(([u, [at, s]]) => [u, at, s] as SavedLogon)));
      out[`${ALARM_LOGON_SECTION}${m}`] = list;
    }
    return out;
  }

  private drop(u: string, m: number): void {
    const b = this.buckets.get(m);
    this.minuteOf.delete(u);
    this.saved.delete(m);
    if (!b) return;
    b.delete(u);
    if (b.size === 0) this.buckets.delete(m);
  }
}
