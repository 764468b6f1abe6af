import type { EventType, LabEvent, ObjectKind, Severity } from '../contract/entities.ts';
import type { EventRec } from '../core/lab/model.ts';
import { LabError } from '../contract/errors.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

/** An event to append; its simulated and wall times are the store's to stamp. */
export type NewEvent = Omit<EventRec, 'simTime'>;

const SELECT = `SELECT id, sim_time AS simTime, wall_time AS wallTime, type, severity, object_kind AS objectKind,
  object_id AS objectId, object_name AS objectName, user, message, acknowledged, acknowledged_by AS acknowledgedBy FROM events`;

type EventRow = Omit<LabEvent, 'acknowledged'> & { acknowledged: number };
const toEvent = (r: EventRow): LabEvent => ({ ...r, acknowledged: r.acknowledged === 1 });

/**
 * An event the engine told, under its idempotent key: written once, whoever writes it again
 * (null when the key is already in the log).
 */
export function appendKeyedEvent(db: Db, key: string, e: NewEvent, simTime: string, wallTime: string): LabEvent | null {
  const info = run(
    db,
    `INSERT OR IGNORE INTO events (key, sim_time, wall_time, type, severity, object_kind, object_id, object_name, user, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    key,
    simTime,
    wallTime,
    e.type,
    e.severity,
    e.objectKind,
    e.objectId,
    e.objectName,
    e.user,
    e.message,
  );
  if (info.changes === 0) return null;
  return toEvent(get<EventRow>(db, `${SELECT} WHERE id = ?`, Number(info.lastInsertRowid)) as EventRow);
}

/** The first engine-note number (`sim-<n>` key) the event log has not used yet. */
export function nextNoteNumber(db: Db): number {
  const row = get<{ n: number | null }>(db, "SELECT MAX(CAST(substr(key, 5) AS INTEGER)) AS n FROM events WHERE key LIKE 'sim-%'");
  return (row?.n ?? -1) + 1;
}

export function appendEvent(db: Db, e: NewEvent, simTime: string, wallTime: string): LabEvent {
  const info = run(
    db,
    `INSERT INTO events (sim_time, wall_time, type, severity, object_kind, object_id, object_name, user, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    simTime,
    wallTime,
    e.type,
    e.severity,
    e.objectKind,
    e.objectId,
    e.objectName,
    e.user,
    e.message,
  );
  return toEvent(get<EventRow>(db, `${SELECT} WHERE id = ?`, Number(info.lastInsertRowid)) as EventRow);
}

export interface EventFilter {
  type?: EventType | undefined;
  severity?: Severity | undefined;
  objectKind?: ObjectKind | undefined;
  objectId?: string | undefined;
  acknowledged?: boolean | undefined;
  search?: string | undefined;
  limit?: number | undefined;
  /** Events after this one in the list's order (older, or as old and written before it): the next page. */
  beforeId?: number | undefined;
  offset?: number | undefined;
}

export function listEvents(db: Db, f: EventFilter): { total: number; unacknowledged: number; rows: LabEvent[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const eq = (col: string, v: unknown) => {
    where.push(`${col} = ?`);
    params.push(v);
  };
  if (f.type) eq('type', f.type);
  if (f.severity) eq('severity', f.severity);
  if (f.objectKind) eq('object_kind', f.objectKind);
  if (f.objectId) eq('object_id', f.objectId);
  if (f.acknowledged !== undefined) eq('acknowledged', f.acknowledged ? 1 : 0);
  if (f.search) {
    where.push("(message LIKE ? ESCAPE '\\' OR object_name LIKE ? ESCAPE '\\' OR user LIKE ? ESCAPE '\\')");
    const l = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(l, l, l);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (get<{ n: number }>(db, `SELECT count(*) AS n FROM events ${cond}`, ...params) as { n: number }).n;
  // Newest first by simulated time, then by the order they were written (id): right within a second too. The
  // cursor is the last event of the page before (its time and id), so a page is the same however many came since.
  let page = cond;
  const pageParams = [...params];
  if (f.beforeId) {
    const at = get<{ t: string }>(db, 'SELECT sim_time AS t FROM events WHERE id = ?', f.beforeId)?.t;
    if (at === undefined) throw new LabError('not-found', `No event with id ${f.beforeId}`, ['beforeId']);
    page = `${cond ? `${cond} AND` : 'WHERE'} (sim_time < ? OR (sim_time = ? AND id < ?))`;
    pageParams.push(at, at, f.beforeId);
  }
  const rows = all<EventRow>(db, `${SELECT} ${page} ORDER BY sim_time DESC, id DESC LIMIT ${f.limit ?? 500} OFFSET ${f.offset ?? 0}`, ...pageParams).map(
    toEvent,
  );
  return { total, unacknowledged: unacknowledgedCount(db), rows };
}

export function unacknowledgedCount(db: Db): number {
  return (get<{ n: number }>(db, 'SELECT count(*) AS n FROM events WHERE acknowledged = 0') as { n: number }).n;
}

/** Returns the ids among `ids` that exist. */
export function existingEventIds(db: Db, ids: number[]): Set<number> {
  const found = new Set<number>();
  for (const id of ids) if (get(db, 'SELECT 1 FROM events WHERE id = ?', id)) found.add(id);
  return found;
}

export function acknowledgeEvents(db: Db, ids: number[], user: string, wallTime: string): number {
  let n = 0;
  for (const id of ids) {
    n += run(db, 'UPDATE events SET acknowledged = 1, acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged = 0', user, wallTime, id).changes;
  }
  return n;
}

/** Events oldest first within a simulated-time window (ISO strings compare in time order), paged by offset. */
export function pageEvents(
  db: Db,
  f: { fromSimTime?: string | undefined; toSimTime?: string | undefined; limit?: number | undefined; offset?: number | undefined },
): { total: number; rows: LabEvent[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.fromSimTime !== undefined) {
    where.push('sim_time >= ?');
    params.push(f.fromSimTime);
  }
  if (f.toSimTime !== undefined) {
    where.push('sim_time <= ?');
    params.push(f.toSimTime);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (get<{ n: number }>(db, `SELECT count(*) AS n FROM events ${cond}`, ...params) as { n: number }).n;
  const rows = all<EventRow>(db, `${SELECT} ${cond} ORDER BY id LIMIT ${f.limit ?? 1000} OFFSET ${f.offset ?? 0}`, ...params).map(toEvent);
  return { total, rows };
}

/** The newest warning, error and critical events (at most `limit`), oldest first: the replay timeline's markers. */
export function problemMarkers(db: Db, limit: number): { simTime: string; severity: string; message: string }[] {
  return all(
    db,
    `SELECT sim_time AS simTime, severity, message FROM (
       SELECT sim_time, severity, message, id FROM events WHERE severity IN ('warning', 'error', 'critical') ORDER BY sim_time DESC, id DESC LIMIT ?
     ) ORDER BY sim_time, id`,
    limit,
  );
}

/** The system's warnings and errors between two simulated times (a scenario's debrief), training lines left out. */
export function systemProblemsBetween(db: Db, from: string | null, to: string | null): { at: string; severity: string; message: string }[] {
  return all(
    db,
    "SELECT sim_time AS at, severity, message FROM events WHERE sim_time >= ? AND sim_time <= ? AND type IN ('error','warning') AND user = 'system' AND message NOT LIKE 'Training:%' ORDER BY sim_time, id LIMIT 200",
    from,
    to,
  );
}
