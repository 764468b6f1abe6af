import { bytesOf, type RawArray, type StoredArray } from '../core/engine/durable/state.ts';
import type { Db } from './db.ts';
import { markChanged8, markChanged16, markChanged32, syncChanged, words } from './engine-entity-diff.ts';
import { all, run } from './stmt.ts';

/**
 * The engine's entity records in the store (engine-state.ts writes the rest of its state): one
 * record per user, desktop, host... with all of its fields, found changed by comparing with what
 * was written, appended as per-domain deltas and folded into base rows a slice at a time.
 */

/** Per entity: the generation of its base row, and of the last delta that holds it (0: none). */
export interface Generations {
  row: Float64Array;
  delta: Float64Array;
}

/** The rotation of a domain's base rows: the index its next slice starts at, and the generation its pass began at (-1: none under way). */
export interface Rotation {
  cursor: number;
  passStart: number;
}

/** How one entity's record is laid out: its arrays in order, each with its element type and count. */
export interface Layout {
  names: string[];
  types: string[];
  strides: number[];
  bytes: number;
}

export const BPE: Record<string, number> = {
  Uint8Array: 1,
  Int8Array: 1,
  Uint16Array: 2,
  Int16Array: 2,
  Uint32Array: 4,
  Int32Array: 4,
  Float32Array: 4,
  Float64Array: 8,
};

/**
 * Flushes over which the base rows of a domain are brought up to date once (a pass): each flush
 * rewrites a 1/ROTATION_FLUSHES slice of the index, only the rows a delta holds newer than their
 * base. After a pass, the deltas written before it began hold nothing the base rows do not: they
 * are deleted. 64: on scale-10k a slice is ~160 desktops and ~175 users, contiguous (in the 08:30
 * login storm nearly all of them have a newer delta, so a flush rewrites ~330 base rows), and the log
 * holds at most about two passes' worth of deltas (read once when the lab opens). Fewer: each flush
 * rewrites more of the base; more: a larger log.
 */
export const ROTATION_FLUSHES = 64;
/**
 * A domain whose changed records are at least this share of its entities has its base rows all
 * rewritten (and its deltas dropped) instead: a delta would then be as large as the base, and the
 * log would grow by a whole base per flush (a long step between two flushes changes most users).
 */
export const REWRITE_SHARE = 0.5;
/** Bytes of a delta record's index (little-endian unsigned 32 bits) before the record itself. */
const DELTA_IDX_BYTES = 4;

/**
 * Entity arrays are kept one record per entity: a user's or desktop's fields together. Which
 * changed is found by comparing each array with a copy of what was written, word by word.
 *
 * Where they go (migration 021): a flush appends the changed records of the domain as ONE row of
 * `engine_deltas` (its generation, then index + record per entity), and rewrites in
 * `engine_entities` (one base row per entity, with the generation that wrote it) only new
 * entities and the rotation's slice. Rewriting changed records in place dirtied nearly every
 * page of the table at each flush of a login storm (a few hundred users all over the index:
 * ~2 MB of WAL for ~170 KB of records); appended, they are ~170 KB of sequential pages. Reading
 * (readEntities) applies each delta, in generation order, over the base rows written before it.
 */
export class EntityRows {
  private shadow = new Map<string, Uint8Array | Uint16Array | Uint32Array>();
  private layout: Layout | null = null;
  private count = 0;
  /** Per entity: the generation of its base row as this process wrote it (0: not written by this process). */
  private rowGen = new Float64Array(0);
  /** Per entity: the generation of the last delta that holds it (after a prime: any retained delta may). */
  private deltaGen = new Float64Array(0);
  /** The rotation: the next index its slice starts at, and the generation the pass under way began at (-1: none). */
  private cursor = 0;
  private passStart = -1;
  /** The rotation as the store holds it (JSON; '' when it holds none). */
  private storedRotation = '';

  constructor(
    private readonly db: Db,
    private readonly domain: string,
  ) {}

  prime(arrays: Map<string, RawArray>, layout: Layout | null, count: number, generations: Generations | undefined, rotation: Rotation | undefined): void {
    this.shadow.clear();
    this.layout = layout;
    this.count = count;
    this.rowGen = generations?.row.length === count ? generations.row.slice() : new Float64Array(count);
    this.deltaGen = generations?.delta.length === count ? generations.delta.slice() : new Float64Array(count);
    // The pass under way goes on where the process that wrote it left it: a lab opened more often than a pass lasts still sheds its deltas.
    this.cursor = rotation?.cursor ?? 0;
    this.passStart = rotation?.passStart ?? -1;
    this.storedRotation = rotation ? JSON.stringify({ cursor: this.cursor, passStart: this.passStart }) : '';
    if (!layout) return;
    layout.names.forEach((name, i) => {
      const raw = arrays.get(name);
      if (!raw) return;
      const bpe = BPE[layout.types[i] as string] ?? 1;
      const copy = new Uint8Array(raw.raw);
      this.shadow.set(name, bpe === 1 ? copy : bpe === 2 ? new Uint16Array(copy.buffer) : new Uint32Array(copy.buffer));
    });
  }

  reset(): void {
    this.shadow.clear();
    this.layout = null;
    this.count = 0;
    this.rowGen = new Float64Array(0);
    this.deltaGen = new Float64Array(0);
    this.cursor = 0;
    this.passStart = -1;
    this.storedRotation = '';
  }

  /** Writes the records that differ from what was written, as generation `gen`; returns the bytes written. */
  write(specs: StoredArray[], count: number, whole: boolean, gen: number): number {
    const layout: Layout = {
      names: specs.map((a) => a.name),
      types: specs.map((a) => a.array.constructor.name),
      strides: specs.map((a) => a.stride ?? 1),
      bytes: specs.reduce((n, a) => n + (a.stride ?? 1) * a.array.BYTES_PER_ELEMENT, 0),
    };
    const sameLayout = this.layout !== null && JSON.stringify(this.layout) === JSON.stringify(layout);
    const all = whole || !sameLayout || count < this.count;
    if (all) {
      run(this.db, 'DELETE FROM engine_entities WHERE domain = ?', this.domain);
      run(this.db, 'DELETE FROM engine_deltas WHERE domain = ?', this.domain);
      this.shadow.clear();
    }
    if (!sameLayout) {
      run(
        this.db,
        'INSERT INTO engine_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
        `layout:${this.domain}`,
        JSON.stringify(layout),
      );
      this.layout = layout;
    }
    // Which entities changed: any word of any of their fields.
    const dirty = new Uint8Array(count);
    const synced = new Set<string>();
    if (all) dirty.fill(1);
    else {
      for (let d = this.count; d < count; d++) dirty[d] = 1; // added since (machines provisioned on demand)
      for (const a of specs) {
        const now = words(a.array);
        const was = this.shadow.get(a.name);
        const per = now.length / Math.max(1, count);
        if (!was || was.length !== this.count * per || was.constructor !== now.constructor) {
          dirty.fill(1);
          continue;
        }
        // Word by word: this runs over every desktop's fields at every flush. Whole 32-bit words at a time where the
        // array allows (a changed word marks the entities its bytes belong to), the shadow brought up to date in the same pass.
        if (syncChanged(now, was, per * now.BYTES_PER_ELEMENT, this.count, dirty)) synced.add(a.name);
        else if (now instanceof Uint32Array) markChanged32(now, was as Uint32Array, per, this.count, dirty);
        else if (now instanceof Uint16Array) markChanged16(now, was as Uint16Array, per, this.count, dirty);
        else markChanged8(now, was as Uint8Array, per, this.count, dirty);
      }
    }
    // Entities that had a base row before this write; the ones past it get theirs now.
    const old = all ? 0 : this.count;
    let changed = 0;
    for (let d = 0; d < old; d++) changed += dirty[d] as number;
    const rewrite = all || (old > 0 && changed >= old * REWRITE_SHARE);
    if (rewrite && !all) run(this.db, 'DELETE FROM engine_deltas WHERE domain = ?', this.domain);
    if (this.rowGen.length !== count) {
      const rowGen = new Float64Array(count);
      const deltaGen = new Float64Array(count);
      rowGen.set(this.rowGen.subarray(0, Math.min(count, this.rowGen.length)));
      deltaGen.set(this.deltaGen.subarray(0, Math.min(count, this.deltaGen.length)));
      this.rowGen = rowGen;
      this.deltaGen = deltaGen;
    }
    // The rotation's slice: base rows a delta holds newer values of are rewritten (the whole index once per pass).
    // It moves only with a flush that logs changes of the domain: a flush that changed nothing writes nothing (a lab merely
    // looked at, a refused request), and the log still holds at most about two passes' worth of the flushes that wrote to it.
    const rotate = !rewrite && changed > 0;
    let from = 0;
    let to = 0;
    if (rewrite) {
      this.cursor = 0;
      this.passStart = -1;
    } else if (rotate) {
      if (this.cursor === 0) this.passStart = gen;
      from = Math.min(this.cursor, old);
      to = Math.min(old, from + Math.ceil(old / ROTATION_FLUSHES));
    }
    const views = specs.map((a) => bytesOf(a.array));
    const sizes = specs.map((a) => (a.stride ?? 1) * a.array.BYTES_PER_ELEMENT);
    const recBytes = layout.bytes;
    const rec = Buffer.alloc(recBytes);
    const delta = rewrite ? null : Buffer.alloc(changed * (DELTA_IDX_BYTES + recBytes));
    let at = 0;
    let bytes = 0;
    for (let d = 0; d < count; d++) {
      const base = rewrite || d >= old || (d >= from && d < to && (dirty[d] === 1 || (this.deltaGen[d] as number) > (this.rowGen[d] as number)));
      if (!base && !dirty[d]) continue;
      // The record: its fields' bytes in layout order, copied by hand (not through a subarray made per desktop and field).
      const out = base ? rec : (delta as Buffer);
      let o = base ? 0 : at + DELTA_IDX_BYTES;
      if (!base) out.writeUInt32LE(d, at);
      for (let k = 0; k < views.length; k++) {
        const size = sizes[k] as number;
        const view = views[k] as Uint8Array;
        for (let b = 0, from2 = d * size; b < size; b++) out[o + b] = view[from2 + b] as number;
        o += size;
      }
      if (base) {
        run(
          this.db,
          'INSERT INTO engine_entities (domain, idx, rec, seq) VALUES (?, ?, ?, ?) ON CONFLICT(domain, idx) DO UPDATE SET rec = excluded.rec, seq = excluded.seq',
          this.domain,
          d,
          rec,
          gen,
        );
        this.rowGen[d] = gen;
        bytes += recBytes;
      } else {
        at = o;
        this.deltaGen[d] = gen;
      }
    }
    if (delta && at > 0) {
      run(this.db, 'INSERT INTO engine_deltas (gen, domain, body) VALUES (?, ?, ?)', gen, this.domain, delta.subarray(0, at));
      bytes += at;
    }
    if (rotate) {
      this.cursor = to;
      if (to >= old) {
        // A pass ended: every base row is at least as new as any delta written before the pass began.
        run(this.db, 'DELETE FROM engine_deltas WHERE domain = ? AND gen < ?', this.domain, this.passStart);
        this.cursor = 0;
        this.passStart = -1;
      }
    }
    const rotation = JSON.stringify({ cursor: this.cursor, passStart: this.passStart });
    if (rotation !== this.storedRotation) {
      run(
        this.db,
        'INSERT INTO engine_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
        `rotation:${this.domain}`,
        rotation,
      );
      this.storedRotation = rotation;
    }
    if (count < this.count) run(this.db, 'DELETE FROM engine_entities WHERE domain = ? AND idx >= ?', this.domain, count);
    for (const a of specs) {
      const now = words(a.array);
      const was = this.shadow.get(a.name);
      if (was && was.length === now.length && was.constructor === now.constructor) {
        if (!synced.has(a.name)) was.set(now);
      } else this.shadow.set(a.name, now.slice());
    }
    this.count = count;
    return bytes;
  }
}

/**
 * Reads a domain's records back as one raw array per name (what the engine restores from): the
 * base rows, then each delta in generation order over the rows written before it. Returns the
 * newest generation it saw (the next write continues after it).
 */
export function readEntities(
  db: Db,
  domain: string,
  layout: Layout,
  count: number,
  into: Map<string, RawArray>,
  bad: (why: string) => Error,
): { newest: number; generations: Generations } {
  const parts = layout.names.map((_, i) => new Uint8Array(count * (layout.strides[i] as number) * (BPE[layout.types[i] as string] ?? 1)));
  const sizes = layout.names.map((_, i) => (layout.strides[i] as number) * (BPE[layout.types[i] as string] ?? 1));
  const rowGen = new Float64Array(count);
  const deltaGen = new Float64Array(count);
  let newest = 0;
  const put = (idx: number, rec: Uint8Array, at: number) => {
    let o = at;
    sizes.forEach((size, k) => {
      (parts[k] as Uint8Array).set(rec.subarray(o, o + size), idx * size);
      o += size;
    });
  };
  for (const r of all<{ idx: number; rec: Buffer; seq: number }>(db, 'SELECT idx, rec, seq FROM engine_entities WHERE domain = ? ORDER BY idx', domain)) {
    if (!Number.isInteger(r.idx) || r.idx < 0 || r.idx >= count) throw bad(`${domain} record ${r.idx} is outside its index space`);
    if (!(r.rec instanceof Uint8Array) || r.rec.length !== layout.bytes)
      throw bad(`${domain} record ${r.idx} is ${r.rec?.length ?? 0} bytes, not ${layout.bytes}`);
    if (!Number.isInteger(r.seq) || r.seq < 0) throw bad(`${domain} record ${r.idx} has no valid generation`);
    put(r.idx, r.rec, 0);
    rowGen[r.idx] = r.seq;
    newest = Math.max(newest, r.seq);
  }
  const step = DELTA_IDX_BYTES + layout.bytes;
  for (const r of all<{ gen: number; body: Buffer }>(db, 'SELECT gen, body FROM engine_deltas WHERE domain = ? ORDER BY gen, id', domain)) {
    if (!Number.isInteger(r.gen) || r.gen < 1) throw bad(`a ${domain} delta has no valid generation`);
    if (!(r.body instanceof Uint8Array) || r.body.length % step !== 0)
      throw bad(`the ${domain} delta of generation ${r.gen} is ${r.body?.length ?? 0} bytes, not whole records of ${step}`);
    const view = new DataView(r.body.buffer, r.body.byteOffset, r.body.byteLength);
    for (let at = 0; at < r.body.length; at += step) {
      const idx = view.getUint32(at, true);
      if (idx >= count) throw bad(`the ${domain} delta of generation ${r.gen} names record ${idx}, outside its index space`);
      if (r.gen > (rowGen[idx] as number)) put(idx, r.body, at + DELTA_IDX_BYTES);
      deltaGen[idx] = r.gen;
    }
    newest = Math.max(newest, r.gen);
  }
  layout.names.forEach((name, k) => into.set(name, { raw: parts[k] as Uint8Array }));
  return { newest, generations: { row: rowGen, delta: deltaGen } };
}
