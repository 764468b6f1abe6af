import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

/** An import in progress: its file in the checkpoints folder is `<id>.part`. */
export interface Upload {
  id: string;
  name: string;
  sizeBytes: number;
  received: number;
  startedAt: string;
}

const SELECT = 'SELECT id, name, size_bytes AS sizeBytes, received, started_at AS startedAt FROM checkpoint_uploads';

export function insertUpload(db: Db, u: Upload): void {
  run(
    db,
    'INSERT INTO checkpoint_uploads (id, name, size_bytes, received, started_at) VALUES (?, ?, ?, ?, ?)',
    u.id,
    u.name,
    u.sizeBytes,
    u.received,
    u.startedAt,
  );
}

export function getUpload(db: Db, id: string): Upload | undefined {
  return get<Upload>(db, `${SELECT} WHERE id = ?`, id);
}

export function listUploads(db: Db): Upload[] {
  return all<Upload>(db, `${SELECT} ORDER BY started_at`);
}

export function setUploadReceived(db: Db, id: string, received: number): void {
  run(db, 'UPDATE checkpoint_uploads SET received = ? WHERE id = ?', received, id);
}

export function deleteUpload(db: Db, id: string): void {
  run(db, 'DELETE FROM checkpoint_uploads WHERE id = ?', id);
}
