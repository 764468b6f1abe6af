import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLOCK_SPEEDS, type ClockSpeed } from '../../contract/simulation.ts';
import type { Db } from '../../store/db.ts';
import { deleteMeta, getMeta, setMeta, VIEW_LIVE_SPEED_META } from '../../store/sim-sync.ts';
import type { ScratchHost } from './replayer.ts';

/**
 * The read-only views open now, one per lab folder: the console shows a past moment of the lab
 * (its scratch copy in `replay/view`) until it goes back to live. Kept in memory: a restarted
 * console shows the live lab, at the speed it had before the view (`resumeAfterLostView`; the view
 * folder is replaced at the next view opened).
 */
export interface ReplayView {
  host: ScratchHost;
  simTime: string;
  applied: number;
  liveSpeed: ClockSpeed;
}

const views = new Map<string, ReplayView>();
const opening = new Set<string>();
/** Lab folders whose host closed while a view was being opened: the view it was opening is dropped when the replay ends. */
const cancelled = new Set<string>();

/**
 * Reads that stay the console's while a view is open: what is not the lab's state at a moment but
 * the console's own (kept tables a lab file never carries — checkpoints, capacity, preferences — and
 * the HTTP API's fault rules and request log, which the live HTTP API applies and writes). A view's
 * scratch lab has none of them, and rest-fault-set (not a change of the lab) goes to the console's,
 * so its list must too.
 */
const CONSOLE_READS: ReadonlySet<string> = new Set(['settings-get', 'rest-fault-list', 'rest-log-list', 'rest-credentials-get']);
const CONSOLE_READ_PREFIXES = ['checkpoint-', 'capacity-', 'replay-'] as const;

/** Whether a read, while a view is open, answers from the live console (else: from the viewed moment's lab). */
export function readsTheConsole(method: string): boolean {
  return CONSOLE_READS.has(method) || CONSOLE_READ_PREFIXES.some((p) => method.startsWith(p));
}

export function replayDir(dataDir: string): string {
  return join(dataDir, 'replay');
}
export function viewDir(dataDir: string): string {
  return join(replayDir(dataDir), 'view');
}
export function cacheDir(dataDir: string): string {
  return join(replayDir(dataDir), 'checkpoints');
}

export function currentView(dataDir: string | undefined): ReplayView | undefined {
  return dataDir === undefined ? undefined : views.get(dataDir);
}

export function setView(dataDir: string, view: ReplayView): void {
  views.set(dataDir, view);
}

/** Closes the view's scratch lab and removes its folder; returns what it was. */
export function dropView(dataDir: string): ReplayView | undefined {
  const v = views.get(dataDir);
  views.delete(dataDir);
  if (v) {
    try {
      v.host.close({ flush: false });
    } catch {
      // already closed
    }
  }
  rmSync(viewDir(dataDir), { recursive: true, force: true });
  return v;
}

/**
 * One view being opened per lab folder at a time (a replay can take seconds). While it opens, the
 * dispatcher refuses changes of the lab (isOpening) as it does while the view is open, and closing
 * or branching a view waits for it: nothing changes the live lab between the log the replay read and
 * the view it shows.
 */
export function beginOpening(dataDir: string): boolean {
  if (opening.has(dataDir)) return false;
  opening.add(dataDir);
  cancelled.delete(dataDir);
  return true;
}
export function endOpening(dataDir: string): void {
  opening.delete(dataDir);
  cancelled.delete(dataDir);
}

/** The host of this lab folder closed while the view was being opened: the opened view must be dropped, not shown. */
export function openingCancelled(dataDir: string): boolean {
  return cancelled.has(dataDir);
}

/**
 * The class instructor paused or resumed the class while this folder shows a past moment: the live clock stays paused while
 * the view is open, and closing it (or a console that opens the lab after this one stopped) gives it this speed. False
 * when no view is open.
 */
export function setViewLiveSpeed(db: Db, dataDir: string | undefined, speed: ClockSpeed): boolean {
  const v = dataDir === undefined ? undefined : views.get(dataDir);
  if (!v) return false;
  v.liveSpeed = speed;
  setMeta(db, VIEW_LIVE_SPEED_META, speed);
  return true;
}

/**
 * A console opens the lab folder: a view held the live clock paused when the last console that had it open stopped (a
 * crash, a quit with the view open). That view went with it; the live lab gets back the speed it had before the view,
 * as closing the view would have given it. Nothing to do while this process shows a view of the folder.
 */
export function resumeAfterLostView(db: Db, dataDir: string): void {
  if (views.has(dataDir) || opening.has(dataDir)) return;
  const speed = getMeta(db, VIEW_LIVE_SPEED_META);
  if (speed === undefined) return;
  db.transaction(() => {
    if ((CLOCK_SPEEDS as readonly string[]).includes(speed)) setMeta(db, 'clock_speed', speed);
    deleteMeta(db, VIEW_LIVE_SPEED_META);
  })();
}

/**
 * The lab folder's host closes: its view's scratch lab is closed and its folder removed, and a view
 * being opened is dropped as soon as its replay ends (its scratch lab closed then).
 */
export function closeViews(dataDir: string): void {
  if (opening.has(dataDir)) cancelled.add(dataDir);
  if (views.has(dataDir)) dropView(dataDir);
}
export function isOpening(dataDir: string): boolean {
  return opening.has(dataDir);
}
