import type { z } from 'zod';
import { installHumanMessages } from './messages.ts';
import type { Permission } from './roles.ts';

// Every schema of the contract fails with human wording (messages.ts), on both sides.
installHumanMessages();

/**
 * One entry of the method map: the zod schema its input must pass, a one-line
 * description (shown by `vdi-console api`), whether it changes the lab, and the
 * type of its result (a phantom: it exists only for the type checker).
 */
export interface MethodDef<I extends z.ZodType, R> {
  readonly description: string;
  readonly input: I;
  /** True when the method writes to the lab: it runs in one transaction with its event row. */
  readonly mutates: boolean;
  /**
   * True for methods that run simulated time (long work): not wrapped in one
   * transaction, they run in slices and commit as they go, and never block other requests.
   */
  readonly runs?: boolean;
  /** What the caller's role must allow (roles.ts); checked by the dispatcher before the handler runs. Required: a method without one does not type-check. */
  readonly permission: Permission;
  readonly __result?: R;
}

/** `method<Result>()({ ... })`: the result type is named, the input type is inferred from the schema. */
export function method<R>() {
  return <I extends z.ZodType>(def: { description: string; input: I; mutates: boolean; runs?: boolean; permission: Permission }): MethodDef<I, R> => def;
}

/** A push topic: the host publishes payloads of type P under this name. */
export interface TopicDef<P> {
  readonly description: string;
  readonly __payload?: P;
}

export function topic<P>(description: string): TopicDef<P> {
  return { description };
}
