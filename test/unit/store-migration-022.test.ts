import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';

// Migration 022 on :memory:: sessions_user goes; every index left on `sessions` is one a query of the
// store uses (EXPLAIN QUERY PLAN), and the query that named a user and a desktop now uses sessions_desktop.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const indexes = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const plan = (db: Database.Database, sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('migration 022', () => {
  it('drops sessions_user and keeps the indexes queries use', () => {
    const db = new Database(':memory:');
    open.push(db);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 22),
    );
    expect(indexes(db)).toContain('sessions_user');
    expect(plan(db, "SELECT 1 FROM sessions WHERE desktop_id = ? AND user_id = ? AND state <> 'logged-off'", 'd', 'u')).toMatch(/sessions_user/);
    expect(migrate(db, MIGRATIONS)).toBeGreaterThanOrEqual(22);
    expect(indexes(db)).toEqual(['sessions_desktop', 'sessions_pool', 'sqlite_autoindex_sessions_1']);
    // store/desktops.ts (a user's session on a desktop): the desktop's index serves it.
    expect(plan(db, "SELECT 1 FROM sessions WHERE desktop_id = ? AND user_id = ? AND state <> 'logged-off'", 'd', 'u')).toMatch(/sessions_desktop/);
    // Each index left is used: a desktop's sessions, a pool's sessions (pool deletion), a session by id.
    expect(plan(db, 'DELETE FROM sessions WHERE desktop_id = ?', 'd')).toMatch(/sessions_desktop/);
    expect(plan(db, 'DELETE FROM sessions WHERE pool_id = ?', 'p')).toMatch(/sessions_pool/);
    expect(plan(db, 'SELECT pool_id FROM sessions WHERE id = ?', 's')).toMatch(/sqlite_autoindex_sessions_1/);
  });
});
