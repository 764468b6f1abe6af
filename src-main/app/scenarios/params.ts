/**
 * Figures the scenario judge uses besides each scenario's own rubric (contract/scenario-schema.ts).
 * Each is named here with where it comes from.
 */
export const SCENARIO_PARAMS = {
  /** Objectives and conditions are judged on the simulated-minute grid (vCenter alarms evaluate every minute, DOMAIN.md). */
  evalSeconds: 60,
  /**
   * A failed connection costs the user this many minutes: they wait, retry, and call the help desk.
   * Estimate: Horizon Client's own retry prompt plus a second attempt is a few minutes.
   */
  minutesLostPerFailure: 5,
  /** A logon longer than this counts every minute it lasts as lost (DOMAIN.md: "over 60 s is poor"). */
  slowLogonSec: 60,
  /** Time to detect / resolve: full points within the limit, half within this multiple of it, none after. */
  lateMultiple: 2,
  /** User-minutes lost: full points within the budget, falling linearly to none at this multiple of it. */
  userMinutesZeroAt: 3,
  /**
   * Methods replay records (app/replay/action-log.ts recordsAction) that are the instructor's, not
   * the trainee's: they set the clock or inject trouble. What replay does not record (the clock
   * step, settings, checkpoints, lab reset…) is never an action to the judge either: the judge asks
   * recordsAction first, so the two cannot disagree (judge.ts countsAsAction).
   */
  instructorTools: ['clock-set', 'fault-inject', 'fault-clear', 'host-fail', 'site-fail', 'desktop-simulate-failure'],
  /** Trainee actions kept for the debrief. */
  keepActions: 500,
};
