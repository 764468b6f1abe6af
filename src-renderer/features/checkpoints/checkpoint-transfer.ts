import type { Checkpoint } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';

// Export and import go through the chunked API methods, not a second HTTP path or a native file
// dialog: a request or reply is at most 1 MiB on the wire (WebSocket in browser mode, IPC in the
// desktop app), a lab file is several MiB, and the same code then works in both shells. The
// browser's own download and <input type="file"> are the file dialogs (Electron shows a save
// dialog for a download).

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  const step = 0x8000; // String.fromCharCode with a bounded argument list
  for (let i = 0; i < bytes.length; i += step) bin += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(bin);
}

function fromBase64(data: string): Uint8Array {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Reads a checkpoint in chunks and hands it to the browser as a download. */
export async function downloadCheckpoint(cp: Checkpoint, onProgress: (done: number, total: number) => void): Promise<void> {
  const parts: Uint8Array[] = [];
  let offset = 0;
  let fileName = `${cp.id}.vdilab`;
  for (;;) {
    const chunk = await getClient().call('checkpoint-export-chunk', { id: cp.id, offset });
    const bytes = fromBase64(chunk.data);
    parts.push(bytes);
    offset += bytes.length;
    fileName = chunk.fileName;
    onProgress(offset, chunk.sizeBytes);
    if (chunk.done || bytes.length === 0) break;
  }
  const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type: 'application/vnd.sqlite3' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Sends a file to the host in chunks; the host checks it is a lab before it becomes a checkpoint. */
export async function uploadCheckpoint(file: File, name: string, onProgress: (done: number, total: number) => void): Promise<Checkpoint> {
  const c = getClient();
  const { uploadId, chunkBytes } = await c.call('checkpoint-import-begin', { name, sizeBytes: file.size });
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
    await c.call('checkpoint-import-chunk', { uploadId, offset, data: toBase64(bytes) });
    onProgress(Math.min(file.size, offset + chunkBytes), file.size);
  }
  return c.call('checkpoint-import-finish', { uploadId });
}
