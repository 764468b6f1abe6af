import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';
import {
  clientDeviceOf,
  endSession,
  getHistory,
  insertFailure,
  listFailures,
  sessionSeq,
  upsertSession,
  type SessionWrite,
} from '../../src-main/store/sessions.ts';

// Migration 006 (sessions: endpoint, network, logon phases, history, failures,
// messages) on :memory:, on top of a database that already holds a session.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function upTo5WithASession(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 5),
  );
  // A running session written by schema 5 (its user, desktop and pool are not the point: no foreign keys here).
  db.pragma('foreign_keys = OFF');
  db.exec(`INSERT INTO sessions (id, user_id, desktop_id, pool_id, state, protocol, client_device, started_at, logon_seconds)
           VALUES ('sess-7', 'u-1', 'vm-1', 'pool-1', 'active', 'blast', 'Thin client (IGEL OS 12)', '2026-01-05T07:10:00.000Z', 29.5)`);
  return db;
}

const cols = (db: Database.Database, t: string) => (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);

describe('migration 006', () => {
  it('adds the session columns with defaults and the history, failure and message tables', () => {
    const db = upTo5WithASession();
    expect(
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 6),
      ),
    ).toBe(6);
    expect(cols(db, 'sessions')).toEqual(expect.arrayContaining(['network', 'network_custom', 'state_since', 'logon_phases', 'reconnects']));
    // The existing session keeps its figures and reads as a LAN session with no phases measured.
    expect(db.prepare('SELECT network, state_since, logon_phases, reconnects, logon_seconds FROM sessions').get()).toEqual({
      network: 'lan',
      state_since: null,
      logon_phases: null,
      reconnects: 0,
      logon_seconds: 29.5,
    });
    expect(sessionSeq(db)).toBe(7);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['session_history', 'connection_failures', 'session_messages']));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('keeps failures to known reasons and messages to known severities', () => {
    const db = upTo5WithASession();
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 6),
    );
    expect(() =>
      db.prepare("INSERT INTO connection_failures (at, user_id, reason, message) VALUES ('2026-01-05T08:00:00Z', 'u-1', 'bad-luck', 'x')").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO session_messages (session_id, at, severity, title, body, sender) VALUES ('s', 't', 'fatal', 'x', '', 'me')").run(),
    ).toThrow(/CHECK/);
    insertFailure(db, {
      at: '2026-01-05T08:00:00Z',
      userId: 'u-1',
      poolId: null,
      reason: 'no-desktop',
      message: 'No desktop',
      clientDevice: 'windows',
      network: 'lan',
    });
    expect(listFailures(db, { userId: 'u-1', limit: 5 })).toEqual([
      { at: '2026-01-05T08:00:00Z', userId: 'u-1', poolId: null, reason: 'no-desktop', message: 'No desktop', clientDevice: 'windows', network: 'lan' },
    ]);
  });

  it('ends a session into history with its phases, and numbers new sessions after the highest id', () => {
    const db = upTo5WithASession();
    // Migrated up to today's schema: the session writers of this version write every column it has.
    migrate(db, MIGRATIONS);
    const s: SessionWrite = {
      id: 'sess-41',
      userId: 'u-1',
      desktopId: 'vm-1',
      poolId: 'pool-1',
      state: 'active',
      protocol: 'blast',
      clientDevice: 'thin-client',
      network: 'branch-wan',
      networkCustom: null,
      startedAt: '2026-01-05T08:00:00.000Z',
      stateSince: '2026-01-05T08:00:31.000Z',
      logonSeconds: 31,
      logonPhases: [0.8, null, 2, 2.2, 6, 4, 10, 6],
      reconnects: 0,
      logonContext: { latencyRatio: 2.1, readyPct: 1.5, profileMb: 2400, datastore: 'NFS-HYB-CL01' },
      disconnectReason: null,
    };
    db.exec("DELETE FROM sessions WHERE id = 'sess-7'");
    upsertSession(db, s);
    expect(sessionSeq(db)).toBe(41);
    endSession(db, s, 'KW-001', '2026-01-05T17:00:00.000Z', 'The user logged off');
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    expect(getHistory(db, 'sess-41')).toMatchObject({
      desktopName: 'KW-001',
      logonPhases: [0.8, null, 2, 2.2, 6, 4, 10, 6],
      logonContext: { latencyRatio: 2.1, profileMb: 2400 },
      endReason: 'The user logged off',
    });
    expect(sessionSeq(db)).toBe(41);
  });

  it('reads client devices stored by display name (labs made before 006)', () => {
    expect(clientDeviceOf('Zero client (Teradici)')).toBe('zero-client');
    expect(clientDeviceOf('HTML5 browser')).toBe('html5');
    expect(clientDeviceOf('mobile')).toBe('mobile');
    expect(clientDeviceOf('something else')).toBe('windows');
  });
});
