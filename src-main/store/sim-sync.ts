import type { MachineState, PowerState } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { get, run } from './stmt.ts';

/** The columns of a desktop row the simulation owns. */
export interface DesktopRow {
  id: string;
  state: MachineState;
  powerState: PowerState;
  assignedUserId: string | null;
  imageVersionId: string | null;
  hostId: string;
  /** Exactly as the engine holds it (the console rounds for display). */
  usedGb: number;
  since: string;
  problem: string | null;
}

/**
 * Writes one desktop's simulation columns. Call inside the flush's transaction. `hostChanged`
 * false leaves host_id out of the statement: SQLite rewrites an index entry for every indexed
 * column the SET names, changed or not, and desktops_host's pages were a twelfth of what the
 * scale-10k morning peak wrote (a machine changes host only when it migrates).
 */
export function writeDesktopRow(db: Db, d: DesktopRow, hostChanged = true): void {
  if (!hostChanged) {
    run(
      db,
      `UPDATE desktops SET state = ?, power_state = ?, assigned_user_id = ?, image_version_id = ?, used_gb = ?, state_since = ?, problem = ?
       WHERE id = ?`,
      d.state,
      d.powerState,
      d.assignedUserId,
      d.imageVersionId,
      d.usedGb,
      d.since,
      d.problem,
      d.id,
    );
    return;
  }
  run(
    db,
    `UPDATE desktops SET state = ?, power_state = ?, assigned_user_id = ?, image_version_id = ?, host_id = ?, used_gb = ?, state_since = ?, problem = ?
     WHERE id = ?`,
    d.state,
    d.powerState,
    d.assignedUserId,
    d.imageVersionId,
    d.hostId,
    d.usedGb,
    d.since,
    d.problem,
    d.id,
  );
}

export function setSimTime(db: Db, simTime: string): void {
  run(db, "UPDATE meta SET value = ? WHERE key = 'sim_time'", simTime);
}

/** A meta value, if set. */
export function getMeta(db: Db, key: string): string | undefined {
  return get<{ value: string }>(db, 'SELECT value FROM meta WHERE key = ?', key)?.value;
}

/**
 * meta key: the live clock's speed while a read-only replay view holds it paused (app/replay). The view lives in the
 * console's memory; a console that opens the lab with this set has none, and gives the clock this speed back.
 */
export const VIEW_LIVE_SPEED_META = 'replay_view_live_speed';

export function deleteMeta(db: Db, key: string): void {
  run(db, 'DELETE FROM meta WHERE key = ?', key);
}

export function setMeta(db: Db, key: string, value: string): void {
  run(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', key, value);
}
