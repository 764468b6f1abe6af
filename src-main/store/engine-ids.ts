import { DOMAINS, type Domain, type EngineIds } from '../core/engine/durable/remap.ts';
import type { Db } from './db.ts';
import { run } from './stmt.ts';

/**
 * The engine's index space in the store (engine_state): a small header row `ids` with each
 * domain's count, and the ids themselves in rows of IDS_CHUNK, `ids:<domain>:<chunk>`.
 *
 * Why chunks: an on-demand pool's growth adds a few machines at the end of the desktops' index
 * space, and each growth used to write the whole space again as one row (scale-10k: 21,000 ids,
 * ≈ 200 kB of JSON encoded and stored per growth flush, 1.5 ms of SQLite and 0.4 ms of encoding on
 * the flush the bench's p99 is). Now it writes the header and the last chunk. A chunk's rows
 * depend on the ids alone (fixed boundaries), so two processes that hold the same index space
 * hold the same rows, whenever their flushes happened (the lab digest compares them).
 *
 * An older lab's single `ids` row (`{"desktop": [...], ...}`) still reads; the first write of a
 * changed index space replaces it with the header and the chunks.
 */
export const IDS_CHUNK = 1024;
/** The largest chunk a stored header may name (a file's header is untrusted: a huge chunk is a damaged row, not an allocation). */
const MAX_IDS_CHUNK = 1 << 20;

export interface IdsHeader {
  chunk: number;
  counts: Record<Domain, number>;
}

const chunkKey = (d: Domain, c: number) => `ids:${d}:${c}`;
const chunksOf = (n: number, chunk: number) => Math.ceil(n / chunk);

/**
 * Each domain's count, from the header or from an older lab's single row (without reading the
 * chunks): what the lab-file checks use to bound the memory a file's engine state asks for.
 * Undefined when the row is neither (the full read says why).
 */
export function idCounts(value: unknown): Partial<Record<Domain, number>> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  const out: Partial<Record<Domain, number>> = {};
  if (o.counts !== undefined) {
    const counts = o.counts as Record<string, unknown> | null;
    for (const d of DOMAINS) {
      const n = counts?.[d];
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0) out[d] = n;
    }
    return out;
  }
  for (const d of DOMAINS) if (Array.isArray(o[d])) out[d] = (o[d] as unknown[]).length;
  return out;
}

/**
 * The index space from the engine_state rows (`kv`: key → value). Throws (through `bad`) on a
 * header that names no valid chunking, a missing or short chunk, a chunk past the count, or an id
 * that is not a string.
 */
export function readIds(kv: ReadonlyMap<string, string>, bad: (why: string) => Error): { ids: EngineIds; chunked: boolean } {
  const raw = JSON.parse(kv.get('ids') ?? 'null') as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object') throw bad('no index space');
  const ids = {} as Record<Domain, string[]>;
  if (raw.counts === undefined) {
    // An older lab: every domain's ids in the one row.
    for (const d of DOMAINS) {
      const list = raw[d];
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw bad(`ids of ${d} are not a list of strings`);
      ids[d] = list as string[];
    }
    return { ids, chunked: false };
  }
  const chunk = raw.chunk;
  if (typeof chunk !== 'number' || !Number.isInteger(chunk) || chunk < 1 || chunk > MAX_IDS_CHUNK) throw bad('the index space names no valid chunk size');
  const counts = idCounts(raw) ?? {};
  for (const d of DOMAINS) {
    const n = counts[d];
    if (n === undefined) throw bad(`the index space has no count of ${d}`);
    const list: string[] = [];
    for (let c = 0; c < chunksOf(n, chunk); c++) {
      const text = kv.get(chunkKey(d, c));
      if (text === undefined) throw bad(`ids of ${d} are missing chunk ${c}`);
      const part = JSON.parse(text) as unknown;
      const want = Math.min(chunk, n - c * chunk);
      if (!Array.isArray(part) || part.length !== want || !part.every((x) => typeof x === 'string')) {
        throw bad(`ids of ${d}, chunk ${c}, are not a list of ${want} strings`);
      }
      for (const id of part as string[]) list.push(id);
    }
    ids[d] = list;
  }
  // A chunk row past a domain's count is one a write should have removed: the rows do not agree.
  for (const key of kv.keys()) {
    const m = /^ids:([a-z]+):(\d+)$/.exec(key);
    if (!m) continue;
    const d = m[1] as Domain;
    if (!DOMAINS.includes(d) || Number(m[2]) >= chunksOf(counts[d] ?? 0, chunk)) throw bad(`${key} is past the index space`);
  }
  return { ids, chunked: true };
}

/** Writes the index space: the header, and the chunks whose ids differ from the ones written last. */
export class IdRows {
  /** Each domain's ids as last written (copies), or null: the store holds no chunk rows this writer knows (write them all). */
  private written: Map<Domain, readonly string[]> | null = null;

  /** The store holds `ids` (just read back); `chunked` false: in an older lab's single row. */
  prime(ids: EngineIds, chunked: boolean): void {
    this.written = chunked ? new Map(DOMAINS.map((d) => [d, ids[d].slice()])) : null;
  }

  reset(): void {
    this.written = null;
  }

  /** Writes what changed; returns the bytes written. Call inside a transaction. */
  write(db: Db, ids: EngineIds): number {
    let bytes = 0;
    const header: IdsHeader = { chunk: IDS_CHUNK, counts: {} as Record<Domain, number> };
    for (const d of DOMAINS) header.counts[d] = ids[d].length;
    const text = JSON.stringify(header);
    run(db, "INSERT INTO engine_state (key, value) VALUES ('ids', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", text);
    bytes += text.length;
    const written = this.written;
    for (const d of DOMAINS) {
      const now = ids[d];
      const was = written?.get(d) ?? [];
      // Nothing known of the chunk rows the store holds (a new lab, an older lab's single row, damaged rows): they go, all are written.
      if (!written) run(db, "DELETE FROM engine_state WHERE key LIKE 'ids:' || ? || ':%'", d);
      for (let c = 0; c < chunksOf(now.length, IDS_CHUNK); c++) {
        const a = c * IDS_CHUNK;
        const b = Math.min(now.length, a + IDS_CHUNK);
        if (written && b === Math.min(was.length, a + IDS_CHUNK) && same(now, was, a, b)) continue;
        const part = JSON.stringify(now.slice(a, b));
        run(db, 'INSERT INTO engine_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', chunkKey(d, c), part);
        bytes += part.length;
      }
      // Chunks past the new count (entities removed): their rows go.
      for (let c = chunksOf(now.length, IDS_CHUNK); c < chunksOf(was.length, IDS_CHUNK); c++) run(db, 'DELETE FROM engine_state WHERE key = ?', chunkKey(d, c));
    }
    this.written = new Map(DOMAINS.map((d) => [d, ids[d].slice()]));
    return bytes;
  }
}

/** Whether ids[a, b) are the same in both lists (both hold at least b). */
function same(x: readonly string[], y: readonly string[], a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (x[i] !== y[i]) return false;
  return true;
}
