// The drawing decisions of the remote-desktop canvas, as pure functions of the
// screen state and the time: when a frame is drawn, how blocky and blurred it
// is, where the cursor is after the input lag, how much of the typing has
// arrived, where the windows go, what the overlay says. screen-draw.ts only
// executes them; test/unit/thin-client-screen.test.ts checks them.
import { formatKbps } from '../../../components/format.ts';
import type { Activity, ScreenMessage, ScreenState } from './screen-types.ts';

/** The remote desktop's own resolution (logical pixels); the canvas scales it to fit. */
export const LOGICAL_W = 1280;
export const LOGICAL_H = 800;
export const TASKBAR_H = 44;

/** The renderer never draws faster than this, whatever the protocol claims (a 60 Hz display). */
export const MAX_DRAW_FPS = 60;
/** Below this frame rate frames also arrive unevenly (a starved encoder sends bursts), ±this share of the interval. */
export const STUTTER_BELOW_FPS = 15;
export const STUTTER_JITTER = 0.35;

/** Quality at or above this is drawn sharp (Blast/PCoIP build-to-lossless reached). */
export const SHARP_QUALITY = 0.85;
/** Each 0.05 of quality below SHARP_QUALITY makes the blocks one pixel larger (JPEG/H.264 macroblocks showing). */
export const BLOCK_PX_PER_QUALITY = 20;
/** Below this quality the image also blurs (the encoder drops detail), up to BLUR_MAX_PX at quality 0. */
export const BLUR_BELOW_QUALITY = 0.4;
export const BLUR_MAX_PX = 2.4;

/** A typist at ~40 words per minute: characters per second. */
export const TYPING_CHARS_PER_S = 3.5;

// Overlay levels, from DOMAIN.md (RTT under 100 ms good, over 200 ms poor) and what users notice.
export const RTT_WARN_MS = 100;
export const RTT_CRIT_MS = 200;
export const FPS_WARN = 20;
export const FPS_CRIT = 10;
export const LOSS_WARN_PCT = 1;
export const LOSS_CRIT_PCT = 3;
/** Input lag users feel (typing echo): ~150 ms noticeable, ~400 ms makes people retype. */
export const LAG_WARN_MS = 150;
export const LAG_CRIT_MS = 400;
export const QUALITY_WARN = 0.7;
export const QUALITY_CRIT = 0.4;

export type OverlayLevel = 'ok' | 'warning' | 'critical';

/** Wall milliseconds between two frames at `fps` (Infinity when nothing arrives). */
export function frameIntervalMs(fps: number): number {
  if (!(fps > 0)) return Number.POSITIVE_INFINITY;
  return 1000 / Math.min(fps, MAX_DRAW_FPS);
}

/** A small deterministic hash → [0, 1): the same frame number always stutters the same way. */
export function unitHash(n: number): number {
  let x = (n | 0) ^ 0x9e3779b9;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}

/**
 * Paces frames to the protocol's frame rate: `due(now)` says whether a new frame
 * arrives at this animation tick. Under STUTTER_BELOW_FPS the gaps are uneven,
 * and with packet loss some frames are lost (the old image stays) — a bad network
 * looks bad, not just slow.
 */
export class FramePacer {
  private next = 0;
  private frame = 0;
  /** The next frame carries a change on screen: it is resent until it arrives, so loss only delays it. */
  private changed = false;

  constructor(
    private fps: number,
    private lossPct = 0,
  ) {}

  set(fps: number, lossPct: number): void {
    if (fps !== this.fps) this.next = 0;
    this.fps = fps;
    this.lossPct = lossPct;
  }

  /** True when a frame should be drawn at `now` (ms); advances the schedule. */
  due(now: number): boolean {
    const interval = frameIntervalMs(this.fps);
    if (!Number.isFinite(interval)) return false;
    if (this.next === 0) this.next = now;
    if (now + 0.5 < this.next) return false;
    this.frame++;
    const jitter = this.fps < STUTTER_BELOW_FPS ? (unitHash(this.frame) * 2 - 1) * STUTTER_JITTER : 0;
    // Never let a long pause (background tab) turn into a burst of catch-up frames.
    this.next = Math.max(this.next + interval * (1 + jitter), now + interval * 0.5);
    if (this.changed) {
      this.changed = false;
      return true;
    }
    // A lost frame: the encoder's update never made it; each lost packet costs its frame, roughly.
    return unitHash(this.frame * 7919) * 100 >= Math.min(90, this.lossPct * 4);
  }

  /**
   * Something on the screen changed (a window came to the front, a message popped up): the
   * encoder sends a frame for it even when the steady rate is low, after the delay `afterMs`.
   */
  changeAt(now: number, afterMs: number): void {
    const at = now + Math.max(0, afterMs);
    if (this.next === 0 || at < this.next) this.next = at;
    this.changed = true;
  }

  /** Frames drawn so far (drives animation phases deterministically). */
  get frames(): number {
    return this.frame;
  }
}

export interface QualityEffects {
  /** Drawn at 1/blockPx resolution and scaled up without smoothing: 1 = sharp. */
  blockPx: number;
  blurPx: number;
}

export function qualityEffects(quality: number): QualityEffects {
  const q = Math.min(1, Math.max(0, Number.isFinite(quality) ? quality : 1));
  const blockPx = q >= SHARP_QUALITY ? 1 : 1 + Math.round((SHARP_QUALITY - q) * BLOCK_PX_PER_QUALITY);
  const blurPx = q >= BLUR_BELOW_QUALITY ? 0 : Math.round(((BLUR_BELOW_QUALITY - q) / BLUR_BELOW_QUALITY) * BLUR_MAX_PX * 10) / 10;
  return { blockPx, blurPx };
}

export interface Point {
  x: number;
  y: number;
}

export interface InputSample extends Point {
  t: number;
}

/** Where input made at time `t` was (linear between samples; before the first, the first). */
export function inputAt(samples: readonly InputSample[], t: number): Point | null {
  if (samples.length === 0) return null;
  const first = samples[0] as InputSample;
  if (t <= first.t) return { x: first.x, y: first.y };
  for (let i = samples.length - 1; i >= 0; i--) {
    const a = samples[i] as InputSample;
    if (a.t <= t) {
      const b = samples[i + 1];
      if (!b) return { x: a.x, y: a.y };
      const k = (t - a.t) / Math.max(1, b.t - a.t);
      return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k };
    }
  }
  return { x: first.x, y: first.y };
}

/** Keeps the input of the last `keepMs` (enough for the worst lag) and at least one sample. */
export function trimInput(samples: InputSample[], now: number, keepMs: number): void {
  while (samples.length > 1 && (samples[1] as InputSample).t < now - keepMs) samples.shift();
}

/**
 * The user's own hand, when the admin is not moving the mouse over the canvas:
 * a deterministic path per activity inside the front window's content area.
 */
export function simulatedPointer(t: number, activity: Activity, area: Rect, caret: Point): Point {
  const s = t / 1000;
  switch (activity) {
    case 'typing':
      // Parked near the text, a small hand movement now and then.
      return { x: caret.x + 40 + Math.sin(s * 0.7) * 12, y: caret.y + 26 + Math.cos(s * 0.9) * 8 };
    case 'reading':
      // Slowly down the page and back, as someone scrolls and points while reading.
      return { x: area.x + area.w * (0.35 + 0.25 * Math.sin(s * 0.45)), y: area.y + area.h * (0.5 + 0.35 * Math.sin(s * 0.23)) };
    case 'video':
      return { x: area.x + area.w * 0.92, y: area.y + area.h * 0.95 };
    case 'idle':
      return { x: area.x + area.w * 0.6, y: area.y + area.h * 0.4 };
  }
}

/** Characters the user has typed by time `t` (ms) while typing: a sentence loop, so the page never overflows. */
export function typedChars(t: number, activity: Activity, loopChars: number): number {
  if (activity !== 'typing' || loopChars <= 0) return activity === 'idle' ? 0 : loopChars;
  return Math.floor((Math.max(0, t) / 1000) * TYPING_CHARS_PER_S) % (loopChars + 1);
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Window rectangles, back to front: the others cascade behind, the front one is large. At most 4 windows show. */
export function layoutWindows(count: number, front: number): { index: number; rect: Rect }[] {
  const shown = Math.min(count, 4);
  const usableH = LOGICAL_H - TASKBAR_H;
  const out: { index: number; rect: Rect }[] = [];
  const order: number[] = [];
  for (let i = 0; i < shown; i++) if (i !== front) order.push(i);
  if (front >= 0 && front < count) order.push(front);
  order.forEach((index, k) => {
    const isFront = index === front;
    const rect = isFront ? { x: 150, y: 40, w: LOGICAL_W - 260, h: usableH - 70 } : { x: 60 + k * 70, y: 24 + k * 40, w: LOGICAL_W * 0.55, h: usableH * 0.6 };
    out.push({ index, rect });
  });
  return out;
}

export interface OverlayRow {
  key: 'rtt' | 'fps' | 'bandwidth' | 'loss' | 'lag' | 'quality' | 'encoder';
  label: string;
  value: string;
  level: OverlayLevel;
}

function level(v: number, warn: number, crit: number, higherIsWorse = true): OverlayLevel {
  if (higherIsWorse) return v >= crit ? 'critical' : v >= warn ? 'warning' : 'ok';
  return v <= crit ? 'critical' : v <= warn ? 'warning' : 'ok';
}

/** The protocol overlay (Horizon's Blast performance tracker / Citrix HDX monitor): one row per figure. */
export function overlayRows(s: ScreenState): OverlayRow[] {
  return [
    { key: 'rtt', label: 'RTT', value: `${Math.round(s.rttMs)} ms`, level: level(s.rttMs, RTT_WARN_MS, RTT_CRIT_MS) },
    // A still screen needs few frames (protocols send only what changed): a low rate hurts only while typing or watching.
    {
      key: 'fps',
      label: 'FPS',
      value: s.fps.toFixed(s.fps < 10 ? 1 : 0),
      level: s.activity === 'typing' || s.activity === 'video' ? level(s.fps, FPS_WARN, FPS_CRIT, false) : 'ok',
    },
    { key: 'bandwidth', label: 'Bandwidth', value: formatKbps(s.bandwidthKbps), level: 'ok' },
    { key: 'loss', label: 'Packet loss', value: `${s.lossPct.toFixed(s.lossPct < 10 ? 1 : 0)} %`, level: level(s.lossPct, LOSS_WARN_PCT, LOSS_CRIT_PCT) },
    { key: 'lag', label: 'Input lag', value: `${Math.round(s.inputLagMs)} ms`, level: level(s.inputLagMs, LAG_WARN_MS, LAG_CRIT_MS) },
    { key: 'quality', label: 'Image quality', value: `${Math.round(s.quality * 100)} %`, level: level(s.quality, QUALITY_WARN, QUALITY_CRIT, false) },
    { key: 'encoder', label: 'Encoder', value: s.encoder || '—', level: 'ok' },
  ];
}

/** How the session feels, in one word (the worst overlay level, or frozen). */
export function feel(s: ScreenState): 'smooth' | 'sluggish' | 'unusable' | 'frozen' {
  if (s.frozen) return 'frozen';
  const levels = overlayRows(s).map((r) => r.level);
  if (levels.includes('critical')) return 'unusable';
  if (levels.includes('warning')) return 'sluggish';
  return 'smooth';
}

export interface MessagePresentation {
  message: ScreenMessage;
  /** Information is a toast in the corner; warnings and errors are a dialog the user must close (Windows msg.exe). */
  style: 'toast' | 'dialog';
}

/** The newest message shows; older ones wait behind it. */
export function visibleMessage(messages: readonly ScreenMessage[]): MessagePresentation | null {
  const m = messages[messages.length - 1];
  if (!m) return null;
  return { message: m, style: m.severity === 'info' ? 'toast' : 'dialog' };
}

/** The canvas's text alternative: what a screen reader (and a test) is told the screen shows. */
export function describeScreen(s: ScreenState): string {
  const app = s.apps[s.front];
  const parts = [
    `${s.user} on ${s.desktop}`,
    app ? `${app.name} in front` : 'desktop',
    `${s.apps.length} ${s.apps.length === 1 ? 'app' : 'apps'} open`,
    s.activity,
  ];
  if (s.frozen) parts.push('display frozen');
  return parts.join(', ');
}

/** Splits `text` into lines no wider than `maxWidth` by the given measure (canvas measureText in the app, a stub in tests). */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (line && measure(next) > maxWidth) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}
