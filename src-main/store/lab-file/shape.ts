import Database from 'better-sqlite3';
import { sqliteBindingOptions } from '../native-binding.ts';
import { LabError } from '../../contract/errors.ts';
import { migrate, type Db } from '../db.ts';
import { MIGRATIONS } from '../migrations/index.ts';

// The schema a lab file of a given version must have, and the check that a foreign file has
// exactly it. Only tables are read from a lab file, and only after this check: a view, a trigger,
// a virtual table, a table of another name or with other columns is refused before any row of the
// file is read, so nothing the file defines is ever run (a view's recursive CTE, a trigger).

/** A column as `PRAGMA table_xinfo` describes it (its CHECK and DEFAULT are the copy's, not the file's). */
interface ColumnShape {
  name: string;
  type: string;
  notnull: number;
  pk: number;
  hidden: number;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  strict: boolean;
  withoutRowid: boolean;
}

/** The tables and indexes a lab of one schema version has: what its migrations create. */
export interface SchemaShape {
  version: number;
  tables: Map<string, TableShape>;
  /** Index name → its table (SQLite's own `sqlite_autoindex_*` included). */
  indexes: Map<string, string>;
}

/** Tables SQLite itself may add to any database: the AUTOINCREMENT counters and ANALYZE statistics. Never copied as tables. */
const SQLITE_TABLES = new Set(['sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4']);

interface MasterRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

function tableShape(db: Db, schema: string, name: string, flags: Map<string, { strict: number; wr: number }>): TableShape {
  const columns = (db.prepare(`SELECT name, type, "notnull", pk, hidden FROM pragma_table_xinfo(?, ?)`).all(name, schema) as ColumnShape[]).map((c) => ({
    name: c.name,
    type: c.type.toUpperCase(),
    notnull: c.notnull,
    pk: c.pk,
    hidden: c.hidden,
  }));
  const f = flags.get(name);
  return { name, columns, strict: f?.strict === 1, withoutRowid: f?.wr === 1 };
}

function tableFlags(db: Db, schema: string): Map<string, { strict: number; wr: number }> {
  const rows = db.prepare('SELECT name, strict, wr FROM pragma_table_list WHERE schema = ?').all(schema) as { name: string; strict: number; wr: number }[];
  return new Map(rows.map((r) => [r.name, r]));
}

const cache = new Map<number, SchemaShape>();

/** The shape of a lab at `version`: migrations 1..version run on an empty in-memory database (once per version). */
export function expectedShape(version: number): SchemaShape {
  const known = cache.get(version);
  if (known) return known;
  const db = new Database(':memory:', sqliteBindingOptions());
  try {
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= version),
    );
    const master = db.prepare('SELECT type, name, tbl_name, sql FROM main.sqlite_master').all() as MasterRow[];
    const flags = tableFlags(db, 'main');
    const tables = new Map<string, TableShape>();
    const indexes = new Map<string, string>();
    for (const m of master) {
      if (m.type === 'table' && !SQLITE_TABLES.has(m.name)) tables.set(m.name, tableShape(db, 'main', m.name, flags));
      if (m.type === 'index') indexes.set(m.name, m.tbl_name);
    }
    const shape = { version, tables, indexes };
    cache.set(version, shape);
    return shape;
  } finally {
    db.close();
  }
}

const refuse = (why: string) => new LabError('store-corrupt', `The file is not a lab this console can read: ${why}. Nothing of it was used.`);

/**
 * Checks that schema `schema` of `db` (an attached lab file) has exactly the shape of `version`:
 * only tables and indexes, no views, triggers or virtual tables, every table of that version with
 * the same columns (names, types, NOT NULL, key, none generated), STRICT and WITHOUT ROWID as
 * ours, no table or index of its own. Reads the file's schema only, never a row.
 */
export function checkShape(db: Db, schema: string, version: number): void {
  const want = expectedShape(version);
  const master = db.prepare(`SELECT type, name, tbl_name, sql FROM "${schema}".sqlite_master`).all() as MasterRow[];
  const present = new Set<string>();
  for (const m of master) {
    if (m.type === 'view') throw refuse(`it defines ${m.name} as a view (a lab file holds tables only; a view is a query the file would make us run)`);
    if (m.type === 'trigger') throw refuse(`it defines a trigger ${m.name} on ${m.tbl_name} (a lab file has none)`);
    if (m.type === 'index') {
      if (want.indexes.get(m.name) !== m.tbl_name) throw refuse(`it defines an index ${m.name} on ${m.tbl_name} that a lab does not have`);
      continue;
    }
    if (m.type !== 'table') throw refuse(`it holds a schema object ${m.name} of type ${m.type}`);
    if (SQLITE_TABLES.has(m.name)) continue;
    if (/^\s*CREATE\s+VIRTUAL\b/i.test(m.sql ?? '')) throw refuse(`${m.name} is a virtual table (a lab file holds plain tables only)`);
    if (!want.tables.has(m.name)) throw refuse(`it holds an unknown table ${m.name} (not one of a schema-${version} lab)`);
    present.add(m.name);
  }
  const missing = [...want.tables.keys()].filter((t) => !present.has(t));
  if (missing.length) throw new LabError('store-corrupt', `The checkpoint is not a complete lab: tables ${missing.join(', ')} are missing`);
  // Only now, with every name known to be a plain table of ours, is the file's schema asked about its columns.
  const flags = tableFlags(db, schema);
  for (const t of want.tables.values()) {
    const got = tableShape(db, schema, t.name, flags);
    if (got.strict !== t.strict) throw refuse(`table ${t.name} is ${got.strict ? '' : 'not '}STRICT, unlike a lab's`);
    if (got.withoutRowid !== t.withoutRowid) throw refuse(`table ${t.name} is ${got.withoutRowid ? '' : 'not '}WITHOUT ROWID, unlike a lab's`);
    const names = new Set(t.columns.map((c) => c.name));
    const extra = got.columns.find((c) => !names.has(c.name));
    if (extra) throw refuse(`table ${t.name} has a column ${extra.name} that a schema-${version} lab does not have`);
    for (const c of t.columns) {
      const g = got.columns.find((x) => x.name === c.name);
      if (!g) throw refuse(`table ${t.name} has no column ${c.name}`);
      if (g.type !== c.type || g.notnull !== c.notnull || g.pk !== c.pk || g.hidden !== c.hidden) {
        throw refuse(`column ${t.name}.${c.name} is declared ${describe(g)}, not ${describe(c)} as in a lab`);
      }
    }
  }
}

function describe(c: ColumnShape): string {
  return [c.type || 'untyped', c.notnull ? 'NOT NULL' : 'nullable', c.pk ? `key ${c.pk}` : '', c.hidden ? 'generated' : ''].filter(Boolean).join(' ');
}
