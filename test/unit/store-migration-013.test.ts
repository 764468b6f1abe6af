import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';
import { hashPassword, verifyPasswordSync } from '../../src-main/store/accounts.ts';

// Migration 013 (admin accounts) on :memory:: the table and the rules its rows must keep.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('migration 013', () => {
  it('adds admin_accounts: unique names whatever their case, known roles, scrypt hashes only', () => {
    const db = new Database(':memory:');
    open.push(db);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 13),
    );
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'admin_accounts'").get()).toBeUndefined();
    expect(migrate(db, MIGRATIONS)).toBeGreaterThanOrEqual(13);
    const ins = db.prepare('INSERT INTO admin_accounts (id, name, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)');
    const h = hashPassword('a long password');
    ins.run('a1', 'Root', 'administrators', h, 't', 't');
    expect(() => ins.run('a2', 'root', 'help-desk', h, 't', 't')).toThrow(/UNIQUE/);
    expect(() => ins.run('a3', 'other', 'superuser', h, 't', 't')).toThrow(/CHECK/);
    expect(() => ins.run('a4', 'other', 'read-only', 'plain text', 't', 't')).toThrow(/CHECK/);
    expect(() => ins.run('a5', '', 'read-only', h, 't', 't')).toThrow(/CHECK/);
  });
});

describe('password hashes', () => {
  it('name their parameters and verify only the right password', () => {
    const h = hashPassword('correct horse');
    expect(h).toMatch(/^scrypt\$\d+\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(verifyPasswordSync('correct horse', h)).toBe(true);
    expect(verifyPasswordSync('correct horsE', h)).toBe(false);
    expect(
      verifyPasswordSync(
        'correct horse',
        h.replace(/^scrypt\$\d+\$/, () => 'scrypt$1024$'),
      ),
    ).toBe(false); // another N: another key
    expect(hashPassword('correct horse')).not.toBe(h); // a fresh salt each time
  });
});
