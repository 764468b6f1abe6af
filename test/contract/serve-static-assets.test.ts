import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE, cacheControlFor, pickEncoding } from '../../src-main/host/http/static-assets.ts';
import { startWebServer, tokenCookieName, type WebServer } from '../../src-main/host/web-server.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// `serve` sends the renderer compressed (brotli or gzip, as the browser accepts), hashed assets
// cached for a year as immutable, index.html revalidated by its ETag, and build-time .br/.gz
// copies only while they are at least as new as the file they compress.

let root: string;
let renderer: string;
let lab: TempLab;
let web: WebServer;

const BIG_JS = `/* console chunk */\n${Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i} * 2; // a line that compresses`).join('\n')}\n`;
const HASHED = '/assets/index-AbC12_-x.js';

beforeAll(async () => {
  root = tempDir('vdi-static-');
  renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), `<!doctype html><title>console</title>${'<!-- padding -->'.repeat(100)}`);
  writeFileSync(join(renderer, HASHED), BIG_JS);
  writeFileSync(join(renderer, 'assets', 'tiny-AbC12_-y.js'), 'export {};\n');
  writeFileSync(join(renderer, 'assets', 'font-AbC12_-z.woff2'), Buffer.alloc(4096, 7));
  lab = tempLab('small', 1, join(root, 'lab'));
  web = await startWebServer({ host: lab.host, rendererDir: renderer, port: 0 });
});

afterAll(async () => {
  await web.close();
  lab.host.close();
  rmSync(root, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: web.port,
        method,
        path,
        agent: false,
        headers: { host: `127.0.0.1:${web.port}`, cookie: `${tokenCookieName(web.port)}=${web.token}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('pickEncoding and cacheControlFor', () => {
  it('prefers brotli, then gzip; honours q=0 and *', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip, deflate')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0')).toBe('identity');
    expect(pickEncoding(undefined)).toBe('identity');
    expect(pickEncoding('identity')).toBe('identity');
  });

  it('a year and immutable for hashed assets only', () => {
    expect(cacheControlFor('/assets/vendor-react-CcscoRMQ.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('/assets/RedHatTextVF-DNKNjMr3.woff2')).toBe(IMMUTABLE);
    expect(cacheControlFor('/index.html')).toBe('no-cache');
    expect(cacheControlFor('/favicon.svg')).toBe('no-cache');
    expect(cacheControlFor('/assets/app.js')).toBe('no-cache'); // no hash: may change in place
  });
});

describe('serve sends the renderer compressed and cacheable', () => {
  it('brotli when accepted, gzip otherwise, plain when neither; the same bytes every way', async () => {
    const br = await get(HASHED, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(BIG_JS.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(BIG_JS);
    const gz = await get(HASHED, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(BIG_JS);
    const plain = await get(HASHED);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(BIG_JS);
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(BIG_JS));
  });

  it('hashed assets are immutable for a year; index.html is revalidated (ETag → 304) and keeps its CSP', async () => {
    const asset = await get(HASHED, { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe(IMMUTABLE);
    const page = await get('/', { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain(`ws://127.0.0.1:${web.port}`);
    const etag = String(page.headers.etag);
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['content-security-policy']).toContain(`ws://127.0.0.1:${web.port}`);
  });

  it('leaves small files and fonts uncompressed', async () => {
    expect((await get('/assets/tiny-AbC12_-y.js', { 'accept-encoding': 'br' })).headers['content-encoding']).toBeUndefined();
    const font = await get('/assets/font-AbC12_-z.woff2', { 'accept-encoding': 'br' });
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.headers['content-type']).toBe('font/woff2');
  });

  it('uses the build-time .br copy while it is current, and ignores it once the file is newer', async () => {
    const file = join(renderer, 'assets', 'pre-AbC12_-w.js');
    writeFileSync(file, BIG_JS);
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    // A marker body the server could only have read from the .br file (it would never produce it).
    const { brotliCompressSync } = await import('node:zlib');
    writeFileSync(`${file}.br`, brotliCompressSync(Buffer.from('/* precompressed */')));
    const pre = await get('/assets/pre-AbC12_-w.js', { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(pre.body).toString()).toBe('/* precompressed */');
    // A rebuild writes the file again: the stale .br must not be sent for it.
    writeFileSync(file, `${BIG_JS}// v2\n`);
    const fresh = await get('/assets/pre-AbC12_-w.js', { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(fresh.body).toString()).toBe(`${BIG_JS}// v2\n`);
  });

  it('HEAD has the headers and no body; a missing asset is 404', async () => {
    const head = await get(HASHED, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body.length).toBe(0);
    expect((await get('/assets/missing-AbC12_-q.js')).status).toBe(404);
  });
});
