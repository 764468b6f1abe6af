import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCallError, Client } from '../../src-main/contract/client.ts';
import { CHECKPOINT_CHUNK_BYTES } from '../../src-main/contract/snapshot-methods.ts';
import { LATEST_VERSION } from '../../src-main/store/db.ts';
import type { Db } from '../../src-main/store/db.ts';
import { engineRecordRows } from '../helpers/durable.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// Lab checkpoints: save, restore (the lab returns exactly, and running on from it replays the
// same history), export and import through the chunked methods, and refusal of files that are
// not labs of this version, with nothing changed.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
function lab(): TempLab {
  const l = tempLab('small', 1);
  labs.push(l);
  return l;
}

/**
 * A hash of the lab's state and history: every lab table except the checkpoint list and console
 * preferences; events without their wall-clock time, id and the admin's own audit records (saving
 * and restoring write those, and their notes in the action log); metric rollups of buckets that start at or after `from` (a bucket
 * that straddles the checkpoint mixes samples the sampler held in memory); and the live figures.
 * desktops.state_since is left out: the store stamps it with the time of the flush that wrote the
 * change, and flushes fall where wall-clock slices end (12 ms budgets), not on the simulated grid.
 */
async function stateHash(l: TempLab, from: number): Promise<string> {
  const db = l.peek();
  try {
    const h = createHash('sha256');
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
      .map((r) => r.name)
      // id_counters: the checkpoint and upload counters are the console's, not the lab's (a restore keeps them).
      .filter((t) => !['checkpoints', 'settings', 'events', 'metric_rollups', 'metric_rollups_recent', 'meta', 'id_counters'].includes(t));
    // The engine's entity records as they read back: which sit in a base row or a delta is flush history (helpers/durable.ts).
    const records = engineRecordRows(db as unknown as Db);
    for (const t of tables) {
      if (records.has(t) && t !== 'engine_state') {
        const rows = records.get(t);
        if (rows) h.update(`${t}:${rows.join('|')}\n`);
        continue;
      }
      // replay_actions: the audit records' event notes (app/replay action-log EVENT_NOTE) are left out with the records.
      const rows = (db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[])
        .filter((r) => !(t === 'replay_actions' && r.method === '(event)'))
        .filter((r) => !(t === 'engine_state' && String(r.key).startsWith('rotation:')))
        .map(({ state_since: _s, ...r }) => JSON.stringify(r));
      h.update(`${t}:${rows.sort().join('|')}\n`);
    }
    h.update(
      JSON.stringify(
        db.prepare("SELECT sim_time, type, severity, object_kind, object_id, message FROM events WHERE type NOT LIKE 'audit-%' ORDER BY id").all(),
      ),
    );
    // The rollups wherever they are (the 5-minute rows of the hour under way in metric_rollups_recent, migration 024).
    const cols = 'cpu_pct, ready_pct, mem_state, balloon_mb, swap_mb, watts, sessions, ux_ms, iops, latency_ms';
    h.update(
      JSON.stringify(
        db
          .prepare(
            `SELECT * FROM (SELECT scope, object_id, resolution, ts, ${cols} FROM metric_rollups
               UNION ALL SELECT scope, object_id, 300, ts, ${cols} FROM metric_rollups_recent)
             WHERE ts >= ? ORDER BY scope, object_id, resolution, ts`,
          )
          .all(from),
      ),
    );
    h.update(JSON.stringify(db.prepare("SELECT key, value FROM meta WHERE key NOT IN ('clock_speed') ORDER BY key").all()));
    h.update(JSON.stringify(await l.client.call('metrics-current', {})));
    return h.digest('hex');
  } finally {
    db.close();
  }
}

async function exportBytes(c: Client, id: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset = 0; ;) {
    const chunk = await c.call('checkpoint-export-chunk', { id, offset });
    const buf = Buffer.from(chunk.data, 'base64');
    expect(buf.length).toBeLessThanOrEqual(CHECKPOINT_CHUNK_BYTES);
    parts.push(buf);
    offset += buf.length;
    if (chunk.done) {
      expect(offset).toBe(chunk.sizeBytes);
      break;
    }
  }
  return Buffer.concat(parts);
}

async function importBytes(c: Client, name: string, bytes: Buffer) {
  const { uploadId, chunkBytes } = await c.call('checkpoint-import-begin', { name, sizeBytes: bytes.length });
  for (let off = 0; off < bytes.length; off += chunkBytes) {
    await c.call('checkpoint-import-chunk', { uploadId, offset: off, data: bytes.subarray(off, off + chunkBytes).toString('base64') });
  }
  return c.call('checkpoint-import-finish', { uploadId });
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e as ApiCallError).error,
  );

describe('save and restore', () => {
  it('the lab returns exactly, and running N simulated seconds from the checkpoint replays the same history', async () => {
    const l = lab();
    const c = l.client;
    await c.call('clock-step', { seconds: 2 * 3600 }); // 09:00: sessions, the login storm
    await c.call('snapshot-take', { desktopId: 'vm-41', name: 'before', includeMemory: true });
    const t0 = Date.parse((await c.call('clock-get', {})).simTime) / 1000;
    const cp = await c.call('checkpoint-save', { name: 'Monday 09:00', notes: 'before the class' });
    expect(cp).toMatchObject({ name: 'Monday 09:00', simTime: new Date(t0 * 1000).toISOString(), origin: 'saved', schemaVersion: LATEST_VERSION });
    expect(cp.sizeBytes).toBeGreaterThan(0);
    expect(cp.counts.snapshots).toBe(1);
    const atSave = await stateHash(l, t0);

    const N = 1800;
    await c.call('clock-step', { seconds: N });
    await c.call('desktop-set-maintenance', { id: 'vm-40', maintenance: true }); // something the restore must undo
    const first = await stateHash(l, t0);
    expect(first).not.toBe(atSave);

    await c.call('clock-set', { speed: '60' }); // a running clock is paused by the restore
    const info = await c.call('checkpoint-restore', { id: cp.id, confirm: true });
    expect(info.simTime).toBe(cp.simTime);
    expect(await c.call('clock-get', {})).toMatchObject({ speed: 'paused', running: false, simTime: cp.simTime });
    expect(await stateHash(l, t0), 'the lab returns exactly').toBe(atSave);
    expect((await c.call('desktop-get', { id: 'vm-40' })).state).not.toBe('MAINTENANCE');

    await c.call('clock-step', { seconds: N - 0 });
    // (the maintenance change was an admin action after the checkpoint: replay it too)
    await c.call('desktop-set-maintenance', { id: 'vm-40', maintenance: true });
    expect(await stateHash(l, t0), 'same history from the same checkpoint').toBe(first);

    const ev = (await c.call('event-list', { objectKind: 'lab', limit: 3 })).rows.map((e) => e.message).join('\n');
    expect(ev).toMatch(/restored from checkpoint "Monday 09:00"/);
    expect((await c.call('checkpoint-list', {})).map((x) => x.id)).toEqual([cp.id]); // the list survives a restore
  });

  it('delete removes the row and the file; unknown ids are refused', async () => {
    const l = lab();
    const c = l.client;
    const cp = await c.call('checkpoint-save', { name: 'x' });
    const folder = join(l.dir, 'checkpoints');
    expect(readdirSync(folder)).toHaveLength(1);
    await c.call('checkpoint-delete', { id: cp.id });
    expect(readdirSync(folder)).toHaveLength(0);
    expect(await c.call('checkpoint-list', {})).toEqual([]);
    expect(await errorOf(c.call('checkpoint-restore', { id: cp.id, confirm: true }))).toMatchObject({ code: 'not-found', path: ['id'] });
    expect(await errorOf(c.call('checkpoint-delete', { id: 'ckpt-404' }))).toMatchObject({ code: 'not-found', path: ['id'] });
  });
});

describe('export and import', () => {
  it('export in chunks gives the checkpoint file byte for byte; importing it gives a checkpoint that restores the same lab', async () => {
    const l = tempLab('default', 3); // the default lab: several MB, many chunks
    labs.push(l);
    const c = l.client;
    await c.call('clock-step', { seconds: 600 });
    const cp = await c.call('checkpoint-save', { name: 'Export me' });
    const file = readdirSync(join(l.dir, 'checkpoints'))[0] ?? '';
    const bytes = await exportBytes(c, cp.id);
    expect(bytes.equals(readFileSync(join(l.dir, 'checkpoints', file)))).toBe(true);
    expect(bytes.length).toBeGreaterThan(CHECKPOINT_CHUNK_BYTES); // the lab needs more than one chunk

    const other = lab(); // another console imports it
    const imported = await importBytes(other.client, 'From a colleague', bytes);
    expect(imported).toMatchObject({ name: 'From a colleague', origin: 'imported', simTime: cp.simTime });
    await other.client.call('checkpoint-restore', { id: imported.id, confirm: true });
    expect((await other.client.call('clock-get', {})).simTime).toBe(cp.simTime);
    expect(await stateHash(other, 0)).toBe(await stateHash(l, 0));
  });

  it("a file that is not a lab, another application's database, a damaged or a newer lab is refused and nothing changes", async () => {
    const l = lab();
    const c = l.client;
    const cp = await c.call('checkpoint-save', { name: 'good' });
    const good = await exportBytes(c, cp.id);
    const scratch = join(l.dir, 'scratch.sqlite');
    const variant = (f: (db: Database.Database) => void): Buffer => {
      writeFileSync(scratch, good);
      const db = new Database(scratch);
      f(db);
      db.close();
      return readFileSync(scratch);
    };
    const foreign = (() => {
      const p = join(l.dir, 'foreign.sqlite');
      const db = new Database(p);
      db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello')");
      db.close();
      return readFileSync(p);
    })();
    const damaged = Buffer.from(good);
    // Scribble over the middle of the file: b-tree pages no longer make sense.
    for (let i = Math.floor(damaged.length / 3); i < Math.floor(damaged.length / 3) + 8192; i++) damaged[i] = (i * 7) & 0xff;
    const cases: [string, Buffer, string, RegExp][] = [
      ['text', Buffer.from('this is not a database at all '.repeat(100)), 'store-corrupt', /not (an SQLite database|a lab checkpoint)/],
      ['foreign', foreign, 'store-corrupt', /another application/],
      ['newer', variant((db) => db.pragma(`user_version = ${LATEST_VERSION + 1}`)), 'store-newer-version', /newer version/],
      ['damaged', damaged, 'store-corrupt', /integrity|damaged|malformed/],
      ['no lab', variant((db) => db.exec('DELETE FROM meta')), 'store-corrupt', /holds no lab/],
      ['missing tables', variant((db) => db.exec('PRAGMA foreign_keys = OFF; DROP TABLE sessions')), 'store-corrupt', /sessions.*missing/],
    ];
    const live = l.peek();
    // An upload takes an id (ids are never reused); nothing else may change.
    const before = contentDigest(live, ['id_counters']);
    const files = readdirSync(join(l.dir, 'checkpoints')).sort();
    for (const [label, bytes, code, message] of cases) {
      const err = await errorOf(importBytes(c, label, bytes));
      expect(err, label).toMatchObject({ code });
      expect(err?.message, label).toMatch(message);
      expect(contentDigest(live, ['id_counters']), `${label}: nothing written`).toBe(before);
      expect(readdirSync(join(l.dir, 'checkpoints')).sort(), `${label}: no file left behind`).toEqual(files);
    }
    live.close();
  });

  it('chunks out of order, too much data, an unknown upload and an incomplete one are refused; a chunk sent twice is acknowledged', async () => {
    const l = lab();
    const c = l.client;
    const { uploadId } = await c.call('checkpoint-import-begin', { name: 'x', sizeBytes: 10 });
    expect(await errorOf(c.call('checkpoint-import-chunk', { uploadId, offset: 5, data: 'AAAA' }))).toMatchObject({ code: 'conflict', path: ['offset'] });
    expect(await errorOf(c.call('checkpoint-import-chunk', { uploadId, offset: 0, data: Buffer.alloc(11).toString('base64') }))).toMatchObject({
      code: 'invalid-input',
      path: ['data'],
    });
    expect(await errorOf(c.call('checkpoint-import-chunk', { uploadId, offset: 0, data: 'not base64!' }))).toMatchObject({
      code: 'invalid-input',
      path: ['data'],
    });
    const first = Buffer.from('ABCD');
    expect(await c.call('checkpoint-import-chunk', { uploadId, offset: 0, data: first.toString('base64') })).toEqual({ received: 4 });
    // The same chunk again (its answer was lost on the way) is acknowledged; other bytes at that offset are not.
    expect(await c.call('checkpoint-import-chunk', { uploadId, offset: 0, data: first.toString('base64') })).toEqual({ received: 4 });
    expect(await errorOf(c.call('checkpoint-import-chunk', { uploadId, offset: 0, data: Buffer.from('WXYZ').toString('base64') }))).toMatchObject({
      code: 'conflict',
      path: ['offset'],
    });
    // Finishing is final: an incomplete upload is refused, saying so, and discarded.
    expect(await errorOf(c.call('checkpoint-import-finish', { uploadId }))).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/incomplete: 4 of 10 bytes; it is discarded/),
    });
    expect(await errorOf(c.call('checkpoint-import-finish', { uploadId }))).toMatchObject({ code: 'not-found' });
    expect(await errorOf(c.call('checkpoint-export-chunk', { id: 'ckpt-404', offset: 0 }))).toMatchObject({ code: 'not-found' });
    expect(readdirSync(join(l.dir, 'checkpoints'))).toEqual([]);
  });
});
