import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCallError, Client } from '../../src-main/contract/client.ts';
import type { ApiError } from '../../src-main/contract/errors.ts';
import { openHost } from '../../src-main/host/host.ts';
import { createClient } from '../../src-main/contract/client.ts';
import { memoryTransport } from '../../src-main/host/host.ts';
import { LATEST_VERSION } from '../../src-main/store/db.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 20, findings 1, 3 and 11: a lab file (a checkpoint in the checkpoints folder, or an
// imported one) is untrusted input. A file that is not wholly a valid lab is refused with
// `store-corrupt` naming the first bad row or schema object, and the live lab stays exactly as it
// was; nothing in such a file is executed (views, triggers) or adopted as it is.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
function lab(): TempLab {
  const l = tempLab('small', 1);
  labs.push(l);
  return l;
}

const errorOf = (p: Promise<unknown>): Promise<ApiError | null> =>
  p.then(
    () => null,
    (e: unknown) => (e as ApiCallError).error,
  );

/** A saved checkpoint of `l` and the path of its file. */
async function saved(l: TempLab): Promise<{ id: string; path: string }> {
  const cp = await l.client.call('checkpoint-save', { name: 'base' });
  const db = l.peek();
  const file = (db.prepare('SELECT file FROM checkpoints WHERE id = ?').get(cp.id) as { file: string }).file;
  db.close();
  return { id: cp.id, path: join(l.dir, 'checkpoints', file) };
}

/** Changes a checkpoint file in place with SQL (foreign keys off, as any SQLite tool opens it). */
function tamper(path: string, sql: string, opts: { writableSchema?: boolean } = {}): void {
  const db = new Database(path);
  db.pragma('foreign_keys = OFF'); // better-sqlite3 turns them on; a hand-edited file has whatever its editor allowed
  if (opts.writableSchema) {
    db.unsafeMode(true); // better-sqlite3 opens in SQLite's defensive mode, which forbids writing the schema
    db.pragma('writable_schema = ON');
  }
  db.exec(sql);
  db.close();
}

async function importBytes(c: Client, name: string, bytes: Buffer) {
  const { uploadId, chunkBytes } = await c.call('checkpoint-import-begin', { name, sizeBytes: bytes.length });
  for (let off = 0; off < bytes.length; off += chunkBytes) {
    await c.call('checkpoint-import-chunk', { uploadId, offset: off, data: bytes.subarray(off, off + chunkBytes).toString('base64') });
  }
  return c.call('checkpoint-import-finish', { uploadId });
}

/** Everything the lab holds and the checkpoint folder's files: equal before and after means the refusal changed nothing. */
function snapshotOf(l: TempLab, skip: string[] = []): { digest: string; files: string[] } {
  const db = l.peek();
  try {
    return { digest: contentDigest(db, skip), files: readdirSync(join(l.dir, 'checkpoints')).sort() };
  } finally {
    db.close();
  }
}

/** Restores a tampered checkpoint: refused as store-corrupt with a message matching `message`, and the lab exactly as before. */
async function expectRestoreRefused(l: TempLab, id: string, message: RegExp): Promise<ApiError> {
  const before = snapshotOf(l);
  const err = await errorOf(l.client.call('checkpoint-restore', { id, confirm: true }));
  expect(err, 'the restore is refused').not.toBeNull();
  expect(err?.code, err?.message).toBe('store-corrupt');
  expect(err?.message).toMatch(message);
  expect(snapshotOf(l), 'the lab is byte-identical').toEqual(before);
  return err as ApiError;
}

/** Imports a tampered file: refused as store-corrupt, no checkpoint added, no file left behind. */
async function expectImportRefused(l: TempLab, bytes: Buffer, message: RegExp): Promise<ApiError> {
  // An upload takes an id from its counter (ids are never reused); nothing else may change.
  const before = snapshotOf(l, ['id_counters']);
  const err = await errorOf(importBytes(l.client, 'hostile', bytes));
  expect(err, 'the import is refused').not.toBeNull();
  expect(err?.code, err?.message).toBe('store-corrupt');
  expect(err?.message).toMatch(message);
  expect(snapshotOf(l, ['id_counters']), 'nothing added').toEqual(before);
  return err as ApiError;
}

const RULE_SQL = (desktopIds: string) =>
  `INSERT INTO cluster_rules (id, cluster_id, name, kind, enabled, desktop_ids, host_group, created_at)
   VALUES ('rule-9', 'cl-1', 'bad', 'vm-affinity', 1, '${desktopIds}', NULL, '2026-01-05T07:00:00.000Z')`;
const TASK_SQL = (details: string, kind = 'push-image') =>
  `INSERT INTO tasks (id, kind, object_kind, object_id, object_name, state, done, total, created_at, start_at, finished_at, user, details)
   VALUES ('task-99', '${kind}', 'pool', 'pool-1', 'KW-Floating', 'running', 0, 1, '2026-01-05T07:00:00.000Z', '2026-01-05T07:00:00.000Z', NULL, 'me', '${details}')`;

describe('finding 1: a damaged row of the live lab is a structured error naming it, and the host stays up', () => {
  it.each<[string, string, (c: Client) => Promise<unknown>, RegExp]>([
    ['cluster_rules.desktop_ids', RULE_SQL('{not json'), (c) => c.call('rule-list', {}), /cluster_rules.*rule-9.*desktop_ids/],
    ['tasks.details', TASK_SQL('{not json'), (c) => c.call('task-list', {}), /tasks.*task-99.*details/],
    ['settings.value', "INSERT INTO settings (key, value) VALUES ('theme', '{not json')", (c) => c.call('settings-get', {}), /settings.*theme.*value/],
    [
      'scaling_plans.plan',
      "INSERT INTO scaling_plans (pool_id, plan) VALUES ('pool-5', '{\"phases\": 3}')",
      (c) => c.call('pool-get-scaling-plan', { id: 'pool-5' }),
      /scaling_plans.*pool-5.*plan/,
    ],
    [
      'checkpoints.counts',
      `INSERT INTO checkpoints (id, name, notes, file, sim_time, created_at, size_bytes, schema_version, profile, seed, origin, counts)
       VALUES ('ckpt-9', 'x', '', 'ckpt-9-1.sqlite', '2026-01-05T07:00:00.000Z', '2026-01-05T07:00:00.000Z', 1, ${LATEST_VERSION}, 'small', 1, 'saved', '{not json')`,
      (c) => c.call('checkpoint-list', {}),
      /checkpoints.*ckpt-9.*counts/,
    ],
  ])('%s', async (_label, sql, read, message) => {
    const l = lab();
    await l.client.call('clock-step', { seconds: 60 });
    l.host.close();
    tamper(join(l.dir, 'lab.sqlite'), sql);
    const host = openHost({ dataDir: l.dir });
    try {
      const c = createClient(memoryTransport(host));
      const err = await errorOf(read(c));
      expect(err?.code, err?.message).toBe('store-corrupt');
      expect(err?.message).toMatch(message);
      expect((await c.call('lab-info', {})).profile, 'the host still answers').toBe('small');
    } finally {
      host.close();
    }
  });
});
