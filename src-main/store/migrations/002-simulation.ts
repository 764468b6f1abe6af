import type { Migration } from './types.ts';

// The simulation's persistent side: metric rollups (raw samples stay in memory)
// and the logon duration of running sessions.
export const migration002: Migration = {
  version: 2,
  name: 'simulation metrics and session logon time',
  up(db) {
    db.exec(`
      ALTER TABLE sessions ADD COLUMN logon_seconds REAL;
      CREATE TABLE metric_rollups (
        scope TEXT NOT NULL CHECK (scope IN ('estate','cluster','host','datastore','pool')),
        object_id TEXT NOT NULL,
        resolution INTEGER NOT NULL CHECK (resolution IN (300, 3600)),
        ts INTEGER NOT NULL,
        cpu_pct REAL, ready_pct REAL, mem_state REAL, balloon_mb REAL, swap_mb REAL, watts REAL,
        sessions REAL, ux_ms REAL, iops REAL, latency_ms REAL,
        PRIMARY KEY (scope, object_id, resolution, ts)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
