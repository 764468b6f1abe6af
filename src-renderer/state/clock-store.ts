import { create } from 'zustand';
import type { ClockSpeed, ClockState } from '../../src-main/contract/index.ts';
import { getClient } from '../client/api.ts';
import { notifyError } from './toast-store.ts';
import { toApiError } from './use-api.ts';

/**
 * The simulated clock as the renderer knows it: the last ClockState the host sent
 * (a `clock` push about once a second, or the reply of clock-set / clock-step),
 * plus what the masthead is doing with it (a step or a speed change in flight).
 * React reads speed and flags from the store; the ticking time itself is read
 * with `simNowMs()` by a timer that writes text, so no React render per tick.
 */
interface ClockStore {
  clock: ClockState | null;
  /** Simulated seconds of the step in flight, or null. */
  stepping: number | null;
  /** The speed a clock-set in flight asks for, or null. */
  changingTo: ClockSpeed | null;
}

export const useClock = create<ClockStore>(() => ({ clock: null, stepping: null, changingTo: null }));

/** Never extrapolate more than this far past the last push (a stalled host must not look like it runs). */
const MAX_EXTRAPOLATE_MS = 1500;
/** A jump back by more than this (a lab reset) resets the display instead of waiting for time to catch up. */
const BACKWARDS_RESET_MS = 5 * 60_000;
/** At 'max' the display runs at the average rate of the pushes of this last stretch of wall time… */
const GLIDE_WINDOW_MS = 3000;
/** …never ahead of the newest push, and never further behind it than this much wall time. */
const GLIDE_MAX_LAG_MS = 1500;

/**
 * Three ways to show time between pushes:
 * - paused: exactly the host's time;
 * - rate (1×…600×): extrapolate from the last push at the measured rate (capped by the nominal one);
 * - glide ('max', where the rate swings with the load and pushes come in bursts): advance at the
 *   average rate of the last few seconds, never past the newest push, so it never overshoots or runs back.
 */
let mode: 'paused' | 'rate' | 'glide' = 'paused';
let anchorSim = 0; // simulated ms (epoch) of the last clock state
let anchorWall = 0; // performance.now() when it arrived
let rate = 0; // simulated ms per wall ms (rate mode)
let history: { wall: number; sim: number }[] = []; // recent pushes (glide mode)
let glideRate = 0; // simulated ms per wall ms, averaged over GLIDE_WINDOW_MS
let lastTick = 0; // performance.now() of the last simNowMs() in glide mode
let shown = 0; // the last value handed out: the display never runs backwards while the clock runs

function nominalRate(c: ClockState): number {
  if (!c.running || c.speed === 'paused' || c.speed === 'max') return 0;
  return Number(c.speed);
}

/** Takes a clock state from a push or a reply and re-anchors the interpolation. */
export function receiveClock(c: ClockState): void {
  const now = performance.now();
  const sim = Date.parse(c.simTime);
  if (Number.isNaN(sim)) return;
  const prev = useClock.getState().clock;
  const running = c.running && c.speed !== 'paused';
  const sinceLast = anchorWall > 0 ? now - anchorWall : 0;
  if (anchorWall > 0 && mode === 'glide') simNowMs(); // settle the glide up to now before re-anchoring
  if (!running) {
    mode = 'paused';
    rate = 0;
  } else if (c.speed === 'max') {
    if (mode !== 'glide') {
      history = [];
      glideRate = 0;
      lastTick = now;
    }
    mode = 'glide';
    history.push({ wall: now, sim });
    while (history.length > 2 && (history[0] as { wall: number }).wall < now - GLIDE_WINDOW_MS) history.shift();
    const first = history[0] as { wall: number; sim: number };
    if (now - first.wall > 300) glideRate = Math.max(0, (sim - first.sim) / (now - first.wall));
  } else {
    const nominal = nominalRate(c);
    if (mode === 'rate' && prev?.speed === c.speed && sinceLast > 200) {
      // How fast simulated time really moves (600× on a big lab may not keep up): average with the last estimate.
      const measured = Math.max(0, (sim - anchorSim) / sinceLast);
      rate = Math.min(nominal, (rate + measured) / 2);
    } else if (mode !== 'rate' || prev?.speed !== c.speed) {
      rate = nominal;
    }
    mode = 'rate';
  }
  anchorSim = sim;
  anchorWall = now;
  if (mode === 'paused' || sim < shown - BACKWARDS_RESET_MS) shown = sim;
  if (!prev || prev.simTime !== c.simTime || prev.speed !== c.speed || prev.running !== c.running) useClock.setState({ clock: c });
}

/** The simulated time to show now, in ms since the epoch (interpolated between pushes while running). */
export function simNowMs(): number | null {
  if (anchorWall === 0) return null;
  const now = performance.now();
  const elapsed = now - anchorWall;
  let t: number;
  if (mode === 'paused') {
    shown = anchorSim;
    return shown;
  } else if (mode === 'glide') {
    t = Math.min(anchorSim, shown + glideRate * (now - lastTick));
    t = Math.max(t, anchorSim - glideRate * GLIDE_MAX_LAG_MS);
    lastTick = now;
  } else {
    t = anchorSim + rate * Math.min(elapsed, MAX_EXTRAPOLATE_MS);
  }
  shown = Math.max(shown, t);
  return shown;
}

export async function setClockSpeed(speed: ClockSpeed): Promise<void> {
  if (useClock.getState().changingTo) return;
  useClock.setState({ changingTo: speed });
  try {
    receiveClock(await getClient().call('clock-set', { speed }));
  } catch (e) {
    notifyError('Could not change the clock speed', toApiError(e));
  } finally {
    useClock.setState({ changingTo: null });
  }
}

export async function stepClock(seconds: number): Promise<void> {
  if (useClock.getState().stepping !== null) return;
  useClock.setState({ stepping: seconds });
  try {
    receiveClock(await getClient().call('clock-step', { seconds }));
  } catch (e) {
    notifyError('Could not step the clock', toApiError(e));
  } finally {
    useClock.setState({ stepping: null });
  }
}
