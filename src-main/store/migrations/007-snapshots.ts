import type { Migration } from './types.ts';

/** The task kinds this migration adds to tasks.kind. */
export const SNAPSHOT_TASK_KINDS_007 = ['snapshot-take', 'snapshot-revert', 'snapshot-delete', 'snapshot-delete-all', 'snapshot-consolidate'];

// Desktop snapshots (the tree, each desktop's "you are here" and active delta) and the list of
// lab checkpoints; snapshot operations become task kinds.
export const migration007: Migration = {
  version: 7,
  name: 'desktop snapshots and lab checkpoints',
  up(db) {
    db.exec(`
      CREATE TABLE snapshots (
        id TEXT PRIMARY KEY,
        desktop_id TEXT NOT NULL REFERENCES desktops(id) ON DELETE CASCADE,
        parent_id TEXT,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        description TEXT NOT NULL DEFAULT '',
        include_memory INTEGER NOT NULL CHECK (include_memory IN (0, 1)),
        quiesced INTEGER NOT NULL CHECK (quiesced IN (0, 1)),
        power_state TEXT NOT NULL CHECK (power_state IN ('poweredOn','poweredOff','suspended')),
        machine_state TEXT NOT NULL,
        problem TEXT,
        image_version_id TEXT,
        delta_gb REAL NOT NULL DEFAULT 0 CHECK (delta_gb >= 0),
        memory_gb REAL NOT NULL DEFAULT 0 CHECK (memory_gb >= 0),
        created_at TEXT NOT NULL,
        seq INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX snapshots_desktop ON snapshots(desktop_id);
      CREATE TABLE desktop_snapshot_state (
        desktop_id TEXT PRIMARY KEY REFERENCES desktops(id) ON DELETE CASCADE,
        current_snapshot_id TEXT,
        running_delta_gb REAL NOT NULL DEFAULT 0 CHECK (running_delta_gb >= 0),
        orphan_gb REAL NOT NULL DEFAULT 0 CHECK (orphan_gb >= 0)
      ) STRICT;
      CREATE TABLE checkpoints (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        file TEXT NOT NULL UNIQUE,
        sim_time TEXT NOT NULL,
        created_at TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        schema_version INTEGER NOT NULL,
        profile TEXT NOT NULL,
        seed INTEGER NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('saved','imported')),
        counts TEXT NOT NULL
      ) STRICT;
    `);
    widenTaskKinds(db, SNAPSHOT_TASK_KINDS_007);
  },
};

/**
 * SQLite cannot alter a CHECK constraint, so tasks is rebuilt with the kinds added. The table is
 * rebuilt from its own current definition (not a copy of migration 004's), so whatever another
 * migration added to it (kinds, columns) is kept; only the kind list grows.
 */
export function widenTaskKinds(db: Parameters<Migration['up']>[0], kinds: string[]): void {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'tasks'").get() as { sql: string } | undefined;
  if (!row) throw new Error('tasks table missing');
  const check = /CHECK\s*\(\s*kind\s+IN\s*\(([^)]*)\)\s*\)/i.exec(row.sql);
  if (!check) return; // no kind constraint: nothing to widen
  const existing = (check[1] ?? '')
    .split(',')
    .map((k) => k.trim().replace(/^'|'$/g, ''))
    .filter(Boolean);
  const all = [...new Set([...existing, ...kinds])];
  const sql = row.sql
    .replace(check[0], `CHECK (kind IN (${all.map((k) => `'${k}'`).join(',')}))`)
    .replace(/CREATE TABLE\s+"?tasks"?/i, 'CREATE TABLE tasks_widened');
  const indexes = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks' AND sql IS NOT NULL").all() as { sql: string }[];
  db.exec(sql);
  db.exec('INSERT INTO tasks_widened SELECT * FROM tasks');
  db.exec('DROP TABLE tasks');
  db.exec('ALTER TABLE tasks_widened RENAME TO tasks');
  for (const i of indexes) db.exec(i.sql);
}
