// Window bounds and maximized flag, remembered in userData/window-state.json.
// Reading, clamping and saving are separate so the clamping (the part with the
// edge cases: a monitor unplugged, a resolution lowered) is a pure function.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The normal (not maximized) bounds; without x/y the window is centred. */
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export interface DisplayLike {
  readonly workArea: Rect;
}

export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
export const MIN_SIZE = { width: 960, height: 600 } as const;

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parses the saved file's text; anything malformed means "no saved state". */
export function parseWindowState(text: string): WindowState | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { bounds, maximized } = data as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isFiniteNumber(width) || !isFiniteNumber(height) || width <= 0 || height <= 0) return null;
  const state: WindowState = { bounds: { width: Math.round(width), height: Math.round(height) }, maximized: maximized === true };
  if (isFiniteNumber(x) && isFiniteNumber(y)) {
    state.bounds.x = Math.round(x);
    state.bounds.y = Math.round(y);
  }
  return state;
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

/**
 * Fits a saved (or missing) state onto the displays there are now.
 *
 * saved state                      result
 * none                             default size (shrunk to the primary work area), centred
 * overlaps a display               on the display it overlaps most, moved/shrunk to lie fully inside
 * overlaps no display (unplugged)  same size on the primary display, centred
 * no displays reported             the size only, centred (Electron picks the screen)
 *
 * The size never goes below MIN_SIZE unless the work area itself is smaller.
 */
export function clampWindowState(saved: WindowState | null, displays: readonly DisplayLike[], primary?: DisplayLike): WindowState {
  const maximized = saved?.maximized ?? false;
  const wanted: WindowState['bounds'] = saved?.bounds ?? { ...DEFAULT_SIZE };
  const mainDisplay = primary ?? displays[0];
  if (!mainDisplay) {
    return { bounds: { width: Math.max(MIN_SIZE.width, wanted.width), height: Math.max(MIN_SIZE.height, wanted.height) }, maximized };
  }
  let target = mainDisplay;
  let placed = false;
  if (wanted.x !== undefined && wanted.y !== undefined) {
    const rect: Rect = { x: wanted.x, y: wanted.y, width: wanted.width, height: wanted.height };
    let best = 0;
    for (const display of displays) {
      const area = overlapArea(rect, display.workArea);
      if (area > best) {
        best = area;
        target = display;
      }
    }
    placed = best > 0;
  }
  const area = target.workArea;
  const width = Math.min(Math.max(wanted.width, MIN_SIZE.width), area.width);
  const height = Math.min(Math.max(wanted.height, MIN_SIZE.height), area.height);
  if (!placed || wanted.x === undefined || wanted.y === undefined) {
    const x = area.x + Math.round((area.width - width) / 2);
    const y = area.y + Math.round((area.height - height) / 2);
    return { bounds: saved ? { x, y, width, height } : { width, height }, maximized };
  }
  return {
    bounds: {
      x: clamp(wanted.x, area.x, area.x + area.width - width),
      y: clamp(wanted.y, area.y, area.y + area.height - height),
      width,
      height,
    },
    maximized,
  };
}

/** What the saver needs of a window (an Electron BrowserWindow fits). */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

export interface WindowStateIo {
  /** Writes the file (atomically where it can); errors are reported, never thrown. */
  write(text: string): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export function captureWindowState(win: Pick<TrackedWindow, 'getNormalBounds' | 'isMaximized'>): WindowState {
  const { x, y, width, height } = win.getNormalBounds();
  return { bounds: { x, y, width, height }, maximized: win.isMaximized() };
}

/**
 * Saves the state `debounceMs` after the last move/resize, and at once on close.
 * Returns a function that flushes a pending save (used on quit).
 */
export function trackWindowState(win: TrackedWindow, io: WindowStateIo, debounceMs = 500): () => void {
  let pending: unknown = null;
  let last = '';
  const save = (): void => {
    if (pending !== null) {
      io.clearTimeout(pending);
      pending = null;
    }
    if (win.isDestroyed()) return;
    const text = JSON.stringify(captureWindowState(win));
    if (text === last) return;
    last = text;
    io.write(text);
  };
  const schedule = (): void => {
    if (pending !== null) io.clearTimeout(pending);
    pending = io.setTimeout(save, debounceMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, schedule);
  win.on('close', save);
  return save;
}
