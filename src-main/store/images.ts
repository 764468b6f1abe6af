import type { ImageVersion, MachineState } from '../contract/entities.ts';
import type { VersionCount } from '../contract/push-methods.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

/** Golden images, their versions, and which version each pool's machines run (push image reads and writes these). */

export function imageName(db: Db, imageId: string): string | undefined {
  return get<{ name: string }>(db, 'SELECT name FROM images WHERE id = ?', imageId)?.name;
}

/** A version of one image (undefined when it does not exist or belongs to another image). */
export function getImageVersion(db: Db, versionId: string, imageId: string | null): { id: string; version: number } | undefined {
  return get<{ id: string; version: number }>(db, 'SELECT id, version FROM image_versions WHERE id = ? AND image_id = ?', versionId, imageId);
}

export function nextImageVersionNumber(db: Db, imageId: string): number {
  return (get<{ n: number | null }>(db, 'SELECT max(version) AS n FROM image_versions WHERE image_id = ?', imageId)?.n ?? 0) + 1;
}

export function insertImageVersion(db: Db, imageId: string, v: ImageVersion): void {
  run(db, 'INSERT INTO image_versions VALUES (?, ?, ?, ?, ?, ?)', v.id, imageId, v.version, v.snapshot, v.createdAt, v.notes);
}

/** Sets the version a pool gives its machines; `previous` is what a rollback returns to (undefined: left as it is). */
export function setPoolImageVersion(db: Db, poolId: string, versionId: string | null, previous?: string | null): void {
  if (previous === undefined) run(db, 'UPDATE pools SET image_version_id = ? WHERE id = ?', versionId, poolId);
  else run(db, 'UPDATE pools SET image_version_id = ?, previous_image_version_id = ? WHERE id = ?', versionId, previous, poolId);
}

export function countPoolMachines(db: Db, poolId: string): number {
  return get<{ n: number }>(db, 'SELECT count(*) AS n FROM desktops WHERE pool_id = ?', poolId)?.n ?? 0;
}

/** Machines of a pool per image version, most machines first. */
export function poolVersionCounts(db: Db, poolId: string): VersionCount[] {
  return all<VersionCount>(
    db,
    `SELECT d.image_version_id AS imageVersionId, v.version AS version, count(*) AS machines
     FROM desktops d LEFT JOIN image_versions v ON v.id = d.image_version_id
     WHERE d.pool_id = ? GROUP BY d.image_version_id ORDER BY machines DESC, v.version DESC`,
    poolId,
  );
}

export interface MachineVersionRow {
  id: string;
  name: string;
  state: MachineState;
  imageVersionId: string | null;
  version: number | null;
}

/** Machines of a pool that are not on `versionId` (or are being re-cloned to it), by name. */
export function poolMachinesOffVersion(db: Db, poolId: string, versionId: string | null): MachineVersionRow[] {
  return all<MachineVersionRow>(
    db,
    `SELECT d.id, d.name, d.state, d.image_version_id AS imageVersionId, v.version AS version
     FROM desktops d LEFT JOIN image_versions v ON v.id = d.image_version_id
     WHERE d.pool_id = ? AND (d.image_version_id IS NOT ? OR d.state IN ('PROVISIONING', 'CUSTOMIZING'))
     ORDER BY d.name`,
    poolId,
    versionId,
  );
}
