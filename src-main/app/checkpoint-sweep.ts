import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/db.ts';
import { checkpointFileNames } from '../store/checkpoints.ts';
import { deleteUpload, listUploads } from '../store/uploads.ts';
import { CHECKPOINT_DIR, checkpointDir, sweepScratch } from '../store/checkpoint-files.ts';

// What a killed process leaves in the checkpoints folder, removed at the next start and before the
// work that could leave it again: checkpoint files no row names (a save cut between the backup and
// its row), scratch copies of a restore or import (restore-<pid>-….sqlite and its companions), and
// uploads nobody finishes (their `.part` files can be as large as a lab file).

/** An import nobody finished is dropped after this long (wall time): its part file would only take disk. */
export const UPLOAD_EXPIRY_MS = 24 * 3600 * 1000;

/** Checkpoint files no row points to (a save interrupted by a crash between the backup and its row) are removed. */
export function sweepOrphans(db: Db, folder: string): void {
  const known = checkpointFileNames(db);
  for (const f of readdirSync(folder))
    if (/^ckpt-\d+-\d+\.sqlite(-wal|-shm|-journal)?$/.test(f) && !known.has(f.replace(/-(wal|shm|journal)$/, ''))) rmSync(join(folder, f), { force: true });
}

/**
 * Uploads abandoned long ago (their rows and part files), and part files no upload row knows (a
 * crash between the file and its row, or a row already finished or expired) are removed. An upload
 * still within its time is kept across restarts: each chunk of `vdi-console checkpoint import` is a
 * process of its own.
 */
export function sweepUploads(db: Db, folder: string, now: string): void {
  const at = Date.parse(now);
  for (const u of listUploads(db)) {
    if (at - Date.parse(u.startedAt) < UPLOAD_EXPIRY_MS) continue;
    deleteUpload(db, u.id);
    rmSync(join(folder, `${u.id}.part`), { force: true });
  }
  const known = new Set(listUploads(db).map((u) => `${u.id}.part`));
  for (const f of readdirSync(folder)) if (/^upl-\d+\.part$/.test(f) && !known.has(f)) rmSync(join(folder, f), { force: true });
}

/** Everything above, for a host opening a lab folder (no other process has it: host/lab-lock.ts). */
export function sweepCheckpointFolder(db: Db, dataDir: string, now: string): void {
  // A lab that never had a checkpoint has nothing to sweep, and opening it creates no folder.
  if (!existsSync(join(dataDir, CHECKPOINT_DIR))) return;
  const folder = checkpointDir(dataDir);
  sweepScratch(folder);
  sweepOrphans(db, folder);
  sweepUploads(db, folder, now);
}
