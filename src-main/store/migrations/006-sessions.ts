import type { Migration } from './types.ts';

// Sessions, the broker and Help Desk (issue 5): what a session must keep across a
// restart (endpoint, network, protocol, logon phases, when it entered its state),
// ended sessions for Help Desk, failed connections with their reasons, and the
// messages admins sent to sessions.
export const migration006: Migration = {
  version: 6,
  name: 'sessions: endpoint, network, logon phases, history, failures, messages',
  up(db) {
    db.exec(`
      ALTER TABLE sessions ADD COLUMN network TEXT NOT NULL DEFAULT 'lan'
        CHECK (network IN ('lan','branch-wan','home-broadband','4g','hotel-wifi','custom'));
      ALTER TABLE sessions ADD COLUMN network_custom TEXT;
      ALTER TABLE sessions ADD COLUMN state_since TEXT;
      ALTER TABLE sessions ADD COLUMN logon_phases TEXT;
      ALTER TABLE sessions ADD COLUMN logon_context TEXT;
      ALTER TABLE sessions ADD COLUMN reconnects INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);

      CREATE TABLE session_history (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL, pool_id TEXT NOT NULL, desktop_id TEXT NOT NULL, desktop_name TEXT NOT NULL,
        protocol TEXT NOT NULL, client_device TEXT NOT NULL, network TEXT NOT NULL,
        started_at TEXT NOT NULL, ended_at TEXT NOT NULL, logon_seconds REAL, logon_phases TEXT, logon_context TEXT, end_reason TEXT
      ) STRICT;
      CREATE INDEX session_history_user ON session_history(user_id, ended_at);
      CREATE INDEX session_history_ended ON session_history(ended_at);

      CREATE TABLE connection_failures (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_id TEXT NOT NULL, pool_id TEXT,
        reason TEXT NOT NULL CHECK (reason IN ('not-entitled','pool-disabled','no-desktop','power-on-failed','agent-unreachable','protocol-timeout')),
        message TEXT NOT NULL, client_device TEXT, network TEXT
      ) STRICT;
      CREATE INDEX connection_failures_user ON connection_failures(user_id, at);
      CREATE INDEX connection_failures_at ON connection_failures(at);

      CREATE TABLE session_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, at TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info','warning','error')),
        title TEXT NOT NULL, body TEXT NOT NULL, sender TEXT NOT NULL
      ) STRICT;
      CREATE INDEX session_messages_session ON session_messages(session_id, id);
    `);
  },
};
