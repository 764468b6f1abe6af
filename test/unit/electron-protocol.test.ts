// The app:// protocol: URL → file mapping (no way out of out/renderer) and its responses.
import nodePath from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { CONTENT_SECURITY_POLICY } from '../../src-main/electron/csp.ts';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, mimeTypeFor, resolveAppPath } from '../../src-main/electron/protocol.ts';

const ROOT = '/opt/vdi/out/renderer';

describe('resolveAppPath', () => {
  it.each([
    ['app://console/', `${ROOT}/index.html`],
    ['app://console', `${ROOT}/index.html`],
    ['app://console/index.html', `${ROOT}/index.html`],
    ['app://console/index.html?token=x#/pools/p-1', `${ROOT}/index.html`],
    ['app://console/assets/index-abc123.js', `${ROOT}/assets/index-abc123.js`],
    ['app://console/assets/Red%20Hat%20Text.woff2', `${ROOT}/assets/Red Hat Text.woff2`],
    // The URL parser folds dot segments that stay inside the root.
    ['app://console/assets/../index.html', `${ROOT}/index.html`],
    ['app://console/assets/%2e%2e/index.html', `${ROOT}/index.html`],
  ])('%s → %s', (url, file) => {
    expect(resolveAppPath(ROOT, url)).toEqual({ ok: true, file });
  });

  it.each([
    'app://console/../../../etc/passwd',
    'app://console/%2e%2e/%2e%2e/etc/passwd',
    'app://console/..%2f..%2f..%2fetc%2fpasswd',
    'app://console/assets%2f..%2f..%2fsecret',
    'app://console/..%5c..%5cwindows%5cwin.ini',
    'app://console/%2fetc%2fpasswd',
    'app://console/C:%5cWindows%5cwin.ini',
    'app://console/index.html%00.png',
    'app://console/%E0%A4%A', // malformed escape
  ])('never leaves the root: %s', (url) => {
    const resolved = resolveAppPath(ROOT, url);
    if (resolved.ok) {
      // Folded by the URL parser into something inside the root: acceptable, but it must be inside.
      expect(resolved.file.startsWith(`${ROOT}/`)).toBe(true);
    } else {
      expect(resolved.status).toBe(400);
    }
    expect(resolved.ok && resolved.file.includes('passwd') && !resolved.file.startsWith(`${ROOT}/`)).toBe(false);
  });

  it('rejects encoded traversal outright rather than resolving it', () => {
    expect(resolveAppPath(ROOT, 'app://console/..%2f..%2fetc%2fpasswd')).toEqual({ ok: false, status: 400 });
    expect(resolveAppPath(ROOT, 'app://console/..%5c..%5cx')).toEqual({ ok: false, status: 400 });
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppPath(ROOT, 'app://other/index.html')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(ROOT, 'app://console@other/index.html')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(ROOT, 'file:///etc/passwd')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(ROOT, 'https://console/index.html')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(ROOT, 'no url')).toEqual({ ok: false, status: 400 });
  });

  it('follows Windows path rules with the win32 flavour', () => {
    const root = 'C:\\Program Files\\VDI Fleet Console\\resources\\app.asar\\out\\renderer';
    expect(resolveAppPath(root, 'app://console/assets/a.js', nodePath.win32)).toEqual({ ok: true, file: `${root}\\assets\\a.js` });
    expect(resolveAppPath(root, 'app://console/..%5c..%5c..%5cwin.ini', nodePath.win32)).toEqual({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://console/D:%5cx', nodePath.win32)).toEqual({ ok: false, status: 400 });
  });
});

describe('app scheme registration', () => {
  it('is standard and secure, and not readable cross-origin', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    });
    expect(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled).toBeUndefined();
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).toBeUndefined();
  });
});

describe('protocol handler', () => {
  const files = new Map<string, string>([
    [`${ROOT}/index.html`, '<!doctype html><title>VDI Fleet Console</title>'],
    [`${ROOT}/assets/index.js`, 'console.log(1)'],
  ]);
  const readFile = vi.fn(async (file: string): Promise<Uint8Array> => {
    const text = files.get(file);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return new TextEncoder().encode(text);
  });
  const handle = createAppProtocolHandler({ rootDir: ROOT, readFile });

  it('serves index.html with its type and the CSP', async () => {
    const res = await handle(new Request('app://console/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('VDI Fleet Console');
  });

  it('serves module scripts as JavaScript', async () => {
    const res = await handle(new Request('app://console/assets/index.js'));
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers a missing file with 404 and a traversal with 400, without reading outside', async () => {
    readFile.mockClear();
    expect((await handle(new Request('app://console/nope.js'))).status).toBe(404);
    const traversal = await handle(new Request('app://console/..%2f..%2fetc%2fpasswd'));
    expect(traversal.status).toBe(400);
    expect(traversal.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    for (const [file] of readFile.mock.calls) expect(file.startsWith(`${ROOT}/`)).toBe(true);
  });

  it('only answers GET and HEAD', async () => {
    expect((await handle(new Request('app://console/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handle(new Request('app://console/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('knows the types the Vite build emits', () => {
    expect(mimeTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('a.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
