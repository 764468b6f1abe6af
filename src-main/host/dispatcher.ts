import type { z } from 'zod';
import { MAX_REQUEST_BYTES } from '../contract/client.ts';
import { LabError, type ApiError, type Reply } from '../contract/errors.ts';
import { isMethodName, methods, type MethodName, type PushMessage } from '../contract/methods.ts';
import { plainJsonIssue } from '../contract/plain-json.ts';
import { AppContext, type AppServices, type CallContext, type Handler } from '../app/context.ts';
import { appendAction, recordsAction } from '../store/action-log.ts';
import { currentView, isOpening, readsTheConsole } from '../app/replay/views.ts';

/**
 * What the host does around a mutating method, all inside the method's transaction: bring the
 * store up to date before the handler (it judges the lab as it is now); after the handler, bring
 * the engine in line with the change and write its state (so the change and the engine's state
 * commit together, or neither does). After a failure nothing of it stays: the transaction rolls
 * back, the catching-up included (a refused request changes no byte), and the engine forgets in
 * memory what it wrote or what the handler did to it.
 */
export interface MutationHooks {
  beforeMutation?(ctx: AppContext): void;
  duringMutation?(ctx: AppContext): PushMessage[];
  afterFailedMutation?(): void;
}

const NO_SERVICES: AppServices = {
  simulation() {
    throw new LabError('internal', 'No simulation in this context');
  },
  hasSimulation: () => false,
  yieldToOthers: () => new Promise((r) => setImmediate(r)),
};
import type { Db } from '../store/db.ts';
import { roleAllows, type Role } from '../contract/roles.ts';
import { narrow as narrowForTenant, refuse as refuseForTenant } from '../app/tenant-scope.ts';
import { accountTenant } from '../store/tenants.ts';
import { getAccount } from '../store/accounts.ts';
import { simTime as storedSimTime } from '../store/meta.ts';
import { summarizeInput } from '../store/audit-log.ts';

/**
 * What the audit trail leaves out, when it succeeds:
 * - a method whose permission is `read` (lists, gets, metrics: the console polls them every few
 *   seconds, and a scale-10k session view asks `session-live` several times a second — recording
 *   those would bury every change and refusal under reads);
 * - `session-whoami` (asked at every reconnect) and `settings-set` (the console's own preferences —
 *   theme, last page, sidebar — written at every page change; not the lab's state).
 * Everything else is recorded: every change of the lab, every refusal (validation, permission,
 * not-found, conflict…) of any method, reads and preferences included, and every successful call
 * of the other permissions — reading the audit, exporting a checkpoint, signing in.
 */
export const AUDIT_SKIPPED_WHEN_OK: ReadonlySet<string> = new Set(['session-whoami', 'settings-set']);

export function auditSkips(permission: string | undefined, method: string, ok: boolean): boolean {
  return ok && (permission === 'read' || AUDIT_SKIPPED_WHEN_OK.has(method));
}

/**
 * The one door into the host: validate → authorize → run the handler → reply,
 * then push what changed. Every transport (IPC, WebSocket, in-process, CLI)
 * goes through `dispatch` or `dispatchText`; none of them knows the others.
 */
export class Dispatcher {
  private readonly table = new Map<MethodName, Handler<MethodName>>();
  private readonly listeners = new Set<(msg: PushMessage) => void>();

  constructor(
    private readonly db: Db,
    private readonly wallClock: () => Date = () => new Date(),
    private readonly services: AppServices = NO_SERVICES,
    private readonly hooks: MutationHooks = {},
  ) {}

  register<K extends MethodName>(name: K, handler: Handler<K>): void {
    if (!isMethodName(name)) throw new Error(`"${String(name)}" is not a method of the contract`);
    if (this.table.has(name)) throw new Error(`method "${name}" is registered twice`);
    this.table.set(name, handler as unknown as Handler<MethodName>);
  }

  /** Every method of the contract has a handler. */
  assertComplete(): void {
    const missing = Object.keys(methods).filter((m) => !this.table.has(m as MethodName));
    if (missing.length) throw new Error(`methods without a handler: ${missing.join(', ')}`);
  }

  onPush(listener: (msg: PushMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(msg: PushMessage): void {
    // While a past moment is shown read-only (replay), the live lab's clock and figures are not what the consoles show.
    const view = currentView(this.services.dataDir);
    if (
      view &&
      (msg.topic === 'metrics' || msg.topic === 'sessions-changed' || (msg.topic === 'clock' && (msg.payload as { simTime?: string }).simTime !== view.simTime))
    )
      return;
    for (const l of this.listeners) {
      try {
        l(msg);
      } catch {
        // A broken listener (a closed socket) must not break the others.
      }
    }
  }

  /** For transports that carry text (WebSocket, CLI): size check, JSON parse, request shape. */
  async dispatchText(text: string, call: CallContext): Promise<{ id: unknown; reply: Reply<unknown> }> {
    const out = await this.parseText(text, call);
    // A request refused before it named a method is a refusal too: on the trail as "(bad request)".
    if ('early' in out) this.record('(bad request)', { length: text.length }, call, call.role === undefined ? 'administrators' : call.role, out.reply);
    return { id: out.id, reply: out.reply };
  }

  private async parseText(text: string, call: CallContext): Promise<{ id: unknown; reply: Reply<unknown>; early?: true }> {
    if (Buffer.byteLength(text, 'utf8') > MAX_REQUEST_BYTES) {
      return { early: true, id: null, reply: fail({ code: 'payload-too-large', message: `Request larger than ${MAX_REQUEST_BYTES} bytes` }) };
    }
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch (err) {
      return { early: true, id: null, reply: fail({ code: 'bad-request', message: `Request is not valid JSON: ${(err as Error).message}` }) };
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      return { early: true, id: null, reply: fail({ code: 'bad-request', message: 'Request must be a JSON object {id, method, input}' }) };
    }
    const { id, method, input } = msg as { id?: unknown; method?: unknown; input?: unknown };
    // A request id is echoed back, so it must be something small and flat.
    if (id !== undefined && id !== null && typeof id !== 'number' && !(typeof id === 'string' && id.length <= 200)) {
      return { early: true, id: null, reply: fail({ code: 'bad-request', message: 'Request id must be a number or a short string' }) };
    }
    return { id: id ?? null, reply: await this.dispatch(method, input, call) };
  }

  /** The audited door: every request is answered by `answer`, then written to the trail with its outcome. */
  async dispatch(method: unknown, input: unknown, call: CallContext): Promise<Reply<unknown>> {
    const seen: { role: Role | null } = { role: call.role === undefined ? 'administrators' : call.role };
    const reply = await this.answer(method, input, call, seen);
    this.record(method, input, call, seen.role, reply);
    return reply;
  }

  private record(method: unknown, input: unknown, call: CallContext, role: Role | null, reply: Reply<unknown>): void {
    const audit = this.services.audit;
    if (!audit) return;
    const name = typeof method === 'string' ? method.slice(0, 100) : '(no method)';
    const permission = isMethodName(method) ? methods[method].permission : undefined;
    if (auditSkips(permission, name, reply.ok)) return;
    let sim: string | null = null;
    try {
      sim = this.services.hasSimulation() ? this.services.simulation().clock().simTime : storedSimTime(this.db);
    } catch {
      sim = null; // a lab that cannot be read still gets its trail
    }
    audit.append({
      wallTime: this.wallClock().toISOString(),
      simTime: sim,
      user: call.user,
      role: role ?? '(not signed in)',
      transport: call.transport ?? 'in-process',
      method: name,
      input: summarizeInput(input),
      outcome: reply.ok ? 'ok' : 'error',
      code: reply.ok ? null : reply.error.code,
      message: reply.ok ? null : reply.error.message.slice(0, 500),
    });
  }

  /** Who the caller is now: an account's role is read from the lab each time (a disabled or deleted one is refused). */
  private resolveRole(call: CallContext): Role | null | ApiError {
    if (call.accountId) {
      const a = getAccount(this.db, call.accountId);
      if (!a) return { code: 'unauthorized', message: 'Your account no longer exists: sign in again' };
      if (a.disabled) return { code: 'unauthorized', message: 'Your account is disabled' };
      return a.role;
    }
    return call.role === undefined ? 'administrators' : call.role;
  }

  private async answer(method: unknown, input: unknown, call: CallContext, seen: { role: Role | null }): Promise<Reply<unknown>> {
    if (!isMethodName(method)) {
      return fail({
        code: 'unknown-method',
        message: typeof method === 'string' ? `Unknown method "${method}" (see \`vdi-console api\`)` : 'Request has no method name',
      });
    }
    const def = methods[method];
    // Authorize before anything else about the request is judged: a caller without the permission learns nothing from validation.
    const role = this.resolveRole(call);
    if (role !== null && typeof role === 'object') return fail(role);
    seen.role = role;
    if (role === null && method !== 'session-whoami') {
      return fail({ code: 'unauthorized', message: 'Sign in first: this console has admin accounts' });
    }
    if (role !== null && !roleAllows(role, def.permission)) {
      return fail({
        code: 'forbidden',
        message: `Your role (${role}) does not allow ${method} (needs the "${def.permission}" permission); nothing was changed`,
      });
    }
    const notJson = plainJsonIssue(input);
    if (notJson) {
      const where = notJson.path.length ? notJson.path.join('.') : 'input';
      return fail({ code: 'invalid-input', message: `${where}: ${notJson.message}`, path: notJson.path });
    }
    const parsed = (def.input as z.ZodType).safeParse(input ?? {});
    if (!parsed.success) return fail(zodToApiError(parsed.error));
    // An account scoped to a tenant (issue 19: app/tenant-scope.ts) reaches only its tenant's pools, desktops and sessions.
    const tenantId = call.accountId ? accountTenant(this.db, call.accountId) : null;
    if (tenantId) {
      const refused = refuseForTenant(this.db, tenantId, method, parsed.data);
      if (refused) return fail(refused);
    }
    // A past moment open read-only (replay): reads show it, changes of the lab are refused until back to live.
    // While one is being opened, changes wait too: the replay read the log, and the live lab must stay the one it replays.
    // (The class instructor's calls are the class's, not the trainee's screen: they reach the live lab. CallContext.live)
    const view = call.live ? undefined : currentView(this.services.dataDir);
    const opening = !call.live && this.services.dataDir !== undefined && isOpening(this.services.dataDir);
    if ((view || opening) && !method.startsWith('replay-')) {
      if (def.mutates && (def.permission === 'configure' || def.permission === 'simulate' || def.permission === 'helpdesk')) {
        return fail({
          code: 'conflict',
          message: view
            ? `Viewing ${view.simTime.slice(11, 16)} (read-only): ${method} changes nothing here. Go back to live (replay-view-close) or branch from here (replay-branch) first.`
            : `A past moment is being opened (read-only): ${method} changes nothing now. Try again once the view is open and you went back to live.`,
        });
      }
      // Reads show the moment, except what is the console's own (its HTTP API's faults and log, checkpoints, capacity, preferences).
      if (view && def.permission === 'read' && !readsTheConsole(method)) {
        return view.host.dispatch(method, input, { user: call.user, role, transport: call.transport });
      }
    }
    const handler = this.table.get(method);
    if (!handler) return fail({ code: 'internal', message: `Method "${method}" has no handler` });

    const ctx = new AppContext(this.db, call, this.wallClock, this.services);
    ctx.role = role;
    ctx.tenantId = tenantId;
    ctx.method = method as MethodName;
    ctx.input = parsed.data;
    try {
      let result: unknown;
      if (def.mutates && !def.runs) {
        // A mutating method is one transaction with its event rows and the engine's state: all of it lands, or none.
        try {
          result = this.db.transaction(() => {
            // The store must be current before a handler judges the lab's state (the simulation writes in batches).
            this.hooks.beforeMutation?.(ctx);
            const r = handler(parsed.data as never, ctx);
            if (r instanceof Promise) throw new Error(`mutating method ${method} must answer synchronously`);
            ctx.pushes.push(...(this.hooks.duringMutation?.(ctx) ?? []));
            // The action log (app/replay): what changed the simulation, at the instant it took effect, in commit order.
            if (recordsAction(method) && !ctx.unchanged)
              appendAction(this.db, { simTime: ctx.simTime(), method, input: input ?? {}, user: call.user, wallTime: ctx.wallTime() });
            return r;
          })();
        } catch (err) {
          this.hooks.afterFailedMutation?.();
          throw err;
        }
        // The part that runs in a transaction of its own once the handler's committed (app/context.ts afterCommit).
        if (ctx.afterCommit) await ctx.afterCommit();
      } else {
        // Long runs (clock-step, checkpoints) commit in steps of their own.
        result = await handler(parsed.data as never, ctx);
      }
      const pushes = ctx.drainPushes();
      for (const p of pushes) this.publish(p);
      return { ok: true, result: tenantId ? narrowForTenant(this.db, tenantId, method, result) : result };
    } catch (err) {
      if (err instanceof LabError) return fail(err.toApiError());
      return fail({ code: 'internal', message: `Internal error in ${method}: ${(err as Error).message}` });
    }
  }
}

function fail(error: ApiError): Reply<never> {
  return { ok: false, error };
}

export function zodToApiError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return { code: 'invalid-input', message: 'Invalid input' };
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.length ? path.join('.') : 'input';
  return { code: 'invalid-input', message: `${where}: ${issue.message}`, path };
}
