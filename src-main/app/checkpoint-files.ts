import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LabError } from '../contract/errors.ts';
import { APPLICATION_ID, LATEST_VERSION, openDatabase, type Db } from '../store/db.ts';
import { all } from '../store/stmt.ts';
import { KEPT_ID_KINDS } from '../store/ids.ts';

/**
 * Checkpoint files: a checkpoint is a complete lab database written by SQLite's online backup API
 * (never a file copy of the live database, which could catch a half-written page or miss the WAL).
 * Restoring copies the checkpoint's rows into the live database in ONE transaction on the live
 * connection, instead of closing the connection and swapping files: it is atomic (a crash during a
 * restore leaves the lab as it was before, or fully restored), nothing else holding the connection
 * (dispatcher, simulation, WAL checkpointer) has to be re-wired, and a browser tab never talks to a
 * closed database. Tables that are not the lab's state are kept: the checkpoint list and the
 * console's preferences.
 */

export const CHECKPOINT_DIR = 'checkpoints';
/**
 * Tables a restore leaves as they are: the list of checkpoints itself, console preferences, and the
 * capacity planner's definitions and runs (work about hardware designs, not the lab's state; a run
 * may be under way in a worker while the lab is restored).
 */
const KEEP_TABLES = new Set(['checkpoints', 'settings', 'capacity_definitions', 'capacity_runs', 'checkpoint_uploads']);
/** Tables a file must have to be a lab (migration 1 and the snapshot tables of this version). */
export const REQUIRED_TABLES = ['meta', 'sites', 'clusters', 'hosts', 'datastores', 'pools', 'desktops', 'sessions', 'users', 'events', 'tasks', 'snapshots'];

export function checkpointDir(dataDir: string): string {
  const dir = join(dataDir, CHECKPOINT_DIR);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Pages per backup step: a default lab is done in one or two steps, scale-10k in a few, each a few ms. */
const BACKUP_PAGES_PER_STEP = 4096;

/** Writes the live database to `dest` with the online backup API. */
export async function backupTo(db: Db, dest: string): Promise<void> {
  rmSync(dest, { force: true });
  await db.backup(dest, { progress: () => BACKUP_PAGES_PER_STEP });
}

/**
 * Checks that a file is a lab database this version can use: SQLite at all, our application_id,
 * a schema not newer than ours, integrity_check ok, the lab tables present. Throws a LabError that
 * says which; the file is only read.
 */
export function validateLabFile(path: string): { schemaVersion: number; simTime: string; profile: string; seed: number } {
  let probe: Database.Database;
  try {
    probe = new Database(path, { fileMustExist: true });
  } catch (err) {
    throw new LabError('store-corrupt', `The file is not an SQLite database: ${(err as Error).message}`);
  }
  try {
    let version: number;
    let appId: number;
    try {
      version = probe.pragma('user_version', { simple: true }) as number;
      appId = probe.pragma('application_id', { simple: true }) as number;
    } catch (err) {
      throw new LabError('store-corrupt', `The file is not a lab checkpoint (not an SQLite database, or damaged): ${(err as Error).message}`);
    }
    if (appId !== APPLICATION_ID) throw new LabError('store-corrupt', 'The file is an SQLite database of another application, not a VDI console lab.');
    if (version > LATEST_VERSION) {
      throw new LabError(
        'store-newer-version',
        `The checkpoint was written by a newer version of the console (schema ${version}; this version knows up to ${LATEST_VERSION}).`,
      );
    }
    let check: string;
    try {
      check = (probe.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
    } catch (err) {
      throw new LabError('store-corrupt', `The checkpoint is damaged: ${(err as Error).message}`);
    }
    if (check !== 'ok') throw new LabError('store-corrupt', `The checkpoint failed its integrity check: ${check}`);
    const tables = new Set((probe.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const required = version >= 7 ? REQUIRED_TABLES : REQUIRED_TABLES.filter((t) => t !== 'snapshots' && (version >= 4 || t !== 'tasks'));
    const missing = required.filter((t) => !tables.has(t));
    if (missing.length) throw new LabError('store-corrupt', `The checkpoint is not a complete lab: tables ${missing.join(', ')} are missing`);
    const meta = new Map((probe.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    if (!meta.get('profile') || !meta.get('sim_time')) throw new LabError('store-corrupt', 'The checkpoint holds no lab (its meta table is empty)');
    return { schemaVersion: version, simTime: meta.get('sim_time') ?? '', profile: meta.get('profile') ?? '', seed: Number(meta.get('seed') ?? 0) };
  } finally {
    probe.close();
  }
}

/** Row counts shown in the checkpoint list. */
export function labCounts(db: Database.Database): { desktops: number; sessions: number; events: number; snapshots: number } {
  const n = (t: string) => {
    try {
      return (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    } catch {
      return 0;
    }
  };
  return { desktops: n('desktops'), sessions: n('sessions'), events: n('events'), snapshots: n('snapshots') };
}

/**
 * Copies the lab in `file` over the live database in one transaction. The file is first copied to
 * a scratch file and opened as a lab (which refuses a bad one and upgrades an older schema), so
 * the checkpoint itself is never modified. `inTransaction` runs inside the same transaction (the audit event).
 */
export function restoreInto(db: Db, file: string, scratchDir: string, inTransaction: () => void): void {
  if (!existsSync(file)) throw new LabError('not-found', 'The checkpoint file is missing from the checkpoints folder', ['id']);
  validateLabFile(file);
  const scratch = join(scratchDir, `restore-${process.pid}.sqlite`);
  rmSync(scratch, { force: true });
  copyFileSync(file, scratch); // a closed checkpoint file, not the live database
  try {
    const up = openDatabase(scratch); // migrates an older checkpoint to this version's schema
    up.close();
    db.prepare('ATTACH DATABASE ? AS ck').run(scratch);
    try {
      const tables = all<{ name: string }>(db, "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .map((r) => r.name)
        .filter((t) => !KEEP_TABLES.has(t));
      db.transaction(() => {
        // Rows reference each other (desktops → pools → clusters …): checked once, at commit.
        db.pragma('defer_foreign_keys = ON');
        // Counters of ids that live outside the lab's timeline (checkpoints, uploads) never go back.
        const kept = all<{ kind: string; next: number }>(
          db,
          `SELECT kind, next FROM main.id_counters WHERE kind IN (${KEPT_ID_KINDS.map(() => '?').join(',')})`,
          ...KEPT_ID_KINDS,
        );
        for (const t of tables) db.prepare(`DELETE FROM main."${t}"`).run();
        for (const t of tables) {
          const cols = (db.prepare(`SELECT name FROM pragma_table_info(?, 'main')`).all(t) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
          db.prepare(`INSERT INTO main."${t}" (${cols}) SELECT ${cols} FROM ck."${t}"`).run();
        }
        db.prepare('DELETE FROM main.sqlite_sequence').run();
        db.prepare('INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM ck.sqlite_sequence').run();
        for (const k of kept) {
          db.prepare('INSERT INTO main.id_counters (kind, next) VALUES (?, ?) ON CONFLICT(kind) DO UPDATE SET next = max(next, excluded.next)').run(
            k.kind,
            k.next,
          );
        }
        inTransaction();
      })();
    } finally {
      db.prepare('DETACH DATABASE ck').run();
    }
  } finally {
    rmSync(scratch, { force: true });
    rmSync(`${scratch}-wal`, { force: true });
    rmSync(`${scratch}-shm`, { force: true });
  }
}
