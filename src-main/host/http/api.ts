import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_REQUEST_BYTES } from '../../contract/client.ts';
import type { ApiError, ErrorCode, Reply } from '../../contract/errors.ts';
import { isMethodName } from '../../contract/methods.ts';
import { restAdminFor, type RestAdmin } from '../../app/rest-admin.ts';
import type { CallContext } from '../../app/context.ts';
import type { Role } from '../../contract/roles.ts';
import type { HostPort as Host } from '../runner/host-port.ts';
import { bearerToken, guardRefusal, readBody, sameSecret, withoutBom, type LoopbackGuard } from './io.ts';
import { API_ERROR_STATUS, openApiText } from './openapi.ts';
import { ScriptTokenVerifier } from './script-tokens.ts';
import { Exchange, faultHeaders, finish, loggedPath, pathOf, withFaults, type Answer } from './traffic.ts';

/**
 * `POST /api/v1/{method}`: every contract method over HTTP, for scripts and for the CLI reaching a
 * running console. The body is the method's input (JSON; empty = `{}`); the answer is the contract's
 * reply (`{ok: true, result}` with 200, or `{ok: false, error}` with the status of its code). It
 * goes through `host.dispatch` like every transport, so validation, transactions, audit and pushes
 * are the same. `GET /api/openapi.json` is the OpenAPI 3.1 document of it (no token needed: it
 * holds no lab data). Any node:http server can mount the handler:
 *
 *   const api = createApiHandler({ host, guard: loopbackGuard(() => port), authenticate: bearerAuthenticator({...}) });
 *   server.on('request', (req, res) => { if (isApiPath(req.url)) return void api(req, res); ... });
 *
 * Auth hook: `authenticate(req)` returns who calls (the audit user and a label for the request log)
 * or null (→ 401). `bearerAuthenticator` accepts the console token, script tokens of the lab folder
 * (`vdi-console token create`) and access tokens of the Horizon `/rest/login`; a control listener
 * may pass its own (e.g. one that also accepts the lab lock file's token).
 */

export interface ApiCaller {
  /** The user the audit trail names; undefined = the host's default user (the console's own). */
  user?: string;
  /** An account signed in through /rest/login (its role is read from the lab on each call). */
  accountId?: string;
  /** null: nobody (the console token once the lab has accounts: only session-whoami answers). */
  role?: Role | null;
  /** Who called, for the request log (never a secret). */
  label: string;
}

export type Authenticate = (req: IncomingMessage) => ApiCaller | null;

export interface ApiHandlerOptions {
  host: Host;
  guard: LoopbackGuard;
  authenticate: Authenticate;
  /** Fault rules and request log; default: the lab folder's. */
  admin?: RestAdmin;
}

/** True for the paths this handler answers. */
export function isApiPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  return path === '/api' || path.startsWith('/api/');
}

/** Accepts `Authorization: Bearer` with the console token, a script token of the lab folder, or a Horizon access token. */
export function bearerAuthenticator(o: {
  consoleToken?: string;
  dataDir?: string;
  /** Access tokens from /rest/login: returns who they were issued to, or null. */
  horizonAccess?: (token: string) => { user: string; accountId?: string } | null;
  /** True once the lab has admin accounts: the console token then names nobody (sign in, or use a script token). */
  accountsExist?: () => boolean;
}): Authenticate {
  const scripts = o.dataDir ? new ScriptTokenVerifier(o.dataDir) : null;
  return (req) => {
    const token = bearerToken(req);
    if (!token) return null;
    if (o.consoleToken && sameSecret(token, o.consoleToken)) {
      return o.accountsExist?.() ? { user: '(console token)', role: null, label: 'console token (accounts exist: sign in)' } : { label: 'console token' };
    }
    const script = scripts?.verify(token);
    if (script) return { user: `TOKEN\\${script.name}`, role: script.role, label: `script token ${script.id} (${script.name}, ${script.role})` };
    const who = o.horizonAccess?.(token);
    if (who) return { user: who.user, ...(who.accountId ? { accountId: who.accountId } : {}), label: `${who.user} (REST login)` };
    return null;
  };
}

function errorAnswer(status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): Answer {
  const error: ApiError = { code, message };
  return { status, body: { ok: false, error }, headers, errorKey: code };
}

function replyAnswer(reply: Reply<unknown>): Answer {
  if (reply.ok) return { status: 200, text: JSON.stringify(reply) };
  return { status: API_ERROR_STATUS[reply.error.code] ?? 500, body: reply, errorKey: reply.error.code };
}

/** The status of an injected fault as a contract error code. */
function faultCode(status: number): ErrorCode {
  const codes: Partial<Record<number, ErrorCode>> = { 400: 'bad-request', 401: 'unauthorized', 404: 'not-found', 409: 'conflict', 413: 'payload-too-large' };
  return codes[status] ?? 'internal';
}

export function createApiHandler(o: ApiHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const admin = () => o.admin ?? restAdminFor(o.host.dataDir);
  return async (req, res) => {
    const url = pathOf(req);
    const x = new Exchange('api', req.method ?? 'GET', url ? loggedPath(url) : (req.url ?? ''));
    const done = (a: Answer) => finish(admin(), res, x, a);
    const refused = guardRefusal(req, o.guard);
    if (refused) return done(errorAnswer(403, 'unauthorized', refused === 'host' ? 'Unexpected Host header' : 'Requests from other origins are refused'));
    if (!url) return done(errorAnswer(400, 'bad-request', 'Malformed request URL'));
    if (url.pathname === '/api/openapi.json') {
      x.operation = 'openapi';
      if (req.method !== 'GET' && req.method !== 'HEAD') return done(errorAnswer(405, 'bad-request', 'Use GET', { allow: 'GET, HEAD' }));
      return done({ status: 200, text: openApiText() });
    }
    const m = /^\/api\/v1\/([^/]+)$/.exec(url.pathname);
    if (!m) return done(errorAnswer(404, 'unknown-method', `No API at ${url.pathname}: methods are POST /api/v1/{method} (see /api/openapi.json)`));
    let name: string;
    try {
      name = decodeURIComponent(m[1] as string);
    } catch {
      return done(errorAnswer(400, 'bad-request', 'Malformed method name in the path'));
    }
    x.operation = name;
    if (req.method !== 'POST') return done(errorAnswer(405, 'bad-request', 'Every method is called with POST and a JSON body', { allow: 'POST' }));
    const caller = o.authenticate(req);
    if (!caller) {
      // Refused before any identity: still a request, so it goes on the audit trail as one nobody made.
      await o.host.dispatch(name, {}, { user: '(no token)', role: null, transport: 'http-api' });
      // A bearer that was sent but is not valid is said as such (a sign-in token from before the console restarted, an expired
      // or mistyped one): "send a token" read as if none had been sent (found by a black-box run).
      const sent = /^Bearer\s+\S/i.test(req.headers.authorization ?? '');
      const message = sent
        ? 'The bearer token is not valid (expired, from before the console restarted, or mistyped): sign in again (POST /rest/login) or use the console or a script token'
        : 'Send Authorization: Bearer <token> (the console token or a script token)';
      return done(errorAnswer(401, 'unauthorized', message, { 'www-authenticate': 'Bearer' }));
    }
    x.caller = caller.label;
    const call: CallContext = caller.user
      ? {
          user: caller.user,
          transport: 'http-api',
          ...(caller.accountId ? { accountId: caller.accountId } : {}),
          ...(caller.role !== undefined ? { role: caller.role } : {}),
        }
      : { ...o.host.localAdmin, transport: 'http-api' };
    if (!isMethodName(name)) {
      await o.host.dispatch(name, {}, call); // refused as unknown-method: on the audit trail like any refusal
      return done(errorAnswer(404, 'unknown-method', `Unknown method "${name}" (see /api/openapi.json)`));
    }
    const answer = await withFaults(
      admin(),
      { api: 'api', method: 'POST', path: url.pathname, template: '/api/v1/{method}', operationId: null, apiMethod: name },
      x,
      (rule) =>
        errorAnswer(
          rule.status as number,
          faultCode(rule.status as number),
          rule.message ?? `Injected fault "${rule.id}": HTTP ${rule.status}`,
          faultHeaders(rule),
        ),
      async () => {
        const body = await readBody(req, MAX_REQUEST_BYTES);
        if (!body.ok) {
          return body.reason === 'too-large'
            ? errorAnswer(413, 'payload-too-large', `Request body larger than ${MAX_REQUEST_BYTES} bytes`, { connection: 'close' })
            : errorAnswer(400, 'bad-request', 'The request body was cut off');
        }
        let input: unknown = {};
        const text = withoutBom(body.text); // as the Horizon routes read theirs (a PowerShell 5.1 file sent with -InFile)
        if (text.trim() !== '') {
          try {
            input = JSON.parse(text);
          } catch (err) {
            return errorAnswer(400, 'bad-request', `Request body is not valid JSON: ${(err as Error).message}`);
          }
        }
        return replyAnswer(await o.host.dispatch(name, input, call));
      },
    );
    done(answer);
  };
}
