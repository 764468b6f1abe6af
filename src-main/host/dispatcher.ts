import type { z } from 'zod';
import { MAX_REQUEST_BYTES } from '../contract/client.ts';
import { LabError, type ApiError, type Reply } from '../contract/errors.ts';
import { isMethodName, methods, type MethodName, type PushMessage } from '../contract/methods.ts';
import { AppContext, type AppServices, type CallContext, type Handler } from '../app/context.ts';

/**
 * What the host does around a mutating method: bring the store up to date before; inside the
 * method's transaction, after its handler, bring the engine in line with the change and write
 * its state (so the change and the engine's state commit together, or neither does); after a
 * failure, forget what the failed method did to the engine in memory.
 */
export interface MutationHooks {
  beforeMutation?(): void;
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
    if (Buffer.byteLength(text, 'utf8') > MAX_REQUEST_BYTES) {
      return { id: null, reply: fail({ code: 'payload-too-large', message: `Request larger than ${MAX_REQUEST_BYTES} bytes` }) };
    }
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch (err) {
      return { id: null, reply: fail({ code: 'bad-request', message: `Request is not valid JSON: ${(err as Error).message}` }) };
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      return { id: null, reply: fail({ code: 'bad-request', message: 'Request must be a JSON object {id, method, input}' }) };
    }
    const { id, method, input } = msg as { id?: unknown; method?: unknown; input?: unknown };
    // A request id is echoed back, so it must be something small and flat.
    if (id !== undefined && id !== null && typeof id !== 'number' && !(typeof id === 'string' && id.length <= 200)) {
      return { id: null, reply: fail({ code: 'bad-request', message: 'Request id must be a number or a short string' }) };
    }
    return { id: id ?? null, reply: await this.dispatch(method, input, call) };
  }

  async dispatch(method: unknown, input: unknown, call: CallContext): Promise<Reply<unknown>> {
    if (!isMethodName(method)) {
      return fail({
        code: 'unknown-method',
        message: typeof method === 'string' ? `Unknown method "${method}" (see \`vdi-console api\`)` : 'Request has no method name',
      });
    }
    const def = methods[method];
    const parsed = (def.input as z.ZodType).safeParse(input ?? {});
    if (!parsed.success) return fail(zodToApiError(parsed.error));
    const handler = this.table.get(method);
    if (!handler) return fail({ code: 'internal', message: `Method "${method}" has no handler` });

    const ctx = new AppContext(this.db, call, this.wallClock, this.services);
    try {
      let result: unknown;
      if (def.mutates && !def.runs) {
        // The store must be current before a handler judges the lab's state (the simulation writes in batches).
        this.hooks.beforeMutation?.();
        // A mutating method is one transaction with its event rows and the engine's state: all of it lands, or none.
        try {
          result = this.db.transaction(() => {
            const r = handler(parsed.data as never, ctx);
            if (r instanceof Promise) throw new Error(`mutating method ${method} must answer synchronously`);
            ctx.pushes.push(...(this.hooks.duringMutation?.(ctx) ?? []));
            return r;
          })();
        } catch (err) {
          this.hooks.afterFailedMutation?.();
          throw err;
        }
      } else {
        // Long runs (clock-step, checkpoints) commit in steps of their own.
        result = await handler(parsed.data as never, ctx);
      }
      const pushes = ctx.drainPushes();
      for (const p of pushes) this.publish(p);
      return { ok: true, result };
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
