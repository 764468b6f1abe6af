import { captureSessions } from '../../core/engine/sessions/session-transfer.ts';
import { serializeCarry, writeCarryToFile } from '../session-carry.ts';
import { appendFileSync, closeSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { OBJECT_KINDS } from '../../contract/entities.ts';
import { LabError } from '../../contract/errors.ts';
import { CHECKPOINT_CHUNK_BYTES } from '../../contract/snapshot-methods.ts';
import type { Checkpoint } from '../../contract/snapshot-entities.ts';
import { LATEST_VERSION, openDatabase } from '../../store/db.ts';
import { labInfo } from '../../store/meta.ts';
import { setMeta } from '../../store/sim-sync.ts';
import { all, get, run } from '../../store/stmt.ts';
import { backupTo, checkpointDir, labCounts, restoreInto, validateLabFile } from '../checkpoint-files.ts';
import type { AppContext, Handlers } from '../context.ts';

interface Row {
  id: string;
  name: string;
  notes: string;
  file: string;
  sim_time: string;
  created_at: string;
  size_bytes: number;
  schema_version: number;
  profile: string;
  seed: number;
  origin: Checkpoint['origin'];
  counts: string;
}

const toCheckpoint = (r: Row): Checkpoint => ({
  id: r.id,
  name: r.name,
  notes: r.notes,
  simTime: r.sim_time,
  createdAt: r.created_at,
  sizeBytes: r.size_bytes,
  schemaVersion: r.schema_version,
  profile: r.profile,
  seed: r.seed,
  origin: r.origin,
  counts: JSON.parse(r.counts) as Checkpoint['counts'],
});

function dir(ctx: AppContext): string {
  if (!ctx.services.dataDir) throw new LabError('internal', 'This host has no data folder for checkpoints');
  return checkpointDir(ctx.services.dataDir);
}

function rowOr404(ctx: AppContext, id: string): Row {
  const r = get<Row>(ctx.db, 'SELECT * FROM checkpoints WHERE id = ?', id);
  if (!r) throw new LabError('not-found', `No checkpoint with id "${id}"`, ['id']);
  return r;
}

function nextId(ctx: AppContext): string {
  const n = (get<{ n: number | null }>(ctx.db, 'SELECT max(CAST(substr(id, 6) AS INTEGER)) AS n FROM checkpoints')?.n ?? 0) + 1;
  return `ckpt-${n}`;
}

/** Adds a checkpoint row and its audit event in one transaction. */
function register(
  ctx: AppContext,
  id: string,
  file: string,
  name: string,
  notes: string,
  origin: Checkpoint['origin'],
  meta: { simTime: string; profile: string; seed: number },
): Checkpoint {
  const path = join(dir(ctx), file);
  // One self-contained file (rollback journal, not WAL): it can be exported, copied and attached as it is.
  const probe = new Database(path, { fileMustExist: true });
  probe.pragma('journal_mode = DELETE');
  const counts = labCounts(probe);
  probe.close();
  const size = statSync(path).size;
  ctx.db.transaction(() => {
    run(
      ctx.db,
      `INSERT INTO checkpoints (id, name, notes, file, sim_time, created_at, size_bytes, schema_version, profile, seed, origin, counts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      name,
      notes,
      file,
      meta.simTime,
      ctx.wallTime(),
      size,
      LATEST_VERSION,
      meta.profile,
      meta.seed,
      origin,
      JSON.stringify(counts),
    );
    ctx.audit({
      objectKind: 'lab',
      objectId: null,
      objectName: name,
      message: `Lab checkpoint "${name}" ${origin === 'saved' ? 'saved' : 'imported'} at simulated ${meta.simTime.slice(0, 16).replace('T', ' ')} (${(size / 1048576).toFixed(1)} MB)`,
    });
  })();
  return toCheckpoint(rowOr404(ctx, id));
}

/** Checkpoint files no row points to (a save interrupted by a crash between the backup and its row) are removed. */
function sweepOrphans(ctx: AppContext, folder: string): void {
  const known = new Set(all<{ file: string }>(ctx.db, 'SELECT file FROM checkpoints').map((r) => r.file));
  for (const f of readdirSync(folder))
    if (/^ckpt-\d+-\d+\.sqlite(-wal|-shm|-journal)?$/.test(f) && !known.has(f.replace(/-(wal|shm|journal)$/, ''))) rmSync(join(folder, f), { force: true });
}

/** Uploads in progress (import), by id: the part file and how much has arrived. */
const uploads = new Map<string, { path: string; name: string; size: number; received: number; dataDir: string }>();
let uploadSeq = 0;

export const checkpointHandlers: Pick<
  Handlers,
  | 'checkpoint-list'
  | 'checkpoint-save'
  | 'checkpoint-restore'
  | 'checkpoint-delete'
  | 'checkpoint-export-chunk'
  | 'checkpoint-import-begin'
  | 'checkpoint-import-chunk'
  | 'checkpoint-import-finish'
> = {
  'checkpoint-list': (_input, ctx) => all<Row>(ctx.db, 'SELECT * FROM checkpoints ORDER BY rowid DESC').map(toCheckpoint),

  'checkpoint-save': async (input, ctx) => {
    const folder = dir(ctx);
    const sim = ctx.services.hasSimulation() ? ctx.services.simulation() : null;
    // The clock holds still while the backup runs, so the checkpoint is one simulated instant.
    const speed = sim?.speed;
    if (sim) sim.speed = 'paused';
    try {
      if (sim) ctx.publishNow(sim.flush());
      const id = nextId(ctx);
      const file = `${id}-${Date.now()}.sqlite`;
      const info = labInfo(ctx.db);
      sweepOrphans(ctx, folder);
      await backupTo(ctx.db, join(folder, file));
      if (sim) writeCarryToFile(join(folder, file), serializeCarry(captureSessions(sim.engine), info.simTime));
      // The live engine continues from exactly what the file holds (a rebuild from the store),
      // so running on from here and running on from a restore of this checkpoint is the same history.
      if (sim) sim.rebuild(false);
      const cp = register(ctx, id, file, input.name, input.notes, 'saved', { simTime: info.simTime, profile: info.profile, seed: info.seed });
      ctx.publishNow([]);
      return cp;
    } finally {
      if (sim && speed) sim.speed = speed;
    }
  },

  'checkpoint-restore': async (input, ctx) => {
    const r = rowOr404(ctx, input.id);
    const folder = dir(ctx);
    const sim = ctx.services.hasSimulation() ? ctx.services.simulation() : null;
    if (sim) {
      // A running clock is paused first: the lab must not move while it is replaced.
      if (sim.speed !== 'paused') sim.setSpeed('paused');
      ctx.publishNow(sim.flush());
    }
    await ctx.services.yieldToOthers();
    restoreInto(ctx.db, join(folder, r.file), folder, () => {
      setMeta(ctx.db, 'clock_speed', 'paused');
      // Stamped with the time the lab is at after the restore (the clock still shows the old one here).
      ctx.audit(
        {
          objectKind: 'lab',
          objectId: null,
          objectName: r.name,
          severity: 'warning',
          message: `Lab restored from checkpoint "${r.name}": back to simulated ${r.sim_time.slice(0, 16).replace('T', ' ')}; everything after it is gone`,
        },
        r.sim_time,
      );
    });
    if (sim) {
      sim.rebuild(true);
      sim.speed = 'paused';
    }
    ctx.changed(...OBJECT_KINDS);
    ctx.pushes.push({ topic: 'lab-restored', payload: { checkpointId: r.id, name: r.name, simTime: r.sim_time } });
    if (sim) ctx.pushes.push({ topic: 'clock', payload: sim.clock() });
    ctx.publishNow([]);
    return labInfo(ctx.db);
  },

  'checkpoint-delete': (input, ctx) => {
    const r = rowOr404(ctx, input.id);
    run(ctx.db, 'DELETE FROM checkpoints WHERE id = ?', r.id);
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: r.name, message: `Lab checkpoint "${r.name}" deleted` });
    rmSync(join(dir(ctx), r.file), { force: true });
    return { deleted: true };
  },

  'checkpoint-export-chunk': (input, ctx) => {
    const r = rowOr404(ctx, input.id);
    const path = join(dir(ctx), r.file);
    const size = statSync(path).size;
    if (input.offset > size) throw new LabError('invalid-input', `offset ${input.offset} is past the end of the file (${size} bytes)`, ['offset']);
    const buf = Buffer.alloc(Math.min(CHECKPOINT_CHUNK_BYTES, size - input.offset));
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buf, 0, buf.length, input.offset);
    } finally {
      closeSync(fd);
    }
    const safe = r.name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || r.id;
    return {
      id: r.id,
      offset: input.offset,
      data: buf.toString('base64'),
      sizeBytes: size,
      done: input.offset + buf.length >= size,
      fileName: `${safe}.vdilab`,
    };
  },

  'checkpoint-import-begin': (input, ctx) => {
    const folder = dir(ctx);
    const uploadId = `upl-${++uploadSeq}`; // only this process's uploads; a guessed id reaches nothing but an upload in progress
    const path = join(folder, `${uploadId}.part`);
    rmSync(path, { force: true });
    uploads.set(uploadId, { path, name: input.name, size: input.sizeBytes, received: 0, dataDir: ctx.services.dataDir ?? '' });
    return { uploadId, chunkBytes: CHECKPOINT_CHUNK_BYTES };
  },

  'checkpoint-import-chunk': (input, ctx) => {
    const u = uploads.get(input.uploadId);
    if (!u || u.dataDir !== ctx.services.dataDir) throw new LabError('not-found', `No import in progress with id "${input.uploadId}"`, ['uploadId']);
    if (input.offset !== u.received) throw new LabError('conflict', `Expected the chunk at offset ${u.received}, got ${input.offset}`, ['offset']);
    const buf = Buffer.from(input.data, 'base64');
    if (u.received + buf.length > u.size) throw new LabError('invalid-input', `More data than the announced ${u.size} bytes`, ['data']);
    appendFileSync(u.path, buf);
    u.received += buf.length;
    return { received: u.received };
  },

  'checkpoint-import-finish': (input, ctx) => {
    const u = uploads.get(input.uploadId);
    if (!u || u.dataDir !== ctx.services.dataDir) throw new LabError('not-found', `No import in progress with id "${input.uploadId}"`, ['uploadId']);
    uploads.delete(input.uploadId);
    try {
      if (u.received !== u.size) throw new LabError('invalid-input', `The upload is incomplete: ${u.received} of ${u.size} bytes`, ['uploadId']);
      const meta = validateLabFile(u.path);
      // An older checkpoint is brought up to this version's schema (on the uploaded copy only).
      openDatabase(u.path).close();
      const id = nextId(ctx);
      const file = `${id}-${Date.now()}.sqlite`;
      renameSync(u.path, join(dir(ctx), file));
      return Promise.resolve(register(ctx, id, file, u.name, `Imported (schema ${meta.schemaVersion})`, 'imported', meta));
    } finally {
      rmSync(u.path, { force: true });
      rmSync(`${u.path}-wal`, { force: true });
      rmSync(`${u.path}-shm`, { force: true });
    }
  },
};
