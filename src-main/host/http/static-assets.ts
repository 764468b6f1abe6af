import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

// The renderer's files as `serve` sends them: compressed (brotli, else gzip) when the browser
// accepts it, with validators and cache rules that match how each file changes:
//
//   file                          cache-control                          why
//   /index.html                   no-cache (revalidate, ETag → 304)      names the current hashed chunks
//   /assets/<name>-<hash>.<ext>   public, max-age=1 year, immutable      a new build gives new names
//   anything else                 no-cache                               no hash: may change in place
//
// Each file is read once per (path, size, mtime) and kept in memory with its compressed forms: the
// whole renderer is a few MB, and a rebuild under a running serve changes the mtime, so the next
// request reads the new file. The build writes `<file>.br` and `<file>.gz` at the highest levels
// (scripts/precompress.mjs); a file without them (or older ones) is compressed here at levels that
// cost milliseconds, not the second per MB that brotli 11 takes, since this runs on the thread
// that answers requests.

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};
/** Types worth compressing (fonts, PNG and ICO are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.ttf']);
/** Below this a compressed body saves less than its headers cost. */
const MIN_COMPRESS_BYTES = 1024;
/** Vite's asset names: `name-<8 base64url characters>.ext` under /assets/. */
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

interface Entry {
  key: string;
  etag: string;
  raw: Buffer;
  gzip: Buffer | null;
  brotli: Buffer | null;
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** The encoding to send for an Accept-Encoding header (brotli first; `q=0` refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

export function cacheControlFor(rel: string): string {
  return HASHED_ASSET.test(rel) ? IMMUTABLE : 'no-cache';
}

/**
 * A build-time compressed copy, if there is one newer than the file it compresses. Strictly newer:
 * the kernel stamps files from a coarse clock (a few ms), so a file rewritten just after its copy
 * can carry the same time, and the copy would be stale. Equal times compress on the fly instead.
 */
function precompressed(path: string, sourceMtimeMs: number): Buffer | null {
  try {
    return statSync(path).mtimeMs > sourceMtimeMs ? readFileSync(path) : null;
  } catch {
    return null;
  }
}

export class StaticAssets {
  private readonly cache = new Map<string, Entry>();

  /** The file as it is on disk now, compressed once per version. Throws when it cannot be read. */
  load(file: string): Entry {
    const s = statSync(file);
    const key = `${s.size}:${s.mtimeMs}`;
    const hit = this.cache.get(file);
    if (hit?.key === key) return hit;
    const raw = readFileSync(file);
    const compressible = COMPRESSIBLE.has(extname(file)) && raw.length >= MIN_COMPRESS_BYTES;
    const entry: Entry = {
      key,
      etag: `"${s.size.toString(36)}-${Math.floor(s.mtimeMs).toString(36)}"`,
      raw,
      gzip: compressible ? (precompressed(`${file}.gz`, s.mtimeMs) ?? gzipSync(raw, { level: 6 })) : null,
      brotli: compressible
        ? (precompressed(`${file}.br`, s.mtimeMs) ??
          brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } }))
        : null,
    };
    this.cache.set(file, entry);
    return entry;
  }

  /**
   * Answers GET/HEAD for `file` (already checked to be inside the renderer folder), `rel` being its
   * path in the URL. `extra` headers (the page's CSP) are added. Returns false when the file does
   * not exist, so the caller can answer 404 its own way.
   */
  send(req: IncomingMessage, res: ServerResponse, file: string, rel: string, extra: Record<string, string> = {}): boolean {
    let entry: Entry;
    try {
      if (!statSync(file).isFile()) return false;
      entry = this.load(file);
    } catch {
      return false;
    }
    const headers: Record<string, string | number> = {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': cacheControlFor(rel),
      etag: entry.etag,
      vary: 'Accept-Encoding',
      ...extra,
    };
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const encoding = entry.gzip ? pickEncoding(req.headers['accept-encoding']) : 'identity';
    const body = encoding === 'br' ? entry.brotli : encoding === 'gzip' ? entry.gzip : entry.raw;
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    headers['content-length'] = (body ?? entry.raw).length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : (body ?? entry.raw));
    return true;
  }
}
