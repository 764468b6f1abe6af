import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LabError } from '../../src-main/contract/errors.ts';
import { APPLICATION_ID, LATEST_VERSION, migrate, openDatabase } from '../../src-main/store/db.ts';
import { MIGRATIONS, type Migration } from '../../src-main/store/migrations/index.ts';
import { tempDir } from '../helpers/lab.ts';

// The schema migrations on their own: each one applies, stamps the file, is not
// run twice, and a failing one leaves the database exactly as it was.

type Db = Database.Database;

const open: Db[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function memory(): Db {
  const db = new Database(':memory:');
  open.push(db);
  return db;
}

const userVersion = (db: Db) => db.pragma('user_version', { simple: true }) as number;
const applicationId = (db: Db) => db.pragma('application_id', { simple: true }) as number;
/** The whole schema as text: equal before and after means no DDL ran. */
const schema = (db: Db) => JSON.stringify(db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all());
const tableNames = (db: Db) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

/** The tables the first migration creates (the lab schema of DESIGN.md). */
const INITIAL_TABLES = [
  'clusters',
  'datastores',
  'desktops',
  'entitlements',
  'events',
  'group_members',
  'groups',
  'hosts',
  'image_versions',
  'images',
  'meta',
  'networks',
  'pool_datastores',
  'pools',
  'sessions',
  'settings',
  'sites',
  'users',
];

describe('the migration list', () => {
  it('is non-empty, numbered 1..n without gaps or duplicates, and LATEST_VERSION is its last version', () => {
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
    for (const m of MIGRATIONS) expect(m.name.trim().length).toBeGreaterThan(0);
  });
});

describe('each migration', () => {
  it('creates the initial lab schema as migration 1', () => {
    const db = memory();
    const first = MIGRATIONS[0] as Migration;
    expect(migrate(db, [first])).toBe(1);
    expect(userVersion(db)).toBe(1);
    expect(applicationId(db)).toBe(APPLICATION_ID);
    expect(tableNames(db)).toEqual(INITIAL_TABLES);
  });

  it.each(MIGRATIONS.map((m, i) => [m.version, m.name, i] as const))(
    'migration %i (%s) applies on top of the ones before it, sets user_version and application_id, and changes the schema (unless it changes rows only)',
    (version, _name, index) => {
      const db = memory();
      const before = MIGRATIONS.slice(0, index);
      expect(migrate(db, before)).toBe(index === 0 ? 0 : (before[before.length - 1] as Migration).version);
      const schemaBefore = schema(db);
      expect(migrate(db, MIGRATIONS.slice(0, index + 1))).toBe(version);
      expect(userVersion(db)).toBe(version);
      expect(applicationId(db)).toBe(APPLICATION_ID);
      if (MIGRATIONS[index]?.dataOnly) expect(schema(db)).toBe(schemaBefore);
      else expect(schema(db)).not.toBe(schemaBefore);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    },
  );

  it('all of them together bring a new database to LATEST_VERSION', () => {
    const db = memory();
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(userVersion(db)).toBe(LATEST_VERSION);
    expect(applicationId(db)).toBe(APPLICATION_ID);
    for (const t of INITIAL_TABLES) expect(tableNames(db)).toContain(t);
  });
});

describe('migrate', () => {
  it('is a no-op the second time: same version, same schema, no migration body runs', () => {
    const db = memory();
    expect(migrate(db)).toBe(LATEST_VERSION);
    const s = schema(db);
    let ran = 0;
    const spies: Migration[] = MIGRATIONS.map((m) => ({
      ...m,
      up: (d) => {
        ran++;
        m.up(d);
      },
    }));
    expect(migrate(db, spies)).toBe(LATEST_VERSION);
    expect(migrate(db, spies)).toBe(LATEST_VERSION);
    expect(ran).toBe(0);
    expect(schema(db)).toBe(s);
    expect(userVersion(db)).toBe(LATEST_VERSION);
  });

  it('runs pending migrations in version order whatever the order of the list', () => {
    const db = memory();
    const order: number[] = [];
    const fake = (version: number): Migration => ({
      version,
      name: `fake ${version}`,
      up: (d) => {
        order.push(version);
        d.exec(`CREATE TABLE fake_${version} (x INTEGER)`);
      },
    });
    expect(migrate(db, [fake(3), fake(1), fake(2)])).toBe(3);
    expect(order).toEqual([1, 2, 3]);
    expect(tableNames(db)).toEqual(['fake_1', 'fake_2', 'fake_3']);
    // Only the newer one runs later.
    expect(migrate(db, [fake(3), fake(1), fake(2), fake(4)])).toBe(4);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('rolls a failing migration back wholly: its table is absent and user_version is unchanged', () => {
    const db = memory();
    migrate(db);
    const s = schema(db);
    const failing: Migration = {
      version: LATEST_VERSION + 1,
      name: 'fails half-way',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        d.exec('INSERT INTO half_done VALUES (1)');
        d.pragma('application_id = 12345'); // would also be rolled back
        throw new Error('migration exploded');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, failing])).toThrow('migration exploded');
    expect(userVersion(db)).toBe(LATEST_VERSION);
    expect(applicationId(db)).toBe(APPLICATION_ID);
    expect(tableNames(db)).not.toContain('half_done');
    expect(schema(db)).toBe(s);
    expect(db.inTransaction).toBe(false);
    // The database is still usable, and a fixed migration applies afterwards.
    const fixed: Migration = { ...failing, up: (d) => d.exec('CREATE TABLE half_done (x INTEGER)') };
    expect(migrate(db, [...MIGRATIONS, fixed])).toBe(LATEST_VERSION + 1);
    expect(tableNames(db)).toContain('half_done');
  });

  it('keeps the migrations before a failing one (each is its own transaction) and rolls back only the failing one', () => {
    const db = memory();
    const good: Migration = { version: 1, name: 'good', up: (d) => d.exec('CREATE TABLE good (x INTEGER)') };
    const bad: Migration = {
      version: 2,
      name: 'bad',
      up: (d) => {
        d.exec('CREATE TABLE bad (x INTEGER)');
        throw new Error('no');
      },
    };
    expect(() => migrate(db, [good, bad])).toThrow('no');
    expect(userVersion(db)).toBe(1);
    expect(tableNames(db)).toEqual(['good']);
  });
});

describe('openDatabase on a fresh file', () => {
  it('creates the file in WAL mode with foreign keys on, migrated to the latest version', () => {
    const dir = tempDir('vdi-mig-');
    dirs.push(dir);
    const path = join(dir, 'lab.sqlite');
    const db = openDatabase(path);
    open.push(db);
    expect(statSync(path).isFile()).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(userVersion(db)).toBe(LATEST_VERSION);
    expect(applicationId(db)).toBe(APPLICATION_ID);
    // Foreign keys really bite: a host in a cluster that does not exist is refused.
    expect(() =>
      db
        .prepare(
          `INSERT INTO hosts (id, name, cluster_id, vendor, model, sockets, cores_per_socket, ghz, hyperthreading, ram_gb, nics, nic_gbps,
             power_state, connection_state, power_idle_w, power_peak_w, rack_units) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run('h-x', 'esx-x', 'cl-missing', 'v', 'm', 2, 8, 2.5, 1, 256, 2, 25, 'poweredOn', 'connected', 100, 400, 1),
    ).toThrow(/FOREIGN KEY/);
    db.close();
    // Reopening keeps the WAL mode (it is persistent) and runs no migration again.
    const again = openDatabase(path);
    open.push(again);
    expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(userVersion(again)).toBe(LATEST_VERSION);
  });

  it('turns a failing migration into a LabError, and the file stays at its previous version', () => {
    const dir = tempDir('vdi-mig-');
    dirs.push(dir);
    const path = join(dir, 'lab.sqlite');
    openDatabase(path).close();
    const failing: Migration = {
      version: LATEST_VERSION + 1,
      name: 'fails',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('disk says no');
      },
    };
    let caught: unknown;
    try {
      openDatabase(path, [...MIGRATIONS, failing]).close();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LabError);
    expect((caught as LabError).message).toContain('disk says no');
    expect((caught as LabError).message).toContain(path);
    const raw = new Database(path, { readonly: true });
    open.push(raw);
    expect(userVersion(raw)).toBe(LATEST_VERSION);
    expect(tableNames(raw)).not.toContain('half_done');
  });
});

describe('migration 12: alarms', () => {
  it('adds the alarm tables with the default definitions, and their CHECKs refuse what the console never writes', () => {
    const db = memory();
    expect(migrate(db, MIGRATIONS.slice(0, 11))).toBe(11);
    expect(tableNames(db)).not.toContain('alarms');
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['alarm_definitions', 'alarms']));
    const defs = db.prepare('SELECT id, metric, warning, critical FROM alarm_definitions ORDER BY id').all() as { id: string; metric: string }[];
    expect(defs.map((d) => d.id)).toEqual(expect.arrayContaining(['host-cpu', 'pool-no-desktops', 'pool-failed-connections', 'datastore-free', 'ha-capacity']));
    const ins = db.prepare(
      `INSERT INTO alarm_definitions (id, name, description, object_kind, metric, direction, warning, critical, duration_s, reset_margin, enabled, source, builtin)
       VALUES (?, 'n', '', ?, ?, 'above', ?, ?, ?, 0, 1, 's', 0)`,
    );
    expect(() => ins.run('x1', 'host', 'host-fan-speed', 1, 2, 0)).toThrow(/CHECK/);
    expect(() => ins.run('x2', 'printer', 'host-cpu-usage', 1, 2, 0)).toThrow(/CHECK/);
    expect(() => ins.run('x3', 'host', 'host-cpu-usage', null, null, 0)).toThrow(/CHECK/);
    expect(() => ins.run('x4', 'host', 'host-cpu-usage', 1, 2, -5)).toThrow(/CHECK/);
    db.pragma('foreign_keys = ON');
    const alarm = db.prepare(
      `INSERT INTO alarms (definition_id, object_kind, object_id, object_name, severity, state, value, worst, triggered_at, changed_at)
       VALUES (?, 'host', 'h-1', 'esx-1', ?, ?, 1, 1, '2026-01-05T07:00:00.000Z', '2026-01-05T07:00:00.000Z')`,
    );
    expect(() => alarm.run('no-such-definition', 'warning', 'triggered')).toThrow(/FOREIGN KEY/);
    expect(() => alarm.run('host-cpu', 'minor', 'triggered')).toThrow(/CHECK/);
    alarm.run('host-cpu', 'warning', 'triggered');
    // One active alarm per definition and object; a reset one is history beside it.
    expect(() => alarm.run('host-cpu', 'critical', 'acknowledged')).toThrow(/UNIQUE/);
    db.prepare("UPDATE alarms SET state = 'reset'").run();
    alarm.run('host-cpu', 'critical', 'triggered');
  });
});
