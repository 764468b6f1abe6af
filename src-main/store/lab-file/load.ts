import { copyFileSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sqliteBindingOptions } from '../native-binding.ts';
import { LabError } from '../../contract/errors.ts';
import { CHECKPOINT_MAX_BYTES } from '../../contract/snapshot-methods.ts';
import { APPLICATION_ID, LATEST_VERSION, migrate, type Db } from '../db.ts';
import { MIGRATIONS } from '../migrations/index.ts';
import { damagedRow, rowKey } from '../stored-json.ts';
import { checkEngineState, checkForeignKeys, checkPoolSizes, checkReferences } from './invariants.ts';
import { checkMeta, checkRows, checkValueSizes } from './rows.ts';
import { checkShape, expectedShape, type TableShape } from './shape.ts';

/**
 * A lab file (a checkpoint to restore, an uploaded one to import) is untrusted input. It is never
 * adopted as it is; it is read through one fixed path into a fresh database of our own schema:
 *
 * | step | on | what | refused as |
 * |---|---|---|---|
 * | 1 size | the file | at most CHECKPOINT_MAX_BYTES | store-corrupt |
 * | 2 header | the file | SQLite, our application_id, a schema version we know | store-corrupt / store-newer-version |
 * | 3 shape | the file's schema | exactly our tables of that version, no views, triggers, virtual or unknown tables (shape.ts) | store-corrupt, naming the object |
 * | 4 integrity | the file | quick_check (the file's own CHECK expressions are not run) | store-corrupt |
 * | 5 counts | the file's tables | rows per table, machines per pool against its maximum | store-corrupt, naming the table / pool |
 * | 6 copy | file → fresh DB at that version (our migrations) | our types, CHECKs, NOT NULLs, UNIQUEs | store-corrupt, naming the row |
 * | 7 upgrade | the fresh DB | our migrations up to this version | store-corrupt |
 * | 8 rows | the fresh DB | foreign keys, times, JSON, meta, references, the engine state (rows.ts, invariants.ts) | store-corrupt, naming the row |
 *
 * Steps 1–5 read the file's schema and counts only, so a hostile file (a view whose recursive CTE
 * never ends, 200,000 machines in a pool of 22) is refused before any of its rows is read; the copy
 * reads plain tables only (its views and triggers are never referenced), with `trusted_schema`
 * off. Work is bounded by the file size and MAX_ROWS_PER_TABLE. The file itself is only read (a
 * private copy of it is attached, so not even a stray journal next to it is rolled back).
 */

/**
 * Rows a lab file may hold in one table. A scale-10k lab's largest tables (engine entity records,
 * group members, users, the queue) hold some 10,000–25,000 rows; events and history are pruned
 * by simulated time. 1,000,000 is 40× that, and copies in a few seconds: a bound on the work a
 * file can ask for, far above any lab.
 */
export const MAX_ROWS_PER_TABLE = 1_000_000;

/**
 * Tables that are not the lab's state and a lab file never brings: the checkpoint list, console
 * preferences, capacity definitions and runs, imports in progress, the admin accounts. A restore
 * keeps the live ones. Accounts especially: a file from elsewhere must not bring an administrator
 * whose password its author knows, and a restore must not bring back a deleted or demoted one
 * (checkpoint files are written without them: store/checkpoint-files.ts).
 */
export const KEPT_TABLES: ReadonlySet<string> = new Set([
  'checkpoints',
  'settings',
  'capacity_definitions',
  'capacity_runs',
  'checkpoint_uploads',
  'admin_accounts',
]);

/** What a validated lab file holds, for the checkpoint list. */
export interface LoadedLab {
  /** The schema version the file was written with (the copy is at LATEST_VERSION). */
  schemaVersion: number;
  simTime: string;
  profile: string;
  seed: number;
}

/** Removes a database file and the files SQLite keeps beside it. */
export function removeDbFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Reads the lab in `file` into a new database at `dest` (our schema, LATEST_VERSION), checking
 * every row; throws a LabError (store-corrupt naming the first bad row or schema object, or
 * store-newer-version) and leaves nothing at `dest` when the file is not wholly a lab.
 */
export function loadLabFile(file: string, dest: string): LoadedLab {
  const size = (() => {
    try {
      return statSync(file).size;
    } catch (err) {
      throw new LabError('store-corrupt', `The checkpoint file cannot be read: ${(err as Error).message}`);
    }
  })();
  if (size > CHECKPOINT_MAX_BYTES) {
    throw new LabError('store-corrupt', `The checkpoint file is ${size} bytes, more than a lab file may be (${CHECKPOINT_MAX_BYTES} bytes)`);
  }
  const source = `${dest}.source`;
  removeDbFiles(dest);
  removeDbFiles(source);
  let db: Db | undefined;
  try {
    copyFileSync(file, source);
    db = new Database(dest, sqliteBindingOptions());
    db.pragma('journal_mode = MEMORY'); // a scratch file: a crash leaves it for the sweep, never half-used
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF'); // rows arrive table by table; references are checked whole, once (invariants.ts)
    db.pragma('trusted_schema = OFF'); // nothing the file's schema defines may call a function with side effects
    const version = readHeader(db, source);
    checkShape(db, 'src', version);
    checkIntegrity(db);
    checkHasLab(db);
    checkCounts(db, version);
    checkPoolSizes(db, 'src');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= version),
    );
    copyTables(db, source, version);
    db.prepare('DETACH DATABASE src').run();
    upgrade(db, version);
    const meta = checkMeta(db);
    checkForeignKeys(db);
    checkValueSizes(db);
    checkRows(db);
    checkReferences(db);
    checkEngineState(db, meta.simTime);
    db.pragma('journal_mode = DELETE'); // one self-contained file from here on
    db.close();
    db = undefined;
    return { schemaVersion: version, ...meta };
  } catch (err) {
    db?.close();
    db = undefined;
    removeDbFiles(dest);
    if (err instanceof LabError) throw err;
    throw new LabError('store-corrupt', `The checkpoint is damaged: ${(err as Error).message}`);
  } finally {
    db?.close();
    removeDbFiles(source);
  }
}

function readHeader(db: Db, source: string): number {
  let version: number;
  let appId: number;
  try {
    db.prepare('ATTACH DATABASE ? AS src').run(source);
    version = db.pragma('src.user_version', { simple: true }) as number;
    appId = db.pragma('src.application_id', { simple: true }) as number;
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
  if (!Number.isInteger(version) || version < 1) throw new LabError('store-corrupt', `The file claims lab schema ${version}, which no console writes.`);
  return version;
}

function checkIntegrity(db: Db): void {
  // quick_check evaluates each table's CHECK expressions, which in this file are the file's own: not run (ours are, on the copy).
  db.pragma('ignore_check_constraints = ON');
  let check: string;
  try {
    check = (db.pragma('src.quick_check', { simple: true }) as string | undefined) ?? 'no answer';
  } finally {
    db.pragma('ignore_check_constraints = OFF');
  }
  if (check !== 'ok') throw new LabError('store-corrupt', `The checkpoint failed its integrity check: ${check}`);
}

function checkHasLab(db: Db): void {
  const n = (db.prepare("SELECT count(*) AS n FROM src.meta WHERE key IN ('profile', 'sim_time')").get() as { n: number }).n;
  if (n < 2) throw new LabError('store-corrupt', 'The checkpoint holds no lab (its meta table is empty)');
}

function copiedTables(version: number): TableShape[] {
  return [...expectedShape(version).tables.values()].filter((t) => !KEPT_TABLES.has(t.name));
}

function checkCounts(db: Db, version: number): void {
  for (const t of copiedTables(version)) {
    const n = (db.prepare(`SELECT count(*) AS n FROM src."${t.name}"`).get() as { n: number }).n;
    if (n > MAX_ROWS_PER_TABLE) {
      throw new LabError('store-corrupt', `The checkpoint's table ${t.name} holds ${n} rows, more than a lab's table may (${MAX_ROWS_PER_TABLE})`);
    }
  }
}

/**
 * Copies the file's rows into our tables of the same version, in one statement per table. Our
 * schema judges each row (types, CHECKs, NOT NULL, UNIQUE); when a table's copy fails, its rows
 * are tried one by one to name the first that breaks a rule.
 */
function copyTables(db: Db, source: string, version: number): void {
  db.transaction(() => {
    for (const t of copiedTables(version)) {
      const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
      try {
        // Rows a migration seeded in the fresh table (the default alarm definitions) give way to the file's.
        db.prepare(`DELETE FROM main."${t.name}"`).run();
        db.prepare(`INSERT INTO main."${t.name}" (${cols}) SELECT ${cols} FROM src."${t.name}"`).run();
      } catch (err) {
        if (err instanceof LabError) throw err;
        throw firstBadRow(db, source, t, err as Error);
      }
    }
    // AUTOINCREMENT counters (the copy set them to the highest id it wrote): an id the file had already
    // handed out (its row since deleted) is never handed out again, in the restored lab either.
    const auto = (db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'").all() as { name: string }[]).map(
      (r) => r.name,
    );
    if (!db.prepare("SELECT 1 FROM src.sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").get()) return;
    const bad = db.prepare("SELECT name, seq FROM src.sqlite_sequence WHERE typeof(seq) <> 'integer' OR seq < 0 LIMIT 1").get() as
      { name: unknown; seq: unknown } | undefined;
    if (bad)
      throw damagedRow({ table: 'sqlite_sequence', key: rowKey({ name: String(bad.name) }), column: 'seq' }, `${JSON.stringify(bad.seq)} is not a count`);
    const theirs = db
      .prepare(`SELECT name, max(seq) AS seq FROM src.sqlite_sequence WHERE name IN (${auto.map(() => '?').join(',')}) GROUP BY name`)
      .all(...auto) as { name: string; seq: number }[];
    for (const r of theirs) {
      const ours = db.prepare('SELECT seq FROM main.sqlite_sequence WHERE name = ?').get(r.name) as { seq: number } | undefined;
      if (!ours) db.prepare('INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)').run(r.name, r.seq);
      else if (r.seq > ours.seq) db.prepare('UPDATE main.sqlite_sequence SET seq = ? WHERE name = ?').run(r.seq, r.name);
    }
  })();
}

/** The first row of `t` in the file that our table refuses, as a store-corrupt error naming it. */
function firstBadRow(db: Db, source: string, t: TableShape, cause: Error): LabError {
  const keyCols = t.columns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const names = t.columns.map((c) => c.name);
  const insert = db.prepare(`INSERT INTO main."${t.name}" (${names.map((c) => `"${c}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
  // Its own read-only connection: this one cannot write while a statement of it iterates.
  const reader = new Database(source, { readonly: true, ...sqliteBindingOptions() });
  try {
    reader.pragma('trusted_schema = OFF');
    const rows = reader.prepare(`SELECT ${names.map((c) => `"${c}"`).join(', ')} FROM "${t.name}"`).raw();
    for (const row of rows.iterate() as IterableIterator<unknown[]>) {
      try {
        insert.run(...row);
      } catch (err) {
        const key = rowKey(Object.fromEntries(keyCols.map((k) => [k, row[names.indexOf(k)]])));
        return new LabError('store-corrupt', `The lab's row ${t.name} (${key}) breaks a rule of the lab's schema: ${(err as Error).message}`);
      }
    }
  } finally {
    reader.close();
  }
  return new LabError('store-corrupt', `The checkpoint's table ${t.name} cannot be read into a lab: ${cause.message}`);
}

function upgrade(db: Db, from: number): void {
  if (from === LATEST_VERSION) return;
  try {
    migrate(db);
  } catch (err) {
    throw new LabError('store-corrupt', `The checkpoint (schema ${from}) cannot be brought up to schema ${LATEST_VERSION}: ${(err as Error).message}`);
  }
}
