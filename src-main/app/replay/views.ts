import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClockSpeed } from '../../contract/simulation.ts';
import type { ScratchHost } from './replayer.ts';

/**
 * The read-only views open now, one per lab folder: the console shows a past moment of the lab
 * (its scratch copy in `replay/view`) until it goes back to live. Kept in memory: a restarted
 * console shows the live lab, paused (the view folder is replaced at the next view opened).
 */
export interface ReplayView {
  host: ScratchHost;
  simTime: string;
  applied: number;
  liveSpeed: ClockSpeed;
}

const views = new Map<string, ReplayView>();
const opening = new Set<string>();

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

/** One view being opened per lab folder at a time (a replay can take seconds). */
export function beginOpening(dataDir: string): boolean {
  if (opening.has(dataDir)) return false;
  opening.add(dataDir);
  return true;
}
export function endOpening(dataDir: string): void {
  opening.delete(dataDir);
}
export function isOpening(dataDir: string): boolean {
  return opening.has(dataDir);
}
