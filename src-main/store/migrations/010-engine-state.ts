import type { Migration } from './types.ts';

// A lab is a file (issue 12): the engine's whole state is stored with each flush, so whatever
// process opens the lab next continues it exactly.
// - engine_state: the clock, the index space (ids), each engine part's object state (JSON).
// - engine_entities: the engine's per-entity arrays, one row per user, desktop, host, pool… (a flush rewrites the ones that changed).
// - engine_arrays: other arrays (the running sessions' order) in 4 KiB chunks (only changed chunks rewritten).
// - engine_queue: the event queue, one row per event, with its due time and sequence number.
// - metric_samples / session_samples: the raw samples of the last hour the console's views show.
// - events.key: the idempotent key of an event the engine told (never told twice).
// - sessions.disconnect_reason: why a running session is disconnected (the thin client shows it).
// - id_counters: ids are handed out once (a deleted snapshot's, task's or machine's id is never reused).
// - checkpoint_uploads: an import in progress, so each chunk may come from another process (`vdi-console call`).
export const migration010: Migration = {
  version: 10,
  name: 'engine state, samples, event keys, id counters',
  up(db) {
    db.exec(`
      CREATE TABLE engine_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE engine_arrays (
        name TEXT NOT NULL, chunk INTEGER NOT NULL, bytes BLOB NOT NULL,
        PRIMARY KEY (name, chunk)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE engine_entities (
        domain TEXT NOT NULL, idx INTEGER NOT NULL, rec BLOB NOT NULL,
        PRIMARY KEY (domain, idx)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE engine_queue (seq INTEGER PRIMARY KEY, at REAL NOT NULL, event TEXT NOT NULL) STRICT;
      CREATE TABLE metric_samples (ts INTEGER PRIMARY KEY, row BLOB NOT NULL) STRICT;
      CREATE TABLE session_samples (ts INTEGER PRIMARY KEY, body BLOB NOT NULL) STRICT;
      ALTER TABLE events ADD COLUMN key TEXT;
      CREATE UNIQUE INDEX events_key ON events(key) WHERE key IS NOT NULL;
      ALTER TABLE sessions ADD COLUMN disconnect_reason TEXT;
      CREATE TABLE id_counters (kind TEXT PRIMARY KEY, next INTEGER NOT NULL CHECK (next >= 1)) STRICT;
      CREATE TABLE checkpoint_uploads (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
        received INTEGER NOT NULL CHECK (received >= 0), started_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
