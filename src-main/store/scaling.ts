import type { ScalingPlan } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { SCALING_PLAN } from './json-columns.ts';
import { get, run } from './stmt.ts';
import { parseStored, rowKey } from './stored-json.ts';

export function readScalingPlan(db: Db, poolId: string): ScalingPlan | null {
  const row = get<{ plan: string }>(db, 'SELECT plan FROM scaling_plans WHERE pool_id = ?', poolId);
  return row ? parseStored<ScalingPlan>(row.plan, { table: 'scaling_plans', key: rowKey({ pool_id: poolId }), column: 'plan' }, SCALING_PLAN) : null;
}

/** Sets a pool's scaling plan, or removes it (null: the power policy applies again). */
export function writeScalingPlan(db: Db, poolId: string, plan: ScalingPlan | null): void {
  if (plan)
    run(db, 'INSERT INTO scaling_plans (pool_id, plan) VALUES (?, ?) ON CONFLICT(pool_id) DO UPDATE SET plan = excluded.plan', poolId, JSON.stringify(plan));
  else run(db, 'DELETE FROM scaling_plans WHERE pool_id = ?', poolId);
}
