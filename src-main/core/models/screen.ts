import type { Workload } from '../../contract/entities.ts';
import type { ScreenApp, UserActivity } from '../../contract/session-entities.ts';

/**
 * What the user is doing, from the engine's workload loop. The loop's active
 * share (CPU busy) is split into app segments; in the rest the user reads what
 * is on screen, and after `idleAfterSec` without input the session counts as
 * idle (Horizon's idle session). Pure: position in the loop in, activity out.
 */
export const SCREEN_PARAMS = {
  /** No input for this long and the session shows as idle. */
  idleAfterSec: 120,
};

export const APP_TITLES: Record<ScreenApp, string> = {
  outlook: 'Outlook',
  browser: 'Browser',
  word: 'Word',
  excel: 'Excel',
  edge: 'Edge',
  teams: 'Teams',
  pdf: 'PDF reader',
  video: 'Video player',
  cad: 'CAD (3D)',
};

/** The active part of each workload's loop: app, activity, share of the active part. */
const SEGMENTS: Record<Workload, { app: ScreenApp; activity: UserActivity; share: number }[]> = {
  task: [
    { app: 'outlook', activity: 'reading', share: 0.25 },
    { app: 'outlook', activity: 'typing', share: 0.25 },
    { app: 'browser', activity: 'typing', share: 0.3 },
    { app: 'browser', activity: 'reading', share: 0.2 },
  ],
  knowledge: [
    { app: 'outlook', activity: 'reading', share: 0.12 },
    { app: 'outlook', activity: 'typing', share: 0.1 },
    { app: 'word', activity: 'typing', share: 0.2 },
    { app: 'excel', activity: 'typing', share: 0.16 },
    { app: 'edge', activity: 'reading', share: 0.14 },
    { app: 'teams', activity: 'typing', share: 0.1 },
    { app: 'pdf', activity: 'reading', share: 0.18 },
  ],
  power: [
    { app: 'outlook', activity: 'typing', share: 0.08 },
    { app: 'word', activity: 'typing', share: 0.1 },
    { app: 'excel', activity: 'typing', share: 0.12 },
    { app: 'edge', activity: 'reading', share: 0.08 },
    { app: 'teams', activity: 'typing', share: 0.07 },
    { app: 'pdf', activity: 'reading', share: 0.07 },
    { app: 'video', activity: 'video', share: 0.2 },
    { app: 'cad', activity: 'typing', share: 0.28 },
  ],
};

/** The apps a workload opens, in taskbar order. */
export function workloadApps(w: Workload): ScreenApp[] {
  const out: ScreenApp[] = [];
  for (const s of SEGMENTS[w]) if (!out.includes(s.app)) out.push(s.app);
  return out;
}

export interface ScreenActivity {
  app: ScreenApp;
  activity: UserActivity;
  /** Seconds since this activity began. */
  seconds: number;
  /** True when the user has given no input for `idleAfterSec` (idle session). */
  idle: boolean;
}

/**
 * Activity at `pos` (0..1) in a loop of `loopSec` whose first `activeShare` is active work.
 * In the inactive rest the last app stays in front: read, then idle.
 */
export function activityAt(w: Workload, pos: number, loopSec: number, activeShare: number): ScreenActivity {
  const segs = SEGMENTS[w];
  const x = pos - Math.floor(pos);
  if (x < activeShare) {
    let start = 0;
    for (const s of segs) {
      const end = start + s.share * activeShare;
      if (x < end) return { app: s.app, activity: s.activity, seconds: (x - start) * loopSec, idle: false };
      start = end;
    }
  }
  const last = segs[segs.length - 1] as (typeof segs)[number];
  const since = (x - activeShare) * loopSec;
  const idle = since >= SCREEN_PARAMS.idleAfterSec;
  return {
    app: last.app === 'video' || last.app === 'cad' ? 'outlook' : last.app,
    activity: idle ? 'idle' : 'reading',
    seconds: idle ? since - SCREEN_PARAMS.idleAfterSec : since,
    idle,
  };
}
