import type { Domain, EngineIds, Remap } from './remap.ts';

export type DurableTyped = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** One typed array of engine state: indexed by `domain` (`stride` values per entity); `values` when it holds indices of another domain. */
export interface DurableArray {
  name: string;
  array: DurableTyped;
  domain: Domain;
  stride?: number;
  values?: Domain;
}

/** An array as a flush hands it to the store: an entity domain's (stored entity by entity) or a plain one (`domain: null`). */
export type StoredArray = Omit<DurableArray, 'domain'> & { domain: Domain | null };

/** A queued event as saved: its due time, its sequence number (the order among events due at the same time) and the event. */
export interface SavedEvent<E> {
  at: number;
  seq: number;
  event: E;
}

/**
 * Everything the engine needs to continue exactly: the clock, the typed arrays of its hot
 * state, the queue with due times and sequence numbers, and each part's object state (jobs,
 * migrations, task queues, maps) as JSON-able values. The store's tables hold the rest (the
 * lab's structure and the columns the engine writes back at each flush).
 */
/** An array as the store keeps it: its bytes, read as the engine's array of that name (same element type). */
export interface RawArray {
  raw: Uint8Array;
}
export type SavedArray = DurableTyped | RawArray;

export interface EngineSnapshot<E = unknown> {
  format: 1;
  t: number;
  ids: EngineIds;
  arrays: Map<string, SavedArray>;
  doc: Record<string, unknown>;
  queue: { nextSeq: number; items: SavedEvent<E>[] };
}

/** A part of the engine with state of its own: its arrays, and its object state saved and loaded (indices remapped). */
export interface DurablePart<S = unknown> {
  readonly key: string;
  arrays(): DurableArray[];
  save(): S;
  load(saved: S | undefined, map: Remap): void;
}

/**
 * Copies a saved array into the engine's own (already sized for the new index space): straight
 * when the domain did not change, entity by entity through the remap otherwise; values that are
 * indices are remapped too. Entities new since the save keep the values the build gave them.
 */
export function applyArray(spec: DurableArray, stored: SavedArray, map: Remap): void {
  const stride = spec.stride ?? 1;
  const target = spec.array;
  const saved = asTyped(stored, target);
  const valuesMoved = spec.values !== undefined && map.changed.has(spec.values);
  const mv = (v: number) => (valuesMoved && spec.values ? map.to(spec.values, v) : v);
  if (!map.changed.has(spec.domain) && saved.length === target.length) {
    if (!valuesMoved) target.set(saved);
    else for (let i = 0; i < saved.length; i++) target[i] = mv(saved[i] as number);
    return;
  }
  const m = map.map(spec.domain);
  const n = Math.min(m.length, Math.floor(saved.length / stride));
  for (let i = 0; i < n; i++) {
    const j = m[i] as number;
    if (j < 0 || (j + 1) * stride > target.length) continue;
    for (let k = 0; k < stride; k++) target[j * stride + k] = mv(saved[i * stride + k] as number);
  }
}

type TypedCtor = { new (buffer: ArrayBuffer, offset: number, length: number): DurableTyped; readonly BYTES_PER_ELEMENT: number };

/** A stored array read as the element type of `like`; a byte length that is not a whole number of elements is damage. */
export function asTyped(saved: SavedArray, like: DurableTyped): DurableTyped {
  if (!('raw' in saved)) return saved;
  const Ctor = like.constructor as unknown as TypedCtor;
  const bytes = saved.raw;
  if (bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new RangeError(`stored array of ${bytes.byteLength} bytes is not a whole number of elements`);
  const copy = new Uint8Array(bytes); // own, aligned buffer
  return new Ctor(copy.buffer, 0, copy.byteLength / Ctor.BYTES_PER_ELEMENT);
}

/** The bytes of an array as the store keeps them. */
export function bytesOf(a: DurableTyped): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
