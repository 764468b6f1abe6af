import type { Migration } from './types.ts';

// Cluster operations: DRS affinity rules, the HA and live-migration settings the
// clusters table has no columns for, per-desktop HA restart priorities, and
// tasks of any kind (the first tasks table CHECKed kind to 'push-image' only).
export const migration008: Migration = {
  version: 8,
  name: 'cluster operations',
  up(db) {
    db.exec(`
      CREATE TABLE cluster_rules (
        id TEXT PRIMARY KEY,
        cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('vm-affinity','vm-anti-affinity','vm-host-must','vm-host-should','vm-host-must-not','vm-host-should-not')),
        enabled INTEGER NOT NULL,
        desktop_ids TEXT NOT NULL,
        host_group TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (cluster_id, name)
      ) STRICT;
      CREATE TABLE cluster_settings (
        cluster_id TEXT PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
        ds_heartbeat INTEGER NOT NULL DEFAULT 1,
        default_priority TEXT NOT NULL DEFAULT 'medium' CHECK (default_priority IN ('high','medium','low')),
        ac_enabled INTEGER NOT NULL DEFAULT 1,
        downtime_target_ms INTEGER NOT NULL DEFAULT 300,
        max_rounds INTEGER NOT NULL DEFAULT 30
      ) STRICT;
      CREATE TABLE desktop_ha (
        desktop_id TEXT PRIMARY KEY REFERENCES desktops(id) ON DELETE CASCADE,
        priority TEXT NOT NULL CHECK (priority IN ('high','medium','low','disabled'))
      ) STRICT;
    `);
    // Rebuild tasks without the CHECK on kind, keeping whatever columns earlier migrations gave it.
    const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'tasks'").get() as { sql: string } | undefined;
    if (!row) return;
    const sql = row.sql.replace(/kind\s+TEXT\s+NOT\s+NULL\s+CHECK\s*\(\s*kind\s+IN\s*\([^)]*\)\s*\)/i, 'kind TEXT NOT NULL');
    if (sql === row.sql) return;
    const cols = (db.prepare('PRAGMA table_info(tasks)').all() as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
    const indexes = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks' AND sql IS NOT NULL").all() as { sql: string }[];
    db.exec(sql.replace(/CREATE TABLE\s+"?tasks"?/i, 'CREATE TABLE tasks_008'));
    db.exec(`INSERT INTO tasks_008 (rowid, ${cols}) SELECT rowid, ${cols} FROM tasks; DROP TABLE tasks; ALTER TABLE tasks_008 RENAME TO tasks;`);
    for (const i of indexes) db.exec(i.sql);
  },
};
