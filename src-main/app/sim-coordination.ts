/**
 * Who may move the clock when (simulation.ts's base): clock steps run one after another, whole-lab
 * operations (a checkpoint saved or restored) one at a time with the clock held still, and a
 * timeline that a restore, a reset or a pause bumps so a step of the old one stops where it is.
 */
export class ClockCoordination {
  /**
   * Long operations on the whole lab (a checkpoint being written or restored) hold the clock still
   * without changing its speed: the clock driver and a running step wait while it is above 0.
   */
  held = 0;
  /**
   * The timeline a run belongs to: bumped when the lab is replaced (a restore, a reset) or a running
   * step is told to stop. A step that sees it change stops where it is and says why (`stopReason`).
   */
  timeline = 0;
  stopReason = '';
  /** The clock step under way (one at a time; a second waits its turn), and the whole-lab operation under way. */
  stepping: { until: number } | null = null;
  busy: 'checkpoint-save' | 'checkpoint-restore' | null = null;
  private steps: Promise<unknown> = Promise.resolve();
  private exclusive: Promise<unknown> = Promise.resolve();

  /**
   * Runs a whole-lab operation (checkpoint save or restore) alone: one after another in the order
   * they came, with the clock held still while each runs (a step in progress waits between slices).
   */
  whole<T>(kind: 'checkpoint-save' | 'checkpoint-restore', fn: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(async () => {
      this.busy = kind;
      this.held++;
      try {
        return await fn();
      } finally {
        this.held--;
        this.busy = null;
      }
    });
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  /** Resolves once no whole-lab operation is queued or running. */
  async settled(): Promise<void> {
    for (let seen = this.exclusive; ; seen = this.exclusive) {
      await seen;
      if (seen === this.exclusive) return;
    }
  }

  /** Runs a clock step after the ones before it (a step never overlaps another). */
  step<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.steps.then(fn);
    this.steps = run.catch(() => undefined);
    return run;
  }

  /** Stops the step under way (it replies with where it stopped and why). */
  stopStep(reason: string): void {
    if (!this.stepping) return;
    this.timeline++;
    this.stopReason = reason;
  }
}
