import { describe, expect, it } from 'vitest';
import { DOMAINS, type EngineIds } from '../../src-main/core/engine/durable/remap.ts';
import type { Db } from '../../src-main/store/db.ts';
import { EngineStateStore, readEngineState, type StateWrite } from '../../src-main/store/engine-state.ts';
import { tempLabDb } from '../helpers/lab.ts';

// Sections of the engine state handed over as frozen objects (StateWrite.frozenDoc: the alarm window's
// logons, one per minute) are skipped by identity, not encoded again at every flush; a section no longer
// handed over leaves the store.

const ids = Object.fromEntries(DOMAINS.map((d) => [d, []])) as unknown as EngineIds;

function write(store: EngineStateStore, db: Db, t: number, doc: Record<string, unknown>, frozenDoc: Record<string, unknown>): number {
  const w: StateWrite<unknown> = {
    t,
    ids,
    idsVersion: 1,
    arrays: [],
    renumbered: false,
    doc,
    frozenDoc,
    queue: () => ({ whole: null, added: [], removed: [], nextSeq: 0 }),
  };
  return db.transaction(() => store.write(w))();
}

const docOf = (db: Db) => readEngineState(db)?.doc ?? {};

describe('frozen sections of the engine state', () => {
  it('are written when new, skipped when handed again as the same object, written again as a new one, and removed when gone', () => {
    const db = tempLabDb();
    const store = new EngineStateStore(db);
    const a = [['u-1', 60, 12.5]];
    const b = [['u-2', 120, 30]];
    expect(write(store, db, 1, { engine: { n: 1 } }, { 'alarmLogons:60': a, 'alarmLogons:120': b })).toBeGreaterThan(0);
    expect(docOf(db)).toEqual({ engine: { n: 1 }, 'alarmLogons:60': a, 'alarmLogons:120': b });

    // The same object again is not encoded: a change made in place (which the contract forbids) is not seen.
    a.push(['u-3', 61, 9]);
    expect(write(store, db, 2, { engine: { n: 1 } }, { 'alarmLogons:60': a, 'alarmLogons:120': b })).toBe(0);
    expect(docOf(db)['alarmLogons:60']).toEqual([['u-1', 60, 12.5]]);

    // A new object is compared by its JSON and written.
    const a2 = [...a];
    expect(write(store, db, 3, { engine: { n: 1 } }, { 'alarmLogons:60': a2, 'alarmLogons:120': b })).toBeGreaterThan(0);
    expect(docOf(db)['alarmLogons:60']).toEqual(a2);

    // A section handed over no more (the minute left the window) leaves the store.
    write(store, db, 4, { engine: { n: 1 } }, { 'alarmLogons:120': b });
    expect(Object.keys(docOf(db)).sort()).toEqual(['alarmLogons:120', 'engine']);
  });

  it('after a reopen, the first write compares by JSON and removes the sections the store held that are gone', () => {
    const db = tempLabDb();
    const first = new EngineStateStore(db);
    const b = [['u-2', 120, 30]];
    write(first, db, 1, { engine: { n: 1 } }, { 'alarmLogons:60': [['u-1', 60, 12.5]], 'alarmLogons:120': b });
    const stored = readEngineState(db);
    if (!stored) throw new Error('no state');
    const next = new EngineStateStore(db);
    next.prime(stored, 1);
    // The same content as new objects: nothing to write; the bucket of minute 60 is gone.
    expect(write(next, db, 1, { engine: { n: 1 } }, { 'alarmLogons:120': [['u-2', 120, 30]] })).toBe(0);
    expect(Object.keys(docOf(db)).sort()).toEqual(['alarmLogons:120', 'engine']);
  });
});

describe('plain arrays of the engine state', () => {
  const writeOrder = (store: EngineStateStore, db: Db, t: number, order: number[]) =>
    db.transaction(() =>
      store.write({
        t,
        ids,
        idsVersion: 1,
        arrays: [{ name: 'st.sessList', array: Int32Array.from(order), domain: null }],
        renumbered: false,
        doc: {},
        queue: () => ({ whole: null, added: [], removed: [], nextSeq: 0 }),
      }),
    )();
  const storedOrder = (db: Db) => Array.from(new Int32Array((readEngineState(db)?.arrays.get('st.sessList')?.raw ?? new Uint8Array(0)).slice().buffer));

  it('an array that loses its last items is stored at its new length (found by `vdi-console replay`: a digest that depended on the cuts)', () => {
    const db = tempLabDb();
    const store = new EngineStateStore(db);
    writeOrder(store, db, 1, [71, 38, 34, 4, 49]);
    // The last session ended: what remains of the chunk is unchanged, but the chunk is shorter.
    writeOrder(store, db, 2, [71, 38, 34, 4]);
    expect(storedOrder(db)).toEqual([71, 38, 34, 4]);
    // Across a chunk boundary (4 KiB: 1,024 ints) too.
    const long = Array.from({ length: 1030 }, (_, i) => i);
    writeOrder(store, db, 3, long);
    writeOrder(store, db, 4, long.slice(0, 1025));
    expect(storedOrder(db)).toEqual(long.slice(0, 1025));
    writeOrder(store, db, 5, long.slice(0, 1000));
    expect(storedOrder(db)).toEqual(long.slice(0, 1000));
  });
});
