import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { WebSocket, type ClientOptions, type RawData } from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES, type WireReply, type WireServerMessage } from '../../src-main/contract/client.ts';
import { methods, type MethodName, type PushMessage } from '../../src-main/contract/methods.ts';
import { startWebServer, tokenCookieName, type WebServer } from '../../src-main/host/web-server.ts';
import { callOnce, closed, openSocket, startServe, stopAll, type Serve } from '../helpers/crash-writer.ts';
import { contentDigest, tempDir, tempLab, type TempLab } from '../helpers/lab.ts';
import { GOOD_WRITES, malformedVariants } from '../helpers/malformed.ts';

// Bad input on the wire, against the real web server on a loopback port: every
// malformed, unknown, mistyped or oversize request gets a clear structured error,
// writes nothing, and leaves the socket usable. The token, Origin and Host guards
// refuse what they must, and no path escapes the renderer folder.

const INDEX_MARKER = '<!-- console index -->';
const ASSET_MARKER = '/* console asset */';
const SECRET = 'TOP-SECRET-DO-NOT-SERVE';

let root: string;
let lab: TempLab;
let web: WebServer;

beforeAll(async () => {
  root = tempDir('vdi-wire-');
  const renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), `<!doctype html><title>console</title>${INDEX_MARKER}`);
  writeFileSync(join(renderer, 'assets', 'app.js'), `${ASSET_MARKER}\nconsole.log(1);`);
  // Things next to the renderer folder that must never be served.
  mkdirSync(join(root, 'renderer-secret'));
  writeFileSync(join(root, 'renderer-secret', 'secret.txt'), SECRET);
  writeFileSync(join(root, 'outside.txt'), SECRET);
  lab = tempLab('small', 1, join(root, 'lab'));
  web = await startWebServer({ host: lab.host, rendererDir: renderer, port: 0 });
});

afterAll(async () => {
  await web.close();
  lab.host.close();
  rmSync(root, { recursive: true, force: true });
});

/** The whole database content, read through a second connection. */
function digest(): string {
  const db = lab.peek();
  try {
    return contentDigest(db);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------- WebSocket helpers

type Attempt = { kind: 'open'; ws: WebSocket } | { kind: 'refused'; status: number };

function connect(path: string, options: ClientOptions = {}): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}${path}`, options);
    ws.once('open', () => resolve({ kind: 'open', ws }));
    ws.once('unexpected-response', (req, res) => {
      resolve({ kind: 'refused', status: res.statusCode ?? 0 });
      req.destroy();
    });
    ws.once('error', reject);
  });
}

/** A socket that queues replies (pushes are kept apart) so a test can await them in order. */
class WireClient {
  readonly pushes: PushMessage[] = [];
  private readonly replies: WireReply[] = [];
  private readonly waiters: ((r: WireReply) => void)[] = [];
  private nextId = 1000;
  closeCode: number | null = null;
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: RawData) => {
      const msg = JSON.parse(String(data)) as WireServerMessage;
      if ('push' in msg) {
        this.pushes.push({ topic: msg.topic, payload: msg.payload } as PushMessage);
        return;
      }
      const waiter = this.waiters.shift();
      if (waiter) waiter(msg);
      else this.replies.push(msg);
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
  }

  next(timeoutMs = 60_000): Promise<WireReply> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply within the time limit')), timeoutMs);
      this.waiters.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  /** Sends raw text (or a binary frame) and waits for the reply it causes. */
  send(data: string | Buffer): Promise<WireReply> {
    this.ws.send(data, { binary: typeof data !== 'string' });
    return this.next();
  }

  call(method: string, input: unknown): Promise<WireReply> {
    return this.send(JSON.stringify({ id: this.nextId++, method, input }));
  }

  /** The socket still answers a good request, with its id. */
  async expectUsable(): Promise<void> {
    const id = this.nextId;
    const r = await this.call('lab-info', {});
    expect(r.id).toBe(id);
    expect(r.reply).toMatchObject({ ok: true, result: { profile: 'small', seed: 1 } });
  }
}

async function open(path = `/ws?token=${web.token}`, options: ClientOptions = {}): Promise<WireClient> {
  const a = await connect(path, options);
  if (a.kind !== 'open') throw new Error(`connection refused with ${a.status}`);
  return new WireClient(a.ws);
}

// ---------------------------------------------------------------- HTTP helper

interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function http(path: string, opts: { headers?: Record<string, string>; method?: string } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: web.port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {}, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookie = () => ({ cookie: `${tokenCookieName(web.port)}=${web.token}` });

// ================================================================= requests over the socket

describe('bad requests over the WebSocket', () => {
  let client: WireClient;
  beforeEach(async () => {
    client = await open();
  });
  afterEach(() => client.ws.terminate());

  const BAD: { name: string; text: string; id: unknown; code: string; message?: RegExp; path?: (string | number)[] }[] = [
    { name: 'truncated JSON', text: '{"id":1,', id: null, code: 'bad-request', message: /not valid JSON/ },
    { name: 'empty text', text: '', id: null, code: 'bad-request', message: /not valid JSON/ },
    { name: 'trailing garbage', text: '{"id":1,"method":"lab-info","input":{}} x', id: null, code: 'bad-request' },
    { name: 'JSON null', text: 'null', id: null, code: 'bad-request', message: /JSON object/ },
    { name: 'a JSON array (batch)', text: '[{"id":1,"method":"lab-info","input":{}}]', id: null, code: 'bad-request', message: /JSON object/ },
    { name: 'a JSON string', text: '"lab-info"', id: null, code: 'bad-request' },
    { name: 'a JSON number', text: '42', id: null, code: 'bad-request' },
    { name: 'missing method', text: '{"id":5,"input":{}}', id: 5, code: 'unknown-method', message: /no method name/ },
    { name: 'method is a number', text: '{"id":6,"method":42,"input":{}}', id: 6, code: 'unknown-method' },
    { name: 'unknown method', text: '{"id":7,"method":"pool-explode","input":{}}', id: 7, code: 'unknown-method', message: /pool-explode/ },
    { name: 'method __proto__', text: '{"id":8,"method":"__proto__","input":{}}', id: 8, code: 'unknown-method' },
    { name: 'method constructor', text: '{"id":9,"method":"constructor","input":{}}', id: 9, code: 'unknown-method' },
    { name: 'method with different case', text: '{"id":10,"method":"Pool-Set-Enabled","input":{}}', id: 10, code: 'unknown-method' },
    {
      name: 'boolean given as a string',
      text: '{"id":11,"method":"pool-set-enabled","input":{"id":"pool-1","enabled":"no"}}',
      id: 11,
      code: 'invalid-input',
      path: ['enabled'],
    },
    {
      name: 'id given as a number',
      text: '{"id":12,"method":"pool-set-enabled","input":{"id":12,"enabled":false}}',
      id: 12,
      code: 'invalid-input',
      path: ['id'],
    },
    {
      name: 'input that is not an object',
      text: '{"id":13,"method":"desktop-set-maintenance","input":"vm-1"}',
      id: 13,
      code: 'invalid-input',
      path: [],
    },
    {
      name: 'a string in a number array',
      text: '{"id":14,"method":"event-acknowledge","input":{"ids":[1,"2"]}}',
      id: 14,
      code: 'invalid-input',
      path: ['ids', 1],
    },
    {
      name: 'an enum value that does not exist',
      text: '{"id":15,"method":"entitlement-add","input":{"poolId":"pool-1","principalType":"team","principalId":"g-1"}}',
      id: 15,
      code: 'invalid-input',
      path: ['principalType'],
    },
    {
      name: 'lab-reset with confirm "yes" instead of true',
      text: '{"id":16,"method":"lab-reset","input":{"profile":"default","seed":3,"confirm":"yes"}}',
      id: 16,
      code: 'invalid-input',
      path: ['confirm'],
    },
    {
      name: 'lab-reset with a seed of 1e400 (Infinity)',
      text: '{"id":17,"method":"lab-reset","input":{"profile":"default","seed":1e400,"confirm":true}}',
      id: 17,
      code: 'invalid-input',
      path: ['seed'],
    },
    {
      name: 'an extra __proto__ key',
      text: '{"id":18,"method":"pool-set-enabled","input":{"id":"pool-1","enabled":false,"__proto__":{"enabled":true}}}',
      id: 18,
      code: 'invalid-input',
    },
    {
      name: 'a misspelt field',
      text: '{"id":19,"method":"desktop-set-maintenance","input":{"id":"vm-1","maintenence":true}}',
      id: 19,
      code: 'invalid-input',
    },
  ];

  it.each(BAD.map((b) => [b.name, b] as const))('%s → structured error, nothing written, socket still usable', async (_name, b) => {
    const before = digest();
    const r = await client.send(b.text);
    expect(r.id).toEqual(b.id);
    expect(r.reply.ok).toBe(false);
    if (r.reply.ok) return;
    expect(r.reply.error.code).toBe(b.code);
    expect(r.reply.error.message.length).toBeGreaterThan(0);
    if (b.message) expect(r.reply.error.message).toMatch(b.message);
    if (b.path) expect(r.reply.error.path).toEqual(b.path);
    expect(digest()).toBe(before);
    await client.expectUsable();
    expect(client.pushes).toEqual([]);
    expect(({} as Record<string, unknown>).enabled).toBeUndefined(); // no prototype pollution
  });

  it('a binary frame is refused as bad-request (requests are text), nothing written', async () => {
    const before = digest();
    const r = await client.send(Buffer.from(JSON.stringify({ id: 30, method: 'pool-set-enabled', input: { id: 'pool-1', enabled: false } })));
    expect(r).toEqual({ id: null, reply: { ok: false, error: { code: 'bad-request', message: expect.stringMatching(/not valid JSON/) } } });
    expect(digest()).toBe(before);
    await client.expectUsable();
  });

  it('every pipelined request gets exactly one reply with its own id (good and bad mixed; replies may come in any order)', async () => {
    const texts = [
      JSON.stringify({ id: 'a', method: 'lab-info', input: {} }),
      '{"id":"b","method":"nope"}',
      JSON.stringify({ id: 'c', method: 'pool-get', input: { id: 'pool-404' } }),
      JSON.stringify({ id: 'd', method: 'pool-get', input: { id: 'pool-1' } }),
      '{"id":"e","method":"pool-set-enabled","input":{"id":"pool-1"}}',
    ];
    for (const t of texts) client.ws.send(t);
    const replies: WireReply[] = [];
    for (let i = 0; i < texts.length; i++) replies.push(await client.next());
    const byId = Object.fromEntries(replies.map((r) => [String(r.id), r.reply.ok ? 'ok' : r.reply.error.code]));
    expect(byId).toEqual({ a: 'ok', b: 'unknown-method', c: 'not-found', d: 'ok', e: 'invalid-input' });
    await client.expectUsable();
  });
});

describe('oversize requests', () => {
  let client: WireClient;
  beforeEach(async () => {
    client = await open();
  });
  afterEach(() => client.ws.terminate());

  const padTo = (text: string, bytes: number) => text + ' '.repeat(bytes - Buffer.byteLength(text));

  it('a request of exactly MAX_REQUEST_BYTES is accepted; one byte more is payload-too-large', async () => {
    const good = padTo('{"id":40,"method":"lab-info","input":{}}', MAX_REQUEST_BYTES);
    expect(Buffer.byteLength(good)).toBe(MAX_REQUEST_BYTES);
    const ok = await client.send(good);
    expect(ok.id).toBe(40);
    expect(ok.reply.ok).toBe(true);

    const over = padTo('{"id":41,"method":"lab-info","input":{}}', MAX_REQUEST_BYTES + 1);
    const r = await client.send(over);
    expect(r).toEqual({ id: null, reply: { ok: false, error: { code: 'payload-too-large', message: expect.stringContaining(String(MAX_REQUEST_BYTES)) } } });
    await client.expectUsable();
  });

  it('an oversize write is refused before it runs: nothing written, no push', async () => {
    const before = digest();
    const text = padTo('{"id":42,"method":"pool-set-enabled","input":{"id":"pool-1","enabled":false}}', MAX_REQUEST_BYTES + 100);
    const r = await client.send(text);
    expect(r.reply).toMatchObject({ ok: false, error: { code: 'payload-too-large' } });
    expect(digest()).toBe(before);
    expect(client.pushes).toEqual([]);
    const pool = await client.call('pool-get', { id: 'pool-1' });
    expect(pool.reply).toMatchObject({ ok: true, result: { enabled: true } });
  });

  it('the limit counts UTF-8 bytes, not characters', async () => {
    const text = JSON.stringify({ id: 43, method: 'event-list', input: { search: 'é'.repeat(600_000) } });
    expect(text.length).toBeLessThan(MAX_REQUEST_BYTES);
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_REQUEST_BYTES);
    const r = await client.send(text);
    expect(r.reply).toMatchObject({ ok: false, error: { code: 'payload-too-large' } });
    await client.expectUsable();
  });

  // A frame beyond the socket's own limit (4 × MAX_REQUEST_BYTES) is tested against a real `serve`
  // process at the end of this file: in-process, the server's unhandled 'error' would hit the test runner.
});

// ================================================================= the guards

describe('the WebSocket upgrade guard', () => {
  const withToken = () => `/ws?token=${web.token}`;
  it.each([
    ['no token', () => '/ws', () => ({})],
    ['a wrong token', () => '/ws?token=wrong', () => ({})],
    ['a wrong token of the right length', () => `/ws?token=${'A'.repeat(web.token.length)}`, () => ({})],
    ['an empty token', () => '/ws?token=', () => ({})],
    ['the right token on another path', () => `/socket?token=${web.token}`, () => ({})],
    ['the right token from a foreign Origin', withToken, () => ({ origin: 'http://evil.example' })],
    ['the right token from Origin null', withToken, () => ({ origin: 'null' })],
    ['the right token from the right host on another port', withToken, () => ({ origin: 'http://127.0.0.1:1' })],
    ['the right token from https on the right port', withToken, () => ({ origin: `https://127.0.0.1:${web.port}` })],
    ['the right token with a foreign Host header (DNS rebinding)', withToken, () => ({ headers: { host: `evil.example:${web.port}` } })],
    ['a wrong cookie', () => '/ws', () => ({ headers: { cookie: `${tokenCookieName(web.port)}=wrong` } })],
  ] as [string, () => string, () => ClientOptions][])('refuses %s with 401', async (_name, path, options) => {
    const a = await connect(path(), options());
    if (a.kind === 'open') a.ws.terminate();
    expect(a).toEqual({ kind: 'refused', status: 401 });
  });

  it.each([
    ['the token in the query, no Origin (a script)', () => `/ws?token=${web.token}`, () => ({})],
    ['the token and Origin http://127.0.0.1:PORT', () => `/ws?token=${web.token}`, () => ({ origin: `http://127.0.0.1:${web.port}` })],
    [
      'the token, Host and Origin localhost:PORT',
      () => `/ws?token=${web.token}`,
      () => ({ origin: `http://localhost:${web.port}`, headers: { host: `localhost:${web.port}` } }),
    ],
    ['the cookie instead of the query token', () => '/ws', () => ({ origin: `http://127.0.0.1:${web.port}`, headers: cookie() })],
  ] as [string, () => string, () => ClientOptions][])('accepts %s', async (_name, path, options) => {
    const client = await open(path(), options());
    await client.expectUsable();
    client.ws.terminate();
  });
});

describe('the HTTP guard', () => {
  it('/ without the token → 401, no cookie', async () => {
    const r = await http('/');
    expect(r.status).toBe(401);
    expect(r.body).toContain('access token');
    expect(r.body).not.toContain(INDEX_MARKER);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('/ with a wrong token → 401', async () => {
    const r = await http('/?token=wrong');
    expect(r.status).toBe(401);
    expect(r.body).not.toContain(INDEX_MARKER);
  });

  it('/ with the token → 303 without it and an HttpOnly SameSite=Strict cookie; the page with the cookie, with a CSP', async () => {
    const r = await http(`/?token=${web.token}`);
    expect(r.status).toBe(303);
    expect(r.body).not.toContain(INDEX_MARKER);
    expect(r.headers.location).toBe(`http://127.0.0.1:${web.port}/`);
    const setCookie = r.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toContain(`${tokenCookieName(web.port)}=${web.token}`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const page = await http('/', { headers: cookie() });
    expect(page.status).toBe(200);
    expect(page.body).toContain(INDEX_MARKER);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${web.port}`);
    expect(page.headers['cache-control']).toBe('no-cache'); // revalidated by ETag: it names the current chunks
  });

  it('assets with the cookie → 200; without it or with a wrong one → 401', async () => {
    const ok = await http('/assets/app.js', { headers: cookie() });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain(ASSET_MARKER);
    expect(ok.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect((await http('/assets/app.js')).status).toBe(401);
    const wrong = await http('/assets/app.js', { headers: { cookie: `${tokenCookieName(web.port)}=wrong` } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain(ASSET_MARKER);
    expect((await http('/assets/missing.js', { headers: cookie() })).status).toBe(404);
  });

  it('a wrong Host header → 403 even with the token; localhost:PORT is fine (303 to the address without it)', async () => {
    const bad = await http(`/?token=${web.token}`, { headers: { host: `evil.example:${web.port}` } });
    expect(bad.status).toBe(403);
    expect(bad.body).not.toContain(INDEX_MARKER);
    expect((await http(`/?token=${web.token}`, { headers: { host: `127.0.0.1:${web.port + 1}` } })).status).toBe(403);
    expect((await http(`/?token=${web.token}`, { headers: { host: `localhost:${web.port}` } })).status).toBe(303);
  });

  it('a POST with the token → 405', async () => {
    expect((await http(`/?token=${web.token}`, { method: 'POST' })).status).toBe(405);
  });

  it.each([
    '/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/..%2f..%2fetc/passwd',
    '/..%2foutside.txt',
    '/assets/..%2f..%2foutside.txt',
    '/..%2frenderer-secret%2fsecret.txt',
    '/%2e%2e%2foutside.txt',
    '/%2e%2e/outside.txt',
    '/../outside.txt',
    '/..%5coutside.txt',
    '/assets/%2e%2e/%2e%2e/renderer-secret/secret.txt',
  ])('path traversal %s is refused (403/404) and serves nothing outside the folder', async (path) => {
    const r = await http(path, { headers: cookie() });
    expect([403, 404]).toContain(r.status);
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toMatch(/root:.*:0:0:/);
  });
});

// ================================================================= every write method, malformed

describe('every write method refuses malformed input through host.dispatch and changes nothing', () => {
  it('covers every mutating method of the contract', () => {
    const mutating = (Object.keys(methods) as MethodName[]).filter((m) => methods[m].mutates);
    for (const m of mutating) expect(Object.keys(GOOD_WRITES), `no malformed-input cases for ${m}`).toContain(m);
  });

  it.each(Object.keys(GOOD_WRITES))('%s', async (method) => {
    const good = GOOD_WRITES[method] as Record<string, unknown>;
    const pushes: PushMessage[] = [];
    const unsubscribe = lab.host.onPush((p) => pushes.push(p));
    const before = digest();
    const variants = malformedVariants(method, good);
    expect(variants.length).toBeGreaterThan(10);
    for (const v of variants) {
      const reply = await lab.host.dispatch(method, v.input);
      expect(reply.ok, `${method} with ${v.label} must be refused`).toBe(false);
      if (reply.ok) continue;
      expect(reply.error.code, `${method} with ${v.label}`).toBe('invalid-input');
      if (v.path) expect(reply.error.path?.[0], `${method} with ${v.label}`).toBe(v.path[0]);
    }
    unsubscribe();
    expect(digest()).toBe(before);
    expect(pushes).toEqual([]);
  });

  it('refusals for a missing object or a conflict write nothing either (no partial acknowledgement, no half entitlement)', async () => {
    const before = digest();
    const refused: [MethodName, unknown, string][] = [
      ['pool-set-enabled', { id: 'pool-404', enabled: false }, 'not-found'],
      ['pool-set-provisioning', { id: 'pool-6', enabled: true }, 'conflict'],
      ['desktop-set-maintenance', { id: 'vm-99999', maintenance: true }, 'not-found'],
      ['entitlement-add', { poolId: 'pool-1', principalType: 'group', principalId: 'g-404' }, 'not-found'],
      ['entitlement-remove', { poolId: 'pool-1', principalType: 'user', principalId: 'u-2' }, 'not-found'],
      ['event-acknowledge', { ids: [1, 2, 999999] }, 'not-found'],
    ];
    for (const [method, input, code] of refused) {
      const reply = await lab.host.dispatch(method, input);
      expect(reply, method).toMatchObject({ ok: false, error: { code } });
    }
    expect(digest()).toBe(before);
    const ev = await lab.host.dispatch('event-list', { acknowledged: true });
    expect(ev).toMatchObject({ ok: true, result: { total: 0 } });
  });
});

// ================================================================= hostile input against a real serve process
// These run against a child `vdi-console serve`: what they probe can take the whole
// process down, which in-process would take the test runner with it.

function httpStatus(s: Serve, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpGet({ host: '127.0.0.1', port: s.port, path, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => resolve(`error: ${err.message}`));
  });
}

describe('a serve process survives hostile input from a client holding the token', () => {
  const serveDirs: string[] = [];
  const newDir = () => {
    const d = tempDir('vdi-hostile-');
    serveDirs.push(d);
    return d;
  };
  afterEach(() => {
    stopAll();
    for (const d of serveDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function expectStillServing(s: Serve): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.alive(), `the serve process died; its stderr:\n${s.stderr().slice(0, 1500)}`).toBe(true);
    expect(await callOnce(s, 'lab-info', {})).toMatchObject({ ok: true, result: { profile: 'small' } });
  }

  it('a request whose id is an array nested 10 000 levels deep (a 20 kB message)', async () => {
    const s = await startServe(newDir());
    const ws = await openSocket(s);
    ws.on('error', () => undefined);
    ws.send(`{"id":${'['.repeat(10_000)}${']'.repeat(10_000)},"method":"lab-info","input":{}}`);
    await expectStillServing(s);
    ws.terminate();
  });

  it('a page URL with malformed percent-encoding (/%E0%A4%A)', async () => {
    const s = await startServe(newDir());
    const status = await httpStatus(s, `/%E0%A4%A?token=${s.token}`);
    await expectStillServing(s);
    expect([400, 403, 404]).toContain(status);
  });

  it('a WebSocket frame over the socket limit (5 MiB): that socket is closed with 1009, the process lives', async () => {
    const s = await startServe(newDir());
    const ws = await openSocket(s);
    ws.on('error', () => undefined);
    ws.send('x'.repeat(5 * 1024 * 1024));
    expect(await closed(ws)).toBe(1009);
    await expectStillServing(s);
  });

  it('a text frame that is not valid UTF-8: that socket is closed with 1007, the process lives', async () => {
    const s = await startServe(newDir());
    const ws = await openSocket(s);
    ws.on('error', () => undefined);
    ws.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { binary: false });
    expect(await closed(ws)).toBe(1007);
    await expectStillServing(s);
  });
});
