import { useEffect, useRef } from 'react';
import { caretGuess, TYPING_LOOP, type SceneInput } from './screen-scene.ts';
import { dimFrame, renderFrame } from './screen-draw.ts';
import {
  FramePacer,
  LOGICAL_H,
  LOGICAL_W,
  describeScreen,
  feel,
  inputAt,
  layoutWindows,
  simulatedPointer,
  trimInput,
  typedChars,
  type InputSample,
} from './screen-plan.ts';
import type { ScreenState } from './screen-types.ts';

/** Input older than this is dropped (no lag is longer). */
const INPUT_KEEP_MS = 5000;
/** After the admin's mouse leaves the canvas for this long, the simulated user's hand takes over again. */
const LOCAL_INPUT_HOLD_MS = 1500;
/** How often the frame counter attributes are written (for tests and the overlay), not every frame. */
const STATS_EVERY_MS = 500;

/**
 * The live remote-desktop canvas. One requestAnimationFrame loop that draws only
 * when the protocol delivers a frame (FramePacer), so a 12 fps session costs 12
 * draws a second, not 60; the loop sleeps while the canvas is off screen or the
 * tab is hidden. The screen state arrives as a prop but is read from a ref, so a
 * new model does not restart the loop or re-render anything but this wrapper.
 *
 * `interactive`: the admin's own mouse over the canvas is the user's input (the
 * remote cursor trails it by the input lag); shadowing passes false.
 */
export function ScreenCanvas({
  state,
  interactive,
  maxFps,
  testId,
}: {
  state: ScreenState;
  interactive: boolean;
  /** Cap below the protocol's rate (wall tiles), to keep six screens light. */
  maxFps?: number;
  testId: string;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  const capRef = useRef(maxFps);
  capRef.current = maxFps;
  const input = useRef<InputSample[]>([]);
  const lastLocal = useRef(Number.NEGATIVE_INFINITY);

  useEffect(() => {
    const canvas = canvasRef.current;
    const box = boxRef.current;
    if (!canvas || !box) return;
    const scratch = document.createElement('canvas');
    const pacer = new FramePacer(stateRef.current.fps, stateRef.current.lossPct);
    let raf = 0;
    let visible = true;
    let frozenDrawn = false;
    let lastStats = 0;
    let lastContent = '';
    let drawnSinceStats = 0;
    let statsStart = performance.now();

    const resize = () => {
      const dpr = Math.min(2, window.devicePixelRatio || 1);
      const w = Math.max(1, Math.round(box.clientWidth * dpr));
      const h = Math.max(1, Math.round((w * LOGICAL_H) / LOGICAL_W));
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
        frozenDrawn = false;
        pacer.set(0, 0); // force the next frame at once after a resize (the canvas was cleared)
      }
    };
    const ro = new ResizeObserver(resize);
    ro.observe(box);
    resize();
    const io = new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
      if (visible && !raf) raf = requestAnimationFrame(tick);
    });
    io.observe(box);

    function tick(now: number) {
      raf = 0;
      if (!visible || !canvas || !box) return;
      raf = requestAnimationFrame(tick);
      const s = stateRef.current;
      const fps = Math.min(s.fps, capRef.current ?? Number.POSITIVE_INFINITY);
      pacer.set(fps, s.lossPct);
      if (s.frozen) {
        if (!frozenDrawn) {
          dimFrame(canvas);
          frozenDrawn = true;
        }
        return;
      }
      frozenDrawn = false;
      // What is on screen (not the figures): a change gets its frame one network delay later, whatever the steady rate.
      const content = `${s.front}|${s.apps.length}|${s.activity}|${s.messages.map((m) => m.id).join(',')}`;
      if (content !== lastContent) {
        if (lastContent !== '') pacer.changeAt(now, s.inputLagMs);
        lastContent = content;
      }
      if (!pacer.due(now)) return;
      const lagged = now - s.inputLagMs;
      const front = layoutWindows(s.apps.length, s.front).find((w) => w.index === s.front)?.rect ?? { x: 0, y: 0, w: LOGICAL_W, h: LOGICAL_H };
      const caret = caretGuess(s);
      const local = now - lastLocal.current < LOCAL_INPUT_HOLD_MS + s.inputLagMs;
      trimInput(input.current, now, INPUT_KEEP_MS);
      const pointer = (local ? inputAt(input.current, lagged) : null) ?? simulatedPointer(lagged, s.activity, front, caret);
      const inp: SceneInput = {
        t: now,
        frame: pacer.frames,
        pointer,
        typed: typedChars(lagged, s.activity, TYPING_LOOP.length),
        showCursor: s.activity !== 'video',
      };
      // The yellow ring: where the simulated hand is now; the admin's own mouse needs no marker.
      const hand = !local && s.inputLagMs >= 60 && s.activity !== 'video' ? simulatedPointer(now, s.activity, front, caret) : null;
      renderFrame(canvas, scratch, s, inp, { hand });
      drawnSinceStats++;
      if (now - lastStats > STATS_EVERY_MS) {
        const measured = (drawnSinceStats * 1000) / Math.max(1, now - statsStart);
        box.dataset.frames = String(pacer.frames);
        box.dataset.drawFps = measured.toFixed(1);
        lastStats = now;
        statsStart = now;
        drawnSinceStats = 0;
      }
    }
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      ro.disconnect();
      io.disconnect();
    };
  }, []);

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!interactive) return;
    const r = e.currentTarget.getBoundingClientRect();
    const now = performance.now();
    input.current.push({ t: now, x: ((e.clientX - r.left) / r.width) * LOGICAL_W, y: ((e.clientY - r.top) / r.height) * LOGICAL_H });
    lastLocal.current = now;
  };

  return (
    <div
      ref={boxRef}
      className="vdi-screen"
      data-testid={testId}
      data-feel={feel(state)}
      data-fps={state.fps}
      data-quality={state.quality}
      data-frozen={state.frozen ? 'true' : 'false'}
    >
      <canvas
        ref={canvasRef}
        className="vdi-screen__canvas"
        style={{ cursor: interactive ? 'default' : 'not-allowed' }}
        onPointerMove={onMove}
        role="img"
        aria-label={describeScreen(state)}
      />
    </div>
  );
}
