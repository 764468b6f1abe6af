import type { Migration } from './types.ts';

// Tracked tasks (push image first; later migrations, checkpoints, capacity runs),
// and the image version a pool had before its last push, kept for rollback.
export const migration004: Migration = {
  version: 4,
  name: 'tasks and image rollback',
  up(db) {
    db.exec(`
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('push-image')),
        object_kind TEXT NOT NULL, object_id TEXT NOT NULL, object_name TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('scheduled','running','completed','failed','cancelled')),
        done INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, start_at TEXT NOT NULL, finished_at TEXT,
        user TEXT NOT NULL, details TEXT NOT NULL
      ) STRICT;
      CREATE INDEX tasks_object ON tasks(object_kind, object_id);
      ALTER TABLE pools ADD COLUMN previous_image_version_id TEXT REFERENCES image_versions(id);
    `);
  },
};
