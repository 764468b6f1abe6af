import { LabError } from '../../contract/errors.ts';
import type { Handlers } from '../context.ts';
import { refuseIfInstructorPaused } from './scenarios.ts';

const iso = (t: number) => new Date(t * 1000).toISOString();

/** Slice of wall time a long run may take before it lets other requests through. */
const SLICE_MS = 12;
/** A long step commits at least this often (wall time); in between, slices only yield (each commit has a fixed cost). */
const COMMIT_MS = 250;
/**
 * Or sooner, when this many rows wait. Not the running clock's FLUSH_ROWS (200, which keeps each of its
 * flushes short at any speed): a step is a batch, and a commit of 1,000 rows costs less than five of 200 (the
 * pages each one dirties — a table's last leaf, its indexes', the engine state's — are written once, not
 * five times). The scale-10k workday step: 145 commits → 55, flushing 2.6–3.5 s → 1.9–2.3 s of wall time
 * (alternated runs). Its longest commit was 160–240 ms either way: the first, which writes the engine's whole state.
 */
export const STEP_FLUSH_ROWS = 1000;

export const simulationHandlers: Pick<Handlers, 'clock-get' | 'clock-set' | 'clock-step' | 'metrics-current' | 'metrics-series'> = {
  'clock-get': (_input, ctx) => ctx.services.simulation().clock(),
  'clock-set': (input, ctx) => {
    const sim = ctx.services.simulation();
    if (input.speed !== 'paused') refuseIfInstructorPaused(ctx, 'run the clock', ['speed']);
    if (sim.busy === 'checkpoint-restore') {
      throw new LabError('conflict', 'A checkpoint is being restored: the clock is set once it is done (the restored lab starts paused)', ['speed']);
    }
    if (sim.stepping) {
      // Pausing stops the step where it is; running the clock while a step runs would drive the lab twice.
      if (input.speed !== 'paused') {
        throw new LabError('conflict', `A clock step is running (until ${iso(sim.stepping.until)}): pause to stop it, or wait for it`, ['speed']);
      }
      sim.stopStep('the clock was paused');
      ctx.audit({
        objectKind: 'lab',
        objectId: null,
        objectName: null,
        message: `Simulation clock paused: the step under way stopped at ${sim.clock().simTime}`,
      });
      ctx.pushes.push({ topic: 'clock', payload: sim.clock() });
      return sim.clock();
    }
    if (sim.speed === input.speed) {
      ctx.unchanged = true;
      return sim.clock();
    }
    sim.setSpeed(input.speed);
    const label = input.speed === 'paused' ? 'paused' : input.speed === 'max' ? 'set to run as fast as possible' : `set to ${input.speed}×`;
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: null, message: `Simulation clock ${label}` });
    // Every console shows the new speed at once, whether or not the clock driver flushes soon.
    ctx.pushes.push({ topic: 'clock', payload: sim.clock() });
    return sim.clock();
  },
  /**
   * One ordering for requests that move the lab's time: steps run one after another, each after the
   * checkpoint save or restore that came before it; a save arriving mid-step holds it between slices
   * (the checkpoint is one instant); a restore, a reset or a pause stops it where it is (its reply
   * says where and why) and nothing of the old timeline runs after them.
   */
  'clock-step': (input, ctx) => {
    refuseIfInstructorPaused(ctx, 'step the clock', ['seconds']);
    const sim = ctx.services.simulation();
    return sim.step(async () => {
      await sim.settled();
      if (sim.speed !== 'paused' && !ctx.services.replayScratch) {
        throw new LabError('conflict', `The clock is running (${sim.speed}): pause it before stepping`, ['seconds']);
      }
      const timeline = sim.timeline;
      const target = sim.engine.t + input.seconds;
      sim.stepping = { until: target };
      sim.stopReason = '';
      try {
        // Long steps run in slices so the console keeps answering; changes are committed every COMMIT_MS, or sooner when
        // many rows wait (a request that writes commits what ran before it first, so it never judges a stale lab).
        let committed = performance.now();
        for (;;) {
          if (sim.timeline !== timeline) {
            throw new LabError('conflict', `The step stopped at ${sim.clock().simTime} (simulated), before ${iso(target)}: ${sim.stopReason}`, ['seconds']);
          }
          if (sim.held > 0) {
            await sim.settled(); // a checkpoint being written holds the step between two slices
            continue;
          }
          if (sim.runUntil(target, SLICE_MS, undefined, STEP_FLUSH_ROWS, true)) break;
          if (performance.now() - committed >= (ctx.services.stepCommitMs ?? COMMIT_MS) || sim.pendingRows() >= STEP_FLUSH_ROWS) {
            ctx.publishNow(sim.flush());
            committed = performance.now();
            // The step outlasts a commit: its WAL is checkpointed off this thread from now on (see host/checkpointer.ts).
            ctx.services.checkpointInBackground?.();
          }
          await ctx.services.yieldToOthers();
        }
        ctx.publishNow(sim.flush());
        return sim.clock();
      } catch (err) {
        // A defect in a slice or a flush: the engine goes back to what was committed (it then matches the store again).
        if (!(err instanceof LabError)) ctx.publishNow(sim.recoverFrom(err));
        throw err;
      } finally {
        sim.stepping = null;
      }
    });
  },
  'metrics-current': (_input, ctx) => ctx.services.simulation().metricsNow(),
  'metrics-series': (input, ctx) => ctx.services.simulation().series(input.scope, input.id, input.range),
};
