import type { Migration } from './types.ts';

// Issue 16, part 2 (Director's Trends model): a daily level for the metric rollups, rollups of what
// the sessions did (concurrent peaks, machines by state, connection failures by reason, logons by
// phase) at the same levels, and the retention of each level, which the admin sets.
//
// metric_rollups' CHECK admitted 300 and 3600 only: SQLite cannot alter a CHECK, so the table is
// rebuilt with its rows. Both rollup tables get an index on (resolution, ts): pruning a level is then a
// range delete, not a scan of every object's series.
export const migration015: Migration = {
  version: 15,
  name: 'trends: daily rollups, session rollups, retention per level',
  up(db) {
    db.exec(`
      CREATE TABLE metric_rollups_new (
        scope TEXT NOT NULL CHECK (scope IN ('estate','cluster','host','datastore','pool')),
        object_id TEXT NOT NULL,
        resolution INTEGER NOT NULL CHECK (resolution IN (300, 3600, 86400)),
        ts INTEGER NOT NULL,
        cpu_pct REAL, ready_pct REAL, mem_state REAL, balloon_mb REAL, swap_mb REAL, watts REAL,
        sessions REAL, ux_ms REAL, iops REAL, latency_ms REAL,
        PRIMARY KEY (scope, object_id, resolution, ts)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO metric_rollups_new SELECT * FROM metric_rollups;
      DROP TABLE metric_rollups;
      ALTER TABLE metric_rollups_new RENAME TO metric_rollups;
      CREATE INDEX metric_rollups_level ON metric_rollups(resolution, ts);

      CREATE TABLE trend_rollups (
        kind TEXT NOT NULL CHECK (kind IN ('sessions-peak','machines','failures','failures-pool','logons','logon-phase')),
        key TEXT NOT NULL,
        resolution INTEGER NOT NULL CHECK (resolution IN (300, 3600, 86400)),
        ts INTEGER NOT NULL,
        n INTEGER NOT NULL CHECK (n >= 0),
        sum REAL NOT NULL,
        max REAL NOT NULL,
        PRIMARY KEY (kind, key, resolution, ts)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX trend_rollups_level ON trend_rollups(resolution, ts);

      CREATE TABLE rollup_retention (
        resolution INTEGER PRIMARY KEY CHECK (resolution IN (300, 3600, 86400)),
        days INTEGER NOT NULL CHECK (days >= 1 AND days <= 3650)
      ) STRICT;
      INSERT INTO rollup_retention (resolution, days) VALUES (300, 7), (3600, 90), (86400, 730);
    `);
  },
};
