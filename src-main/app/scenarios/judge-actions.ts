import { recordsAction } from '../../store/action-log.ts';
import { SCENARIO_PARAMS as P } from './params.ts';

// What the judge (judge.ts) counts of an admin's action: whether it is a trainee's action, the object
// it names, and how many objects.

/** The object an admin action names (for matching collateral rules and `action` predicates). */
export function actionTarget(input: unknown): string | null {
  if (!input || typeof input !== 'object') return null;
  const o = input as Record<string, unknown>;
  for (const k of ['poolId', 'hostId', 'desktopId', 'datastoreId', 'id', 'targetId', 'userId']) if (typeof o[k] === 'string') return o[k] as string;
  for (const k of ['ids', 'desktopIds', 'poolIds']) if (Array.isArray(o[k]) && typeof o[k][0] === 'string') return o[k][0] as string;
  return null;
}

/**
 * Whether a committed method is a trainee's action for the judge: one that replay records (the same
 * rule, so a replay of an attempt and its debrief always agree on what was done), less the
 * instructor's tools and the scenario's own methods.
 */
export function countsAsAction(method: string): boolean {
  return recordsAction(method) && !P.instructorTools.includes(method) && !method.startsWith('scenario-');
}

/** How many objects an action names: the length of its id list (a bulk logoff of five sessions is five users), else 1. */
export function actionObjects(input: unknown): number {
  if (!input || typeof input !== 'object') return 1;
  const o = input as Record<string, unknown>;
  for (const k of ['ids', 'desktopIds', 'poolIds']) if (Array.isArray(o[k])) return Math.max(1, (o[k] as unknown[]).length);
  return 1;
}
