import { LabError } from '../../contract/errors.ts';
import type { Handlers } from '../context.ts';
import { FLUSH_ROWS } from '../simulation.ts';

/** Slice of wall time a long run may take before it lets other requests through. */
const SLICE_MS = 12;
/** A long step commits at least this often (wall time); in between, slices only yield (each commit has a fixed cost). */
const COMMIT_MS = 250;

export const simulationHandlers: Pick<Handlers, 'clock-get' | 'clock-set' | 'clock-step' | 'metrics-current' | 'metrics-series'> = {
  'clock-get': (_input, ctx) => ctx.services.simulation().clock(),
  'clock-set': (input, ctx) => {
    const sim = ctx.services.simulation();
    if (sim.speed === input.speed) return sim.clock();
    sim.setSpeed(input.speed);
    const label = input.speed === 'paused' ? 'paused' : input.speed === 'max' ? 'set to run as fast as possible' : `set to ${input.speed}×`;
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: null, message: `Simulation clock ${label}` });
    // Every console shows the new speed at once, whether or not the clock driver flushes soon.
    ctx.pushes.push({ topic: 'clock', payload: sim.clock() });
    return sim.clock();
  },
  'clock-step': async (input, ctx) => {
    const sim = ctx.services.simulation();
    if (sim.speed !== 'paused') {
      throw new LabError('conflict', `The clock is running (${sim.speed}): pause it before stepping`, ['seconds']);
    }
    const target = sim.engine.t + input.seconds;
    // Long steps run in slices so the console keeps answering; changes are committed every COMMIT_MS, or sooner when
    // many rows wait (a request that writes commits what ran before it first, so it never judges a stale lab).
    let committed = performance.now();
    while (!sim.runUntil(target, SLICE_MS)) {
      if (performance.now() - committed >= COMMIT_MS || sim.pendingRows() >= FLUSH_ROWS) {
        ctx.publishNow(sim.flush());
        committed = performance.now();
      }
      await ctx.services.yieldToOthers();
    }
    ctx.publishNow(sim.flush());
    return sim.clock();
  },
  'metrics-current': (_input, ctx) => ctx.services.simulation().metricsNow(),
  'metrics-series': (input, ctx) => ctx.services.simulation().series(input.scope, input.id, input.range),
};
