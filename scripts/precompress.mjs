// After the renderer build: `<file>.br` (brotli 11) and `<file>.gz` (gzip 9) next to every text
// asset of out/renderer, so `serve` sends the smallest encodings without compressing on the
// thread that answers requests (src-main/host/http/static-assets.ts reads them; the desktop app
// loads files from disk and does not need them). Electron-builder leaves them out of the package.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.ttf']);
const MIN_BYTES = 1024;

export function precompress(dir) {
  let files = 0;
  let raw = 0;
  let br = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (COMPRESSIBLE.has(extname(e.name)) && statSync(p).size >= MIN_BYTES) {
        const data = readFileSync(p);
        const b = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
        writeFileSync(`${p}.br`, b);
        writeFileSync(`${p}.gz`, gzipSync(data, { level: 9 }));
        files++;
        raw += data.length;
        br += b.length;
      }
    }
  };
  walk(dir);
  return { files, raw, br };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('../out/renderer', import.meta.url));
  const r = precompress(dir);
  console.log(`Precompressed ${r.files} files: ${Math.round(r.raw / 1024)} kB → ${Math.round(r.br / 1024)} kB brotli`);
}
