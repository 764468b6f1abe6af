import type { Migration } from './types.ts';

// Issue 12 (performance: a flush must not stall). The entity records of the engine's state
// (engine_entities, migration 010) were rewritten in place at each flush: a login storm changes
// users and desktops all over the index, so nearly every page of the table was written again
// (about 2 MB of WAL per flush on scale-10k for ~170 KB of changed records). Now a flush appends
// the changed records of a domain as one row of engine_deltas, and rewrites the base rows a slice
// at a time (store/engine-state.ts). A record in a delta applies over a base row written before it:
// - engine_entities.seq: the flush generation that wrote the base row (0: written before this migration).
// - engine_deltas: per flush and domain, the changed records (4-byte index + the record, as laid out).
// - engine_queue keyed by (at, seq) instead of seq: the events a flush removes are the ones that fell
//   due, the first rows in due-time order (a few pages), not rows scattered by when they were
//   scheduled (a user's next logon sits beside a logon phase that ends in a second): 21 of the
//   120 MB of WAL the scale-10k morning peak (08:30-09:00) wrote were queue pages.
export const migration021: Migration = {
  version: 21,
  name: 'engine state deltas',
  up(db) {
    db.exec(`
      ALTER TABLE engine_entities ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE engine_deltas (
        id INTEGER PRIMARY KEY,
        gen INTEGER NOT NULL,
        domain TEXT NOT NULL,
        body BLOB NOT NULL
      ) STRICT;
      CREATE TABLE engine_queue_by_time (
        at REAL NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL,
        PRIMARY KEY (at, seq)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO engine_queue_by_time (at, seq, event) SELECT at, seq, event FROM engine_queue;
      DROP TABLE engine_queue;
      ALTER TABLE engine_queue_by_time RENAME TO engine_queue;
    `);
  },
};
