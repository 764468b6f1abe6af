import type { PushMessage } from '../contract/methods.ts';
import { FLUSH_ROWS, type Simulation } from '../app/simulation.ts';

/**
 * Drives the simulation in wall-clock time without ever holding the thread:
 * every few milliseconds it runs ticks for at most `sliceMs`, then yields, so a
 * request waits at most one slice (DESIGN.md: the UI never waits on the engine).
 */
export const DRIVER = {
  intervalMs: 50,
  sliceMs: 12,
  flushMs: 1000,
  /** If the engine falls this far behind the wall clock, drop the backlog rather than spiral. */
  maxLagSeconds: 5,
};

export interface ClockDriver {
  stop(): void;
}

/** `flushMs`: wall time between flushes while the clock runs (default DRIVER.flushMs; a classroom's labs flush a little more often). */
export function startClockDriver(sim: Simulation, publish: (pushes: PushMessage[]) => void, opts: { flushMs?: number } = {}): ClockDriver {
  const flushMs = opts.flushMs ?? DRIVER.flushMs;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let lastWall = performance.now();
  let lastFlush = lastWall;
  let target = sim.engine.t;
  let lastSpeed = sim.speed;
  let flushedAt = Number.NaN; // simulated time of the last flush: a paused, unchanged lab is not flushed again

  const step = () => {
    timer = null;
    if (stopped) return;
    try {
      tick();
    } catch (err) {
      // A defect in a slice or a flush must not take the process (and every console) down: the lab goes back
      // to what it committed, the clock stops, and the event log says why.
      publish(sim.recoverFrom(err));
      target = sim.engine.t;
      lastSpeed = sim.speed;
      schedule(sim.speed);
    }
  };
  const tick = () => {
    const now = performance.now();
    const elapsed = (now - lastWall) / 1000;
    lastWall = now;
    const speed = sim.speed;
    // A checkpoint being written holds the clock still (its speed stays what the admin set).
    if (sim.held > 0) {
      target = sim.engine.t;
      schedule(speed);
      return;
    }
    // One kind of work per turn: a flush, or a slice of simulation, never both (each stays under ~12 ms).
    const moved = sim.engine.t !== flushedAt || sim.pendingRows() > 0;
    if (moved && (now - lastFlush >= flushMs || sim.pendingRows() >= FLUSH_ROWS)) {
      lastFlush = now;
      flushedAt = sim.engine.t;
      publish(sim.flush());
      schedule(speed);
      return;
    }
    if (speed !== lastSpeed) {
      target = sim.engine.t;
      lastSpeed = speed;
    }
    if (speed === 'paused') {
      target = sim.engine.t;
    } else if (speed === 'max') {
      sim.runUntil(Number.POSITIVE_INFINITY, DRIVER.sliceMs);
    } else {
      const rate = Number(speed);
      target = Math.max(target, sim.engine.t) + rate * elapsed;
      target = Math.min(target, sim.engine.t + rate * DRIVER.maxLagSeconds);
      sim.runUntil(target, DRIVER.sliceMs);
    }
    schedule(speed);
  };
  // As fast as possible: run again as soon as pending I/O has had its turn.
  const schedule = (speed: string) => {
    if (speed === 'max') setImmediate(step);
    else timer = setTimeout(step, DRIVER.intervalMs);
  };
  timer = setTimeout(step, DRIVER.intervalMs);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
