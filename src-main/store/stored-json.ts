import type { z } from 'zod';
import { LabError } from '../contract/errors.ts';

/**
 * JSON the store keeps in a column, read back. The app wrote it, but the file is the user's: a
 * checkpoint can be edited, a lab folder copied half-way. Whatever the column holds, reading it
 * never throws a SyntaxError (which the dispatcher would answer as `internal`, and which stopped
 * `serve` from ever opening the folder again): it throws a `store-corrupt` LabError that names the
 * row, so the admin knows which row to look at and the host stays up.
 */

/** Where a stored value lives: its table, the row's key (as `id = 'rule-9'`), its column. */
export interface RowRef {
  table: string;
  key: string;
  column: string;
}

/** The key of a row for messages: `id = 'rule-9'`, or `pool_id = 'pool-1', datastore_id = 'ds-1'`. */
export function rowKey(cols: Record<string, unknown>): string {
  return Object.entries(cols)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? `'${v}'` : String(v)}`)
    .join(', ');
}

/** The error for a stored value that is not what the app writes there. */
export function damagedRow(where: RowRef, reason: string): LabError {
  return new LabError('store-corrupt', `The lab's row ${where.table} (${where.key}) has a damaged ${where.column}: ${reason}`);
}

/** The first issue of a zod error, as "at items.0.state: Invalid option". */
export function zodReason(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'not what the console writes there';
  const at = issue.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  return `not what the console writes there${at}: ${issue.message}`;
}

/**
 * Parses a column's JSON; with a schema, also checks its shape (use one where a reader would
 * otherwise trip over a wrong shape; the hot per-session readers only parse). `where` may be a
 * function, so a reader of thousands of rows builds the row's name only when one is damaged.
 */
export function parseStored<T>(text: string, where: RowRef | (() => RowRef), schema?: z.ZodType<T>): T {
  const at = () => (typeof where === 'function' ? where() : where);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw damagedRow(at(), `not JSON (${(err as Error).message})`);
  }
  if (!schema) return value as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw damagedRow(at(), zodReason(parsed.error));
  return parsed.data;
}
