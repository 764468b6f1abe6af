import { isValidEvent, remapEvent, type EngineEvent } from './events.ts';
import type { EventQueue } from './event-queue.ts';
import type { Journal } from './journal.ts';
import { applyArray, asTyped, type DurableArray, type DurablePart, type EngineSnapshot } from './durable/state.ts';
import { Remap, type EngineIds } from './durable/remap.ts';
import { removeSession, restoreSessionOrder, sessionOrder, U, type EngineState } from './state.ts';

// The engine's saved state read back (restore), and the summary the host compares around a failed
// request (fingerprint). What is saved is listed by the engine (engine.ts: durableArrays, saveDoc).

/** The engine's own object state (what its parts do not hold). */
export interface EngineOwnSaved {
  journal: number;
  problems: [number, string][];
}

/** What restore and fingerprint read and write of the engine (Engine implements it). */
export interface DurableEngine {
  readonly st: EngineState;
  readonly t: number;
  readonly queue: EventQueue<EngineEvent>;
  readonly journal: Journal;
  ids(): EngineIds;
  durableArrays(): DurableArray[];
  saveDoc(): Record<string, unknown>;
  readonly broker: { readonly changes: { readonly length: number }; readonly dirtyDesktops: { readonly size: number }; readonly failed: number };
  readonly cluster: { readonly jobs: { readonly size: number }; readonly log: { readonly length: number } };
  readonly push: { readonly tasks: { readonly size: number } };
  readonly snapshots: { taskIds(): { readonly length: number } };
  readonly faults: { readonly sequence: number };
}

/** The index space of an engine: the ids of its entities in index order. */
export function idsOf(st: EngineState, clusters: readonly { id: string }[]): EngineIds {
  const ids = st.ids;
  return {
    desktop: ids.desktops,
    user: ids.users,
    host: ids.hosts,
    pool: ids.pools,
    datastore: ids.datastores,
    version: ids.versions,
    cluster: clusters.map((c) => c.id),
  };
}

/**
 * The engine's whole state, to continue from: arrays are the live ones (not copies, and exactly
 * as long as the engine's entities: desktop-capacity.ts), so take it when the engine stops (a
 * rebuild) or write it out before running on.
 */
export function captureOf(e: DurableEngine): EngineSnapshot<EngineEvent> {
  const arrays = new Map<string, DurableArray['array']>();
  for (const a of e.durableArrays()) arrays.set(a.name, a.array);
  arrays.set('st.sessList', sessionOrder(e.st));
  return { format: 1, t: e.t, ids: e.ids(), arrays, doc: e.saveDoc(), queue: { nextSeq: e.queue.sequence, items: e.queue.items() } };
}

/**
 * A cheap summary that changes whenever the engine acts (schedules, notes, records a session
 * change, a failure, a task): the host compares it around a failed request to know whether the
 * engine must go back to its committed state.
 */
export function fingerprintOf(e: DurableEngine): string {
  const b = e.broker;
  return [
    e.t,
    e.queue.sequence,
    e.queue.size,
    e.journal.position,
    b.changes.length,
    b.dirtyDesktops.size,
    b.failed,
    e.st.nSess,
    e.cluster.jobs.size,
    e.cluster.log.length,
    e.push.tasks.size,
    e.snapshots.taskIds().length,
    e.faults.sequence,
  ].join('|');
}

/**
 * A session whose desktop or pool is gone from the lab (deleted since the state was saved)
 * cannot go on: it ends without a trace in the engine (the store's rows went with the pool).
 */
export function dropOrphanSessions(st: EngineState): void {
  for (let i = st.nSess - 1; i >= 0; i--) {
    const u = st.sessList[i] as number;
    if ((st.uDesktop[u] as number) >= 0 && (st.uPool[u] as number) >= 0) continue;
    removeSession(st, u);
    st.uState[u] = U.none;
    st.uDesktop[u] = -1;
    st.uPool[u] = -1;
  }
  for (let u = 0; u < st.uState.length; u++) if ((st.sessPos[u] as number) < 0 && st.uState[u] !== U.none) st.uState[u] = U.none;
}

/**
 * Continues from a saved state, whose index space may differ from this engine's (entities added or
 * removed since): its arrays, session order, queue, parts and own state. Returns the saved clock.
 */
export function restoreEngine(e: DurableEngine, parts: readonly DurablePart[], snap: EngineSnapshot<EngineEvent>): number {
  const map = new Remap(snap.ids, e.ids());
  const ids = e.ids();
  for (const spec of e.durableArrays()) {
    const saved = snap.arrays.get(spec.name);
    if (!saved) continue;
    applyArray(spec, saved, map);
    // An index into another domain is -1 or an entity that exists (a damaged file must not point the engine past its arrays).
    if (spec.values) {
      const n = ids[spec.values].length;
      for (const v of spec.array)
        if (v !== -1 && !(Number.isInteger(v) && v >= 0 && v < n)) throw new RangeError(`saved ${spec.name} holds ${v}, not a ${spec.values}`);
    }
  }
  const order = snap.arrays.get('st.sessList');
  if (order) restoreSessionOrder(e.st, asTyped(order, e.st.sessList), map);
  dropOrphanSessions(e.st);
  const saved = snap.ids;
  const sizes = {
    desktop: saved.desktop.length,
    user: saved.user.length,
    host: saved.host.length,
    pool: saved.pool.length,
    version: saved.version.length,
    cluster: saved.cluster.length,
  };
  const items = snap.queue.items.flatMap((s) => {
    // A saved state is a file someone may hand us: an event this engine cannot run is damage, refused whole.
    if (!isValidEvent(s.event, sizes) || !Number.isFinite(s.at) || !Number.isInteger(s.seq) || s.seq < 0 || s.seq >= snap.queue.nextSeq) {
      throw new RangeError(`saved event ${s.seq} is not one this engine can run`);
    }
    const event = map.preserving ? s.event : remapEvent(s.event, map);
    return event ? [{ at: s.at, seq: s.seq, event }] : [];
  });
  e.queue.restore(items, snap.queue.nextSeq);
  for (const p of parts) p.load(snap.doc[p.key], map);
  const own = snap.doc.engine as EngineOwnSaved | undefined;
  e.journal.position = own?.journal ?? 0;
  e.st.dProblem.clear();
  for (const [d, why] of own?.problems ?? []) if (map.to('desktop', d) >= 0) e.st.dProblem.set(map.to('desktop', d), why);
  return snap.t;
}
