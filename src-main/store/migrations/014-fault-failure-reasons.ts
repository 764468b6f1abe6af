import type { Migration } from './types.ts';

// Issue 17 (fault injection): two connection failure reasons an injected fault causes — the
// Connection Server not answering and the concurrent-user licence used up. SQLite cannot alter a
// CHECK constraint, so the table is rebuilt with its rows and indexes. (Numbered 014: 012 and 013 are
// taken by work in flight on other branches.)
export const migration014: Migration = {
  version: 14,
  name: 'fault failure reasons',
  up(db) {
    db.exec(`
      CREATE TABLE connection_failures_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_id TEXT NOT NULL, pool_id TEXT,
        reason TEXT NOT NULL CHECK (reason IN ('not-entitled','pool-disabled','no-desktop','power-on-failed','agent-unreachable','protocol-timeout','broker-unavailable','license-exhausted')),
        message TEXT NOT NULL, client_device TEXT, network TEXT
      ) STRICT;
      INSERT INTO connection_failures_new (id, at, user_id, pool_id, reason, message, client_device, network)
        SELECT id, at, user_id, pool_id, reason, message, client_device, network FROM connection_failures;
      DROP TABLE connection_failures;
      ALTER TABLE connection_failures_new RENAME TO connection_failures;
      CREATE INDEX connection_failures_user ON connection_failures(user_id, at);
      CREATE INDEX connection_failures_at ON connection_failures(at);
    `);
  },
};
