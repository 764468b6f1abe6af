import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { bearerToken, guardRefusal, loopbackGuard, readBody, sameSecret, sendJson } from '../http/io.ts';
import { SERVE_SECURITY_HEADERS, servePageCsp } from '../http/security-headers.ts';
import { StaticAssets } from '../http/static-assets.ts';
import type { Classroom } from './classroom.ts';
import { ClassError } from './classroom.ts';

// The instructor's port of a class (serve --class): the console's own renderer opened on its
// instructor view (`/instructor`: src-renderer/features/classroom, a PatternFly page that talks to
// this port's JSON API, never to a lab's WebSocket) and that small JSON API, guarded like serve's
// own port: loopback Host header, no other Origin, the instructor's token in the printed URL,
// handed over as an HttpOnly SameSite=Strict cookie named for this port (so no trainee cookie,
// sent to every port of 127.0.0.1, ever counts here), or a bearer token (scripts). A trainee's
// port has no /instructor (its front serves the renderer's files only) and no /class API.
//
//   GET  /instructor                           the instructor's view (the renderer's index.html)
//   GET  /class/status                         every trainee: progress, alarms, score, time left
//   POST /class/pause   {"paused": bool}       pause all / resume all (at the scenario's speed)
//   POST /class/extend  {"minutes", "trainees"}  more time: trainees "all" or a list of ids
//   POST /class/hint    {"text", "trainees"}     a hint to one, some or all trainees

export const INSTRUCTOR_TOKEN_PARAM = 'token';
export const instructorCookieName = (port: number) => `vdi_class_${port}`;
const MAX_BODY = 8 * 1024;
/** The instructor's actions (POST only). */
const CLASS_ACTIONS: ReadonlySet<string> = new Set(['/class/pause', '/class/extend', '/class/hint']);
/** The path of the instructor's view (the renderer's main.tsx opens the instructor view on it). */
export const INSTRUCTOR_PATH = '/instructor';
/** The instructor's view needs no WebSocket: it polls this port's JSON API. */
const PAGE_CSP = servePageCsp([]);

export interface InstructorServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function trainees(v: unknown): string[] | 'all' | null {
  if (v === 'all' || v === undefined) return 'all';
  if (Array.isArray(v) && v.length > 0 && v.length <= 100 && v.every((x) => typeof x === 'string' && /^trainee-[0-9]{2,3}$/.test(x))) return v as string[];
  return null;
}

export function startInstructorServer(o: { room: Classroom; port: number; token: string; rendererDir: string }): Promise<InstructorServer> {
  let port = 0;
  const root = normalize(o.rendererDir);
  const assets = new StaticAssets();
  const guard = loopbackGuard(() => port);
  const fail = (res: ServerResponse, status: number, code: string, message: string) => sendJson(res, status, { ok: false, error: { code, message } });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(SERVE_SECURITY_HEADERS)) res.setHeader(name, value);
    const refused = guardRefusal(req, guard);
    if (refused) return fail(res, 403, 'forbidden', refused === 'host' ? 'Unexpected Host header.' : 'Requests from other origins are refused.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const fromQuery = sameSecret(url.searchParams.get(INSTRUCTOR_TOKEN_PARAM), o.token);
    if (!fromQuery && !sameSecret(cookie(req, instructorCookieName(port)), o.token) && !sameSecret(bearerToken(req), o.token))
      return fail(res, 401, 'unauthorized', "This is the class's instructor page: open the instructor URL that vdi-console serve --class printed.");
    if (fromQuery) {
      res.writeHead(303, {
        location: `http://${req.headers.host}${url.pathname}`,
        'set-cookie': `${instructorCookieName(port)}=${o.token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    const path = url.pathname;
    if (req.method === 'GET') {
      if (path === '/' || path === '/index.html') {
        res.writeHead(303, { location: `http://${req.headers.host}${INSTRUCTOR_PATH}`, 'cache-control': 'no-store' });
        return void res.end();
      }
      if (path === INSTRUCTOR_PATH) {
        if (assets.send(req, res, join(root, 'index.html'), '/index.html', { 'content-security-policy': PAGE_CSP })) return;
        return fail(res, 503, 'not-built', 'The console is not built yet: run npm run build.');
      }
      if (path.startsWith('/assets/') || path === '/favicon.svg') {
        let file: string;
        try {
          file = normalize(join(root, decodeURIComponent(path)));
        } catch {
          return fail(res, 400, 'invalid-input', 'Malformed path');
        }
        if (!file.startsWith(root + sep)) return fail(res, 403, 'forbidden', 'Path outside the console');
        if (assets.send(req, res, file, path)) return;
        return fail(res, 404, 'not-found', `No ${path} here`);
      }
      if (path === '/class/status') return sendJson(res, 200, { ok: true, result: await o.room.status() }, { 'cache-control': 'no-store' });
      if (path === '/class/roster')
        return sendJson(
          res,
          200,
          { ok: true, result: { title: o.room.title, trainees: o.room.trainees.map(({ id, name, url }) => ({ id, name, url })) } },
          { 'cache-control': 'no-store' },
        );
      // The instructor's actions are POSTs: a GET of one is the wrong method, not a missing page.
      if (CLASS_ACTIONS.has(path)) return fail(res, 405, 'invalid-input', `${path} takes POST (application/json)`);
      return fail(res, 404, 'not-found', `No ${path} here`);
    }
    if (req.method !== 'POST') return fail(res, 405, 'invalid-input', 'Method not allowed');
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return fail(res, 415, 'invalid-input', 'Send JSON (content-type: application/json)');
    const body = await readBody(req, MAX_BODY);
    if (!body.ok) return fail(res, 413, 'invalid-input', 'The request is too large');
    let input: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(body.text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      input = parsed as Record<string, unknown>;
    } catch {
      return fail(res, 400, 'invalid-input', 'The body must be a JSON object');
    }
    try {
      if (path === '/class/pause') {
        if (typeof input.paused !== 'boolean') return fail(res, 400, 'invalid-input', 'paused must be true or false');
        return sendJson(res, 200, { ok: true, result: await o.room.setPaused(input.paused) });
      }
      const who = trainees(input.trainees);
      if (who === null) return fail(res, 400, 'invalid-input', 'trainees must be "all" or a list of trainee ids (trainee-01, …)');
      if (path === '/class/extend') return sendJson(res, 200, { ok: true, result: await o.room.extend(input.minutes as number, who) });
      if (path === '/class/hint') return sendJson(res, 200, { ok: true, result: await o.room.hint(input.text as string, who) });
      return fail(res, 404, 'not-found', `No ${path} here`);
    } catch (e) {
      if (e instanceof ClassError) return fail(res, 400, 'invalid-input', e.message);
      throw e;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) fail(res, 500, 'internal', 'The class could not answer');
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    const listen = (p: number) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        if (p !== 0 && e.code === 'EADDRINUSE') listen(0);
        else reject(e);
      });
      server.listen(p, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve({
          url: `http://127.0.0.1:${port}${INSTRUCTOR_PATH}?${INSTRUCTOR_TOKEN_PARAM}=${o.token}`,
          port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              server.closeAllConnections();
            }),
        });
      });
    };
    listen(o.port);
  });
}
