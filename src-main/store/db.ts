import Database from 'better-sqlite3';
import { sqliteBindingOptions } from './native-binding.ts';
import { LabError } from '../contract/errors.ts';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

/** PRAGMA application_id of a lab database ('VDI1'), so a foreign SQLite file is recognised as such. */
export const APPLICATION_ID = 0x56444931;

/**
 * Opens (or creates) a lab database: WAL, foreign keys, migrations.
 * Refuses, with a LabError and without writing anything, a file that is not a
 * database, is damaged, belongs to another application, or was written by a
 * newer version of the console.
 */
export function openDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: false, ...sqliteBindingOptions() });
  } catch (err) {
    // The native module itself failed to load (built for another ABI, e.g. Node's inside Electron): the file is fine.
    if ((err as NodeJS.ErrnoException).code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION/.test((err as Error).message)) throw err;
    throw new LabError('store-corrupt', `Cannot open the lab database ${path}: ${(err as Error).message}`);
  }
  try {
    checkFile(db, path, migrations);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // WAL + NORMAL: a committed transaction survives a crash of the app
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    try {
      migrate(db, migrations);
    } catch (err) {
      // Each migration is one transaction: a failure leaves the file at its previous schema. Not damage: a bug to report.
      const at = db.pragma('user_version', { simple: true }) as number;
      throw new LabError('internal', `Upgrading the lab database ${path} from schema ${at} failed: ${(err as Error).message}. The file was not changed.`);
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof LabError) throw err;
    throw new LabError('store-corrupt', `The lab database ${path} is damaged or not a lab database: ${(err as Error).message}`);
  }
}

function checkFile(db: Db, path: string, migrations: readonly Migration[]): void {
  let version: number;
  let appId: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    appId = db.pragma('application_id', { simple: true }) as number;
  } catch (err) {
    // SQLITE_NOTADB and friends: the file is not a database at all.
    throw new LabError('store-corrupt', `${path} is not a lab database (or it is damaged): ${(err as Error).message}`);
  }
  const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  if (tables > 0 && appId !== APPLICATION_ID) {
    throw new LabError('store-corrupt', `${path} is an SQLite database of another application, not a VDI console lab.`);
  }
  const latest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  if (version > latest) {
    throw new LabError(
      'store-newer-version',
      `The lab in ${path} was written by a newer version of the console (schema ${version}; this version knows up to ${latest}). ` +
        'Update the console, or start with another data folder. The file was not changed.',
    );
  }
  if (tables > 0) {
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw new LabError('store-corrupt', `${path} failed its integrity check: ${check}`);
  }
}

/** Runs each pending migration in its own transaction together with its user_version bump. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  const pending = [...migrations].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

export { LATEST_VERSION };
