import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { OBJECT_KINDS } from '../../contract/entities.ts';
import { LabError } from '../../contract/errors.ts';
import { CHECKPOINT_CHUNK_BYTES, CHECKPOINT_MAX_BYTES } from '../../contract/snapshot-methods.ts';
import type { Checkpoint } from '../../contract/snapshot-entities.ts';
import { LATEST_VERSION } from '../../store/db.ts';
import { deleteCheckpointRow, getCheckpointRow, insertCheckpointRow, listCheckpointRows, toCheckpoint, type CheckpointRow } from '../../store/checkpoints.ts';
import { labInfo } from '../../store/meta.ts';
import { deleteMeta, setMeta, VIEW_LIVE_SPEED_META } from '../../store/sim-sync.ts';
import { nextIdNumber } from '../../store/ids.ts';
import { deleteUpload, getUpload, insertUpload, listUploads, setUploadReceived } from '../../store/uploads.ts';
import { adoptLab, backupTo, checkLabFile, checkpointDir, sealCheckpointFile } from '../../store/checkpoint-files.ts';
import { sweepOrphans, sweepUploads } from '../checkpoint-sweep.ts';
import type { AppContext, Handlers } from '../context.ts';
import { refuseIfInstructorPaused } from './scenarios.ts';

function dir(ctx: AppContext): string {
  if (!ctx.services.dataDir) throw new LabError('internal', 'This host has no data folder for checkpoints');
  return checkpointDir(ctx.services.dataDir);
}

function rowOr404(ctx: AppContext, id: string): CheckpointRow {
  const r = getCheckpointRow(ctx.db, id);
  if (!r) throw new LabError('not-found', `No checkpoint with id "${id}"`, ['id']);
  return r;
}

function nextId(ctx: AppContext): string {
  return `ckpt-${nextIdNumber(ctx.db, 'checkpoint')}`;
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
  const counts = sealCheckpointFile(path);
  const size = statSync(path).size;
  ctx.db.transaction(() => {
    insertCheckpointRow(ctx.db, {
      id,
      name,
      notes,
      file,
      sim_time: meta.simTime,
      created_at: ctx.wallTime(),
      size_bytes: size,
      schema_version: LATEST_VERSION,
      profile: meta.profile,
      seed: meta.seed,
      origin,
      counts: JSON.stringify(counts),
    });
    ctx.audit({
      objectKind: 'lab',
      objectId: null,
      objectName: name,
      message: `Lab checkpoint "${name}" ${origin === 'saved' ? 'saved' : 'imported'} at simulated ${meta.simTime.slice(0, 16).replace('T', ' ')} (${(size / 1048576).toFixed(1)} MB)`,
    });
  })();
  return toCheckpoint(rowOr404(ctx, id));
}

/** Imports open at once at most (each may hold up to CHECKPOINT_MAX_BYTES on disk). */
const MAX_OPEN_UPLOADS = 4;
/**
 * Bytes all open imports may announce together: two full-size lab files. Each import's part file
 * grows to its announced size, so this bounds the disk that imports nobody finishes can take.
 */
export const MAX_OPEN_UPLOAD_BYTES = 2 * CHECKPOINT_MAX_BYTES;

/** Whether the upload's part file holds exactly `bytes` at `offset` (a chunk sent twice). */
function alreadyReceived(path: string, offset: number, bytes: Buffer): boolean {
  if (bytes.length === 0) return true;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const have = Buffer.alloc(bytes.length);
    return readSync(fd, have, 0, bytes.length, offset) === bytes.length && have.equals(bytes);
  } finally {
    closeSync(fd);
  }
}

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
  'checkpoint-list': (_input, ctx) => listCheckpointRows(ctx.db).map(toCheckpoint),

  'checkpoint-save': (input, ctx) => {
    const folder = dir(ctx);
    const save = async () => {
      const sim = ctx.services.hasSimulation() ? ctx.services.simulation() : null;
      // The flush writes the engine's whole state with the rows: the file continues exactly where the lab is.
      if (sim) ctx.publishNow(sim.flush());
      const id = ctx.db.transaction(() => nextId(ctx))();
      const file = `${id}-${Date.now()}.sqlite`;
      const info = labInfo(ctx.db);
      sweepOrphans(ctx.db, folder);
      sweepUploads(ctx.db, folder, ctx.wallTime());
      await backupTo(ctx.db, join(folder, file));
      const cp = register(ctx, id, file, input.name, input.notes, 'saved', { simTime: info.simTime, profile: info.profile, seed: info.seed });
      ctx.publishNow([]);
      return cp;
    };
    // The clock (and a step under way) holds still while the backup runs, so the checkpoint is one simulated instant; its speed is left alone.
    return ctx.services.hasSimulation() ? ctx.services.simulation().whole('checkpoint-save', save) : save();
  },

  'checkpoint-restore': async (input, ctx) => {
    refuseIfInstructorPaused(ctx, 'restore a checkpoint');
    const r = rowOr404(ctx, input.id);
    const folder = dir(ctx);
    // The file is read and checked whole before anything of the live lab moves: a refused file changes nothing, not even the clock.
    const lab = checkLabFile(join(folder, r.file), folder);
    try {
      const sim = ctx.services.hasSimulation() ? ctx.services.simulation() : null;
      const restore = () => {
        try {
          adoptLab(ctx.db, lab, () => {
            setMeta(ctx.db, 'clock_speed', 'paused');
            deleteMeta(ctx.db, VIEW_LIVE_SPEED_META); // a speed a view held, saved with the checkpoint: the restored lab stays paused
            // The engine opens the restored state as a new process would (the checkpoint holds the engine's state with its rows).
            // A host that has not opened it yet opens it now, inside the transaction: a lab the engine cannot open is never committed
            // (else the next process to open the folder would fail on it).
            if (sim) sim.rebuild(true);
            else ctx.services.simulation();
            // Stamped on the restored timeline (the lab's time is now the checkpoint's).
            ctx.audit({
              objectKind: 'lab',
              objectId: null,
              objectName: r.name,
              severity: 'warning',
              message: `Lab restored from checkpoint "${r.name}": back to simulated ${r.sim_time.slice(0, 16).replace('T', ' ')}; everything after it is gone`,
            });
          });
        } catch (err) {
          // The transaction rolled back: the lab is as it was. An engine (half-)opened on the checkpoint's rows goes back to it too.
          if (ctx.services.hasSimulation()) ctx.services.simulation().reopen();
          if (err instanceof LabError) throw err;
          throw new LabError('store-corrupt', `The checkpoint's lab could not be opened, so it was not restored: ${(err as Error).message}`);
        }
        ctx.services.simulation().speed = 'paused';
      };
      if (sim) {
        // A step under way stops where it is (nothing of the old timeline runs after the restore); saves before it finish first.
        sim.stopStep('a checkpoint was restored');
        await sim.whole('checkpoint-restore', async () => restore());
      } else restore();
      const opened = ctx.services.simulation();
      ctx.changed(...OBJECT_KINDS);
      ctx.pushes.push({ topic: 'lab-restored', payload: { checkpointId: r.id, name: r.name, simTime: r.sim_time } });
      ctx.pushes.push({ topic: 'clock', payload: opened.clock() });
      ctx.publishNow([]);
      return labInfo(ctx.db);
    } finally {
      lab.dispose();
    }
  },

  'checkpoint-delete': (input, ctx) => {
    const r = rowOr404(ctx, input.id);
    deleteCheckpointRow(ctx.db, r.id);
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
    sweepUploads(ctx.db, folder, ctx.wallTime());
    const open = listUploads(ctx.db);
    if (open.length >= MAX_OPEN_UPLOADS) {
      throw new LabError('conflict', `${MAX_OPEN_UPLOADS} imports are already open: finish one first (an abandoned one is dropped after 24 hours)`);
    }
    const announced = open.reduce((n, u) => n + u.sizeBytes, 0);
    if (announced + input.sizeBytes > MAX_OPEN_UPLOAD_BYTES) {
      throw new LabError(
        'conflict',
        `The open imports already announce ${announced} bytes; with ${input.sizeBytes} more they would pass ${MAX_OPEN_UPLOAD_BYTES}: finish one first (an abandoned one is dropped after 24 hours)`,
        ['sizeBytes'],
      );
    }
    // Ids are never reused (an old part file can never be taken for a new upload's); the row lets any process send the next chunk.
    const uploadId = `upl-${nextIdNumber(ctx.db, 'upload')}`;
    rmSync(join(folder, `${uploadId}.part`), { force: true });
    insertUpload(ctx.db, { id: uploadId, name: input.name, sizeBytes: input.sizeBytes, received: 0, startedAt: ctx.wallTime() });
    return { uploadId, chunkBytes: CHECKPOINT_CHUNK_BYTES };
  },

  'checkpoint-import-chunk': (input, ctx) => {
    const u = getUpload(ctx.db, input.uploadId);
    if (!u) throw new LabError('not-found', `No import in progress with id "${input.uploadId}"`, ['uploadId']);
    const buf = Buffer.from(input.data, 'base64');
    const path = join(dir(ctx), `${u.id}.part`);
    // A chunk sent again (its answer was lost on the way) is acknowledged when it holds the bytes already received there.
    if (input.offset < u.received && input.offset + buf.length <= u.received && alreadyReceived(path, input.offset, buf)) return { received: u.received };
    if (input.offset !== u.received) throw new LabError('conflict', `Expected the chunk at offset ${u.received}, got ${input.offset}`, ['offset']);
    if (u.received + buf.length > u.sizeBytes) throw new LabError('invalid-input', `More data than the announced ${u.sizeBytes} bytes`, ['data']);
    // A chunk written before a crash whose row never committed is written again: the file is cut back to what the row says.
    if (existsSync(path) && statSync(path).size !== u.received) truncateSync(path, u.received);
    appendFileSync(path, buf);
    setUploadReceived(ctx.db, u.id, u.received + buf.length);
    return { received: u.received + buf.length };
  },

  'checkpoint-import-finish': (input, ctx) => {
    const u = getUpload(ctx.db, input.uploadId);
    if (!u) throw new LabError('not-found', `No import in progress with id "${input.uploadId}"`, ['uploadId']);
    const folder = dir(ctx);
    const path = join(folder, `${u.id}.part`);
    ctx.db.transaction(() => deleteUpload(ctx.db, u.id))();
    try {
      // Finishing is final: an incomplete upload is discarded with it (checkpoint-import-begin starts again).
      if (u.received !== u.sizeBytes || !existsSync(path) || statSync(path).size !== u.sizeBytes) {
        throw new LabError(
          'invalid-input',
          `The upload is incomplete: ${u.received} of ${u.sizeBytes} bytes; it is discarded (start again with checkpoint-import-begin)`,
          ['uploadId'],
        );
      }
      // The uploaded file is read into a fresh lab database of this version's schema (an older one is brought up to it), every
      // row checked; that copy, not the upload, becomes the checkpoint.
      const lab = checkLabFile(path, folder);
      try {
        const fd = openSync(lab.path, 'r+');
        try {
          fsyncSync(fd); // written without syncs (a scratch file until now): on disk before it is listed
        } finally {
          closeSync(fd);
        }
        const id = ctx.db.transaction(() => nextId(ctx))();
        const file = `${id}-${Date.now()}.sqlite`;
        renameSync(lab.path, join(folder, file));
        return Promise.resolve(register(ctx, id, file, u.name, `Imported (schema ${lab.schemaVersion})`, 'imported', lab));
      } finally {
        lab.dispose();
      }
    } finally {
      rmSync(path, { force: true });
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
    }
  },
};
