import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, LabError } from '../../src-main/contract/errors.ts';
import { AUDIT_FILE, LAB_FILE, openHost } from '../../src-main/host/host.ts';
import { LATEST_VERSION } from '../../src-main/store/db.ts';
import { CLI, REPO } from '../helpers/crash-writer.ts';
import { tempDir, tempLab } from '../helpers/lab.ts';

// A lab folder whose database is damaged, foreign or from a newer console: the
// host refuses it with a structured LabError naming the file, and leaves every
// byte of it (and the folder) as it was. The CLI prints that error as JSON, exit 2.

let root: string;
/** A real small lab, closed cleanly (WAL checkpointed into the main file). */
let goodLab: string;

beforeAll(() => {
  root = tempDir('vdi-baddb-');
  const lab = tempLab('small', 1, join(root, 'good'));
  lab.host.close();
  goodLab = join(root, 'good', LAB_FILE);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface FolderState {
  files: string[];
  sha: string;
  size: number;
  mtimeMs: number;
}

function folderState(dir: string): FolderState {
  const file = join(dir, LAB_FILE);
  const st = statSync(file);
  return {
    files: readdirSync(dir).sort(),
    sha: createHash('sha256').update(readFileSync(file)).digest('hex'),
    size: st.size,
    mtimeMs: st.mtimeMs,
  };
}

function refusal(dir: string): LabError {
  let caught: unknown;
  try {
    openHost({ dataDir: dir, lab: 'small', seed: 1 }).close();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'openHost must refuse this folder').toBeInstanceOf(LabError);
  return caught as LabError;
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The CLI's error contract: nothing on stdout, one line of JSON {code, message} on stderr, exit 2, no stack trace. */
function expectCliError(r: CliResult, code: string, fileMentioned: string): void {
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  const err = JSON.parse(lines[0] as string) as { code: string; message: string };
  expect(err.code).toBe(code);
  expect(err.message).toContain(fileMentioned);
  expect(r.code).toBe(2);
}

type Case = { name: string; code: 'store-corrupt' | 'store-newer-version'; message: RegExp; make(file: string): void };

const CASES: Case[] = [
  {
    name: 'a file of random bytes',
    code: 'store-corrupt',
    message: /not a lab database|damaged/,
    make: (file) => writeFileSync(file, randomBytes(64 * 1024)),
  },
  {
    name: 'a text file',
    code: 'store-corrupt',
    message: /not a lab database|damaged/,
    make: (file) => writeFileSync(file, 'hello, I am not a database\n'.repeat(500)),
  },
  {
    name: 'a real lab truncated to its first 1000 bytes (header intact, page 1 cut)',
    code: 'store-corrupt',
    message: /damaged|malformed|integrity/,
    make: (file) => {
      copyFileSync(goodLab, file);
      truncateSync(file, 1000);
    },
  },
  {
    name: 'a real lab truncated to half its size',
    code: 'store-corrupt',
    message: /damaged|malformed|integrity/,
    make: (file) => {
      copyFileSync(goodLab, file);
      truncateSync(file, Math.floor(statSync(goodLab).size / 2 / 4096) * 4096);
    },
  },
  {
    name: 'a real lab missing only its last page',
    code: 'store-corrupt',
    message: /damaged|malformed|integrity/,
    make: (file) => {
      copyFileSync(goodLab, file);
      truncateSync(file, statSync(goodLab).size - 4096);
    },
  },
  {
    name: 'a real lab with garbage written over data pages in the middle',
    code: 'store-corrupt',
    message: /damaged|malformed|integrity/,
    make: (file) => {
      const bytes = readFileSync(goodLab);
      const pageSize = bytes.readUInt16BE(16);
      const pages = bytes.length / pageSize;
      const from = Math.floor(pages / 3) * pageSize;
      bytes.fill(0xa5, from, from + 4 * pageSize);
      writeFileSync(file, bytes);
    },
  },
  {
    name: 'an SQLite database of another application (its own tables, no application_id)',
    code: 'store-corrupt',
    message: /another application/,
    make: (file) => {
      const db = new Database(file);
      db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT, total REAL); INSERT INTO invoices VALUES (1, 'ACME', 99.5)");
      db.pragma('user_version = 1');
      db.close();
    },
  },
  {
    name: 'an SQLite database of another application that sets its own application_id',
    code: 'store-corrupt',
    message: /another application/,
    make: (file) => {
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)');
      db.pragma('application_id = 1234');
      db.close();
    },
  },
  {
    name: 'a lab written by a newer console (user_version 99)',
    code: 'store-newer-version',
    message: /newer version.*schema 99/,
    make: (file) => {
      copyFileSync(goodLab, file);
      const db = new Database(file);
      db.pragma('user_version = 99');
      db.close();
    },
  },
  {
    name: 'a lab one schema version ahead of this console',
    code: 'store-newer-version',
    message: new RegExp(`schema ${LATEST_VERSION + 1}; this version knows up to ${LATEST_VERSION}`),
    make: (file) => {
      copyFileSync(goodLab, file);
      const db = new Database(file);
      db.pragma(`user_version = ${LATEST_VERSION + 1}`);
      db.close();
    },
  },
];

describe('a bad lab database is refused, with a clear error, and left untouched', () => {
  it('the reference lab file is a valid, checkpointed lab', () => {
    expect(readdirSync(join(root, 'good'))).toEqual([AUDIT_FILE, LAB_FILE]); // the audit trail lives beside the lab (issue 16)
    const db = new Database(goodLab);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s → openHost throws, file unchanged', (_name, c) => {
    const dir = join(root, `host-${CASES.indexOf(c)}`);
    mkdirSync(dir);
    const file = join(dir, LAB_FILE);
    c.make(file);
    const before = folderState(dir);

    const err = refusal(dir);
    expect(err.code).toBe(c.code);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(c.message);
    expect(err.toApiError()).toEqual({ code: c.code, message: err.message });
    expect(folderState(dir)).toEqual(before);

    // Refusing it again gives the same answer: the first attempt repaired or stamped nothing.
    expect(refusal(dir).code).toBe(c.code);
    expect(folderState(dir)).toEqual(before);
  });

  it('a newer-version lab says that the file was not changed, and it really was not (no WAL content either)', () => {
    const dir = join(root, 'newer-wal');
    mkdirSync(dir);
    const file = join(dir, LAB_FILE);
    copyFileSync(goodLab, file);
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`); // one newer than this build knows
    db.close();
    const before = folderState(dir);
    const err = refusal(dir);
    expect(err.code).toBe('store-newer-version');
    expect(err.message).toMatch(/was not changed/);
    const after = folderState(dir);
    expect(after).toEqual(before);
    for (const f of after.files) if (f !== LAB_FILE) expect(statSync(join(dir, f)).size, f).toBe(0);
    // The file still opens as what it was: the newer schema, the same lab.
    const peek = new Database(file, { readonly: true });
    expect(peek.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    expect((peek.prepare("SELECT value FROM meta WHERE key = 'seed'").get() as { value: string }).value).toBe('1');
    peek.close();
  });

  it('a folder whose lab.sqlite is a directory → store-corrupt naming it', () => {
    const dir = join(root, 'dir-as-file');
    mkdirSync(join(dir, LAB_FILE), { recursive: true });
    const err = refusal(dir);
    expect(err.code).toBe('store-corrupt');
    expect(err.message).toContain(join(dir, LAB_FILE));
    expect(readdirSync(dir)).toEqual([LAB_FILE]);
    expect(readdirSync(join(dir, LAB_FILE))).toEqual([]);
  });
});

describe('the CLI prints the structured error and exits 2', () => {
  // One case of each kind (each CLI start costs ~1 s): random bytes, a truncated lab, a foreign database.
  // The newer-version file is the next test, with a write.
  const CLI_CASES = [0, 3, 6].map((i) => CASES[i] as Case);

  it('for a damaged, a truncated and a foreign file: one line of JSON on stderr, exit 2, no stack trace, file unchanged', async () => {
    expect(CLI_CASES.map((c) => c.name)).toEqual([
      'a file of random bytes',
      'a real lab truncated to half its size',
      'an SQLite database of another application (its own tables, no application_id)',
    ]);
    const jobs = CLI_CASES.map((c, i) => async () => {
      const dir = join(root, `cli-${i}`);
      mkdirSync(dir);
      const file = join(dir, LAB_FILE);
      c.make(file);
      const before = folderState(dir);
      const r = await cli(['call', 'lab-info', '--data', dir]);
      return { c, r, file, before, after: folderState(dir) };
    });
    const results = await Promise.all(jobs.map((j) => j()));
    for (const { c, r, file, before, after } of results) {
      expectCliError(r, c.code, file);
      expect(after, c.name).toEqual(before);
    }
  });

  it('a write (call pool-set-enabled) against a newer-version lab is refused the same way and writes nothing', async () => {
    const dir = join(root, 'cli-write');
    mkdirSync(dir);
    const file = join(dir, LAB_FILE);
    copyFileSync(goodLab, file);
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const before = folderState(dir);
    const r = await cli(['call', 'pool-set-enabled', '{"id":"pool-1","enabled":false}', '--data', dir]);
    expectCliError(r, 'store-newer-version', file);
    expect(folderState(dir)).toEqual(before);
  });

  it('`serve` on a damaged lab exits 2 with the JSON error instead of starting', async () => {
    const dir = join(root, 'serve-bad');
    mkdirSync(dir);
    const file = join(dir, LAB_FILE);
    writeFileSync(file, randomBytes(16 * 1024));
    const before = folderState(dir);
    const r = await cli(['serve', '--data', dir, '--port', '0']);
    expectCliError(r, 'store-corrupt', file);
    expect(folderState(dir)).toEqual(before);
  });

  it('a --data path that is a regular file: a structured error in-process and from the CLI (exit 2, no stack trace), the file untouched', async () => {
    const file = join(root, 'not-a-folder.txt');
    writeFileSync(file, 'my notes\n');
    let caught: unknown;
    try {
      openHost({ dataDir: file }).close();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LabError);
    expect((caught as LabError).message).toContain(file);
    const r = await cli(['call', 'lab-info', '--data', file]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stderr.trim()) as { code: string; message: string };
    expect(ERROR_CODES).toContain(err.code);
    expect(err.code).toBe((caught as LabError).code);
    expect(err.message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('my notes\n');
  });
});
