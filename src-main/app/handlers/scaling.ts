import { SCALING_PHASES } from '../../contract/entities.ts';
import { readScalingPlan, writeScalingPlan } from '../../store/scaling.ts';
import { LabError } from '../../contract/errors.ts';
import { getPool } from '../../store/pools.ts';
import type { Handlers } from '../context.ts';

/**
 * A scaling plan needs a multi-session pool and its four phases in the order
 * ramp-up, peak, ramp-down, off-peak with start times that increase through
 * the day (off-peak runs until the next day's ramp-up).
 */
export const scalingHandlers: Pick<Handlers, 'pool-get-scaling-plan' | 'pool-set-scaling-plan'> = {
  'pool-get-scaling-plan': (input, ctx) => {
    if (!getPool(ctx.db, input.id)) throw new LabError('not-found', `No desktop pool with id "${input.id}"`, ['id']);
    return readScalingPlan(ctx.db, input.id);
  },
  'pool-set-scaling-plan': (input, ctx) => {
    const pool = getPool(ctx.db, input.id);
    if (!pool) throw new LabError('not-found', `No desktop pool with id "${input.id}"`, ['id']);
    if (pool.sessionType !== 'multi-session') {
      throw new LabError('conflict', `Scaling plans power session hosts of multi-session pools; ${pool.name} is single-session (use its power policy)`, ['id']);
    }
    const plan = input.plan;
    if (plan) {
      plan.phases.forEach((ph, i) => {
        if (ph.name !== SCALING_PHASES[i]) {
          throw new LabError('invalid-input', `Phase ${i + 1} must be ${SCALING_PHASES[i]}, not ${ph.name}`, ['plan', 'phases', i, 'name']);
        }
        const prev = plan.phases[i - 1];
        if (prev && ph.start <= prev.start) {
          throw new LabError('invalid-input', `${ph.name} must start after ${prev.name} (${prev.start})`, ['plan', 'phases', i, 'start']);
        }
      });
    }
    writeScalingPlan(ctx.db, pool.id, plan ?? null);
    ctx.audit({
      objectKind: 'pool',
      objectId: pool.id,
      objectName: pool.name,
      message: plan
        ? `Scaling plan of ${pool.name} set: ${plan.phases.map((p) => `${p.name} ${p.start} (${p.capacityThresholdPct}% / min ${p.minHostsPct}% hosts, ${p.loadBalancing})`).join(', ')}; buffer ${plan.capacityBufferPct}%, power-off delay ${plan.powerOffDelayMinutes} min`
        : `Scaling plan of ${pool.name} removed: its power policy applies again`,
    });
    ctx.changed('pool');
    ctx.rebuildEngine();
    return readScalingPlan(ctx.db, pool.id);
  },
};
