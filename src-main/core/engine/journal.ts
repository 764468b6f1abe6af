/**
 * The order of what the engine tells the event log. Every happening that becomes an event
 * (a failed connection, a cluster step, a push or snapshot task ending, a pool growing) takes
 * the next number when it happens; the host writes a flush's events in that order, so the
 * event log is the same however a run is cut into flushes and processes, and each event has
 * an idempotent key (`sim-<n>`).
 */
export class Journal {
  private seq = 0;

  next(): number {
    return this.seq++;
  }

  /** The next number to be given (saved with the engine). */
  get position(): number {
    return this.seq;
  }

  set position(n: number) {
    this.seq = n;
  }
}

/** The event log's key of an engine note. */
export const noteKey = (seq: number): string => `sim-${seq}`;
