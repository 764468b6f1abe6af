// What the canvas needs to draw one remote desktop: a plain object, filled from
// the engine's screen model (session-screen) by `toScreenState`, or by hand in
// unit tests. Nothing here knows about React, the API or the DOM.

export type AppKind = 'word' | 'excel' | 'outlook' | 'browser' | 'pdf' | 'teams' | 'video' | 'explorer' | 'cad' | 'other';

export type Activity = 'typing' | 'reading' | 'idle' | 'video';

export type MessageSeverity = 'info' | 'warning' | 'error';

export interface ScreenApp {
  /** Shown on the title bar and in the taskbar ("Microsoft Word"). */
  name: string;
  kind: AppKind;
}

export interface ScreenMessage {
  id: string;
  severity: MessageSeverity;
  title: string;
  body: string;
  /** Who sent it ("Help Desk"). */
  from?: string;
}

export interface ScreenState {
  user: string;
  desktop: string;
  apps: ScreenApp[];
  /** Index into `apps` of the window in front; -1 = only the desktop. */
  front: number;
  activity: Activity;
  /** Frames per second the protocol delivers now (0 = nothing arrives). */
  fps: number;
  /** Image quality 0…1 (1 = lossless; below ~0.6 blocks show, below ~0.3 it blurs). */
  quality: number;
  /** Delay from the user's input to its echo on screen (network RTT + host contention), ms. */
  inputLagMs: number;
  rttMs: number;
  bandwidthKbps: number;
  lossPct: number;
  encoder: string;
  protocol: string;
  /** The display stopped updating (host stall, migration stun, network outage). */
  frozen: boolean;
  /** Messages from the administrator the user has not dismissed, oldest first. */
  messages: ScreenMessage[];
  /** Simulated wall clock on the remote desktop ("08:14"). */
  clock: string;
}

/** A screen that draws but shows nothing (before the first model arrives). */
export const EMPTY_SCREEN: ScreenState = {
  user: '',
  desktop: '',
  apps: [],
  front: -1,
  activity: 'idle',
  fps: 30,
  quality: 1,
  inputLagMs: 0,
  rttMs: 0,
  bandwidthKbps: 0,
  lossPct: 0,
  encoder: '',
  protocol: '',
  frozen: false,
  messages: [],
  clock: '',
};
