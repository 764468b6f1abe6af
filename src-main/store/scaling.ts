import type { ScalingPlan } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { get } from './stmt.ts';

export function readScalingPlan(db: Db, poolId: string): ScalingPlan | null {
  const row = get<{ plan: string }>(db, 'SELECT plan FROM scaling_plans WHERE pool_id = ?', poolId);
  return row ? (JSON.parse(row.plan) as ScalingPlan) : null;
}
