import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_REQUEST_BYTES } from '../../contract/client.ts';
import { restAdminFor, type RestAdmin } from '../../app/rest-admin.ts';
import type { HostPort as Host } from '../runner/host-port.ts';
import { bearerToken, guardRefusal, readBody, sleep, withoutBom, type LoopbackGuard } from '../http/io.ts';
import { Exchange, faultHeaders, finish, loggedPath, pathOf, withFaults, type Answer } from '../http/traffic.ts';
import { HorizonAuth, parseJsonObject } from './auth.ts';
import { entitlementRoutes } from './entitlements.ts';
import { HorizonError, errorAnswer } from './errors.ts';
import { externalRoutes } from './external.ts';
import { helpdeskRoutes } from './helpdesk.ts';
import { CPA_OPERATIONS } from './horizon-fields.ts';
import { Lab, LabCache } from './lab.ts';
import { machineRoutes } from './machines.ts';
import { monitorRoutes } from './monitor.ts';
import { poolRoutes } from './pools.ts';
import { poolMemberRoutes } from './pool-members.ts';
import { rdsRoutes } from './rds.ts';
import { listQuery, ok, unsupported, type Route, type RouteCtx } from './route.ts';
import { sessionRoutes } from './sessions.ts';

/**
 * The Horizon Server REST API 2512 subset under /rest (see docs/HORIZON-API.md): a transport like
 * the WebSocket and /api/v1 — every route calls contract methods through `host.dispatch` as the
 * logged-in administrator. Order of checks per request:
 *
 *   Host header / Origin (403) → route (404, 409 for Cloud Pod Architecture operations, 405 + Allow)
 *   → bearer token (401; not for login, refresh, logout) → injected fault → body and parameters (400, 413)
 *   → the route → answer → request log.
 */

const authRoutes = (auth: HorizonAuth): Route[] => {
  const body = async (c: RouteCtx) => {
    const b = await c.body();
    return parseJsonObject(b === undefined ? '' : JSON.stringify(b));
  };
  return [
    { method: 'POST', path: '/login', operationId: 'loginUser', open: true, handle: async (c) => ok(await auth.login(await body(c), sleep)) },
    { method: 'POST', path: '/refresh', operationId: 'refreshAccessToken', open: true, handle: async (c) => ok(auth.refresh(await body(c))) },
    {
      method: 'POST',
      path: '/logout',
      operationId: 'logoutUser',
      open: true,
      handle: async (c) => {
        auth.logout(await body(c));
        return { status: 200 };
      },
    },
    unsupported('GET', '/login', 'authenticateSmartCard'),
    unsupported('POST', '/key-agreement', 'keyAgreement'),
  ];
};

/** Who the access token in a login or refresh answer was issued to. */
function tokenHolder(auth: HorizonAuth, a: Answer): string | null {
  if (a.status !== 200 || !a.text) return null;
  const token = (JSON.parse(a.text) as { access_token?: unknown }).access_token;
  return typeof token === 'string' ? (auth.userOf(token)?.user ?? null) : null;
}

interface Compiled {
  route: Route;
  parts: string[];
}

function compile(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** A path variable as Horizon's server reads it: percent-decoded (a malformed escape is kept as sent: it names nothing). */
function decodePathValue(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function matchParts(pattern: string[], parts: string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith('{') && p.endsWith('}')) params[p.slice(1, -1)] = decodePathValue(v);
    else if (p !== v) return null;
  }
  return params;
}

const CPA = CPA_OPERATIONS.map((op) => {
  const [method, path] = op.split(' ') as [string, string];
  return { method, parts: compile(path) };
});

export interface HorizonHandlerOptions {
  host: Host;
  guard: LoopbackGuard;
  auth: HorizonAuth;
  admin?: RestAdmin;
}

export interface HorizonHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): void;
}

export function isHorizonPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  return path === '/rest' || path.startsWith('/rest/');
}

export function createHorizonHandler(o: HorizonHandlerOptions): HorizonHandler {
  const cache = new LabCache(o.host);
  const routes: Compiled[] = [
    ...authRoutes(o.auth),
    ...poolRoutes,
    ...poolMemberRoutes,
    ...machineRoutes,
    ...sessionRoutes,
    ...rdsRoutes,
    ...entitlementRoutes,
    ...monitorRoutes,
    ...helpdeskRoutes,
    ...externalRoutes,
  ].map((route) => ({ route, parts: compile(route.path) }));
  const admin = () => o.admin ?? restAdminFor(o.host.dataDir);

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = pathOf(req);
    const method = req.method ?? 'GET';
    const x = new Exchange('rest', method, url ? loggedPath(url) : (req.url ?? ''));
    const done = (a: Answer) => finish(admin(), res, x, a);
    try {
      const refused = guardRefusal(req, o.guard);
      if (refused) throw new HorizonError(403, 'rest.forbidden', refused === 'host' ? 'Unexpected Host header' : 'Requests from other origins are refused');
      if (!url) throw new HorizonError(400, 'rest.invalid.url', 'Malformed request URL');
      // Collapse repeated slashes: a widely copied PowerShell helper sends /rest//external/…
      const path = url.pathname.replace(/\/{2,}/g, '/').replace(/^\/rest/, '');
      const parts = compile(path);
      let found: { route: Route; params: Record<string, string> } | null = null;
      const allowed = new Set<string>();
      for (const c of routes) {
        const params = matchParts(c.parts, parts);
        if (!params) continue;
        if (c.route.method === method) {
          found = { route: c.route, params };
          break;
        }
        // Allow names what a script can call here: not the API's operations this lab answers 404 (GET /login, DELETE machines).
        if (!c.route.unsupported) allowed.add(c.route.method);
      }
      if (!found) {
        if (CPA.some((c) => c.method === method && matchParts(c.parts, parts))) {
          throw new HorizonError(
            409,
            'federation.cpa.not.initialized',
            'CPA is not initialized for this pod (the lab is a single pod without Cloud Pod Architecture)',
          );
        }
        if (allowed.size)
          throw new HorizonError(405, 'rest.method.not.allowed', `${method} is not allowed on /rest${path}`, { Allow: [...allowed].join(', ') });
        throw new HorizonError(404, 'rest.resource.not.found', `No resource at /rest${path}`);
      }
      const { route, params } = found;
      x.operation = route.operationId;
      let who: { user: string; accountId?: string } = { user: o.auth.user };
      // Login, refresh and logout run before anyone is signed in: the request log names the caller
      // only once a login or refresh has issued a token (a failed attempt is nobody's, not the administrator's).
      if (!route.open) {
        who = o.auth.verify(bearerToken(req));
        x.caller = who.user;
      }
      const lab = new Lab(cache, { user: who.user, transport: 'rest', ...(who.accountId ? { accountId: who.accountId } : {}) });
      const ctx: RouteCtx = {
        url,
        params,
        lab,
        body: async () => {
          const b = await readBody(req, MAX_REQUEST_BYTES);
          if (!b.ok) {
            if (b.reason === 'too-large')
              throw new HorizonError(413, 'rest.payload.too.large', `Request body larger than ${MAX_REQUEST_BYTES} bytes`, { connection: 'close' });
            throw new HorizonError(400, 'rest.invalid.json', 'The request body was cut off');
          }
          // A UTF-8 byte order mark is skipped, as Jackson does on a Connection Server.
          const text = withoutBom(b.text);
          if (text.trim() === '') return undefined;
          try {
            return JSON.parse(text) as unknown;
          } catch {
            throw new HorizonError(400, 'rest.invalid.json', 'The request body is not valid JSON');
          }
        },
        list: () => listQuery(route, url),
      };
      const template = `${route.path}`;
      const answer = await withFaults(
        admin(),
        { api: 'rest', method, path, template, operationId: route.operationId, apiMethod: null },
        x,
        (rule) => {
          const status = rule.status as number;
          const key = status === 429 ? 'common.api-throttle-limit.exceeded.error' : 'rest.fault.injected';
          return errorAnswer(new HorizonError(status, key, rule.message ?? `Injected fault "${rule.id}": HTTP ${status}`, faultHeaders(rule)));
        },
        async () => {
          try {
            const a = await route.handle(ctx);
            if (route.open) x.caller = tokenHolder(o.auth, a) ?? x.caller;
            return a;
          } catch (err) {
            if (err instanceof HorizonError) return errorAnswer(err);
            return errorAnswer(new HorizonError(500, 'rest.internal', `Internal error in ${route.operationId}`));
          }
        },
      );
      done(answer);
    } catch (err) {
      done(errorAnswer(err instanceof HorizonError ? err : new HorizonError(500, 'rest.internal', 'Internal error')));
    }
  };
  return Object.assign(handler, { close: () => cache.close() });
}
