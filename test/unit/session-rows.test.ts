import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureLab } from '../../src-main/app/lab-setup.ts';
import { openDatabase, type Db } from '../../src-main/store/db.ts';
import { listStoredSessions, updateSession, upsertSession } from '../../src-main/store/sessions.ts';
import { tempDir } from '../helpers/lab.ts';

// The flush updates a stored running session's row in place (updateSession) and inserts only new ones:
// the row reads back as the upsert would have left it, and a row that is gone is reported, not invented.

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function lab(): Db {
  const dir = tempDir();
  dirs.push(dir);
  const db = openDatabase(join(dir, 'lab.sqlite'));
  dbs.push(db);
  ensureLab(db, 'small', 1, '2026-12-06T00:00:00.000Z');
  return db;
}

describe('session rows', () => {
  it('updateSession writes what the upsert writes for a stored row, and says false for a row that is gone', () => {
    const db = lab();
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
    const other = lab();
    upsertSession(other, changed);
    const upserted = listStoredSessions(other, {}, true).find((r) => r.id === s.id);
    expect(updated).toEqual(upserted);
    expect(updated).toMatchObject({ state: 'active', logonSeconds: 31.5, reconnects: 2, disconnectReason: 'lid closed', desktopId: s.desktopId });
    db.prepare('DELETE FROM sessions WHERE id = ?').run(s.id);
    expect(updateSession(db, changed)).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM sessions WHERE id = ?').get(s.id)).toEqual({ n: 0 });
  });
});
