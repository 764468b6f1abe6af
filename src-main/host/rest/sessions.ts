import type { Pool, User } from '../../contract/entities.ts';
import type { Input, MethodName } from '../../contract/methods.ts';
import type { SessionLeanRow } from '../../contract/rest-entities.ts';
import { REST_AUTH_PARAMS } from '../../app/rest-admin.ts';
import type { Answer } from '../http/traffic.ts';
import { badRequest, notFound } from './errors.ts';
import { CLIENT_TYPE, agentVersion, poolTypeSource, sessionProtocol, sessionState } from './enums.ts';
import { dec, enc, internalSessionId, type Sids } from './ids.ts';
import type { Lab } from './lab.ts';
import { listAnswer, pageOf, type Filter, type ListQuery } from './query.ts';
import { bulkItem, bulkRetry, idList, ok, queryBool, requireObject, type ItemError, type Route } from './route.ts';
import { compact, dnsName, loginName, ms } from './view.ts';
import { between, projector } from './versions.ts';

// Sessions: v1 and the current v7; list, get, and the session actions (disconnect, log off,
// reset, restart, send message). Logged-off sessions are never listed.

type Version = 'v1' | 'v7';

interface SessionView {
  sids: Sids;
  users: Map<string, User>;
  pools: Map<string, Pool>;
  /** Simulated now, epoch ms (idle duration). */
  now: number;
}

async function sessionView(lab: Lab): Promise<SessionView> {
  const [sids, users, pools, clock] = await Promise.all([lab.sids(), lab.cache.usersById(), lab.get('pool-list', {}), lab.get('clock-get', {})]);
  return { sids, users, pools: new Map(pools.map((p) => [p.id, p])), now: ms(clock.simTime) };
}

export function sessionObject(r: SessionLeanRow, v: SessionView, version: Version): Record<string, unknown> {
  const multi = r.sessionType === 'multi-session';
  const state = sessionState(r.state);
  const since = ms(r.stateSince);
  const common = {
    id: enc('session', r.id),
    user_id: v.sids.user(r.userId),
    desktop_pool_id: enc('pool', r.poolId),
    machine_id: multi ? undefined : enc('machine', r.desktopId),
    farm_id: multi ? enc('farm', r.poolId) : undefined,
    rds_server_id: multi ? enc('rds', r.desktopId) : undefined,
    session_type: 'DESKTOP',
    session_state: state,
    // No protocol while disconnected (no client connected).
    session_protocol: state === 'DISCONNECTED' ? undefined : sessionProtocol(r.protocol),
    agent_version: agentVersion(r.agentVersion),
    start_time: ms(r.startedAt),
    disconnected_time: state === 'DISCONNECTED' ? since : undefined,
    // Minutes idle; 0 while the user works; not set for pending or disconnected sessions.
    idle_duration: r.state === 'idle' ? Math.max(0, Math.floor((v.now - since) / 60_000)) : state === 'CONNECTED' ? 0 : undefined,
    client_data: { type: CLIENT_TYPE[r.clientDevice] },
    brokered_remotely: false,
    resourced_remotely: false,
    unauthenticated: false,
  };
  if (version === 'v1') return compact(common);
  const pool = v.pools.get(r.poolId);
  const ts = pool ? poolTypeSource(pool) : undefined;
  return compact({
    ...common,
    internal_session_id: internalSessionId(r.id),
    user_name: loginName(r.userLogin),
    domain_name: REST_AUTH_PARAMS.dnsDomain,
    groups: (v.users.get(r.userId)?.groupIds ?? []).map((g) => v.sids.group(g)),
    desktop_pool_or_farm_name: r.poolName,
    desktop_pool_or_farm_type: ts?.type,
    desktop_pool_or_farm_source: ts?.source,
    machine_or_rds_server_name: r.desktopName,
    machine_or_rds_server_dns: dnsName(r.desktopName),
  });
}

/** Filter leaves the lab can narrow by before building objects (a superset: the filter is applied after). */
function pushdown(f: Filter | null, sids: Sids): Partial<Input<'session-page'>> {
  if (!f) return {};
  const out: Partial<Input<'session-page'>> = {};
  for (const l of f.type === 'And' ? f.filters : [f]) {
    if (l.type !== 'Equals' || typeof l.value !== 'string') continue;
    if (l.name === 'machine_id') out.desktopId = dec('machine', l.value) ?? '-';
    else if (l.name === 'rds_server_id') out.desktopId = dec('rds', l.value) ?? '-';
    else if (l.name === 'desktop_pool_id') out.poolId = dec('pool', l.value) ?? '-';
    else if (l.name === 'farm_id') out.poolId = dec('farm', l.value) ?? '-';
    else if (l.name === 'id') out.ids = [dec('session', l.value) ?? '-'];
    else if (l.name === 'user_id') {
      const p = sids.parse(l.value);
      out.userId = p?.type === 'user' ? p.id : '-';
    }
  }
  return out;
}

async function listSessions(lab: Lab, q: ListQuery, version: Version, project?: (o: unknown) => unknown): Promise<Answer> {
  const v = await sessionView(lab);
  if (!q.filter && !q.sort && q.page) {
    const offset = (q.page.page - 1) * q.page.size;
    const page = await lab.get('session-page', { limit: q.page.size, offset });
    const { headers } = pageOf(page.total, q.page);
    const objects = page.rows.map((r) => sessionObject(r, v, version));
    return { status: 200, text: JSON.stringify(project ? objects.map(project) : objects), headers };
  }
  const rows = (await lab.get('session-page', pushdown(q.filter, v.sids))).rows;
  return listAnswer(
    rows.map((r) => sessionObject(r, v, version)),
    q,
    project,
  );
}

async function getSession(lab: Lab, restId: string, version: Version, project?: (o: unknown) => unknown): Promise<Answer> {
  const id = dec('session', restId);
  const row = id ? (await lab.get('session-page', { ids: [id] })).rows[0] : undefined;
  if (!row) throw notFound('session', restId);
  const o = sessionObject(row, await sessionView(lab), version);
  return ok(project ? project(o) : o);
}

type SessionBulk = Extract<MethodName, 'session-disconnect' | 'session-logoff' | 'session-reset-desktop' | 'session-restart-desktop' | 'session-send-message'>;

/**
 * A session action on many ids: unknown ones get item 404; for reset / restart, sessions on
 * session hosts get item 400 (Horizon: not for an application or RDS desktop session); the rest
 * go to the contract's bulk method, one item answer each.
 */
async function sessionAction(lab: Lab, restIds: string[], method: SessionBulk, extra: Record<string, unknown> = {}): Promise<Answer> {
  const decoded = new Map<string, string>();
  for (const r of restIds) {
    const id = dec('session', r);
    if (id) decoded.set(r, id);
  }
  const rows = decoded.size ? (await lab.get('session-page', { ids: [...new Set(decoded.values())] })).rows : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const refused = new Map<string, ItemError>();
  if (method === 'session-reset-desktop' || method === 'session-restart-desktop') {
    for (const r of rows) {
      if (r.sessionType === 'multi-session') {
        refused.set(r.id, {
          status: 400,
          key: 'inventory.session.rds',
          message: `Session ${enc('session', r.id)} is an RDS desktop session: reset and restart are for VDI desktop sessions`,
        });
      }
    }
  }
  const targets = rows.filter((r) => !refused.has(r.id)).map((r) => r.id);
  const results = targets.length
    ? await bulkRetry(targets, (ids) => lab.reply(method, { ids, ...extra } as Input<SessionBulk>))
    : new Map<string, ItemError | null>();
  return ok(
    restIds.map((r) => {
      const id = decoded.get(r);
      if (!id || !byId.has(id)) return bulkItem(r, { status: 404, key: 'inventory.session.not.found', message: `No session with id ${r}` });
      return bulkItem(r, refused.get(id) ?? results.get(id) ?? null);
    }),
  );
}

function listOp(version: Version) {
  return { type: version === 'v1' ? 'SessionInfo' : 'SessionInfoV7', paged: true, filtered: true, sorted: true };
}

const MESSAGE_TYPES = { INFO: 'info', WARNING: 'warning', ERROR: 'error' } as const;
/** A console message's title, at most (session-send-message's input). */
const TITLE_MAX = 120;

export const sessionRoutes: Route[] = [
  { method: 'GET', path: '/inventory/v1/sessions', operationId: 'listSessionInfo', list: listOp('v1'), handle: (c) => listSessions(c.lab, c.list(), 'v1') },
  { method: 'GET', path: '/inventory/v7/sessions', operationId: 'listSessionInfoV7', list: listOp('v7'), handle: (c) => listSessions(c.lab, c.list(), 'v7') },
  { method: 'GET', path: '/inventory/v1/sessions/{id}', operationId: 'getSessionInfo', handle: (c) => getSession(c.lab, c.params.id as string, 'v1') },
  { method: 'GET', path: '/inventory/v7/sessions/{id}', operationId: 'getSessionInfoV7', handle: (c) => getSession(c.lab, c.params.id as string, 'v7') },
  // v2–v6: the v7 object narrowed to that version's fields (v2 has no get by id in the spec).
  ...between('SessionInfo', 2, 6).flatMap(([n, schema]): Route[] => {
    const project = projector(schema);
    const list: Route = {
      method: 'GET',
      path: `/inventory/v${n}/sessions`,
      operationId: `listSessionInfoV${n}`,
      list: listOp('v7'),
      handle: (c) => listSessions(c.lab, c.list(), 'v7', project),
    };
    if (n === 2) return [list];
    return [
      list,
      {
        method: 'GET',
        path: `/inventory/v${n}/sessions/{id}`,
        operationId: `getSessionInfoV${n}`,
        handle: (c) => getSession(c.lab, c.params.id as string, 'v7', project),
      },
    ];
  }),
  {
    method: 'POST',
    path: '/inventory/v1/sessions/action/disconnect',
    operationId: 'disconnectSessions',
    handle: async (c) => sessionAction(c.lab, idList(await c.body(), 'session ids'), 'session-disconnect'),
  },
  {
    method: 'POST',
    path: '/inventory/v1/sessions/action/logoff',
    operationId: 'logOffSessions',
    // `forced`: the lab has no locked sessions, so both kinds of logoff end the session (the value is still checked).
    handle: async (c) => {
      queryBool(c.url, 'forced');
      return sessionAction(c.lab, idList(await c.body(), 'session ids'), 'session-logoff');
    },
  },
  {
    method: 'POST',
    path: '/inventory/v1/sessions/action/reset',
    operationId: 'resetSessions',
    handle: async (c) => sessionAction(c.lab, idList(await c.body(), 'session ids'), 'session-reset-desktop'),
  },
  {
    method: 'POST',
    path: '/inventory/v1/sessions/action/restart',
    operationId: 'restartSessions',
    handle: async (c) => sessionAction(c.lab, idList(await c.body(), 'session ids'), 'session-restart-desktop'),
  },
  {
    method: 'POST',
    path: '/inventory/v1/sessions/action/send-message',
    operationId: 'sendMessageToSessions',
    handle: async (c) => {
      const spec = requireObject(await c.body());
      const message = spec.message;
      const type = spec.message_type;
      if (typeof message !== 'string' || message.trim() === '') throw badRequest('rest.invalid.field', 'message is required');
      if (message.length > 2000) throw badRequest('rest.invalid.field', 'message is longer than 2000 characters');
      if (typeof type !== 'string' || !(type in MESSAGE_TYPES)) throw badRequest('rest.invalid.field', 'message_type is INFO, WARNING or ERROR');
      return sessionAction(c.lab, idList(spec.session_ids, 'session ids'), 'session-send-message', {
        severity: MESSAGE_TYPES[type as keyof typeof MESSAGE_TYPES],
        ...titleAndBody(message),
      });
    },
  },
];

/**
 * The console shows a title and a body; Horizon sends one text. Its first line is the title and the rest the body, so the user
 * does not read the first line twice. A first line longer than a title keeps the whole text as the body.
 */
export function titleAndBody(message: string): { title: string; body: string } {
  const text = message.trim();
  const cut = text.indexOf('\n');
  const first = (cut < 0 ? text : text.slice(0, cut)).trim();
  if (first.length > TITLE_MAX) return { title: `${first.slice(0, TITLE_MAX - 1)}…`, body: text };
  return { title: first, body: cut < 0 ? '' : text.slice(cut + 1).trim() };
}
