import { basename } from 'node:path';
import type { Reply } from '../contract/errors.ts';

// A checkpoint file (.vdilab) added to a lab through the contract's chunked import: shared by
// `vdi-console checkpoint import` and the desktop app opening a file the OS handed it.

export type Send = (method: string, input: unknown) => Promise<Reply<unknown>>;

/** The checkpoint's name for a file: its name without the extension, as long as the API allows. */
export function checkpointNameFor(file: string): string {
  return basename(file)
    .replace(/\.[^.]*$/, '')
    .slice(0, 80);
}

/** The .vdilab file among launch arguments (the OS passes the opened file's path), or null. */
export function checkpointFileArg(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const a = argv[i] as string;
    if (!a.startsWith('-') && /\.vdilab$/i.test(a)) return a;
  }
  return null;
}

/** Begin, chunks, finish; the first refusal is returned as it came (nothing is added then). */
export async function importCheckpointBytes(send: Send, bytes: Buffer, name: string): Promise<Reply<unknown>> {
  // Said in the file's words: the upload's own refusal of 0 bytes speaks of checkpoint-import-begin, which a user never called.
  if (bytes.length === 0)
    return { ok: false, error: { code: 'invalid-input', message: 'The file is empty (0 bytes): it is not a lab checkpoint', path: ['file'] } };
  const begin = await send('checkpoint-import-begin', { name, sizeBytes: Math.max(1, bytes.length) });
  if (!begin.ok) return begin;
  const { uploadId, chunkBytes } = begin.result as { uploadId: string; chunkBytes: number };
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    const r = await send('checkpoint-import-chunk', { uploadId, offset, data: bytes.subarray(offset, offset + chunkBytes).toString('base64') });
    if (!r.ok) return r;
  }
  return send('checkpoint-import-finish', { uploadId });
}
