import type { Task } from '../contract/entities.ts';
import type { AnyTask } from '../contract/snapshot-methods.ts';
import type { Db } from './db.ts';
import { nextIdNumber } from './ids.ts';
import { taskDetailsSchema } from './json-columns.ts';
import { all, get, run } from './stmt.ts';
import { parseStored, rowKey } from './stored-json.ts';

interface TaskRow {
  id: string;
  kind: AnyTask['kind'];
  object_kind: Task['objectKind'];
  object_id: string;
  object_name: string;
  state: Task['state'];
  done: number;
  total: number;
  created_at: string;
  start_at: string;
  finished_at: string | null;
  user: string;
  details: string;
}

const toTask = (r: TaskRow): AnyTask =>
  ({
    id: r.id,
    kind: r.kind,
    objectKind: r.object_kind,
    objectId: r.object_id,
    objectName: r.object_name,
    state: r.state,
    done: r.done,
    total: r.total,
    createdAt: r.created_at,
    startAt: r.start_at,
    finishedAt: r.finished_at,
    user: r.user,
    details: parseStored(r.details, { table: 'tasks', key: rowKey({ id: r.id }), column: 'details' }, taskDetailsSchema(r.kind)),
  }) as AnyTask; // the kind says which details the row holds

export function insertTask<T extends AnyTask>(db: Db, t: Omit<T, 'id'>): T {
  const n = nextIdNumber(db, 'task');
  const id = `task-${n}`;
  run(
    db,
    `INSERT INTO tasks (id, kind, object_kind, object_id, object_name, state, done, total, created_at, start_at, finished_at, user, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    t.kind,
    t.objectKind,
    t.objectId,
    t.objectName,
    t.state,
    t.done,
    t.total,
    t.createdAt,
    t.startAt,
    t.finishedAt,
    t.user,
    JSON.stringify(t.details),
  );
  return { ...t, id } as T;
}

export function getTask(db: Db, id: string): AnyTask | undefined {
  const r = get<TaskRow>(db, 'SELECT * FROM tasks WHERE id = ?', id);
  return r ? toTask(r) : undefined;
}

export function listTasks(db: Db, f: { objectId?: string | undefined; active?: boolean | undefined; limit?: number | undefined }): AnyTask[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.objectId) {
    where.push('object_id = ?');
    params.push(f.objectId);
  }
  if (f.active) where.push("state IN ('scheduled', 'running')");
  const cap = f.limit !== undefined ? ` LIMIT ${Math.trunc(f.limit)}` : '';
  return all<TaskRow>(db, `SELECT * FROM tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rowid DESC${cap}`, ...params).map(toTask);
}

export function updateTask(db: Db, t: Pick<Task<string, unknown>, 'id' | 'state' | 'done' | 'total' | 'finishedAt' | 'details'>): void {
  run(
    db,
    'UPDATE tasks SET state = ?, done = ?, total = ?, finished_at = ?, details = ? WHERE id = ?',
    t.state,
    t.done,
    t.total,
    t.finishedAt,
    JSON.stringify(t.details),
    t.id,
  );
}

/** A task scheduled or running on an object, if any. */
export function activeTaskOn(db: Db, objectId: string): { id: string } | undefined {
  return get<{ id: string }>(db, "SELECT id FROM tasks WHERE state IN ('scheduled','running') AND object_id = ?", objectId);
}
