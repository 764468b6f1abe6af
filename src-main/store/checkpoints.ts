import type { Checkpoint } from '../contract/snapshot-entities.ts';
import type { Db } from './db.ts';
import { CHECKPOINT_COUNTS } from './json-columns.ts';
import { all, get, run } from './stmt.ts';
import { parseStored, rowKey } from './stored-json.ts';

/** The checkpoints table: one row per checkpoint file in the lab folder's checkpoints/ (store/checkpoint-files.ts). */
export interface CheckpointRow {
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

export const toCheckpoint = (r: CheckpointRow): Checkpoint => ({
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
  counts: parseStored(r.counts, { table: 'checkpoints', key: rowKey({ id: r.id }), column: 'counts' }, CHECKPOINT_COUNTS),
});

export function getCheckpointRow(db: Db, id: string): CheckpointRow | undefined {
  return get<CheckpointRow>(db, 'SELECT * FROM checkpoints WHERE id = ?', id);
}

/** Newest first. */
export function listCheckpointRows(db: Db): CheckpointRow[] {
  return all<CheckpointRow>(db, 'SELECT * FROM checkpoints ORDER BY rowid DESC');
}

/** The file names rows point to (the sweep removes files no row names). */
export function checkpointFileNames(db: Db): Set<string> {
  return new Set(all<{ file: string }>(db, 'SELECT file FROM checkpoints').map((r) => r.file));
}

export function insertCheckpointRow(db: Db, r: CheckpointRow): void {
  run(
    db,
    `INSERT INTO checkpoints (id, name, notes, file, sim_time, created_at, size_bytes, schema_version, profile, seed, origin, counts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    r.id,
    r.name,
    r.notes,
    r.file,
    r.sim_time,
    r.created_at,
    r.size_bytes,
    r.schema_version,
    r.profile,
    r.seed,
    r.origin,
    r.counts,
  );
}

export function deleteCheckpointRow(db: Db, id: string): void {
  run(db, 'DELETE FROM checkpoints WHERE id = ?', id);
}
