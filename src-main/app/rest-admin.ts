import type { FaultMatch, FaultRule, RequestLogEntry, RestCredentials } from '../contract/rest-entities.ts';
import { Prng } from '../core/prng.ts';
import { LabError } from '../contract/errors.ts';

/**
 * What the HTTP API keeps about itself: injected fault rules and the request log. In memory (a
 * restart starts clean), one per lab folder, because the host that answers the admin methods
 * (rest-fault-set, rest-log-list) and the HTTP handler that applies them are wired separately:
 * the handler finds this object by the host's data folder, the handlers by `ctx.services.dataDir`.
 */
export const REST_ADMIN_PARAMS = {
  /** Request log entries kept (a ring: the oldest go first). */
  logCapacity: 5000,
};

/**
 * Login to the Horizon-compatible API (/rest/login). Horizon does not document its token lifetimes;
 * these are our defaults, in wall-clock seconds (never simulated time).
 */
export const REST_AUTH_PARAMS = {
  username: 'administrator',
  /** NetBIOS domain of the lab (core/lab/people.ts DOMAIN) and the AD DNS domain the REST objects show. */
  domain: 'CORP',
  dnsDomain: 'corp.local',
  accessTokenTtlSeconds: 30 * 60,
  refreshTokenTtlSeconds: 8 * 3600,
  /** A failed login answers after this delay, to slow guessing by other local users. */
  failedLoginDelayMs: 250,
};

/** A request as the fault rules see it. */
export interface FaultRequest {
  api: 'rest' | 'api';
  method: string;
  /** Path under /rest (e.g. `/inventory/v1/machines`) or `/api/v1/{method}`. */
  path: string;
  /** The route's template (`/inventory/v1/machines/{id}`), when a route matched. */
  template: string | null;
  operationId: string | null;
  apiMethod: string | null;
}

/** Contract methods that no injected fault applies to (see pickFault). */
const FAULT_ADMIN_METHODS = new Set(['rest-fault-set', 'rest-fault-list', 'rest-fault-clear']);

function matches(m: FaultMatch, r: FaultRequest): boolean {
  if (m.operationId !== undefined && m.operationId !== r.operationId) return false;
  if (m.apiMethod !== undefined && m.apiMethod !== r.apiMethod) return false;
  if (m.method !== undefined && m.method !== r.method) return false;
  if (m.path !== undefined && m.path !== r.template && m.path !== r.path) return false;
  if (m.pathPrefix !== undefined && !r.path.startsWith(m.pathPrefix)) return false;
  return true;
}

/** A stable number for a rule id: its own random stream, so one rule's draws do not shift another's. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export type CredentialsInfo = Omit<RestCredentials, 'scriptTokens'> & { scriptTokens(): RestCredentials['scriptTokens'] };

export class RestAdmin {
  private readonly rules: FaultRule[] = [];
  private readonly draws = new Map<string, Prng>();
  private readonly entries: RequestLogEntry[] = [];
  private nextId = 1;
  /** Set by the HTTP server that serves this lab; absent when none does (the CLI, Electron without the listener). */
  credentials: CredentialsInfo | null = null;

  constructor(private readonly seed = 1) {}

  listFaults(): FaultRule[] {
    return this.rules.map((r) => ({ ...r, match: { ...r.match } }));
  }

  /** Adds a rule, or replaces the one with the same id (its counter and random stream start again). */
  setFault(rule: Omit<FaultRule, 'fired'>): FaultRule {
    const full: FaultRule = { ...rule, match: { ...rule.match }, fired: 0 };
    const i = this.rules.findIndex((r) => r.id === rule.id);
    if (i >= 0) this.rules[i] = full;
    else this.rules.push(full);
    this.draws.set(rule.id, new Prng((this.seed ^ hash(rule.id)) >>> 0));
    return { ...full, match: { ...full.match } };
  }

  clearFaults(id?: string): number {
    if (id === undefined) {
      const n = this.rules.length;
      this.rules.length = 0;
      this.draws.clear();
      return n;
    }
    const i = this.rules.findIndex((r) => r.id === id);
    if (i < 0) return 0;
    this.rules.splice(i, 1);
    this.draws.delete(id);
    return 1;
  }

  /**
   * The fault that fires for this request, if any: the first enabled rule that matches and has
   * count left; its probability is drawn from the rule's own seeded stream. Firing uses up one count.
   */
  pickFault(r: FaultRequest): FaultRule | null {
    // The fault administration itself is never faulted: a broad rule (`pathPrefix: "/api"`) would
    // otherwise refuse the rest-fault-clear that removes it, and a script could not clean up after its test.
    if (r.apiMethod !== null && FAULT_ADMIN_METHODS.has(r.apiMethod)) return null;
    for (const rule of this.rules) {
      if (!rule.enabled || rule.count === 0 || !matches(rule.match, r)) continue;
      const draw = this.draws.get(rule.id)?.next() ?? 0;
      if (draw >= rule.probability) return null;
      rule.fired++;
      if (rule.count !== null) rule.count--;
      return { ...rule, match: { ...rule.match } };
    }
    return null;
  }

  /** The delay of a fault: its delay plus a jitter drawn from the rule's stream. */
  delayOf(rule: FaultRule): number {
    if (rule.jitterMs <= 0) return rule.delayMs;
    const draw = this.draws.get(rule.id)?.next() ?? 0;
    return rule.delayMs + Math.floor(draw * (rule.jitterMs + 1));
  }

  log(entry: Omit<RequestLogEntry, 'id'>): RequestLogEntry {
    const full = { id: this.nextId++, ...entry };
    this.entries.push(full);
    if (this.entries.length > REST_ADMIN_PARAMS.logCapacity) this.entries.splice(0, this.entries.length - REST_ADMIN_PARAMS.logCapacity);
    return full;
  }

  /** Newest first; only entries after `afterId` when given. */
  listLog(afterId = 0, limit = 500): { total: number; entries: RequestLogEntry[] } {
    const out: RequestLogEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.entries[i] as RequestLogEntry;
      if (e.id <= afterId) break;
      out.push(e);
    }
    return { total: this.entries.length, entries: out };
  }
}

const registry = new Map<string, RestAdmin>();

/** The HTTP API state of the lab in this folder (created on first use). */
export function restAdminFor(dataDir: string | undefined): RestAdmin {
  const key = dataDir ?? '';
  let admin = registry.get(key);
  if (!admin) {
    admin = new RestAdmin(hash(key));
    registry.set(key, admin);
  }
  return admin;
}

/** Forgets a folder's state (when its server closes), so a later server on the same folder starts clean. */
export function dropRestAdmin(dataDir: string | undefined): void {
  registry.delete(dataDir ?? '');
}

/**
 * What the rest-* methods do to the HTTP API's state, as data: the state lives with the HTTP front
 * that applies the faults and writes the log. With the host in the front's thread the handlers run
 * it on `restAdminFor` directly; with the host in a worker (host/runner) they send it to the front.
 */
export type RestAdminOp =
  | { op: 'list-faults' }
  | { op: 'set-fault'; rule: Omit<FaultRule, 'fired'> }
  | { op: 'clear-faults'; id?: string }
  | { op: 'list-log'; afterId?: number; limit?: number }
  | { op: 'credentials' };

export function runRestAdminOp(admin: RestAdmin, o: RestAdminOp): unknown {
  switch (o.op) {
    case 'list-faults':
      return admin.listFaults();
    case 'set-fault':
      return admin.setFault(o.rule);
    case 'clear-faults':
      if (o.id !== undefined && !admin.listFaults().some((r) => r.id === o.id)) {
        throw new LabError('not-found', `No injected fault with id "${o.id}"`, ['id']);
      }
      return { removed: admin.clearFaults(o.id) };
    case 'list-log':
      return admin.listLog(o.afterId, o.limit);
    case 'credentials': {
      const c = admin.credentials;
      if (c) return { ...c, scriptTokens: c.scriptTokens() };
      const p = REST_AUTH_PARAMS;
      return {
        username: p.username,
        domain: p.domain,
        dnsDomain: p.dnsDomain,
        passwordSource: 'not-served',
        accessTokenTtlSeconds: p.accessTokenTtlSeconds,
        refreshTokenTtlSeconds: p.refreshTokenTtlSeconds,
        scriptTokens: [],
      };
    }
  }
}
