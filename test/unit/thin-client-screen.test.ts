// The remote-desktop canvas's drawing decisions (features/thin-client/screen/screen-plan.ts):
// a bad network or a busy host must look bad, a good one sharp and smooth.
import { describe, expect, it } from 'vitest';
import {
  FramePacer,
  LOGICAL_H,
  LOGICAL_W,
  TASKBAR_H,
  describeScreen,
  feel,
  frameIntervalMs,
  inputAt,
  layoutWindows,
  overlayRows,
  qualityEffects,
  trimInput,
  typedChars,
  visibleMessage,
  wrapText,
  type InputSample,
} from '../../src-renderer/features/thin-client/screen/screen-plan.ts';
import { EMPTY_SCREEN, type ScreenState } from '../../src-renderer/features/thin-client/screen/screen-types.ts';

const LAN: ScreenState = {
  ...EMPTY_SCREEN,
  user: 'CORP\\ada',
  desktop: 'KW-014',
  apps: [
    { name: 'Microsoft Word', kind: 'word' },
    { name: 'Microsoft Edge', kind: 'browser' },
  ],
  front: 0,
  activity: 'typing',
  fps: 30,
  quality: 0.95,
  inputLagMs: 20,
  rttMs: 2,
  bandwidthKbps: 180,
  lossPct: 0,
  encoder: 'Blast H.264 4:2:0',
  protocol: 'Blast',
};
const HOTEL: ScreenState = { ...LAN, fps: 6, quality: 0.3, inputLagMs: 520, rttMs: 260, lossPct: 4, bandwidthKbps: 900 };

/** Frames the pacer lets through over `ms` of 60 Hz animation ticks. */
function framesOver(p: FramePacer, ms: number): number {
  let n = 0;
  for (let t = 1000; t < 1000 + ms; t += 1000 / 60) if (p.due(t)) n++;
  return n;
}

describe('frame pacing', () => {
  it('draws at the protocol frame rate, not at the display rate', () => {
    expect(framesOver(new FramePacer(30), 2000)).toBeGreaterThanOrEqual(58);
    expect(framesOver(new FramePacer(30), 2000)).toBeLessThanOrEqual(61);
    const slow = framesOver(new FramePacer(6), 5000);
    expect(slow).toBeGreaterThanOrEqual(26);
    expect(slow).toBeLessThanOrEqual(34);
  });

  it('draws nothing at 0 fps and never more than 60 a second', () => {
    expect(framesOver(new FramePacer(0), 2000)).toBe(0);
    expect(frameIntervalMs(0)).toBe(Number.POSITIVE_INFINITY);
    expect(frameIntervalMs(240)).toBeCloseTo(1000 / 60);
  });

  it('loses frames with packet loss', () => {
    const clean = framesOver(new FramePacer(30, 0), 10_000);
    const lossy = framesOver(new FramePacer(30, 5), 10_000);
    expect(lossy).toBeLessThan(clean * 0.9);
    expect(lossy).toBeGreaterThan(clean * 0.6);
  });

  it('stutters below 15 fps: the gaps between frames are uneven', () => {
    const gaps = (fps: number) => {
      const p = new FramePacer(fps);
      const at: number[] = [];
      for (let t = 0; t < 10_000; t += 1) if (p.due(t)) at.push(t);
      const d = at.slice(1).map((t, i) => t - (at[i] as number));
      return Math.max(...d) - Math.min(...d);
    };
    expect(gaps(8)).toBeGreaterThan(1000 / 8 / 2);
    expect(gaps(30)).toBeLessThanOrEqual(2);
  });

  it('sends a frame for a change on screen (a message) after the lag, even at a low steady rate', () => {
    const p = new FramePacer(0.4, 20);
    while (!p.due(0)) p.changeAt(0, 0);
    expect(p.due(300)).toBe(false);
    p.changeAt(300, 500);
    expect(p.due(700)).toBe(false);
    // Even with 20 % loss the change arrives (it is resent), on time.
    expect(p.due(800)).toBe(true);
  });

  it('does not burst after a long pause (a background tab)', () => {
    const p = new FramePacer(30);
    p.due(0);
    expect(p.due(10_000)).toBe(true);
    expect(p.due(10_001)).toBe(false);
  });
});

describe('image quality', () => {
  it('is sharp on a good link, blocky and blurred on a bad one', () => {
    expect(qualityEffects(0.95)).toEqual({ blockPx: 1, blurPx: 0 });
    const mid = qualityEffects(0.6);
    expect(mid.blockPx).toBeGreaterThan(1);
    expect(mid.blurPx).toBe(0);
    const bad = qualityEffects(0.2);
    expect(bad.blockPx).toBeGreaterThan(mid.blockPx);
    expect(bad.blurPx).toBeGreaterThan(0);
  });

  it('treats nonsense as lossless rather than crashing', () => {
    expect(qualityEffects(Number.NaN)).toEqual({ blockPx: 1, blurPx: 0 });
    expect(qualityEffects(7).blockPx).toBe(1);
    expect(qualityEffects(-1).blockPx).toBe(qualityEffects(0).blockPx);
  });
});

describe('input lag', () => {
  const samples: InputSample[] = [
    { t: 0, x: 0, y: 0 },
    { t: 100, x: 100, y: 50 },
    { t: 200, x: 200, y: 50 },
  ];

  it('shows the input as it was lag ms ago (the cursor trails the hand)', () => {
    expect(inputAt(samples, 200)).toEqual({ x: 200, y: 50 });
    expect(inputAt(samples, 200 - 150)).toEqual({ x: 50, y: 25 });
    expect(inputAt(samples, -50)).toEqual({ x: 0, y: 0 });
    expect(inputAt([], 10)).toBeNull();
  });

  it('drops old input but keeps the last sample', () => {
    const s = samples.map((x) => ({ ...x }));
    trimInput(s, 10_000, 5000);
    expect(s).toEqual([{ t: 200, x: 200, y: 50 }]);
  });

  it('types at typing speed and the lagged text is shorter', () => {
    const loop = 200;
    const now = typedChars(10_000, 'typing', loop);
    expect(now).toBe(35);
    expect(typedChars(10_000 - 520, 'typing', loop)).toBeLessThan(now);
    expect(typedChars(10_000, 'reading', loop)).toBe(loop);
    expect(typedChars(10_000, 'idle', loop)).toBe(0);
  });
});

describe('layout', () => {
  it('puts the front window last (drawn on top), inside the screen above the taskbar', () => {
    const w = layoutWindows(3, 1);
    expect(w.map((x) => x.index)).toEqual([0, 2, 1]);
    for (const { rect } of w) {
      expect(rect.x).toBeGreaterThanOrEqual(0);
      expect(rect.x + rect.w).toBeLessThanOrEqual(LOGICAL_W);
      expect(rect.y + rect.h).toBeLessThanOrEqual(LOGICAL_H - TASKBAR_H);
    }
  });

  it('shows at most four windows, and none when nothing runs', () => {
    expect(layoutWindows(9, 0)).toHaveLength(4);
    expect(layoutWindows(0, -1)).toEqual([]);
  });

  it('wraps text by the measure it is given', () => {
    expect(wrapText('aa bb cc dd', 5, (s) => s.length)).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('one\ntwo', 100, (s) => s.length)).toEqual(['one', 'two']);
  });
});

describe('overlay and messages', () => {
  it('rates a LAN session smooth and a hotel Wi-Fi session unusable', () => {
    expect(feel(LAN)).toBe('smooth');
    expect(feel(HOTEL)).toBe('unusable');
    expect(feel({ ...LAN, frozen: true })).toBe('frozen');
    const rows = Object.fromEntries(overlayRows(HOTEL).map((r) => [r.key, r]));
    expect(rows.rtt).toMatchObject({ value: '260 ms', level: 'critical' });
    expect(rows.fps).toMatchObject({ value: '6.0', level: 'critical' });
    expect(rows.loss).toMatchObject({ value: '4.0 %', level: 'critical' });
    expect(rows.bandwidth?.value).toBe('900 kbit/s');
    expect(overlayRows({ ...LAN, bandwidthKbps: 2400 }).find((r) => r.key === 'bandwidth')?.value).toBe('2.4 Mbit/s');
    expect(overlayRows({ ...LAN, rttMs: 150 }).find((r) => r.key === 'rtt')?.level).toBe('warning');
    // Reading a page needs few frames: 3 fps is fine then, not while typing.
    expect(overlayRows({ ...LAN, fps: 3, activity: 'reading' }).find((r) => r.key === 'fps')?.level).toBe('ok');
    expect(overlayRows({ ...LAN, fps: 3, activity: 'typing' }).find((r) => r.key === 'fps')?.level).toBe('critical');
  });

  it('shows information as a toast and warnings and errors as a dialog, newest on top', () => {
    expect(visibleMessage([])).toBeNull();
    const info = { id: 'm1', severity: 'info' as const, title: 'Maintenance', body: 'Tonight at 22:00' };
    const err = { id: 'm2', severity: 'error' as const, title: 'Log off now', body: 'Your desktop restarts in 5 minutes' };
    expect(visibleMessage([info])?.style).toBe('toast');
    expect(visibleMessage([info, err])).toEqual({ message: err, style: 'dialog' });
  });

  it('describes the screen in words for screen readers', () => {
    expect(describeScreen(LAN)).toBe('CORP\\ada on KW-014, Microsoft Word in front, 2 apps open, typing');
  });
});

describe('an ended session on the thin client', () => {
  it('whose logon stopped short of the desktop failed to connect; one that reached it, or with no phases known, was logged off', async () => {
    const { logonNeverFinished } = await import('../../src-renderer/features/thin-client/screen/from-model.ts');
    // A protocol timeout during logon read "You have been logged off" (black-box round 6).
    expect(
      logonNeverFinished({
        phases: [
          { phase: 'brokering', seconds: 1 },
          { phase: 'protocol', seconds: 30 },
        ],
      }),
    ).toBe(true);
    expect(logonNeverFinished({ phases: [{ phase: 'interactive', seconds: 4, running: true }] })).toBe(true);
    expect(
      logonNeverFinished({
        phases: [
          { phase: 'brokering', seconds: 1 },
          { phase: 'interactive', seconds: 4 },
        ],
      }),
    ).toBe(false);
    expect(logonNeverFinished({ phases: [] })).toBe(false);
  });
});
