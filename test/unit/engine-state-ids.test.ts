import { describe, expect, it } from 'vitest';
import { DOMAINS, type EngineIds } from '../../src-main/core/engine/durable/remap.ts';
import type { Db } from '../../src-main/store/db.ts';
import { IDS_CHUNK } from '../../src-main/store/engine-ids.ts';
import { EngineStateStore, readEngineState, type StateWrite } from '../../src-main/store/engine-state.ts';
import { labDigest } from '../../src-main/store/lab-file/digest.ts';
import { tempLabDb } from '../helpers/lab.ts';

// The engine's index space is stored as a header of counts and chunks of IDS_CHUNK ids (store/engine-ids.ts):
// machines added at the end rewrite the header and the last chunk, not the whole space; what the rows hold
// depends on the ids alone; an older lab's single row reads, and is replaced at the next change.

const desktops = (n: number) => Array.from({ length: n }, (_, i) => `vm-${i + 1}`);
const idsWith = (desktop: string[]): EngineIds => ({
  ...(Object.fromEntries(DOMAINS.map((d) => [d, []])) as unknown as EngineIds),
  desktop,
  user: ['u-1', 'u-2'],
});

function write(store: EngineStateStore, db: Db, ids: EngineIds, idsVersion: number): number {
  const w: StateWrite<unknown> = {
    t: 1,
    ids,
    idsVersion,
    arrays: [],
    renumbered: false,
    doc: {},
    queue: () => ({ whole: null, added: [], removed: [], nextSeq: 0 }),
  };
  return db.transaction(() => store.write(w))();
}

/** The engine_state rows of the index space, key → value. */
const idRows = (db: Db) =>
  new Map(
    (db.prepare("SELECT key, value FROM engine_state WHERE key = 'ids' OR key LIKE 'ids:%' ORDER BY key").all() as { key: string; value: string }[]).map(
      (r) => [r.key, r.value],
    ),
  );

/** Counts the statements that write engine_state rows while `f` runs, by key. */
function keysWritten(db: Db, f: () => void): string[] {
  const keys: string[] = [];
  db.function('note_key', (k: unknown) => (keys.push(String(k)), 0));
  db.exec(
    'CREATE TEMP TRIGGER ids_ins AFTER INSERT ON engine_state BEGIN SELECT note_key(NEW.key); END; CREATE TEMP TRIGGER ids_upd AFTER UPDATE ON engine_state BEGIN SELECT note_key(NEW.key); END;',
  );
  try {
    f();
  } finally {
    db.exec('DROP TRIGGER ids_ins; DROP TRIGGER ids_upd;');
  }
  return keys.sort();
}

describe("the engine's index space in chunks", () => {
  it('reads back as written; machines added at the end rewrite the header and the last chunk only', () => {
    const db = tempLabDb();
    const store = new EngineStateStore(db);
    const n = 2 * IDS_CHUNK + 10;
    write(store, db, idsWith(desktops(n)), 1);
    expect(readEngineState(db)?.ids.desktop).toEqual(desktops(n));
    expect([...idRows(db).keys()].filter((k) => k.startsWith('ids:desktop:'))).toEqual(['ids:desktop:0', 'ids:desktop:1', 'ids:desktop:2']);

    // A new list with the old ids and 5 more (as the engine's growth makes it): the header and chunk 2.
    const grown = desktops(n + 5);
    expect(keysWritten(db, () => write(store, db, idsWith(grown), 2))).toEqual(['ids', 'ids:desktop:2']);
    expect(readEngineState(db)?.ids.desktop).toEqual(grown);

    // Growth across a chunk boundary: the last chunk fills, a new one starts.
    const across = desktops(3 * IDS_CHUNK + 1);
    expect(keysWritten(db, () => write(store, db, idsWith(across), 3))).toEqual(['ids', 'ids:desktop:2', 'ids:desktop:3']);
    expect(readEngineState(db)?.ids.desktop).toEqual(across);

    // The same ids as another array (a rebuild that changed nothing): the header only.
    expect(keysWritten(db, () => write(store, db, idsWith([...across]), 4))).toEqual(['ids']);
  });

  it('machines removed: the chunks past the new count go, and the rows are those a fresh write of the same ids makes', () => {
    const db = tempLabDb();
    const store = new EngineStateStore(db);
    write(store, db, idsWith(desktops(3 * IDS_CHUNK)), 1);
    const fewer = desktops(3 * IDS_CHUNK)
      .filter((_, i) => i % 3 !== 1)
      .slice(0, IDS_CHUNK + 7);
    write(store, db, idsWith(fewer), 2);
    expect(readEngineState(db)?.ids.desktop).toEqual(fewer);

    const fresh = tempLabDb();
    write(new EngineStateStore(fresh), fresh, idsWith(fewer), 1);
    expect(idRows(db)).toEqual(idRows(fresh));
  });

  it('after a reopen, the first change compares with what the store holds', () => {
    const db = tempLabDb();
    write(new EngineStateStore(db), db, idsWith(desktops(IDS_CHUNK + 3)), 1);
    const stored = readEngineState(db);
    if (!stored) throw new Error('no state');
    expect(stored.idsChunked).toBe(true);
    const next = new EngineStateStore(db);
    next.prime(stored, -1);
    expect(keysWritten(db, () => write(next, db, idsWith(desktops(IDS_CHUNK + 4)), 1))).toEqual(['ids', 'ids:desktop:1']);
  });

  it("an older lab's single row reads; the next change writes the header and every chunk in its place", () => {
    const db = tempLabDb();
    const store = new EngineStateStore(db);
    write(store, db, idsWith(desktops(5)), 1);
    const legacy = idsWith(desktops(IDS_CHUNK + 2));
    db.exec("DELETE FROM engine_state WHERE key LIKE 'ids:%'");
    db.prepare("UPDATE engine_state SET value = ? WHERE key = 'ids'").run(JSON.stringify(legacy));
    const stored = readEngineState(db);
    if (!stored) throw new Error('no state');
    expect(stored.ids.desktop).toEqual(legacy.desktop);
    expect(stored.idsChunked).toBe(false);
    const next = new EngineStateStore(db);
    next.prime(stored, 1);
    write(next, db, legacy, 1);
    expect(db.prepare("SELECT value FROM engine_state WHERE key = 'ids'").pluck().get()).toBe(JSON.stringify(legacy)); // unchanged: nothing moved
    const grown = idsWith(desktops(IDS_CHUNK + 3));
    write(next, db, grown, 2);
    expect(JSON.parse(db.prepare("SELECT value FROM engine_state WHERE key = 'ids'").pluck().get() as string)).toMatchObject({ chunk: IDS_CHUNK });
    expect(readEngineState(db)?.ids).toEqual(grown);
  });

  it("an older lab's single row and the header with its chunks are the same lab to the digest", () => {
    // A lab from an older file keeps its single row until something writes its ids (a rebuild, a machine added): a no-op
    // rebuild then made its digest differ from the same lab untouched (found playing the checkpoint-based scenarios cut).
    const db = tempLabDb();
    const ids = idsWith(desktops(IDS_CHUNK + 2));
    write(new EngineStateStore(db), db, ids, 1);
    const chunked = labDigest(db.name).digest;
    db.exec("DELETE FROM engine_state WHERE key LIKE 'ids:%'");
    db.prepare("UPDATE engine_state SET value = ? WHERE key = 'ids'").run(JSON.stringify(ids));
    expect(readEngineState(db)?.idsChunked).toBe(false);
    expect(labDigest(db.name).digest).toBe(chunked);
    // Another index space is another lab, whichever rows hold it.
    db.prepare("UPDATE engine_state SET value = ? WHERE key = 'ids'").run(JSON.stringify(idsWith([...desktops(IDS_CHUNK + 1), 'vm-other'])));
    expect(labDigest(db.name).digest).not.toBe(chunked);
  });

  it.each([
    ['a missing chunk', "DELETE FROM engine_state WHERE key = 'ids:desktop:1'", /ids of desktop are missing chunk 1/],
    ['a short chunk', `UPDATE engine_state SET value = '["vm-1"]' WHERE key = 'ids:desktop:0'`, /ids of desktop, chunk 0, are not a list of 1024 strings/],
    ['an id that is not a string', `UPDATE engine_state SET value = '[1,2,3]' WHERE key = 'ids:desktop:1'`, /chunk 1, are not a list of 3 strings/],
    ['a chunk past the count', `INSERT INTO engine_state (key, value) VALUES ('ids:desktop:7', '[]')`, /ids:desktop:7 is past the index space/],
    ['a chunk size of zero', `UPDATE engine_state SET value = json_set(value, '$.chunk', 0) WHERE key = 'ids'`, /no valid chunk size/],
    ['a domain without a count', `UPDATE engine_state SET value = json_remove(value, '$.counts.user') WHERE key = 'ids'`, /no count of user/],
  ])('%s: the state is store-corrupt, naming what is wrong', (_label, sql, message) => {
    const db = tempLabDb();
    write(new EngineStateStore(db), db, idsWith(desktops(IDS_CHUNK + 3)), 1);
    db.exec(sql);
    expect(() => readEngineState(db)).toThrow(message);
  });
});
