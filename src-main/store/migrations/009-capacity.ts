import type { Migration } from './types.ts';

// Capacity evaluation: saved test definitions and runs (state, progress, result as JSON).
// Independent of the lab: a lab reset keeps them.
export const migration009: Migration = {
  version: 9,
  name: 'capacity tests',
  up(db) {
    db.exec(`
      CREATE TABLE capacity_definitions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        definition TEXT NOT NULL,
        saved_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE capacity_runs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        sweep_id TEXT,
        sweep_label TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted')),
        progress REAL NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        wall_ms REAL,
        error TEXT,
        definition TEXT NOT NULL,
        vsimax INTEGER,
        vsimax_reached INTEGER,
        sessions_launched INTEGER,
        bottleneck TEXT,
        users_per_core REAL,
        result TEXT
      ) STRICT;
      CREATE INDEX capacity_runs_sweep ON capacity_runs(sweep_id);
    `);
  },
};
