// A checkpoint file read whole through checkpoint-export-chunk: as many calls as its size takes
// (a lab's file outgrows one chunk as the schema gains tables; a test must not assume one).
export interface ExportChunk {
  data: string;
  done: boolean;
}

/** Reads a checkpoint's bytes from offset 0 until the export says done; `chunk` makes one call. */
export async function exportedBytes(chunk: (offset: number) => Promise<ExportChunk>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const c = await chunk(offset);
    const bytes = Buffer.from(c.data, 'base64');
    parts.push(bytes);
    offset += bytes.length;
    if (c.done) return Buffer.concat(parts);
    if (bytes.length === 0) throw new Error('checkpoint export returned an empty chunk before the end');
  }
}
