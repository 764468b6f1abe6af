import type { RecoveryRun } from '../../contract/dr-methods.ts';

/**
 * A recovery plan's run still under way at `now`: its latest run, if its last step ends after `now`. One run of a plan
 * at a time (Site Recovery Manager): the host refuses the next until then (app/dr-recovery.ts), and the console's
 * recovery plans card greys the plan's buttons and says until when.
 */
export function runUnderWay(runs: readonly RecoveryRun[], planId: string, now: string): RecoveryRun | undefined {
  let last: RecoveryRun | undefined;
  for (const r of runs) if (r.planId === planId && (!last || r.finishedAt > last.finishedAt)) last = r;
  return last && Date.parse(last.finishedAt) > Date.parse(now) ? last : undefined;
}
