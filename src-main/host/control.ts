import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_REQUEST_BYTES } from '../contract/client.ts';
import type { Reply } from '../contract/errors.ts';
import type { Host } from './host.ts';

/**
 * The command line reaches a running console. A console that runs the clock (serve, the desktop
 * app) answers the contract on a loopback port of its own, `POST /api/v1/{method}` with a JSON
 * body, the same as every other transport (the host's dispatch). The port and a random secret are
 * written into the lab folder's lock file, which only the user can read; `vdi-console call` finds
 * them there and sends its request, so scripts work while the console is open.
 */

export interface ControlEndpoint {
  port: number;
  secret: string;
}

export interface ControlServer extends ControlEndpoint {
  close(): Promise<void>;
}

/** Who is calling, as the audit trail names a command-line caller of a running console. */
const USER_HEADER = 'x-vdi-user';
/** `vdi-console call --as NAME`: the account and its password (VDI_CONSOLE_PASSWORD), checked by the host's sign-in gate. */
const ACCOUNT_HEADER = 'x-vdi-account';
const PASSWORD_HEADER = 'x-vdi-password';

function sameSecret(given: string | undefined, secret: string): boolean {
  if (!given?.startsWith('Bearer ')) return false;
  const a = Buffer.from(given.slice(7));
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

export async function startControlServer(host: Host, fallbackUser: string): Promise<ControlServer> {
  const secret = randomBytes(32).toString('hex');
  let port = 0;
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(JSON.stringify(body));
    };
    // Loopback only, by its own Host (a page elsewhere that resolves a name to 127.0.0.1 is not it), and the secret.
    if (req.headers.host !== `127.0.0.1:${port}`) return send(403, { ok: false, error: { code: 'unauthorized', message: 'Unexpected Host header' } });
    if (req.headers.origin !== undefined) return send(403, { ok: false, error: { code: 'unauthorized', message: 'Browsers may not call the control port' } });
    if (!sameSecret(req.headers.authorization, secret)) return send(401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong secret' } });
    const m = /^\/api\/v1\/([a-z0-9-]{1,64})$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return send(404, { ok: false, error: { code: 'bad-request', message: 'POST /api/v1/{method}' } });
    void readBody(req).then(async (text) => {
      if (text === null) return send(413, { ok: false, error: { code: 'payload-too-large', message: `Request larger than ${MAX_REQUEST_BYTES} bytes` } });
      let input: unknown = {};
      if (text.trim() !== '') {
        try {
          input = JSON.parse(text);
        } catch (err) {
          return send(400, { ok: false, error: { code: 'bad-request', message: `Request is not valid JSON: ${(err as Error).message}` } });
        }
      }
      const account = req.headers[ACCOUNT_HEADER];
      if (typeof account === 'string') {
        // A named account: its password is checked (rate limit, lockout, audit) and it acts with its own role.
        const password = req.headers[PASSWORD_HEADER];
        const r = await host.accounts.login(account, typeof password === 'string' ? password : '', 'cli', 'control');
        if (!r.ok) return send(401, { ok: false, error: { code: 'unauthorized', message: r.message } });
        return send(200, await host.dispatch(m[1], input, { user: r.account.name, accountId: r.account.id, transport: 'cli' }));
      }
      const who = req.headers[USER_HEADER];
      const user = typeof who === 'string' && /^[\w.\\@ -]{1,64}$/.test(who) ? who : fallbackUser;
      // The lock file's secret: the local OS user who started the console (the local administrator).
      const reply = await host.dispatch(m[1], input, { user, transport: 'cli' });
      send(200, reply);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    secret,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sends one request to a running console's control port; the reply is the contract's. */
export function callControl(
  endpoint: ControlEndpoint,
  method: string,
  input: unknown,
  user: string,
  as?: { account: string; password: string },
): Promise<Reply<unknown>> {
  const body = JSON.stringify(input ?? {});
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: endpoint.port,
        method: 'POST',
        path: `/api/v1/${encodeURIComponent(method)}`,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${endpoint.secret}`,
          [USER_HEADER]: user,
          ...(as ? { [ACCOUNT_HEADER]: as.account, [PASSWORD_HEADER]: as.password } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply<unknown>);
          } catch (err) {
            reject(err as Error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
