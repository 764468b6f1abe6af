/**
 * The engine's queue of discrete happenings (boot finished, logon phase done,
 * host failed), keyed by simulated time. A binary heap ordered by (time, seq):
 * two events at the same instant come out in the order they were scheduled, so
 * a run never depends on heap internals.
 */
export interface Scheduled<T> {
  at: number; // simulated ms
  seq: number;
  event: T;
}

export class EventQueue<T> {
  private heap: Scheduled<T>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  schedule(at: number, event: T): Scheduled<T> {
    if (!Number.isFinite(at)) throw new RangeError(`event time must be finite, got ${at}`);
    const item = { at, seq: this.nextSeq++, event };
    this.heap.push(item);
    this.up(this.heap.length - 1);
    return item;
  }

  peekTime(): number | undefined {
    return this.heap[0]?.at;
  }

  /** Removes and returns the earliest event due at or before `until`, or undefined. */
  popDue(until: number): Scheduled<T> | undefined {
    const top = this.heap[0];
    if (!top || top.at > until) return undefined;
    const last = this.heap.pop() as Scheduled<T>;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  /** Drops every event the predicate matches (a cancelled task's pending steps). */
  cancel(pred: (event: T) => boolean): number {
    const before = this.heap.length;
    const kept = this.heap.filter((s) => !pred(s.event));
    this.heap = [];
    for (const s of kept.sort((a, b) => a.at - b.at || a.seq - b.seq)) this.heap.push(s);
    return before - kept.length;
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i] as Scheduled<T>;
    const b = this.heap[j] as Scheduled<T>;
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i] as Scheduled<T>;
    this.heap[i] = this.heap[j] as Scheduled<T>;
    this.heap[j] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) return;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
