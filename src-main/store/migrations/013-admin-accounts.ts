import type { Migration } from './types.ts';

// Issue 16: admin accounts with Horizon's roles. The password is an scrypt hash in a self-describing
// string (store/accounts.ts: `scrypt$N$r$p$salt$hash`), never the password. The table is kept by a
// checkpoint restore, an import and a lab reset (lab-file/load.ts KEPT_TABLES): a lab file never
// brings accounts, so an imported file cannot plant an administrator with a password its author knows.
export const migration013: Migration = {
  version: 13,
  name: 'admin accounts',
  up(db) {
    db.exec(`
      CREATE TABLE admin_accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64),
        role TEXT NOT NULL CHECK (role IN ('administrators', 'help-desk', 'read-only', 'instructor')),
        password_hash TEXT NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_login_at TEXT
      ) STRICT;
    `);
  },
};
