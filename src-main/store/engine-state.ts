import { LabError } from '../contract/errors.ts';
import { decodeState, encodeState } from '../core/engine/durable/json.ts';
import { DOMAINS, type EngineIds } from '../core/engine/durable/remap.ts';
import { bytesOf, type RawArray, type SavedEvent, type StoredArray } from '../core/engine/durable/state.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

import { IdRows, readIds } from './engine-ids.ts';
import { BPE, EntityRows, readEntities, type Generations, type Layout, type Rotation } from './engine-entities.ts';

export { REWRITE_SHARE, ROTATION_FLUSHES, type Generations, type Rotation } from './engine-entities.ts';

/**
 * The engine's state in the store (migration 010), written in the same transaction as each
 * flush. A flush writes only what changed since the last one: array chunks whose bytes
 * differ, object-state sections whose JSON differs, queue rows scheduled or gone.
 */

/** Bytes per stored chunk of a plain array (the running sessions' order): small enough that a flush rewrites little. */
export const CHUNK_BYTES = 4 * 1024;
const FORMAT = 1;

/** What a flush hands the store: the engine's arrays, its object-state sections, its queue's changes. */
export interface StateWrite<E> {
  t: number;
  ids: EngineIds;
  /** Bumped whenever the index space may have changed (a rebuild): the ids are written again. */
  idsVersion: number;
  arrays: StoredArray[];
  /** The index space changed other than by adding entities at the end: every entity record is written again. */
  renumbered: boolean;
  doc: Record<string, unknown>;
  /**
   * Sections whose values are never changed once handed over (a changed section is a new object): one
   * handed again as the same object is skipped without being encoded. A section in neither `doc` nor
   * `frozenDoc` is removed from the store.
   */
  frozenDoc?: Record<string, unknown>;
  queue: () => { whole: SavedEvent<E>[] | null; added: SavedEvent<E>[]; removed: number[]; nextSeq: number };
}

/** A state read back from the store (arrays as raw bytes: the engine reads them as its own element types). */
export interface StoredState<E> {
  t: number;
  ids: EngineIds;
  /** The index space was read from chunk rows (store/engine-ids.ts); false: from an older lab's single row. */
  idsChunked: boolean;
  arrays: Map<string, RawArray>;
  /** How each domain's records are laid out (what the flush that wrote them knew). */
  layouts: Partial<Record<string, Layout>>;
  doc: Record<string, unknown>;
  queue: { nextSeq: number; items: SavedEvent<E>[] };
  /** The newest generation of entity records the store holds (base rows and deltas); 0 when none has one. */
  gen: number;
  /** Per domain: each entity's base row generation and the generation of the last delta holding it (0: none). */
  generations: Partial<Record<string, Generations>>;
  /** Per domain: where the rotation of base rows stands (absent: a pass starts at the next write). */
  rotations: Partial<Record<string, Rotation>>;
}

export class EngineStateStore {
  /** The bytes each plain array had when last written. */
  private readonly shadows = new Map<string, Uint8Array>();
  private readonly entities = new Map<string, EntityRows>();
  /** The JSON each section had when last written. */
  private readonly docs = new Map<string, string>();
  /** The frozen sections (StateWrite.frozenDoc) as last handed over: the same object again is the same JSON. */
  private readonly frozen = new Map<string, unknown>();
  private idsVersion = -1;
  private readonly idRows = new IdRows();
  private nextSeq = -1;
  private t = Number.NaN;
  /** The generation of the last write (each write is the next: its delta rows and base rows carry it). */
  private gen = 0;
  /** Each stored queue row's due time by sequence number: rows are keyed by (at, seq) (migration 021), a removal names both. */
  private readonly queuedAt = new Map<number, number>();

  constructor(private readonly db: Db) {}

  /** The store holds exactly `s` (it was just read back): the next write writes only what changes from it. */
  prime<E>(s: StoredState<E>, idsVersion: number): void {
    this.idRows.prime(s.ids, s.idsChunked);
    this.shadows.clear();
    this.docs.clear();
    this.frozen.clear();
    for (const d of DOMAINS) this.rows(d).prime(s.arrays, s.layouts[d] ?? null, s.ids[d].length, s.generations[d], s.rotations[d]);
    this.gen = s.gen;
    for (const [name, a] of s.arrays) if (!Object.values(s.layouts).some((l) => l?.names.includes(name))) this.shadows.set(name, new Uint8Array(a.raw));
    for (const [k, v] of Object.entries(s.doc)) this.docs.set(k, encodeState(v));
    this.idsVersion = idsVersion;
    this.nextSeq = s.queue.nextSeq;
    this.queuedAt.clear();
    for (const item of s.queue.items) this.queuedAt.set(item.seq, item.at);
    this.t = s.t;
  }

  /** Forget what was written: the next write writes everything (a new lab, a restored checkpoint). */
  private rows(domain: string): EntityRows {
    let r = this.entities.get(domain);
    if (!r) this.entities.set(domain, (r = new EntityRows(this.db, domain)));
    return r;
  }

  reset(): void {
    this.shadows.clear();
    this.docs.clear();
    this.frozen.clear();
    for (const r of this.entities.values()) r.reset();
    this.idsVersion = -1;
    this.idRows.reset();
    this.nextSeq = -1;
    this.queuedAt.clear();
    this.t = Number.NaN;
  }

  /** Writes what changed; call inside the flush's transaction. Returns the bytes written. */
  write<E>(w: StateWrite<E>): number {
    const db = this.db;
    let bytes = 0;
    if (w.t !== this.t) {
      run(
        db,
        "INSERT INTO engine_state (key, value) VALUES ('header', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        JSON.stringify({ format: FORMAT, t: w.t }),
      );
      this.t = w.t;
    }
    if (w.idsVersion !== this.idsVersion) {
      bytes += this.idRows.write(db, w.ids);
      this.idsVersion = w.idsVersion;
    }
    const names = new Set<string>();
    this.gen++;
    for (const d of DOMAINS) {
      const specs = w.arrays.filter((a) => a.domain === d);
      bytes += this.rows(d).write(specs, w.ids[d].length, w.renumbered, this.gen);
    }
    for (const { name, array, domain } of w.arrays) {
      if (domain !== null) continue;
      names.add(name);
      bytes += this.writeArray(name, bytesOf(array));
    }
    for (const name of [...this.shadows.keys()]) {
      if (names.has(name)) continue;
      run(db, 'DELETE FROM engine_arrays WHERE name = ?', name);
      this.shadows.delete(name);
    }
    for (const [key, value] of Object.entries(w.doc)) bytes += this.writeDoc(key, value);
    const frozen = w.frozenDoc ?? {};
    for (const [key, value] of Object.entries(frozen)) {
      if (value !== undefined && this.frozen.get(key) === value) continue;
      bytes += this.writeDoc(key, value);
      this.frozen.set(key, value);
    }
    // A section handed over neither way is gone (a frozen one no longer kept, or one the store held from an older lab).
    for (const key of [...this.docs.keys()]) {
      if (Object.hasOwn(w.doc, key) || Object.hasOwn(frozen, key)) continue;
      this.writeDoc(key, undefined);
      this.frozen.delete(key);
    }
    const q = w.queue();
    if (q.whole) {
      run(db, 'DELETE FROM engine_queue');
      this.queuedAt.clear();
      for (const s of q.whole) bytes += this.insertEvent(s);
    } else {
      // By key: the events that fell due are the first rows of the table (ordered by due time), a few pages.
      for (const seq of q.removed) {
        const at = this.queuedAt.get(seq);
        if (at === undefined) run(db, 'DELETE FROM engine_queue WHERE seq = ?', seq);
        else run(db, 'DELETE FROM engine_queue WHERE at = ? AND seq = ?', at, seq);
        this.queuedAt.delete(seq);
      }
      for (const s of q.added) bytes += this.insertEvent(s);
    }
    if (q.nextSeq !== this.nextSeq) {
      run(
        db,
        "INSERT INTO engine_state (key, value) VALUES ('queue', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        JSON.stringify({ nextSeq: q.nextSeq }),
      );
      this.nextSeq = q.nextSeq;
    }
    return bytes;
  }

  /** Writes one section of the document if its JSON changed (undefined: the section holds nothing now and its row goes). */
  private writeDoc(key: string, value: unknown): number {
    const text = encodeState(value) as string | undefined;
    if (this.docs.get(key) === text) return 0;
    if (text === undefined) {
      // A section that holds nothing now (a part saves undefined when it has nothing under way): its row goes.
      run(this.db, 'DELETE FROM engine_state WHERE key = ?', `doc:${key}`);
      this.docs.delete(key);
      return 0;
    }
    run(this.db, 'INSERT INTO engine_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', `doc:${key}`, text);
    this.docs.set(key, text);
    return text.length;
  }

  private insertEvent<E>(s: SavedEvent<E>): number {
    const text = encodeState(s.event);
    const was = this.queuedAt.get(s.seq);
    if (was !== undefined && was !== s.at) run(this.db, 'DELETE FROM engine_queue WHERE at = ? AND seq = ?', was, s.seq);
    run(this.db, 'INSERT OR REPLACE INTO engine_queue (seq, at, event) VALUES (?, ?, ?)', s.seq, s.at, text);
    this.queuedAt.set(s.seq, s.at);
    return text.length + 16;
  }

  /** Writes the chunks of one array that differ from what was written last. */
  private writeArray(name: string, now: Uint8Array): number {
    const was = this.shadows.get(name);
    const chunks = Math.ceil(now.byteLength / CHUNK_BYTES);
    const wasChunks = was ? Math.ceil(was.byteLength / CHUNK_BYTES) : 0;
    let bytes = 0;
    for (let c = 0; c < chunks; c++) {
      const a = c * CHUNK_BYTES;
      const b = Math.min(now.byteLength, a + CHUNK_BYTES);
      const part = now.subarray(a, b);
      // The chunk as written: a shorter array (the running sessions' order lost its last one) leaves a shorter last chunk,
      // which is written even when what remains of it is unchanged (otherwise the stored array keeps the ended tail).
      const stored = was && c < wasChunks ? was.subarray(a, Math.min(was.byteLength, a + CHUNK_BYTES)) : null;
      if (stored && Buffer.compare(part, stored) === 0) continue;
      run(
        this.db,
        'INSERT INTO engine_arrays (name, chunk, bytes) VALUES (?, ?, ?) ON CONFLICT(name, chunk) DO UPDATE SET bytes = excluded.bytes',
        name,
        c,
        Buffer.from(part),
      );
      bytes += part.byteLength;
    }
    if (wasChunks > chunks) run(this.db, 'DELETE FROM engine_arrays WHERE name = ? AND chunk >= ?', name, chunks);
    if (!was || was.byteLength !== now.byteLength || bytes > 0) this.shadows.set(name, new Uint8Array(now));
    return bytes;
  }
}

/** Removes the engine's state (a new lab starts afresh). */
export function clearEngineState(db: Db): void {
  run(db, 'DELETE FROM engine_state');
  run(db, 'DELETE FROM engine_arrays');
  run(db, 'DELETE FROM engine_entities');
  run(db, 'DELETE FROM engine_deltas');
  run(db, 'DELETE FROM engine_queue');
  run(db, 'DELETE FROM metric_samples');
  run(db, 'DELETE FROM session_samples');
}

/**
 * The engine state the store holds, or undefined when it holds none (a lab never run, or
 * written before engine states were kept). A state that cannot be read is `store-corrupt`.
 */
export function readEngineState<E>(db: Db): StoredState<E> | undefined {
  const rows = all<{ key: string; value: string }>(db, 'SELECT key, value FROM engine_state');
  if (rows.length === 0) return undefined;
  const kv = new Map(rows.map((r) => [r.key, r.value]));
  const bad = (why: string) => new LabError('store-corrupt', `The lab's engine state cannot be read: ${why}`);
  try {
    const header = JSON.parse(kv.get('header') ?? 'null') as { format?: unknown; t?: unknown } | null;
    if (!header || header.format !== FORMAT || typeof header.t !== 'number' || !Number.isFinite(header.t)) throw bad('no valid header');
    const { ids, chunked } = readIds(kv, bad);
    const nextSeq = (JSON.parse(kv.get('queue') ?? '{"nextSeq":0}') as { nextSeq?: unknown }).nextSeq;
    if (typeof nextSeq !== 'number' || !Number.isInteger(nextSeq) || nextSeq < 0) throw bad('queue sequence');
    const doc: Record<string, unknown> = {};
    for (const [k, v] of kv) if (k.startsWith('doc:')) doc[k.slice(4)] = decodeState(v);
    const arrays = new Map<string, RawArray>();
    const layouts: Partial<Record<string, Layout>> = {};
    let gen = 0;
    const generations: Partial<Record<string, Generations>> = {};
    const rotations: Partial<Record<string, Rotation>> = {};
    for (const d of DOMAINS) {
      const text = kv.get(`layout:${d}`);
      if (!text) continue;
      const l = JSON.parse(text) as Layout;
      const ok =
        Array.isArray(l.names) &&
        Array.isArray(l.types) &&
        Array.isArray(l.strides) &&
        l.names.length === l.types.length &&
        l.names.length === l.strides.length &&
        l.types.every((t) => typeof t === 'string' && t in BPE) &&
        l.strides.every((x) => Number.isInteger(x) && x >= 1 && x <= 64) &&
        l.bytes === l.names.reduce((n: number, _x: string, i: number) => n + (l.strides[i] as number) * (BPE[l.types[i] as string] as number), 0);
      if (!ok) throw bad(`the layout of ${d} records`);
      layouts[d] = l;
      const read = readEntities(db, d, l, ids[d].length, arrays, bad);
      gen = Math.max(gen, read.newest);
      generations[d] = read.generations;
      const rot = kv.get(`rotation:${d}`);
      if (rot !== undefined) {
        const r = JSON.parse(rot) as Partial<Rotation> | null;
        const ok = r !== null && Number.isInteger(r.cursor) && (r.cursor as number) >= 0 && Number.isInteger(r.passStart) && (r.passStart as number) >= -1;
        if (!ok) throw bad(`the rotation of ${d} records`);
        rotations[d] = { cursor: r.cursor as number, passStart: r.passStart as number };
      }
    }
    const parts = new Map<string, Buffer[]>();
    for (const r of all<{ name: string; chunk: number; bytes: Buffer }>(db, 'SELECT name, chunk, bytes FROM engine_arrays ORDER BY name, chunk')) {
      const list = parts.get(r.name) ?? [];
      if (r.chunk !== list.length || !(r.bytes instanceof Uint8Array)) throw bad(`array ${r.name} is missing chunk ${list.length}`);
      list.push(r.bytes);
      parts.set(r.name, list);
    }
    for (const [name, list] of parts) arrays.set(name, { raw: new Uint8Array(Buffer.concat(list)) });
    const seqs = new Set<number>();
    const items = all<{ seq: number; at: number; event: string }>(db, 'SELECT seq, at, event FROM engine_queue ORDER BY at, seq').map((r) => {
      if (!Number.isFinite(r.at) || !Number.isInteger(r.seq) || r.seq >= nextSeq || seqs.has(r.seq)) throw bad(`queued event ${r.seq}`);
      seqs.add(r.seq);
      return { seq: r.seq, at: r.at, event: decodeState<E>(r.event) };
    });
    return { t: header.t, ids, idsChunked: chunked, arrays, layouts, doc, queue: { nextSeq, items }, gen, generations, rotations };
  } catch (err) {
    if (err instanceof LabError) throw err;
    throw bad((err as Error).message);
  }
}

/** The simulated time of the stored engine state (it must match the lab's sim_time: both are written by one flush). */
export function engineStateTime(db: Db): number | undefined {
  const v = get<{ value: string }>(db, "SELECT value FROM engine_state WHERE key = 'header'")?.value;
  if (!v) return undefined;
  try {
    const t = (JSON.parse(v) as { t?: unknown }).t;
    return typeof t === 'number' ? t : undefined;
  } catch {
    return undefined;
  }
}
