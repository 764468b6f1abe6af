import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src-main/store/db.ts';
import { writeLab } from '../../src-main/store/lab-writer.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';
import { migration025 } from '../../src-main/store/migrations/025-instant-clone-power.ts';
import { tempDir } from '../helpers/lab.ts';
import { join } from 'node:path';

// Migration 025: instant-clone pools get Horizon's only power policy for them, always-on; other pools keep theirs.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('migration 025', () => {
  it('sets instant-clone pools to always-on and leaves the other kinds as they were', () => {
    const db = openDatabase(
      join(tempDir(), 'lab.sqlite'),
      MIGRATIONS.filter((m) => m.version < 25),
    );
    open.push(db);
    db.transaction(() => writeLab(db, generateLab('default', 1), '2026-12-08T00:00:00.000Z'))();
    // As labs generated before the migration (and pools an admin set so) had them.
    db.prepare("UPDATE pools SET power_policy = 'take-no-action' WHERE kind = 'instant-clone'").run();
    db.prepare("UPDATE pools SET power_policy = 'power-off' WHERE id = (SELECT min(id) FROM pools WHERE kind = 'instant-clone')").run();
    const others = db.prepare("SELECT id, power_policy FROM pools WHERE kind <> 'instant-clone' ORDER BY id").all();
    expect(others.length).toBeGreaterThan(0);
    expect(migrate(db, [...MIGRATIONS.filter((m) => m.version < 25), migration025])).toBe(25);
    expect(db.prepare("SELECT DISTINCT power_policy AS p FROM pools WHERE kind = 'instant-clone'").all()).toEqual([{ p: 'always-on' }]);
    expect(db.prepare("SELECT id, power_policy FROM pools WHERE kind <> 'instant-clone' ORDER BY id").all()).toEqual(others);
  });
});
