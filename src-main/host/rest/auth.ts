import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { REST_AUTH_PARAMS } from '../../app/rest-admin.ts';
import { HorizonError, badRequest } from './errors.ts';
import { sameSecret } from '../http/io.ts';
import type { AccountsPort as AccountGate } from '../runner/host-port.ts';

/**
 * `POST /rest/login`, `/rest/refresh`, `/rest/logout` and the bearer tokens they hand out.
 *
 * One built-in administrator until the lab has admin accounts with roles: user `administrator`,
 * domain `CORP` (or `corp.local`), password = the console token printed by `vdi-console serve`
 * unless VDI_CONSOLE_REST_PASSWORD sets another. Tokens are JWT-shaped (HS256, `bearerFormat: JWT`
 * in the spec), signed with a key made at start, so a restart logs every client out (Horizon
 * clients log in again on 401 anyway). Lifetimes are wall-clock seconds (REST_AUTH_PARAMS).
 *
 * | request                                   | answer                                            |
 * |-------------------------------------------|---------------------------------------------------|
 * | login, right credentials                  | 200 {access_token, refresh_token}                 |
 * | login, wrong user / password / domain     | 401 after a short delay                           |
 * | login with a UPN (user@domain)            | 400 (Horizon: UPN based login is not supported)   |
 * | refresh with a live refresh token         | 200 {access_token} (the refresh token is not rotated) |
 * | refresh / logout with a bad or expired one| 400 (the spec lists no 401 there)                 |
 * | logout                                    | 200; its refresh token and every access token from that login stop working |
 * | access token missing, expired, revoked, or a refresh token used as one | 401        |
 */

export interface LoginSession {
  user: string;
  sid: string;
  /** The admin account signed in (absent for the built-in administrator of a lab without accounts). */
  accountId?: string;
}

interface Claims {
  sub: string;
  acct?: string;
  typ: 'access' | 'refresh';
  iat: number;
  exp: number;
  jti: string;
  sid: string;
}

const b64 = (v: Buffer | string) => Buffer.from(v).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** JSON member names compared case-insensitively (a copied PowerShell helper sends `Refresh_token`). */
function member(body: Record<string, unknown>, name: string): unknown {
  for (const [k, v] of Object.entries(body)) if (k.toLowerCase() === name) return v;
  return undefined;
}

export function parseJsonObject(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw badRequest('rest.invalid.json', 'The request body is not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest('rest.invalid.json', 'The request body must be a JSON object');
  return v as Record<string, unknown>;
}

export interface AuthOptions {
  /** The administrator's password; null = REST login disabled. */
  password: () => string | null;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  /** Wall clock in ms (tests move it). */
  now?: () => number;
  /** The lab's admin accounts: once there are any, /rest/login takes an account's name and password instead of the built-in administrator. */
  accounts?: AccountGate;
}

export class HorizonAuth {
  private readonly key = randomBytes(32);
  /** Revoked login sessions until their refresh token would have expired anyway. */
  private readonly revoked = new Map<string, number>();
  readonly user = `${REST_AUTH_PARAMS.domain}\\${REST_AUTH_PARAMS.username}`;

  constructor(private readonly o: AuthOptions) {}

  get accessTtl(): number {
    return this.o.accessTtlSeconds ?? REST_AUTH_PARAMS.accessTokenTtlSeconds;
  }

  get refreshTtl(): number {
    return this.o.refreshTtlSeconds ?? REST_AUTH_PARAMS.refreshTokenTtlSeconds;
  }

  private nowS(): number {
    return Math.floor((this.o.now?.() ?? Date.now()) / 1000);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`${HEADER}.${payload}`).digest('base64url');
  }

  private issue(typ: Claims['typ'], sid: string, who: { sub: string; acct?: string | undefined } = { sub: this.user }): string {
    const iat = this.nowS();
    const claims: Claims = {
      sub: who.sub,
      ...(who.acct ? { acct: who.acct } : {}),
      typ,
      iat,
      exp: iat + (typ === 'access' ? this.accessTtl : this.refreshTtl),
      jti: randomUUID(),
      sid,
    };
    const payload = b64(JSON.stringify(claims));
    return `${HEADER}.${payload}.${this.sign(payload)}`;
  }

  /** The claims of a token this process signed, or why not. */
  private read(token: string): Claims | 'invalid' | 'expired' | 'revoked' {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return 'invalid';
    const sig = Buffer.from(parts[2] as string);
    const want = Buffer.from(this.sign(parts[1] as string));
    if (sig.length !== want.length || !timingSafeEqual(sig, want)) return 'invalid';
    let c: Claims;
    try {
      c = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as Claims;
    } catch {
      return 'invalid';
    }
    if (this.revoked.has(c.sid)) return 'revoked';
    if (c.exp <= this.nowS()) return 'expired';
    return c;
  }

  private prune(): void {
    const now = this.nowS();
    for (const [sid, until] of this.revoked) if (until <= now) this.revoked.delete(sid);
  }

  /** Checks the credentials; throws 400/401 HorizonErrors. `delay` is awaited before a 401 (slows guessing). */
  async login(
    body: Record<string, unknown>,
    delay: (ms: number) => Promise<void>,
    client = 'unknown',
  ): Promise<{ access_token: string; refresh_token: string }> {
    const username = member(body, 'username');
    const domain = member(body, 'domain');
    let password = member(body, 'password');
    // The spec types the password as an array of strings (a Java char[]); every client sends a string.
    if (Array.isArray(password) && password.every((c) => typeof c === 'string')) password = password.join('');
    if (typeof username !== 'string' || username === '') throw badRequest('rest.invalid.field', 'username is required');
    if (typeof password !== 'string') throw badRequest('rest.invalid.field', 'password is required');
    if (username.includes('@')) throw badRequest('auth.upn.not.supported', 'UPN based login is not supported: give username and domain');
    if (typeof domain !== 'string' || domain === '') throw badRequest('rest.invalid.field', 'domain is required');
    const gate = this.o.accounts;
    if (gate?.exist()) {
      // A lab with accounts: the account's name and password (rate limit, lockout and the audit row are the gate's).
      const domainOk = [REST_AUTH_PARAMS.domain, REST_AUTH_PARAMS.dnsDomain].some((d) => d.toLowerCase() === domain.toLowerCase());
      const r = await gate.login(username, password, 'rest', client);
      if (!r.ok || !domainOk) {
        await delay(REST_AUTH_PARAMS.failedLoginDelayMs);
        throw new HorizonError(401, 'auth.invalid.credentials', r.ok ? 'Invalid user name, password or domain' : r.message);
      }
      this.prune();
      const sid = randomUUID();
      const who = { sub: `${REST_AUTH_PARAMS.domain}\\${r.account.name}`, acct: r.account.id };
      return { access_token: this.issue('access', sid, who), refresh_token: this.issue('refresh', sid, who) };
    }
    const expected = this.o.password();
    const domainOk = [REST_AUTH_PARAMS.domain, REST_AUTH_PARAMS.dnsDomain].some((d) => d.toLowerCase() === domain.toLowerCase());
    const userOk = username.toLowerCase() === REST_AUTH_PARAMS.username;
    const passwordOk = expected !== null && sameSecret(password, expected);
    if (!(domainOk && userOk && passwordOk)) {
      await delay(REST_AUTH_PARAMS.failedLoginDelayMs);
      throw new HorizonError(401, 'auth.invalid.credentials', 'Invalid user name, password or domain');
    }
    this.prune();
    const sid = randomUUID();
    return { access_token: this.issue('access', sid), refresh_token: this.issue('refresh', sid) };
  }

  private refreshClaims(body: Record<string, unknown>): Claims {
    const token = member(body, 'refresh_token');
    if (typeof token !== 'string' || token === '') throw badRequest('rest.invalid.field', 'refresh_token is required');
    const c = this.read(token);
    if (typeof c === 'string' || c.typ !== 'refresh') {
      throw badRequest('auth.refresh.token.invalid', c === 'expired' ? 'The refresh token has expired: log in again' : 'The refresh token is not valid');
    }
    return c;
  }

  refresh(body: Record<string, unknown>): { access_token: string } {
    const c = this.refreshClaims(body);
    return { access_token: this.issue('access', c.sid, { sub: c.sub, acct: c.acct }) };
  }

  logout(body: Record<string, unknown>): void {
    const c = this.refreshClaims(body);
    this.revoked.set(c.sid, c.exp);
  }

  /** The login session of an access token; throws 401. */
  verify(token: string | null): LoginSession {
    if (!token)
      throw new HorizonError(401, 'auth.token.missing', 'Send Authorization: Bearer <access_token> from POST /rest/login', { 'www-authenticate': 'Bearer' });
    const c = this.read(token);
    if (c === 'expired')
      throw new HorizonError(401, 'auth.token.expired', 'The access token has expired: refresh it or log in again', { 'www-authenticate': 'Bearer' });
    if (typeof c === 'string' || c.typ !== 'access') {
      throw new HorizonError(401, 'auth.token.invalid', 'The access token is not valid', { 'www-authenticate': 'Bearer' });
    }
    return c.acct ? { user: c.sub, sid: c.sid, accountId: c.acct } : { user: c.sub, sid: c.sid };
  }

  /** For the /api/v1 authenticator: who a live access token was issued to, else null. */
  userOf(token: string): { user: string; accountId?: string } | null {
    const c = this.read(token);
    if (typeof c === 'string' || c.typ !== 'access') return null;
    return c.acct ? { user: c.sub, accountId: c.acct } : { user: c.sub };
  }
}
