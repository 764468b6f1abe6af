import type { DurableTyped } from '../core/engine/durable/state.ts';

/**
 * The dirty test of a flush (engine-entities.ts): which entities' records differ from what was
 * written, compared word by word with the shadow copy of the arrays.
 */

/** An integer view of an array's bytes, so equal bits compare equal (NaN included). */
export function words(a: DurableTyped): Uint8Array | Uint16Array | Uint32Array {
  const bpe = a.BYTES_PER_ELEMENT;
  if (bpe === 1) return new Uint8Array(a.buffer, a.byteOffset, a.length);
  if (bpe === 2) return new Uint16Array(a.buffer, a.byteOffset, a.length);
  return new Uint32Array(a.buffer, a.byteOffset, (a.length * bpe) / 4);
}

// One loop per word size, so each stays monomorphic (one element kind): the dirty test of a flush.
export function markChanged32(now: Uint32Array, was: Uint32Array, per: number, count: number, dirty: Uint8Array): void {
  if (per === 1) {
    for (let d = 0; d < count; d++) if (now[d] !== was[d]) dirty[d] = 1;
    return;
  }
  for (let d = 0, w = 0; d < count; d++, w += per) {
    for (let k = 0; k < per; k++) {
      if (now[w + k] !== was[w + k]) {
        dirty[d] = 1;
        break;
      }
    }
  }
}
export function markChanged16(now: Uint16Array, was: Uint16Array, per: number, count: number, dirty: Uint8Array): void {
  for (let d = 0, w = 0; d < count; d++, w += per) {
    for (let k = 0; k < per; k++) {
      if (now[w + k] !== was[w + k]) {
        dirty[d] = 1;
        break;
      }
    }
  }
}
export function markChanged8(now: Uint8Array, was: Uint8Array, per: number, count: number, dirty: Uint8Array): void {
  for (let d = 0, w = 0; d < count; d++, w += per) {
    for (let k = 0; k < per; k++) {
      if (now[w + k] !== was[w + k]) {
        dirty[d] = 1;
        break;
      }
    }
  }
}

/**
 * Words the dirty test compares natively (memcmp, through Buffer.compare) before it looks at them one
 * by one: most of an entity array is as it was written (on scale-10k a flush changes a few hundred of
 * 11,000 users, and many fields none), and memcmp passes over an unchanged 4 KB block several times
 * faster than a JS loop over its 1,024 words; a block that differs costs one call more.
 */
const SAME_BLOCK_WORDS = 1024;

/**
 * The dirty test and the shadow's update in one pass over 32-bit words: a word that differs marks
 * every entity its four bytes belong to (`recBytes` per entity) and is copied into the shadow;
 * blocks whose bytes are the shadow's are skipped whole. False (nothing done) when the arrays'
 * bytes are not whole aligned words: the per-type loops do it.
 */
export function syncChanged(
  now: Uint8Array | Uint16Array | Uint32Array,
  was: Uint8Array | Uint16Array | Uint32Array,
  recBytes: number,
  count: number,
  dirty: Uint8Array,
): boolean {
  const bytes = count * recBytes;
  if (bytes % 4 !== 0 || now.byteOffset % 4 !== 0 || was.byteOffset % 4 !== 0 || was.byteLength !== bytes || now.byteLength < bytes) return false;
  const n = new Uint32Array(now.buffer, now.byteOffset, bytes / 4);
  const w = new Uint32Array(was.buffer, was.byteOffset, bytes / 4);
  const nb = Buffer.from(n.buffer, n.byteOffset, n.byteLength);
  const wb = Buffer.from(w.buffer, w.byteOffset, w.byteLength);
  for (let from = 0; from < n.length; from += SAME_BLOCK_WORDS) {
    const to = Math.min(n.length, from + SAME_BLOCK_WORDS);
    if (nb.compare(wb, from * 4, to * 4, from * 4, to * 4) === 0) continue;
    for (let i = from; i < to; i++) {
      const v = n[i] as number;
      if (v === w[i]) continue;
      w[i] = v;
      const first = Math.floor((i * 4) / recBytes);
      const last = Math.floor((i * 4 + 3) / recBytes);
      for (let d = first; d <= last; d++) dirty[d] = 1;
    }
  }
  return true;
}
