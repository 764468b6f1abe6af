import type { Entitlement } from '../../contract/entities.ts';
import type { Answer } from '../http/traffic.ts';
import { badRequest, notFound } from './errors.ts';
import { dec, enc, type Sids } from './ids.ts';
import type { Lab } from './lab.ts';
import { listAnswer } from './query.ts';
import { ok, type Route } from './route.ts';

// Entitlements of desktop pools: list (every pool, an empty list for pools without any), get,
// and bulk create / delete / update (update = replace the pool's set).

function sidOf(e: Entitlement, sids: Sids): string {
  return e.principalType === 'user' ? sids.user(e.principalId) : sids.group(e.principalId);
}

function infoOf(poolId: string, ents: Entitlement[], sids: Sids) {
  return { id: enc('pool', poolId), ad_user_or_group_ids: ents.filter((e) => e.poolId === poolId).map((e) => sidOf(e, sids)) };
}

interface Spec {
  restId: string;
  poolId: string | null;
  sids: string[];
}

function specs(body: unknown): Spec[] {
  if (!Array.isArray(body) || body.length === 0) throw badRequest('rest.invalid.json', 'The body must be a non-empty list of {id, ad_user_or_group_ids}');
  const seen = new Set<string>();
  return body.map((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest('rest.invalid.field', `[${i}] must be an object`);
    const o = raw as Record<string, unknown>;
    if (typeof o.id !== 'string' || o.id === '') throw badRequest('rest.invalid.field', `[${i}].id is required`);
    if (seen.has(o.id)) throw badRequest('rest.invalid.field', `Desktop pool ${o.id} appears twice`);
    seen.add(o.id);
    const list = o.ad_user_or_group_ids ?? [];
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string'))
      throw badRequest('rest.invalid.field', `[${i}].ad_user_or_group_ids must be a list of SIDs`);
    return { restId: o.id, poolId: dec('pool', o.id), sids: [...new Set(list as string[])] };
  });
}

type Op = 'add' | 'remove' | 'replace';

async function bulk(lab: Lab, body: unknown, op: Op): Promise<Answer> {
  const list = specs(body);
  const sids = await lab.sids();
  const out: Record<string, unknown>[] = [];
  for (const s of list) {
    const current = s.poolId ? await lab.reply('entitlement-list', { poolId: s.poolId }) : null;
    if (!current?.ok) {
      out.push({
        id: s.restId,
        status_code: 404,
        errors: [{ error_key: 'inventory.desktop.pool.not.found', error_message: `No desktop pool with id ${s.restId}` }],
      });
      continue;
    }
    const poolId = s.poolId as string;
    const have = new Set(current.result.map((e) => sidOf(e, sids)));
    const wanted = new Set(s.sids);
    const changes: { sid: string; add: boolean }[] =
      op === 'replace'
        ? [
            ...[...wanted].filter((x) => !have.has(x)).map((sid) => ({ sid, add: true })),
            ...[...have].filter((x) => !wanted.has(x)).map((sid) => ({ sid, add: false })),
          ]
        : s.sids.map((sid) => ({ sid, add: op === 'add' }));
    const details: Record<string, unknown>[] = [];
    for (const ch of changes) {
      const p = sids.parse(ch.sid);
      if (!p) {
        details.push({
          ad_user_or_group_id: ch.sid,
          status_code: 404,
          errors: [{ error_key: 'entitlement.principal.not.found', error_message: `No user or group with SID ${ch.sid}` }],
        });
        continue;
      }
      const input = { poolId, principalType: p.type, principalId: p.id };
      const r = ch.add ? await lab.reply('entitlement-add', input) : await lab.reply('entitlement-remove', input);
      details.push(
        r.ok
          ? { ad_user_or_group_id: ch.sid, status_code: 200 }
          : {
              ad_user_or_group_id: ch.sid,
              status_code: r.error.code === 'not-found' ? 404 : 400,
              errors: [{ error_key: 'entitlement.failed', error_message: r.error.message }],
            },
      );
    }
    const failed = details.find((d) => d.status_code !== 200);
    out.push({ id: s.restId, status_code: failed ? failed.status_code : 200, details });
  }
  return ok(out);
}

export const entitlementRoutes: Route[] = [
  {
    method: 'GET',
    path: '/entitlements/v1/desktop-pools',
    operationId: 'listDesktopPoolEntitlements',
    list: { type: 'EntitlementInfo', paged: true, filtered: true, sorted: false },
    handle: async (c) => {
      const [pools, ents, sids] = await Promise.all([c.lab.get('pool-list', {}), c.lab.get('entitlement-list', {}), c.lab.sids()]);
      return listAnswer(
        pools.map((p) => infoOf(p.id, ents, sids)),
        c.list(),
      );
    },
  },
  {
    method: 'GET',
    path: '/entitlements/v1/desktop-pools/{id}',
    operationId: 'getDesktopPoolEntitlements',
    handle: async (c) => {
      const restId = c.params.id as string;
      const id = dec('pool', restId);
      const r = id ? await c.lab.reply('entitlement-list', { poolId: id }) : null;
      if (!r?.ok) throw notFound('desktop.pool', restId);
      return ok(infoOf(id as string, r.result, await c.lab.sids()));
    },
  },
  {
    method: 'POST',
    path: '/entitlements/v1/desktop-pools',
    operationId: 'bulkCreateDesktopPoolEntitlements',
    handle: async (c) => bulk(c.lab, await c.body(), 'add'),
  },
  {
    method: 'DELETE',
    path: '/entitlements/v1/desktop-pools',
    operationId: 'bulkDeleteDesktopPoolEntitlements',
    handle: async (c) => bulk(c.lab, await c.body(), 'remove'),
  },
  {
    method: 'PUT',
    path: '/entitlements/v1/desktop-pools',
    operationId: 'bulkUpdateDesktopPoolEntitlements',
    handle: async (c) => bulk(c.lab, await c.body(), 'replace'),
  },
];
