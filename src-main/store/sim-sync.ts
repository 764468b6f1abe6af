import type { MachineState, PowerState, Protocol, Session } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { run } from './stmt.ts';

export interface DesktopUpdate {
  id: string;
  state: MachineState;
  powerState: PowerState;
  assignedUserId: string | null;
  since: string;
  usedGb: number;
  problem: string | null;
  imageVersionId: string | null;
}

export interface SessionUpsert {
  id: string;
  userId: string;
  desktopId: string;
  poolId: string;
  state: Session['state'];
  protocol: Protocol;
  clientDevice: string;
  startedAt: string;
  logonSeconds: number | null;
}

/** Writes what the engine changed since the last flush. Call inside one transaction. */
export function applySimulation(db: Db, simTime: string, desktops: DesktopUpdate[], upserts: SessionUpsert[], ended: string[]): void {
  for (const d of desktops) {
    run(
      db,
      `UPDATE desktops SET state = ?, power_state = ?, assigned_user_id = ?, used_gb = ?, problem = ?, image_version_id = ?,
         state_since = CASE WHEN state = ? THEN state_since ELSE ? END WHERE id = ?`,
      d.state,
      d.powerState,
      d.assignedUserId,
      d.usedGb,
      d.problem,
      d.imageVersionId,
      d.state,
      d.since,
      d.id,
    );
  }
  for (const id of ended) run(db, 'DELETE FROM sessions WHERE id = ?', id);
  for (const s of upserts) {
    run(
      db,
      `INSERT INTO sessions (id, user_id, desktop_id, pool_id, state, protocol, client_device, started_at, logon_seconds)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, desktop_id = excluded.desktop_id, logon_seconds = excluded.logon_seconds`,
      s.id,
      s.userId,
      s.desktopId,
      s.poolId,
      s.state,
      s.protocol,
      s.clientDevice,
      s.startedAt,
      s.logonSeconds,
    );
  }
  run(db, "UPDATE meta SET value = ? WHERE key = 'sim_time'", simTime);
}

export function setMeta(db: Db, key: string, value: string): void {
  run(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', key, value);
}
