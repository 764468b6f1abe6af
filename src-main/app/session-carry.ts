import Database from 'better-sqlite3';
import type { SessionCarry } from '../core/engine/sessions/session-transfer.ts';
import type { Db } from '../store/db.ts';
import { get, run } from '../store/stmt.ts';

/**
 * A lab checkpoint holds the store, but part of a running lab lives only in the engine: logons
 * in the middle of their phases, endpoints, freezes. The checkpoint file carries that too, as one
 * meta row (`engine_sessions`) written into the file right after the backup. A restore copies it
 * into the live database with the rest of meta; the engine built from the restored store takes it
 * (once: the row is deleted) so it continues exactly where the saved lab was.
 */
export const CARRY_META_KEY = 'engine_sessions';

type Encoded = { t: string; b: string };
const CTORS = { Uint8Array, Int8Array, Uint16Array, Uint32Array, Int32Array, Float32Array, Float64Array } as const;
type CtorName = keyof typeof CTORS;

function encode(a: ArrayLike<number>): Encoded {
  const view = a as unknown as ArrayBufferView;
  const name = (Object.keys(CTORS) as CtorName[]).find((k) => a instanceof CTORS[k]);
  if (!name) throw new Error('session carry: not a typed array');
  return { t: name, b: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64') };
}

function decode(e: Encoded): ArrayLike<number> {
  const Ctor = CTORS[e.t as CtorName];
  if (!Ctor) throw new Error(`session carry: unknown array type ${e.t}`);
  const bytes = Buffer.from(e.b, 'base64');
  const copy = new Uint8Array(bytes); // aligned, own buffer
  return new Ctor(copy.buffer, 0, copy.byteLength / Ctor.BYTES_PER_ELEMENT);
}

export function serializeCarry(c: SessionCarry, simTime: string): string {
  const book = Object.fromEntries(Object.entries(c.book).map(([k, v]) => [k, encode(v)]));
  return JSON.stringify({
    simTime,
    users: c.users,
    book,
    uState: encode(c.uState),
    uLogonEnd: encode(c.uLogonEnd),
    uLogonSec: encode(c.uLogonSec),
    custom: c.custom,
    frozenReason: c.frozenReason,
  });
}

/** Writes the carry into a checkpoint file (a closed copy of the lab, never the live database). */
export function writeCarryToFile(file: string, carry: string): void {
  const db = new Database(file);
  try {
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(CARRY_META_KEY, carry);
  } finally {
    db.close();
  }
}

/**
 * Takes the carry a restore left in meta (and deletes it), if it was saved at this simulated
 * time; a damaged or foreign one is dropped, and the sessions then resume from their rows.
 */
export function takeStoredCarry(db: Db, simTime: string): SessionCarry | undefined {
  const raw = get<{ value: string }>(db, 'SELECT value FROM meta WHERE key = ?', CARRY_META_KEY)?.value;
  if (raw === undefined) return undefined;
  run(db, 'DELETE FROM meta WHERE key = ?', CARRY_META_KEY);
  try {
    const j = JSON.parse(raw) as {
      simTime: string;
      users: number;
      book: Record<string, Encoded>;
      uState: Encoded;
      uLogonEnd: Encoded;
      uLogonSec: Encoded;
      custom: SessionCarry['custom'];
      frozenReason: SessionCarry['frozenReason'];
    };
    if (Date.parse(j.simTime) !== Date.parse(simTime)) return undefined;
    return {
      users: j.users,
      book: Object.fromEntries(Object.entries(j.book).map(([k, v]) => [k, decode(v)])) as SessionCarry['book'],
      uState: decode(j.uState),
      uLogonEnd: decode(j.uLogonEnd),
      uLogonSec: decode(j.uLogonSec),
      custom: j.custom,
      frozenReason: j.frozenReason,
    };
  } catch {
    return undefined;
  }
}
