import { describe, expect, it } from 'vitest';
import { listStoredSessions, updateSession, upsertSession } from '../../src-main/store/sessions.ts';
import { tempLabDb } from '../helpers/lab.ts';

// The flush updates a stored running session's row in place (updateSession) and inserts only new ones:
// the row reads back as the upsert would have left it, and a row that is gone is reported, not invented.

describe('session rows', () => {
  it('updateSession writes what the upsert writes for a stored row, and says false for a row that is gone', () => {
    const db = tempLabDb();
    const [s] = listStoredSessions(db, {}, true);
    expect(s).toBeDefined();
    if (!s) return;
    const changed = {
      ...s,
      state: 'active' as const,
      stateSince: '2026-12-06T08:01:00.000Z',
      logonSeconds: 31.5,
      logonPhases: [1, 2, null],
      logonContext: { latencyRatio: 1.2, readyPct: 3.4, profileMb: 120, datastore: 'ds' },
      reconnects: 2,
      network: 'custom' as const,
      networkCustom: { rttMs: 80, lossPct: 0.5, bandwidthKbps: 8000 },
      disconnectReason: 'lid closed',
    };
    expect(updateSession(db, changed)).toBe(true);
    const updated = listStoredSessions(db, {}, true).find((r) => r.id === s.id);
    const other = tempLabDb();
    upsertSession(other, changed);
    const upserted = listStoredSessions(other, {}, true).find((r) => r.id === s.id);
    expect(updated).toEqual(upserted);
    expect(updated).toMatchObject({ state: 'active', logonSeconds: 31.5, reconnects: 2, disconnectReason: 'lid closed', desktopId: s.desktopId });
    db.prepare('DELETE FROM sessions WHERE id = ?').run(s.id);
    expect(updateSession(db, changed)).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM sessions WHERE id = ?').get(s.id)).toEqual({ n: 0 });
  });
});
