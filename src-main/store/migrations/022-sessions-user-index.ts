import type { Migration } from './types.ts';

// Issue 12 (the cost of a flush). At the scale-10k morning peak a flush mostly writes the `sessions`
// table, and every session that starts or ends writes one entry in each of its indexes. sessions_user
// (migration 006) earned no place: no query filters running sessions by user alone (Help Desk's
// running sessions come from the engine), and the one that names a user names the desktop too
// (store/desktops.ts: desktop_id = ? AND user_id = ?), which sessions_desktop serves as well (a
// desktop has a session or two). Users are never deleted, so no foreign-key check looks it up.
// The remaining indexes each serve a query (EXPLAIN QUERY PLAN, test/unit/store-migration-022):
// sessions_desktop (a desktop's sessions, machine deletion), sessions_pool (sessions per pool, pool
// deletion) and the primary key (a session by id).
export const migration022: Migration = {
  version: 22,
  name: 'sessions: drop the unused user index',
  up(db) {
    db.exec('DROP INDEX IF EXISTS sessions_user;');
  },
};
