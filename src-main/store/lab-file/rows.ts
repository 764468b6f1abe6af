import { z } from 'zod';
import { LAB_PROFILES } from '../../contract/entities.ts';
import { CLOCK_SPEEDS } from '../../contract/simulation.ts';
import type { Db } from '../db.ts';
import { LOGON_CONTEXT, LOGON_PHASE_SECONDS, NETWORK_CUSTOM, RULE_DESKTOP_IDS, RULE_HOST_GROUP, SCALING_PLAN, taskDetailsSchema } from '../json-columns.ts';
import { damagedRow, parseStored, rowKey } from '../stored-json.ts';
import { VIEW_LIVE_SPEED_META } from '../sim-sync.ts';

// Every value of a lab's rows that SQLite's column types and CHECKs do not already hold to what
// the console writes: times, JSON, the meta table. Runs on our own copy of a lab file (the file's
// rows already passed our schema's types, CHECKs and NOT NULLs on the way in), one row at a time
// (`iterate`), so a large table is never held in memory whole.

/** A time as the console stores it: ISO 8601 in UTC, as Date.toISOString writes it. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function timeReason(v: unknown): string | null {
  if (typeof v !== 'string' || !ISO_TIME.test(v) || !Number.isFinite(Date.parse(v))) return `${JSON.stringify(v)} is not a time`;
  return null;
}

type Rule = { kind: 'time' } | { kind: 'json'; schema: z.ZodType } | { kind: 'task-details' };
const TIME: Rule = { kind: 'time' };
const json = (schema: z.ZodType): Rule => ({ kind: 'json', schema });

/** Per table: its key columns (for messages) and the rules of its checked columns. A null value passes (NOT NULL is the schema's). */
const TABLES: Record<string, { key: string[]; columns: Record<string, Rule> }> = {
  image_versions: { key: ['id'], columns: { created_at: TIME } },
  desktops: { key: ['id'], columns: { state_since: TIME } },
  sessions: {
    key: ['id'],
    columns: {
      started_at: TIME,
      state_since: TIME,
      network_custom: json(NETWORK_CUSTOM),
      logon_phases: json(LOGON_PHASE_SECONDS),
      logon_context: json(LOGON_CONTEXT),
    },
  },
  events: { key: ['id'], columns: { sim_time: TIME, wall_time: TIME, acknowledged_at: TIME } },
  tasks: { key: ['id'], columns: { created_at: TIME, start_at: TIME, finished_at: TIME, details: { kind: 'task-details' } } },
  scaling_plans: { key: ['pool_id'], columns: { plan: json(SCALING_PLAN) } },
  session_history: {
    key: ['id'],
    columns: { started_at: TIME, ended_at: TIME, logon_phases: json(LOGON_PHASE_SECONDS), logon_context: json(LOGON_CONTEXT) },
  },
  connection_failures: { key: ['id'], columns: { at: TIME } },
  session_messages: { key: ['id'], columns: { at: TIME } },
  snapshots: { key: ['id'], columns: { created_at: TIME } },
  alarms: { key: ['id'], columns: { triggered_at: TIME, changed_at: TIME, reset_at: TIME, acknowledged_at: TIME } },
  replay_actions: { key: ['seq'], columns: { sim_time: TIME, wall_time: TIME, input: json(z.unknown()) } },
  cluster_rules: { key: ['id'], columns: { desktop_ids: json(RULE_DESKTOP_IDS), host_group: json(RULE_HOST_GROUP), created_at: TIME } },
};

/**
 * The longest text the console writes in one value outside the engine's own tables (a description, a note, a message,
 * an admin action's input: a few kilobytes at most). A file's longer value is refused: it would be read whole into every
 * list that shows it (a 200 MiB image-version note made image-list answer 200 MB and take 943 MB of memory).
 */
export const MAX_TEXT_BYTES = 1024 * 1024;

/** Every text value of the lab's tables (the engine's apart: its state documents are large by nature) within MAX_TEXT_BYTES. */
export function checkValueSizes(db: Db): void {
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'engine_%'").all() as { name: string }[]
  ).map((r) => r.name);
  for (const table of tables) {
    const info = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; pk: number }[];
    // The row named by its primary key (a table WITHOUT ROWID has no rowid), else by its rowid.
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const key = pk.length ? pk.map((c) => `"${c.name}"`).join(" || ', ' || ") : 'rowid';
    // One pass over the table for all its columns; the row is looked up only for a column that is over.
    const longest = db
      .prepare(`SELECT ${info.map((c) => `max(CASE WHEN typeof("${c.name}") = 'text' THEN length(CAST("${c.name}" AS BLOB)) END)`).join(', ')} FROM "${table}"`)
      .raw()
      .get() as (number | null)[];
    info.forEach(({ name: column }, i) => {
      if ((longest[i] ?? 0) <= MAX_TEXT_BYTES) return;
      const big = db
        .prepare(
          `SELECT ${key} AS k, length(CAST("${column}" AS BLOB)) AS n FROM "${table}" WHERE typeof("${column}") = 'text' AND length(CAST("${column}" AS BLOB)) > ? LIMIT 1`,
        )
        .get(MAX_TEXT_BYTES) as { k: unknown; n: number };
      throw damagedRow({ table, key: String(big.k), column }, `${big.n} bytes of text, more than the console ever writes in one value (${MAX_TEXT_BYTES})`);
    });
  }
}

/** Checks each checked column of every row of the lab; throws `store-corrupt` naming the first bad one. */
export function checkRows(db: Db): void {
  for (const [table, spec] of Object.entries(TABLES)) {
    const cols = Object.keys(spec.columns);
    const select = [...new Set([...spec.key, ...cols, ...(table === 'tasks' ? ['kind'] : [])])];
    const stmt = db.prepare(`SELECT ${select.map((c) => `"${c}"`).join(', ')} FROM "${table}"`);
    for (const row of stmt.iterate() as IterableIterator<Record<string, unknown>>) {
      for (const col of cols) {
        const v = row[col];
        if (v === null) continue;
        const rule = spec.columns[col] as Rule;
        const where = { table, key: rowKey(Object.fromEntries(spec.key.map((k) => [k, row[k]]))), column: col };
        if (rule.kind === 'time') {
          const why = timeReason(v);
          if (why) throw damagedRow(where, why);
          continue;
        }
        const schema = rule.kind === 'json' ? rule.schema : taskDetailsSchema(String(row.kind));
        if (!schema) throw damagedRow({ ...where, column: 'kind' }, `${JSON.stringify(row.kind)} is not a kind of task this console runs`);
        parseStored(String(v), where, schema);
      }
    }
  }
}

/** What the meta table must say: which lab, which seed, and when the lab is (the clock starts from it). */
export function checkMeta(db: Db): { profile: string; seed: number; simTime: string } {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  const bad = (key: string, why: string) => damagedRow({ table: 'meta', key: rowKey({ key }), column: 'value' }, why);
  const profile = meta.get('profile') ?? '';
  if (!(LAB_PROFILES as readonly string[]).includes(profile)) throw bad('profile', `${JSON.stringify(profile)} is not a lab profile`);
  const seed = meta.get('seed') ?? '';
  if (!/^-?\d{1,15}$/.test(seed)) throw bad('seed', `${JSON.stringify(seed)} is not a whole number`);
  const simTime = meta.get('sim_time') ?? '';
  // The clock starts from it: it must be exactly the form the clock writes, so reading it back gives the same instant.
  if (timeReason(simTime) || new Date(simTime).toISOString() !== simTime) throw bad('sim_time', `${JSON.stringify(simTime)} is not a time`);
  const created = meta.get('created_at');
  if (created !== undefined && timeReason(created)) throw bad('created_at', `${JSON.stringify(created)} is not a time`);
  for (const key of ['clock_speed', VIEW_LIVE_SPEED_META]) {
    const speed = meta.get(key);
    if (speed !== undefined && !(CLOCK_SPEEDS as readonly string[]).includes(speed)) throw bad(key, `${JSON.stringify(speed)} is not a clock speed`);
  }
  const seq = meta.get('session_seq');
  if (seq !== undefined && !/^\d{1,15}$/.test(seq)) throw bad('session_seq', `${JSON.stringify(seq)} is not a count`);
  return { profile, seed: Number(seed), simTime };
}
