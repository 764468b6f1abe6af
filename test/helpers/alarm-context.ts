import type { ReadContext } from '../../src-main/app/alarms/metrics.ts';
import type { Engine } from '../../src-main/core/engine/engine.ts';
import type { LabModel } from '../../src-main/core/lab/model.ts';

/** What an alarm reader is handed, at the engine's time, with nothing in the evaluator's windows; `over` replaces parts. */
export function readContext(e: Engine, lab: LabModel, over: Partial<ReadContext> = {}): ReadContext {
  return {
    e,
    lab,
    t: e.t,
    snapshots: [],
    failureRate: () => 0,
    logonAvg: () => Number.NaN,
    userLogons: () => [],
    sessionId: () => undefined,
    refusedSince: () => false,
    matters: () => ({ beyond: () => true, watched: new Set() }),
    ...over,
  };
}
