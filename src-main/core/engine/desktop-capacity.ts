// Room to grow for the per-desktop arrays (issue 12: an on-demand pool that grows at the 10,000-desktop
// morning peak must not stall the flush that adds its machines).
//
// A per-desktop typed array is a view of the live length over a buffer with spare room behind it.
// Everything that reads it sees an ordinary typed array exactly as long as the engine has desktops
// (`length`, `byteLength`, iteration, the durable state's bytes), so lab files, digests and replays do
// not depend on the spare room. Adding machines makes a longer view over the same buffer: nothing is
// copied until the room runs out, and then the new buffer gets room again.

/** Spare room a per-desktop buffer gets when it is (re)allocated: a share of the desktops, at least `min` entries. Not a simulation figure: it only trades memory for copies. */
export const DESKTOP_HEADROOM = {
  /** A quarter more desktops: an on-demand pool grows by a few machines at a time, so a buffer is copied again only after the lab grew by a quarter. */
  share: 0.25,
  /** A small lab still takes a few pools' growth without a copy. */
  min: 64,
} as const;

type Typed = Uint8Array | Int8Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
type TypedCtor<T> = { new (buffer: ArrayBuffer, offset: number, length: number): T; readonly BYTES_PER_ELEMENT: number };

/** Buffers allocated here with spare room: only these are lengthened in place (a view of someone else's buffer may share its tail). */
const owned = new WeakSet<ArrayBuffer>();

/** Entries a buffer for `n` desktops holds. */
export function capacityFor(n: number): number {
  return n + Math.max(DESKTOP_HEADROOM.min, Math.ceil(n * DESKTOP_HEADROOM.share));
}

/** How many entries `a` can hold without a copy (its length when its buffer is not one of ours). */
export function capacityOf(a: Typed): number {
  return a.byteOffset === 0 && owned.has(a.buffer as ArrayBuffer) ? a.buffer.byteLength / a.BYTES_PER_ELEMENT : a.length;
}

let reserving = false;

/**
 * Runs `fn` (which grows every per-desktop array to its current length) so that each array without
 * the spare room a new buffer gets is copied into one that has it: the engine does this once when it
 * is built, so that the first machines added later copy nothing.
 */
export function reserveDesktops(fn: () => void): void {
  reserving = true;
  try {
    fn();
  } finally {
    reserving = false;
  }
}

/**
 * A typed array `n` long: `a`'s entries, then `fill`. A longer view of `a`'s own buffer when it has
 * the room (`a` and the result then share their entries: keep only the result), else a copy into a
 * new buffer with spare room.
 */
export function grown<T extends Typed>(a: T, n: number, fill = 0): T {
  const Ctor = a.constructor as unknown as TypedCtor<T>;
  const n0 = a.length;
  const cap = capacityOf(a);
  if (cap >= n && !(reserving && cap < capacityFor(n))) {
    if (n === n0) return a;
    const out = new Ctor(a.buffer as ArrayBuffer, 0, n);
    if (n > n0) out.fill(fill as never, n0, n);
    return out;
  }
  const buffer = new ArrayBuffer(capacityFor(n) * Ctor.BYTES_PER_ELEMENT);
  owned.add(buffer);
  const out = new Ctor(buffer, 0, n);
  out.set((n0 > n ? a.subarray(0, n) : a) as never);
  if (n > n0 && fill !== 0) out.fill(fill as never, n0, n);
  return out;
}
