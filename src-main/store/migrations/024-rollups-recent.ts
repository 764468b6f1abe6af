import type { Migration } from './types.ts';

// Issue 12 (what a flush writes). metric_rollups is clustered by object (scope, object_id, resolution,
// ts): each 5-minute close inserted one row per object (a few hundred on scale-10k), each into the
// last leaf page of its object, so every close dirtied a few hundred pages (~1 MB of WAL for ~25 KB
// of rows): a third of all the WAL of a scale-10k workday. The 5-minute rows of the hour under way
// now go to this table, clustered by time (a close appends a few contiguous pages), and are moved
// into metric_rollups when their hour ends (store/metrics.ts writeRollups): each object's page is then
// dirtied once an hour, with its hourly row. Reads take both tables (a 5-minute row is in only one).
// trend_rollups likewise (its 5-minute rows: sessions-peak and machines, one per pool and category):
// trend_rollups_recent. Rows of labs saved before stay where they are (the main tables hold any hour's rows).
export const migration024: Migration = {
  version: 24,
  name: 'metric and trend rollups of the hour under way',
  up(db) {
    db.exec(`
      CREATE TABLE metric_rollups_recent (
        ts INTEGER NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('estate','cluster','host','datastore','pool')),
        object_id TEXT NOT NULL,
        cpu_pct REAL, ready_pct REAL, mem_state REAL, balloon_mb REAL, swap_mb REAL, watts REAL,
        sessions REAL, ux_ms REAL, iops REAL, latency_ms REAL,
        PRIMARY KEY (ts, scope, object_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE trend_rollups_recent (
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sessions-peak','machines','failures','failures-pool','logons','logon-phase')),
        key TEXT NOT NULL,
        n INTEGER NOT NULL CHECK (n >= 0),
        sum REAL NOT NULL,
        max REAL NOT NULL,
        PRIMARY KEY (ts, kind, key)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
