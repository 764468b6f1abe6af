import type { PushMessage } from '../contract/methods.ts';
import { noteKey } from '../core/engine/journal.ts';
import type { Db } from '../store/db.ts';
import { appendKeyedEvent, type NewEvent } from '../store/events.ts';

/**
 * Events the engine told since the last flush, gathered from every tracker and written in the
 * order they happened (their journal number), each under its idempotent key: the event log is
 * the same whether a run was flushed once or a thousand times, in one process or many.
 */
export class EventDrafts {
  private drafts: { seq: number; sub: number; simTime: string; event: NewEvent }[] = [];

  /** `sub` numbers further events of the same happening (a bulk task's summary after its last item). */
  add(seq: number, simTime: string, event: NewEvent, sub = 0): void {
    this.drafts.push({ seq, sub, simTime, event });
  }

  /** Writes the drafts in journal order (inside the flush's transaction); returns the pushes to send. */
  write(db: Db, wallTime: string): PushMessage[] {
    const out: PushMessage[] = [];
    this.drafts.sort((a, b) => a.seq - b.seq || a.sub - b.sub);
    for (const d of this.drafts) {
      const ev = appendKeyedEvent(db, d.sub ? `${noteKey(d.seq)}.${d.sub}` : noteKey(d.seq), d.event, d.simTime, wallTime);
      if (ev) out.push({ topic: 'event-added', payload: ev });
    }
    this.drafts = [];
    return out;
  }
}
