import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { sqliteBindingOptions } from './native-binding.ts';
import DatabaseCtor from 'better-sqlite3';
import { LabError } from '../contract/errors.ts';
import type { Db } from './db.ts';
import { KEPT_TABLES, loadLabFile, removeDbFiles, type LoadedLab } from './lab-file/load.ts';
import { all } from './stmt.ts';
import { KEPT_ID_KINDS } from './ids.ts';

/**
 * Checkpoint files: a checkpoint is a complete lab database written by SQLite's online backup API
 * (never a file copy of the live database, which could catch a half-written page or miss the WAL).
 *
 * A checkpoint file is untrusted input however it got there (imported, or edited in the folder):
 * restore and import first read it into a fresh database of our own schema, checking every row
 * (store/lab-file/load.ts); only a file that passes in full goes further, and a refused one changes
 * nothing. Restoring then copies that copy's rows into the live database in ONE transaction on the
 * live connection, instead of closing the connection and swapping files: it is atomic (a crash
 * during a restore leaves the lab as it was before, or fully restored), nothing else holding the
 * connection (dispatcher, simulation, WAL checkpointer) has to be re-wired, and a browser tab never
 * talks to a closed database. Tables that are not the lab's state are kept: the checkpoint list and
 * the console's preferences (store/lab-file/load.ts KEPT_TABLES).
 */

export const CHECKPOINT_DIR = 'checkpoints';

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
  scrubAccounts(dest);
}

/**
 * A checkpoint carries no admin account: its password hashes would leave with every export, and a
 * restore keeps the live accounts anyway (KEPT_TABLES). secure_delete overwrites the freed pages.
 */
function scrubAccounts(file: string): void {
  const c = new DatabaseCtor(file, sqliteBindingOptions());
  try {
    const has = c.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'admin_accounts'").get();
    if (!has || !c.prepare('SELECT 1 FROM admin_accounts LIMIT 1').get()) return;
    c.pragma('journal_mode = DELETE');
    c.pragma('secure_delete = ON');
    c.prepare('DELETE FROM admin_accounts').run();
  } finally {
    c.close();
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
 * The scratch copies a restore, an import or a scenario check reads a lab file into:
 * `restore-<pid>-<thread>-<counter>-<random>.sqlite` (and its `.source` copy and journals). Unique per
 * call: two restores in one process (one awaits the simulation while the other starts) or a process
 * that got a dead one's pid never share a file. `restore-<pid>.sqlite` is the older name, still swept.
 */
const SCRATCH = /^restore-\d+(?:-\d+-\d+-[0-9a-f]+)?\.sqlite(\.source)?(-wal|-shm|-journal)?$/;

let scratchCounter = 0;
/** The scratch files (base names) this process's checks hold now: a sweep leaves them. */
const scratchInUse = new Set<string>();

/** A new scratch file name (base name, in the folder given). */
export function scratchName(): string {
  scratchCounter += 1;
  return `restore-${process.pid}-${threadId}-${scratchCounter}-${randomBytes(4).toString('hex')}.sqlite`;
}

/**
 * Removes scratch copies a restore or import left when its process was killed (a folder has one host at
 * a time, host/lab-lock.ts), so a crash does not leave a lab-sized file behind. The copies a check of
 * this process holds now (`scratchInUse`) stay.
 */
export function sweepScratch(folder: string): void {
  for (const f of readdirSync(folder)) {
    if (!SCRATCH.test(f)) continue;
    const base = f.replace(/(\.source)?(-wal|-shm|-journal)?$/, '');
    if (!scratchInUse.has(base)) rmSync(join(folder, f), { force: true });
  }
}

/** A lab file read and checked into a scratch database of our schema; `dispose` removes it. */
export interface CheckedLab extends LoadedLab {
  path: string;
  dispose(): void;
}

/**
 * Reads `file` into a scratch copy of its own in `folder`, checking all of it (throws `store-corrupt` /
 * `store-newer-version`; leaves nothing: the copy and its source are removed on any failure).
 */
export function checkLabFile(file: string, folder: string): CheckedLab {
  if (!existsSync(file)) throw new LabError('not-found', 'The checkpoint file is missing from the checkpoints folder', ['id']);
  sweepScratch(folder);
  const name = scratchName();
  const path = join(folder, name);
  scratchInUse.add(name);
  const dispose = () => {
    removeDbFiles(path);
    removeDbFiles(`${path}.source`);
    scratchInUse.delete(name);
  };
  try {
    const info = loadLabFile(file, path);
    return { ...info, path, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/**
 * Copies a checked lab (`checkLabFile`) over the live database in one transaction. `inTransaction`
 * runs inside the same transaction (the audit event, the engine rebuilt from the new rows).
 *
 * Foreign keys are off for the copy: the rows are a checked copy (every reference was verified on
 * it), and with them on, every row deleted or inserted made SQLite look for the rows referring to
 * it, a table scan where the referring column has no index (desktops by their owner, image version
 * or datastore): most of a scale-10k restore's time. SQLite only switches them outside a
 * transaction, so this runs with none open (a `runs` method) and turns them back on at once.
 */
export function adoptLab(db: Db, lab: CheckedLab, inTransaction: () => void): void {
  if (db.inTransaction) throw new LabError('internal', 'A lab can only be restored outside a transaction');
  db.pragma('foreign_keys = OFF');
  try {
    db.prepare('ATTACH DATABASE ? AS ck').run(lab.path);
    try {
      const tables = all<{ name: string }>(db, "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .map((r) => r.name)
        .filter((t) => !KEPT_TABLES.has(t));
      db.transaction(() => {
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
        // AUTOINCREMENT counters of the lab's tables come with them; the kept tables keep theirs.
        const list = tables.map(() => '?').join(',');
        db.prepare(`DELETE FROM main.sqlite_sequence WHERE name IN (${list})`).run(...tables);
        db.prepare(`INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM ck.sqlite_sequence WHERE name IN (${list})`).run(...tables);
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
    db.pragma('foreign_keys = ON');
  }
}

/**
 * Makes a checkpoint file one self-contained file (rollback journal, not WAL) that can be exported,
 * copied and attached as it is, and returns its row counts.
 */
export function sealCheckpointFile(path: string): ReturnType<typeof labCounts> {
  const probe = new DatabaseCtor(path, { fileMustExist: true, ...sqliteBindingOptions() });
  try {
    probe.pragma('journal_mode = DELETE');
    return labCounts(probe);
  } finally {
    probe.close();
  }
}

/** A consistent copy of a lab file nothing else writes now, with VACUUM INTO (to `dest`, which must not exist). */
export function vacuumInto(dbPath: string, dest: string): void {
  const db = new DatabaseCtor(dbPath, { readonly: true, fileMustExist: true, ...sqliteBindingOptions() });
  try {
    db.prepare('VACUUM INTO ?').run(dest);
  } finally {
    db.close();
  }
}

/** What a scenario check needs of a checked lab (`checkLabFile`'s copy): the ids its objectives and faults may name. */
export interface LabRefs {
  hosts: { id: string; connectionState: string }[];
  datastores: { id: string }[];
  pools: { id: string }[];
  /** Desktops and session hosts (the drs-rule predicate names VMs). */
  desktops: { id: string }[];
}

export function labRefs(path: string): LabRefs {
  const c = new DatabaseCtor(path, { readonly: true, fileMustExist: true, ...sqliteBindingOptions() });
  try {
    return {
      hosts: c.prepare('SELECT id, connection_state AS connectionState FROM hosts ORDER BY id').all() as LabRefs['hosts'],
      datastores: c.prepare('SELECT id FROM datastores ORDER BY id').all() as LabRefs['datastores'],
      pools: c.prepare('SELECT id FROM pools ORDER BY id').all() as LabRefs['pools'],
      desktops: c.prepare('SELECT id FROM desktops ORDER BY id').all() as LabRefs['desktops'],
    };
  } finally {
    c.close();
  }
}
