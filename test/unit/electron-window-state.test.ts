// Window bounds: parsing the saved file, fitting it onto today's displays, and debounced saving.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import {
  clampWindowState,
  DEFAULT_SIZE,
  MIN_SIZE,
  parseWindowState,
  trackWindowState,
  type DisplayLike,
  type Rect,
  type TrackedWindow,
  type WindowState,
  type WindowStateIo,
} from '../../src-main/electron/window-state.ts';

const laptop: DisplayLike = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const rightMonitor: DisplayLike = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const saved = (x: number, y: number, width: number, height: number, maximized = false): WindowState => ({
  bounds: { x, y, width, height },
  maximized,
});

describe('parseWindowState', () => {
  it('reads what the saver writes', () => {
    expect(parseWindowState(JSON.stringify(saved(10, 20, 1200, 800, true)))).toEqual(saved(10, 20, 1200, 800, true));
  });

  it.each(['', 'not json', 'null', '[]', '{"bounds":{"width":"wide","height":10}}', '{"bounds":{"width":-5,"height":10}}', '{}'])(
    'treats %j as no saved state',
    (text) => {
      expect(parseWindowState(text)).toBeNull();
    },
  );

  it('keeps a size without a position', () => {
    expect(parseWindowState('{"bounds":{"width":1000,"height":700}}')).toEqual({ bounds: { width: 1000, height: 700 }, maximized: false });
  });
});

describe('clampWindowState', () => {
  it('uses the default size, centred, when nothing was saved', () => {
    expect(clampWindowState(null, [laptop])).toEqual({ bounds: { ...DEFAULT_SIZE }, maximized: false });
  });

  it('shrinks the default size to a small screen', () => {
    const small: DisplayLike = { workArea: { x: 0, y: 0, width: 1280, height: 720 } };
    expect(clampWindowState(null, [small]).bounds).toEqual({ width: 1280, height: 720 });
  });

  it('keeps a window that is fully visible where it was', () => {
    expect(clampWindowState(saved(100, 50, 1200, 800), [laptop])).toEqual(saved(100, 50, 1200, 800));
  });

  it('keeps a window on the second monitor', () => {
    expect(clampWindowState(saved(2200, 100, 1600, 1000), [laptop, rightMonitor])).toEqual(saved(2200, 100, 1600, 1000));
  });

  it('pulls a window that hangs off the edge back inside', () => {
    expect(clampWindowState(saved(1500, 900, 1200, 800), [laptop])).toEqual(saved(720, 240, 1200, 800));
    expect(clampWindowState(saved(-300, -40, 1200, 800), [laptop])).toEqual(saved(0, 0, 1200, 800));
  });

  it('moves a window from an unplugged monitor to the primary display, centred', () => {
    const result = clampWindowState(saved(2200, 100, 1600, 1000, true), [laptop], laptop);
    expect(result).toEqual(saved(160, 20, 1600, 1000, true));
  });

  it('shrinks a window larger than its display, and never below the minimum size', () => {
    expect(clampWindowState(saved(0, 0, 3000, 2000), [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
    expect(clampWindowState(saved(10, 10, 200, 100), [laptop]).bounds).toEqual({ x: 10, y: 10, ...MIN_SIZE });
  });

  it('picks the display the window overlaps most', () => {
    // Mostly on the right monitor: stays there, pulled fully inside it.
    const result = clampWindowState(saved(1800, 100, 1600, 1000), [laptop, rightMonitor], laptop);
    expect(result.bounds).toEqual({ x: 1920, y: 100, width: 1600, height: 1000 });
  });

  it('copes with no display information', () => {
    expect(clampWindowState(saved(5, 5, 100, 100), [])).toEqual({ bounds: { ...MIN_SIZE }, maximized: false });
  });

  it('always ends fully inside some display', () => {
    const displays = [laptop, rightMonitor];
    const cases = [saved(-5000, -5000, 800, 600), saved(9000, 0, 4000, 4000), saved(1919, 1039, 1000, 700), saved(0, 0, 1, 1)];
    for (const c of cases) {
      const { bounds } = clampWindowState(c, displays, laptop);
      const inside = displays.some(({ workArea: a }) => {
        const b = bounds as Rect;
        return b.x >= a.x && b.y >= a.y && b.x + b.width <= a.x + a.width && b.y + b.height <= a.y + a.height;
      });
      expect(inside).toBe(true);
    }
  });
});

describe('trackWindowState', () => {
  function fakeWindow() {
    const listeners = new Map<string, (() => void)[]>();
    let bounds: Rect = { x: 10, y: 10, width: 1200, height: 800 };
    let maximized = false;
    const win: TrackedWindow = {
      getNormalBounds: () => bounds,
      isMaximized: () => maximized,
      isDestroyed: () => false,
      on(event, listener) {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        return win;
      },
    };
    const emit = (event: string) => listeners.get(event)?.forEach((l) => l());
    return {
      win,
      emit,
      setBounds: (b: Rect) => void (bounds = b),
      setMaximized: (m: boolean) => void (maximized = m),
    };
  }

  function fakeIo() {
    const writes: string[] = [];
    const io: WindowStateIo = {
      write: (text) => void writes.push(text),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    return { io, writes };
  }

  it('saves once, after the moves and resizes stop', () => {
    vi.useFakeTimers();
    try {
      const w = fakeWindow();
      const { io, writes } = fakeIo();
      trackWindowState(w.win, io, 500);
      for (let i = 0; i < 20; i++) {
        w.setBounds({ x: 10 + i, y: 10, width: 1200, height: 800 });
        w.emit(i % 2 ? 'move' : 'resize');
        vi.advanceTimersByTime(100);
      }
      expect(writes).toEqual([]);
      vi.advanceTimersByTime(500);
      expect(writes.map((t) => JSON.parse(t) as unknown)).toEqual([saved(29, 10, 1200, 800)]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('saves the normal bounds and the maximized flag at once on close', () => {
    vi.useFakeTimers();
    try {
      const w = fakeWindow();
      const { io, writes } = fakeIo();
      trackWindowState(w.win, io, 500);
      w.setMaximized(true);
      w.emit('maximize');
      w.emit('close');
      expect(writes.map((t) => JSON.parse(t) as unknown)).toEqual([saved(10, 10, 1200, 800, true)]);
      vi.advanceTimersByTime(1000);
      expect(writes).toHaveLength(1); // the pending save was cancelled, not repeated
    } finally {
      vi.useRealTimers();
    }
  });
});
