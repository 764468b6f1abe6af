/**
 * The engine's queue of discrete happenings (boot finished, logon phase done,
 * host failed), keyed by simulated time. A binary heap ordered by (time, seq):
 * two events at the same instant come out in the order they were scheduled, so
 * a run never depends on heap internals.
 *
 * The queue is part of the lab's durable state: it keeps what was scheduled and
 * what left since the store last took it (`takeChanges`), so a flush writes only
 * that, and `restore` puts a saved queue back with its sequence numbers.
 */
export interface Scheduled<T> {
  at: number; // simulated ms
  seq: number;
  event: T;
}

export class EventQueue<T> {
  private heap: Scheduled<T>[] = [];
  private nextSeq = 0;
  /** Scheduled since the last take, by seq (an event that leaves before the take is never written). */
  private added = new Map<number, Scheduled<T>>();
  /** Left since the last take (due, or cancelled), of those scheduled before it. */
  private removed: number[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** The next sequence number to be given. */
  get sequence(): number {
    return this.nextSeq;
  }

  schedule(at: number, event: T): Scheduled<T> {
    if (!Number.isFinite(at)) throw new RangeError(`event time must be finite, got ${at}`);
    const item = { at, seq: this.nextSeq++, event };
    this.push(item);
    this.added.set(item.seq, item);
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
    this.left(top.seq);
    return top;
  }

  /** Drops every event the predicate matches (a cancelled task's pending steps). */
  cancel(pred: (event: T) => boolean): number {
    const before = this.heap.length;
    const kept: Scheduled<T>[] = [];
    for (const s of this.heap) {
      if (pred(s.event)) this.left(s.seq);
      else kept.push(s);
    }
    this.heap = [];
    for (const s of kept.sort((a, b) => a.at - b.at || a.seq - b.seq)) this.heap.push(s);
    return before - kept.length;
  }

  /** Every queued event in due order (for saving the engine). */
  items(): Scheduled<T>[] {
    return [...this.heap].sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Puts a saved queue back, replacing what is queued; what it holds counts as stored. */
  restore(items: readonly Scheduled<T>[], nextSeq: number): void {
    this.heap = [];
    for (const s of [...items].sort((a, b) => a.at - b.at || a.seq - b.seq)) this.heap.push({ at: s.at, seq: s.seq, event: s.event });
    this.nextSeq = nextSeq;
    this.added.clear();
    this.removed = [];
  }

  /** What was scheduled and what left since the last take; the queue then counts as stored. */
  takeChanges(): { added: Scheduled<T>[]; removed: number[] } {
    const out = { added: [...this.added.values()], removed: this.removed };
    this.added = new Map();
    this.removed = [];
    return out;
  }

  private left(seq: number): void {
    if (!this.added.delete(seq)) this.removed.push(seq);
  }

  private push(item: Scheduled<T>): void {
    this.heap.push(item);
    this.up(this.heap.length - 1);
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
