import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { sqliteBindingOptions } from './native-binding.ts';
import { LabError } from '../contract/errors.ts';
import type { AuditOutcome, AuditPage, AuditRecord, AuditVerification } from '../contract/admin-entities.ts';

/**
 * The audit trail: one append-only SQLite file beside the lab (`audit.sqlite`), NOT a table of the
 * lab. The lab is rewindable — a checkpoint restore, an import and a lab reset replace its rows —
 * and the trail must outlive all three, so it is a database of its own that none of them touches
 * (docs/ARCHITECTURE.md, "Audit trail").
 *
 * Tamper evidence: each row stores `hash = sha256(prev_hash ‖ "\n" ‖ canonical JSON of its content)`
 * with the previous row's hash as `prev_hash` (the first row's is GENESIS). Editing, removing or
 * inserting a row breaks the chain at that row; `verify()` names the first broken one. Triggers
 * refuse UPDATE and DELETE through SQLite, so only someone editing the file around them can change it,
 * and the chain shows it. Not detected: cutting rows off the end (the head is not anchored elsewhere).
 */

/** The previous hash of the first row. */
export const AUDIT_GENESIS = '0'.repeat(64);
/** Marks the file as a console audit trail ("VDIA"), so a lab or another database is never taken for one. */
export const AUDIT_APPLICATION_ID = 0x56444941;
/** Input summaries longer than this are cut (an import chunk is 700 KB of base64; the trail needs the gist). */
export const AUDIT_INPUT_MAX = 2000;
/** Rows an export returns at most. */
export const AUDIT_EXPORT_MAX = 100_000;

export interface AuditEntry {
  wallTime: string;
  simTime: string | null;
  user: string;
  role: string;
  transport: string;
  method: string;
  input: string;
  outcome: AuditOutcome;
  code: string | null;
  message: string | null;
}

export interface AuditFilter {
  user?: string | undefined;
  method?: string | undefined;
  outcome?: AuditOutcome | undefined;
  from?: string | undefined;
  to?: string | undefined;
  untilSeq?: number | undefined;
}

const COLS = 'seq, wall_time AS wallTime, sim_time AS simTime, user, role, transport, method, input, outcome, code, message, hash';

/** The canonical content a row's hash covers: a JSON array in a fixed order. */
export function auditContent(seq: number, e: AuditEntry): string {
  return JSON.stringify([seq, e.wallTime, e.simTime, e.user, e.role, e.transport, e.method, e.input, e.outcome, e.code, e.message]);
}

export function auditHash(prev: string, seq: number, e: AuditEntry): string {
  return createHash('sha256')
    .update(`${prev}\n${auditContent(seq, e)}`)
    .digest('hex');
}

export class AuditLog {
  private readonly db: Database.Database;
  private head: { seq: number; hash: string };

  constructor(readonly path: string) {
    this.db = new Database(path, sqliteBindingOptions());
    try {
      this.db.pragma('journal_mode = WAL');
      // FULL: an audit row is on disk before the reply leaves (a lab commit is NORMAL; the trail is worth the extra fsync).
      this.db.pragma('synchronous = FULL');
      const appId = this.db.pragma('application_id', { simple: true }) as number;
      const tables = this.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (appId !== AUDIT_APPLICATION_ID && (appId !== 0 || tables.n > 0)) {
        throw new LabError('store-corrupt', `${path} is not a console audit trail (another application's database, or a lab file)`);
      }
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS audit (
          seq INTEGER PRIMARY KEY,
          wall_time TEXT NOT NULL,
          sim_time TEXT,
          user TEXT NOT NULL,
          role TEXT NOT NULL,
          transport TEXT NOT NULL,
          method TEXT NOT NULL,
          input TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error')),
          code TEXT,
          message TEXT,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        ) STRICT;
        CREATE INDEX IF NOT EXISTS audit_wall ON audit (wall_time);
        CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
      `);
      this.db.pragma(`application_id = ${AUDIT_APPLICATION_ID}`);
      const last = this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      this.head = last ?? { seq: 0, hash: AUDIT_GENESIS };
    } catch (err) {
      this.db.close();
      if (err instanceof LabError) throw err;
      throw new LabError('store-corrupt', `The audit trail ${path} cannot be opened: ${(err as Error).message}`);
    }
  }

  append(e: AuditEntry): number {
    const seq = this.head.seq + 1;
    const hash = auditHash(this.head.hash, seq, e);
    this.db
      .prepare(
        `INSERT INTO audit (seq, wall_time, sim_time, user, role, transport, method, input, outcome, code, message, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(seq, e.wallTime, e.simTime, e.user, e.role, e.transport, e.method, e.input, e.outcome, e.code, e.message, this.head.hash, hash);
    this.head = { seq, hash };
    return seq;
  }

  /** The sign-in attempts of one name (any case) since a wall time, oldest first: what a new process's lockout starts from. */
  loginsSince(name: string, sinceIso: string): { wallTime: string; outcome: string; code: string | null; message: string | null }[] {
    return this.db
      .prepare("SELECT wall_time AS wallTime, outcome, code, message FROM audit WHERE method = 'login' AND wall_time >= ? AND lower(user) = ? ORDER BY seq")
      .all(sinceIso, name.toLowerCase()) as { wallTime: string; outcome: string; code: string | null; message: string | null }[];
  }

  private where(f: AuditFilter): { sql: string; args: unknown[] } {
    const w: string[] = [];
    const args: unknown[] = [];
    if (f.user) {
      w.push("user LIKE ? ESCAPE '\\'");
      args.push(`%${f.user.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (f.method) {
      w.push("method LIKE ? ESCAPE '\\'");
      args.push(`%${f.method.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (f.outcome) {
      w.push('outcome = ?');
      args.push(f.outcome);
    }
    if (f.from) {
      w.push('wall_time >= ?');
      args.push(f.from);
    }
    if (f.to) {
      w.push('wall_time <= ?');
      args.push(f.to);
    }
    if (f.untilSeq !== undefined) {
      w.push('seq <= ?');
      args.push(f.untilSeq);
    }
    return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', args };
  }

  list(f: AuditFilter, offset = 0, limit = 100): AuditPage {
    const headSeq = f.untilSeq ?? this.head.seq;
    const { sql, args } = this.where({ ...f, untilSeq: headSeq });
    const total = (this.db.prepare(`SELECT count(*) AS n FROM audit ${sql}`).get(...args) as { n: number }).n;
    const rows = this.db.prepare(`SELECT ${COLS} FROM audit ${sql} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(...args, limit, offset) as AuditRecord[];
    return { rows, total, headSeq };
  }

  exportRows(f: AuditFilter): { rows: AuditRecord[]; truncated: boolean } {
    const { sql, args } = this.where(f);
    const rows = this.db.prepare(`SELECT ${COLS} FROM audit ${sql} ORDER BY seq DESC LIMIT ?`).all(...args, AUDIT_EXPORT_MAX + 1) as AuditRecord[];
    const truncated = rows.length > AUDIT_EXPORT_MAX;
    return { rows: truncated ? rows.slice(0, AUDIT_EXPORT_MAX) : rows, truncated };
  }

  /** Walks the whole chain in order; the first row whose seq, previous hash or own hash is wrong is the break. */
  verify(): AuditVerification {
    let prev = AUDIT_GENESIS;
    let expect = 1;
    let n = 0;
    const stmt = this.db.prepare(
      'SELECT seq, wall_time, sim_time, user, role, transport, method, input, outcome, code, message, prev_hash, hash FROM audit ORDER BY seq',
    );
    for (const r of stmt.iterate() as IterableIterator<Record<string, unknown>>) {
      n++;
      const seq = r.seq as number;
      const broken = (reason: string): AuditVerification => ({ ok: false, rows: n, firstBroken: { seq, reason }, headHash: null });
      if (seq !== expect) return broken(`row ${expect}${seq > expect + 1 ? `–${seq - 1}` : ''} is missing`);
      if (r.prev_hash !== prev) return broken('its previous hash does not match the row before it');
      const e: AuditEntry = {
        wallTime: r.wall_time as string,
        simTime: r.sim_time as string | null,
        user: r.user as string,
        role: r.role as string,
        transport: r.transport as string,
        method: r.method as string,
        input: r.input as string,
        outcome: r.outcome as AuditOutcome,
        code: r.code as string | null,
        message: r.message as string | null,
      };
      if (auditHash(prev, seq, e) !== r.hash) return broken('its content does not match its hash (the row was edited)');
      prev = r.hash as string;
      expect++;
    }
    return { ok: true, rows: n, firstBroken: null, headHash: n ? prev : null };
  }

  close(): void {
    this.db.close();
  }
}

/** Keys whose values never reach the trail. */
const SECRET_KEYS = /pass(word)?|secret|token|credential|^current$|^data$|^chunk$/i;

/** The input as the trail keeps it: JSON, secrets redacted, cut at AUDIT_INPUT_MAX characters. */
export function summarizeInput(input: unknown): string {
  let text: string;
  try {
    text =
      JSON.stringify(input ?? {}, (k, v: unknown) =>
        k !== '' && SECRET_KEYS.test(k) ? '[redacted]' : typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…` : v,
      ) ?? 'null';
  } catch {
    text = '(not JSON)';
  }
  return text.length > AUDIT_INPUT_MAX ? `${text.slice(0, AUDIT_INPUT_MAX)}…` : text;
}
