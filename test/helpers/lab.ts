import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import DatabaseCtor from 'better-sqlite3';
import { onTestFinished } from 'vitest';
import { ensureLab } from '../../src-main/app/lab-setup.ts';
import { createClient, type Client } from '../../src-main/contract/client.ts';
import type { LabProfile } from '../../src-main/contract/entities.ts';
import { memoryTransport, openHost, type Host, type HostOptions } from '../../src-main/host/host.ts';
import { openDatabase, type Db } from '../../src-main/store/db.ts';
import { storeViolations } from './invariants.ts';

export interface TempLab {
  dir: string;
  host: Host;
  client: Client;
  /** A second read-only connection, to look at the file as it is on disk. */
  peek(): Database.Database;
  /**
   * Closes the host, checks the lab's invariants on the file it left (issue 20: after every test
   * scenario, no VM on a host that is off, no session without its desktop, no dangling reference…)
   * and removes the folder. A test that damages the lab on purpose passes `{ invariants: false }`.
   */
  dispose(opts?: { invariants?: boolean }): void;
}

export function tempDir(prefix = 'vdi-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A lab's database on a fresh temporary folder, with no host: for unit tests of the store and of the
 * app's pieces that take a database. Closed and its folder removed when the test finishes.
 */
export function tempLabDb(profile: LabProfile = 'small', seed = 1): Db {
  const dir = tempDir();
  let db: Db | undefined;
  onTestFinished(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  db = openDatabase(join(dir, 'lab.sqlite'));
  ensureLab(db, profile, seed, '2026-12-06T00:00:00.000Z');
  return db;
}

/** A host in-process on a fresh temporary folder, with a typed client over the in-memory transport. */
export function tempLab(profile: LabProfile = 'small', seed = 1, dir = tempDir(), extra: Partial<HostOptions> = {}): TempLab {
  const host = openHost({ dataDir: dir, lab: profile, seed, user: 'CORP\\test-admin', wallClock: () => new Date('2026-11-24T09:00:00Z'), ...extra });
  const client = createClient(memoryTransport(host));
  return {
    dir,
    host,
    client,
    peek: () => new DatabaseCtor(host.dbPath, { readonly: true }),
    dispose(opts) {
      let broken: string[] = [];
      try {
        host.close();
        if (opts?.invariants !== false && existsSync(host.dbPath)) {
          const db = new DatabaseCtor(host.dbPath, { readonly: true });
          try {
            broken = storeViolations(db);
          } finally {
            db.close();
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      if (broken.length) throw new Error(`the test left the lab broken:\n  ${broken.join('\n  ')}`);
    },
  };
}

/** Row counts of every lab table: equal before and after a rejected call means nothing was written. */
export function tableCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
    name: string;
  }[];
  const out: Record<string, number> = {};
  for (const t of tables) out[t.name] = (db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n;
  return out;
}

/** A digest of the whole database content (every row of every table), to prove "nothing changed". */
export function contentDigest(db: Database.Database, skip: readonly string[] = []): string {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).filter(
    (t) => !skip.includes(t.name),
  );
  // Rows are compared as a sorted set, so tables without a rowid are covered too.
  return tables
    .map(
      (t) =>
        `${t.name}:${(db.prepare(`SELECT * FROM "${t.name}"`).all() as unknown[])
          .map((r) => JSON.stringify(r))
          .sort()
          .join('|')}`,
    )
    .join('\n');
}
