import type Database from 'better-sqlite3';
import type { Alarm, AlarmCounts, AlarmDefinition, AlarmObjectKind, AlarmSeverity, AlarmState } from '../contract/alarm-entities.ts';
import { DEFAULT_ALARM_DEFINITIONS } from '../core/alarms/defaults.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';
import { ALARM_METRICS } from '../contract/alarm-entities.ts';

// Alarm definitions and alarms (migration 012). The evaluator (app/alarms/) writes alarms inside the
// simulation's flush; handlers write definitions and acknowledgements in their request's transaction.

const DEF_COLS = `id, name, description, object_kind AS objectKind, metric, direction, warning, critical, duration_s AS durationSeconds,
  reset_margin AS resetMargin, enabled, source, builtin`;
type DefRow = Omit<AlarmDefinition, 'enabled' | 'builtin' | 'unit'> & { enabled: number; builtin: number };

const ALARM_COLS = `a.id, a.definition_id AS definitionId, d.name AS definitionName, a.object_kind AS objectKind, a.object_id AS objectId,
  a.object_name AS objectName, a.severity, a.state, a.value, a.worst, a.triggered_at AS triggeredAt, a.changed_at AS changedAt,
  a.reset_at AS resetAt, a.acknowledged_by AS acknowledgedBy, a.acknowledged_at AS acknowledgedAt, a.acknowledged_comment AS acknowledgedComment,
  d.metric AS metric`;

const toDef = (r: DefRow): AlarmDefinition => ({ ...r, unit: ALARM_METRICS[r.metric].unit, enabled: r.enabled === 1, builtin: r.builtin === 1 });

function insertDef(db: Database.Database, d: AlarmDefinition): void {
  db.prepare(
    `INSERT OR IGNORE INTO alarm_definitions (id, name, description, object_kind, metric, direction, warning, critical, duration_s, reset_margin, enabled, source, builtin)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    d.id,
    d.name,
    d.description,
    d.objectKind,
    d.metric,
    d.direction,
    d.warning,
    d.critical,
    d.durationSeconds,
    d.resetMargin,
    d.enabled ? 1 : 0,
    d.source,
    d.builtin ? 1 : 0,
  );
}

/** The default set (a new lab, and a lab migrated to schema 12). */
export function insertDefaultAlarmDefinitions(db: Database.Database): void {
  for (const d of DEFAULT_ALARM_DEFINITIONS) insertDef(db, d);
}

export function listAlarmDefinitions(db: Db): AlarmDefinition[] {
  return all<DefRow>(db, `SELECT ${DEF_COLS} FROM alarm_definitions ORDER BY builtin DESC, object_kind, name`).map(toDef);
}

export function getAlarmDefinition(db: Db, id: string): AlarmDefinition | undefined {
  const r = get<DefRow>(db, `SELECT ${DEF_COLS} FROM alarm_definitions WHERE id = ?`, id);
  return r ? toDef(r) : undefined;
}

export function createAlarmDefinition(db: Db, d: AlarmDefinition): void {
  insertDef(db, d);
}

export function saveAlarmDefinition(db: Db, d: AlarmDefinition): void {
  run(
    db,
    `UPDATE alarm_definitions SET name = ?, description = ?, warning = ?, critical = ?, duration_s = ?, reset_margin = ?, enabled = ? WHERE id = ?`,
    d.name,
    d.description,
    d.warning,
    d.critical,
    d.durationSeconds,
    d.resetMargin,
    d.enabled ? 1 : 0,
    d.id,
  );
}

export function deleteAlarmDefinition(db: Db, id: string): boolean {
  return run(db, 'DELETE FROM alarm_definitions WHERE id = ?', id).changes > 0;
}

type AlarmRow = Omit<Alarm, 'unit'> & { metric: keyof typeof ALARM_METRICS };
const toAlarm = ({ metric, ...r }: AlarmRow): Alarm => ({ ...r, unit: ALARM_METRICS[metric].unit });

/** The alarms not reset (the evaluator's starting point after open or restore). */
export function activeAlarms(db: Db): { id: number; definitionId: string; objectId: string; name: string; severity: AlarmSeverity; worst: number }[] {
  return all(
    db,
    "SELECT id, definition_id AS definitionId, object_id AS objectId, object_name AS name, severity, worst FROM alarms WHERE state <> 'reset' ORDER BY id",
  );
}

export function openAlarm(
  db: Db,
  a: { definitionId: string; objectKind: AlarmObjectKind; objectId: string; objectName: string; severity: AlarmSeverity; value: number; at: string },
): number {
  const info = run(
    db,
    `INSERT INTO alarms (definition_id, object_kind, object_id, object_name, severity, state, value, worst, triggered_at, changed_at)
     VALUES (?, ?, ?, ?, ?, 'triggered', ?, ?, ?, ?)`,
    a.definitionId,
    a.objectKind,
    a.objectId,
    a.objectName,
    a.severity,
    a.value,
    a.value,
    a.at,
    a.at,
  );
  return Number(info.lastInsertRowid);
}

/** A new level: an escalation asks for attention again (triggered); a step down keeps an acknowledgement. */
export function setAlarmLevel(db: Db, id: number, severity: AlarmSeverity, value: number, worst: number, escalated: boolean, at: string): void {
  run(
    db,
    `UPDATE alarms SET severity = ?, value = ?, worst = ?, changed_at = ?, state = CASE WHEN ? THEN 'triggered' ELSE state END WHERE id = ?`,
    severity,
    value,
    worst,
    at,
    escalated ? 1 : 0,
    id,
  );
}

export function setAlarmWorst(db: Db, id: number, worst: number): void {
  run(db, 'UPDATE alarms SET worst = ? WHERE id = ?', worst, id);
}

export function resetAlarm(db: Db, id: number, value: number, at: string): void {
  run(db, "UPDATE alarms SET state = 'reset', value = ?, reset_at = ?, changed_at = ? WHERE id = ?", value, at, at, id);
}

export function getAlarm(db: Db, id: number): Alarm | undefined {
  const r = get<AlarmRow>(db, `SELECT ${ALARM_COLS} FROM alarms a JOIN alarm_definitions d ON d.id = a.definition_id WHERE a.id = ?`, id);
  return r ? toAlarm(r) : undefined;
}

export interface AlarmFilter {
  state: AlarmState | 'active' | 'all';
  severity?: AlarmSeverity | undefined;
  objectKind?: AlarmObjectKind | undefined;
  objectId?: string | undefined;
  definitionId?: string | undefined;
  search?: string | undefined;
  limit: number;
  offset: number;
}

export function listAlarms(db: Db, f: AlarmFilter): { total: number; rows: Alarm[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.state === 'active') where.push("a.state <> 'reset'");
  else if (f.state !== 'all') {
    where.push('a.state = ?');
    params.push(f.state);
  }
  const eq = (col: string, v: unknown) => {
    if (v === undefined) return;
    where.push(`${col} = ?`);
    params.push(v);
  };
  eq('a.severity', f.severity);
  eq('a.object_kind', f.objectKind);
  eq('a.object_id', f.objectId);
  eq('a.definition_id', f.definitionId);
  if (f.search) {
    where.push("(a.object_name LIKE ? ESCAPE '\\' OR d.name LIKE ? ESCAPE '\\' OR coalesce(a.acknowledged_comment, '') LIKE ? ESCAPE '\\')");
    const l = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(l, l, l);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const from = 'FROM alarms a JOIN alarm_definitions d ON d.id = a.definition_id';
  const total = (get<{ n: number }>(db, `SELECT count(*) AS n ${from} ${cond}`, ...params) as { n: number }).n;
  const rows = all<AlarmRow>(
    db,
    `SELECT ${ALARM_COLS} ${from} ${cond} ORDER BY (a.state = 'reset'), CASE a.severity WHEN 'critical' THEN 0 ELSE 1 END, a.changed_at DESC, a.id DESC LIMIT ? OFFSET ?`,
    ...params,
    f.limit,
    f.offset,
  ).map(toAlarm);
  return { total, rows };
}

/** Active warning and critical alarms (never events: the masthead badge counts these), and per object. */
export function alarmCounts(db: Db): AlarmCounts {
  const counts: AlarmCounts = { warning: 0, critical: 0, unacknowledged: 0, byObject: {} };
  const rows = all<{ kind: string; id: string; severity: AlarmSeverity; state: string; n: number }>(
    db,
    "SELECT object_kind AS kind, object_id AS id, severity, state, count(*) AS n FROM alarms WHERE state <> 'reset' GROUP BY 1, 2, 3, 4",
  );
  for (const r of rows) {
    counts[r.severity] += r.n;
    if (r.state === 'triggered') counts.unacknowledged += r.n;
    const key = `${r.kind}:${r.id}`;
    const o = counts.byObject[key];
    if (!o) counts.byObject[key] = { severity: r.severity, count: r.n };
    else {
      o.count += r.n;
      if (r.severity === 'critical') o.severity = 'critical';
    }
  }
  return counts;
}

export function acknowledgeAlarm(db: Db, id: number, user: string, comment: string, wallTime: string): boolean {
  return (
    run(
      db,
      "UPDATE alarms SET state = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?, acknowledged_comment = ? WHERE id = ? AND state = 'triggered'",
      user,
      wallTime,
      comment,
      id,
    ).changes > 0
  );
}

export function alarmStates(db: Db, ids: number[]): Map<number, AlarmState> {
  const out = new Map<number, AlarmState>();
  for (const id of ids) {
    const r = get<{ state: AlarmState }>(db, 'SELECT state FROM alarms WHERE id = ?', id);
    if (r) out.set(id, r.state);
  }
  return out;
}
