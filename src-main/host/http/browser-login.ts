import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallContext } from '../../app/context.ts';
import type { HostPort as Host } from '../runner/host-port.ts';
import { readBody, sendJson } from './io.ts';

/**
 * Sign-in for browser mode (serve) once the lab has admin accounts. The console token still guards
 * the transport (page, assets, socket); on top of it a browser signs in as an account:
 *
 * | route              | what                                                                                   |
 * |--------------------|----------------------------------------------------------------------------------------|
 * | GET  /auth/session | {accountsExist, signedIn, user?, role?}: the renderer asks before opening its socket   |
 * | POST /auth/login   | {name, password} → the session cookie (HttpOnly, SameSite=Strict), or 401 / 423 / 429 |
 * | POST /auth/logout  | ends the session                                                                        |
 *
 * Sessions live in this process's memory (a restart signs everyone out) and end after
 * BROWSER_SESSION_PARAMS.idleMinutes without a request (OWASP Session Management Cheat Sheet:
 * 15–30 minutes idle for low-risk applications; 30 here) or at sign-out. The account's role is read
 * from the lab on every request (the dispatcher), so a role change or a disable applies at once.
 * With no account in the lab the token holder is the local administrator, as before.
 */
export const BROWSER_SESSION_PARAMS = { idleMinutes: 30, idBytes: 32 } as const;

export function sessionCookieName(port: number): string {
  return `vdi_session_${port}`;
}

interface BrowserSession {
  accountId: string;
  name: string;
  lastSeen: number;
}

export function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export class BrowserLogin {
  private readonly sessions = new Map<string, BrowserSession>();

  constructor(
    private readonly host: Host,
    private readonly port: () => number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private session(req: IncomingMessage): BrowserSession | null {
    const sid = cookieValue(req, sessionCookieName(this.port()));
    if (!sid) return null;
    const s = this.sessions.get(sid);
    if (!s) return null;
    if (s.lastSeen < this.now() - BROWSER_SESSION_PARAMS.idleMinutes * 60_000) {
      this.sessions.delete(sid);
      return null;
    }
    s.lastSeen = this.now();
    return s;
  }

  /**
   * Who a browser request (a socket) calls as: the local administrator while the lab has no
   * accounts, the signed-in account, or nobody (role null: only session-whoami answers).
   */
  callerOf(req: IncomingMessage): CallContext {
    if (!this.host.accounts.exist()) return { ...this.host.localAdmin, transport: 'websocket' };
    const s = this.session(req);
    if (s) return { user: s.name, accountId: s.accountId, transport: 'websocket' };
    return { user: '(not signed in)', role: null, transport: 'websocket' };
  }

  isPath(path: string): boolean {
    return path === '/auth/session' || path === '/auth/login' || path === '/auth/logout';
  }

  /** Answers /auth/*; the caller has checked the Host header and the console token. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/auth/session' && req.method === 'GET') {
      const exist = this.host.accounts.exist();
      const s = exist ? this.session(req) : null;
      return void sendJson(res, 200, { accountsExist: exist, signedIn: !exist || s !== null, user: s?.name ?? null });
    }
    if (req.method !== 'POST') return void sendJson(res, 405, { ok: false, error: { code: 'bad-request', message: 'POST' } });
    if (path === '/auth/logout') {
      const sid = cookieValue(req, sessionCookieName(this.port()));
      if (sid) this.sessions.delete(sid);
      return void sendJson(res, 200, { ok: true }, { 'set-cookie': `${sessionCookieName(this.port())}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` });
    }
    const body = await readBody(req, 4096);
    let name: unknown;
    let password: unknown;
    try {
      if (!body.ok) throw new Error('too large');
      ({ name, password } = JSON.parse(body.text) as { name?: unknown; password?: unknown });
    } catch {
      return void sendJson(res, 400, { ok: false, error: { code: 'bad-request', message: 'Send {"name": …, "password": …} as JSON' } });
    }
    if (typeof name !== 'string' || typeof password !== 'string' || name === '' || password === '') {
      return void sendJson(res, 400, { ok: false, error: { code: 'invalid-input', message: 'Name and password are required' } });
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    const r = await this.host.accounts.login(name, password, 'websocket', client);
    if (!r.ok) {
      const status = r.reason === 'rate-limited' ? 429 : r.reason === 'locked' ? 423 : 401;
      const headers: Record<string, string> = r.retryAfterSeconds ? { 'retry-after': String(r.retryAfterSeconds) } : {};
      return void sendJson(res, status, { ok: false, error: { code: 'unauthorized', message: r.message, reason: r.reason } }, headers);
    }
    const sid = randomBytes(BROWSER_SESSION_PARAMS.idBytes).toString('base64url');
    this.sessions.set(sid, { accountId: r.account.id, name: r.account.name, lastSeen: this.now() });
    sendJson(
      res,
      200,
      { ok: true, user: r.account.name, role: r.account.role },
      { 'set-cookie': `${sessionCookieName(this.port())}=${sid}; HttpOnly; SameSite=Strict; Path=/` },
    );
  }
}
