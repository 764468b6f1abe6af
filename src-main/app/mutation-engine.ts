import { METHOD_ACCESS } from '../contract/method-access.ts';
import type { MethodName } from '../contract/methods.ts';

/**
 * Mutating methods that never touch what the engine simulates: the admin accounts and the audit trail (files of their
 * own), the checkpoint files, the capacity tests (their own simulations in workers) and replay views (scratch labs);
 * and the two that replace the whole lab (a reset or a restore opens the engine afresh on the new lab).
 */
const WITHOUT_ENGINE = new Set<MethodName>([
  'lab-reset',
  'checkpoint-restore',
  'checkpoint-save',
  'checkpoint-delete',
  'checkpoint-import-begin',
  'checkpoint-import-chunk',
  'checkpoint-import-finish',
  'capacity-definition-save',
  'capacity-definition-delete',
  'capacity-run-start',
  'capacity-sweep-start',
  'capacity-run-cancel',
  'capacity-run-delete',
  'replay-view-open',
  'replay-view-close',
]);

/**
 * Whether a mutating request needs the running engine before its handler runs (issue 12). An admin change is applied
 * to the engine as it happens: a memory file's space, a pool's new machines, a fault, an alarm definition. A process
 * whose first request is that change (every `vdi-console call`) would otherwise write only the rows, and the next
 * process's engine, built from its saved state, would not have seen it: the space dropped again, machines provisioned
 * a minute late. So the engine is opened first, as it is in a console that has the lab open.
 */
export function mutationNeedsEngine(method: string | undefined): boolean {
  if (method === undefined) return true;
  const access = METHOD_ACCESS[method as MethodName] as (typeof METHOD_ACCESS)[MethodName] | undefined;
  if (!access) return true;
  if (access.permission === 'accounts' || access.permission === 'audit' || access.permission === 'self') return false;
  return !WITHOUT_ENGINE.has(method as MethodName);
}
