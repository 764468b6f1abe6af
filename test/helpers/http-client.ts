import { spawn, type ChildProcess } from 'node:child_process';
import { request, type IncomingHttpHeaders } from 'node:http';
import { REPO, CLI } from './crash-writer.ts';

// A real `vdi-console serve` for the HTTP API tests (any lab, extra environment), and a small
// HTTP client that answers status, headers and parsed JSON. Each test file stops what it started.

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  token: string;
  dataDir: string;
  stderr(): string;
}

const started = new Set<ChildProcess>();

export function startServeWith(dataDir: string, o: { lab?: string; env?: Record<string, string> } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--port', '0', '--lab', o.lab ?? 'small', '--seed', '1'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...o.env },
  });
  started.add(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL within 120 s; stderr: ${err}`)), 120_000);
    child.stdout?.on('data', (d: string) => {
      out += d;
      const m = /^VDI console ready: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ child, port: Number(m[1]), token: m[2] as string, dataDir, stderr: () => err });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before it was ready; stderr: ${err}`));
    });
  });
}

/** SIGTERMs (then SIGKILLs) every serve this module started, by its own handle. */
export async function stopServes(): Promise<void> {
  await Promise.all(
    [...started].map(async (c) => {
      started.delete(c);
      if (c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGTERM');
      const t = setTimeout(() => c.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }),
  );
}

export interface HttpReply<T = unknown> {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: T;
}

/** One request to 127.0.0.1:port; `body` is sent as is when a string, else as JSON. */
export function http<T = unknown>(
  port: number,
  method: string,
  path: string,
  o: { headers?: Record<string, string>; body?: unknown; token?: string } = {},
): Promise<HttpReply<T>> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : typeof o.body === 'string' || Buffer.isBuffer(o.body) ? o.body : JSON.stringify(o.body);
    const headers: Record<string, string> = {
      host: `127.0.0.1:${port}`,
      // Explicit length: Node sends a DELETE body without one (and unchunked) otherwise.
      ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...o.headers,
    };
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = undefined;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: json as T });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A client of one serve: /rest with a logged-in access token, /api/v1 with the console token. */
export class LabHttp {
  access = '';
  refresh = '';

  constructor(
    readonly port: number,
    readonly consoleToken: string,
  ) {}

  async login(): Promise<void> {
    const r = await http<{ access_token: string; refresh_token: string }>(this.port, 'POST', '/rest/login', {
      body: { username: 'administrator', password: this.consoleToken, domain: 'CORP' },
    });
    if (r.status !== 200) throw new Error(`login: ${r.status} ${r.text}`);
    this.access = r.json.access_token;
    this.refresh = r.json.refresh_token;
  }

  rest<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpReply<T>> {
    return http<T>(this.port, method, `/rest${path}`, { token: this.access, body });
  }

  /** A contract method through /api/v1; throws on an error reply. */
  async api<T = unknown>(method: string, input: unknown = {}): Promise<T> {
    const r = await http<{ ok: boolean; result?: T; error?: unknown }>(this.port, 'POST', `/api/v1/${method}`, { token: this.consoleToken, body: input });
    if (!r.json?.ok) throw new Error(`${method}: ${r.status} ${r.text}`);
    return r.json.result as T;
  }

  apiReply(
    method: string,
    input: unknown = {},
  ): Promise<HttpReply<{ ok: boolean; result?: unknown; error?: { code: string; message: string; path?: unknown[] } }>> {
    return http(this.port, 'POST', `/api/v1/${method}`, { token: this.consoleToken, body: input });
  }
}

export { REPO };
