// One frame of the remote desktop onto a canvas: the scene at the image quality
// the protocol delivers (drawn small and scaled up without smoothing = blocks;
// a CSS blur below BLUR_BELOW_QUALITY), then, sharp on top, the ring that marks
// where the user's hand is (the remote cursor trails it by the input lag).
import { LOGICAL_H, LOGICAL_W, qualityEffects, type Point } from './screen-plan.ts';
import { drawScene, type SceneInput } from './screen-scene.ts';
import type { ScreenState } from './screen-types.ts';

export interface FrameExtras {
  /** Where the user's input is now (before the lag); null = do not mark it. */
  hand: Point | null;
}

function ctx2d(c: HTMLCanvasElement): CanvasRenderingContext2D | null {
  return c.getContext('2d', { alpha: false });
}

export function renderFrame(target: HTMLCanvasElement, scratch: HTMLCanvasElement, s: ScreenState, inp: SceneInput, extras: FrameExtras): void {
  const t = ctx2d(target);
  if (!t) return;
  const W = target.width;
  const H = target.height;
  const fx = qualityEffects(s.quality);
  if (fx.blockPx === 1 && fx.blurPx === 0) {
    t.setTransform(W / LOGICAL_W, 0, 0, H / LOGICAL_H, 0, 0);
    t.imageSmoothingEnabled = true;
    drawScene(t, s, inp);
  } else {
    const sw = Math.max(1, Math.min(W, Math.ceil(LOGICAL_W / fx.blockPx)));
    const sh = Math.max(1, Math.min(H, Math.ceil(LOGICAL_H / fx.blockPx)));
    if (scratch.width !== sw || scratch.height !== sh) {
      scratch.width = sw;
      scratch.height = sh;
    }
    const sc = ctx2d(scratch);
    if (!sc) return;
    sc.setTransform(sw / LOGICAL_W, 0, 0, sh / LOGICAL_H, 0, 0);
    drawScene(sc, s, inp);
    t.setTransform(1, 0, 0, 1, 0, 0);
    t.imageSmoothingEnabled = false;
    t.filter = fx.blurPx > 0 ? `blur(${(fx.blurPx * W) / LOGICAL_W}px)` : 'none';
    t.drawImage(scratch, 0, 0, sw, sh, 0, 0, W, H);
    t.filter = 'none';
  }
  if (extras.hand) {
    t.setTransform(W / LOGICAL_W, 0, 0, H / LOGICAL_H, 0, 0);
    t.strokeStyle = 'rgba(255, 214, 0, 0.9)';
    t.lineWidth = 2;
    t.beginPath();
    t.arc(extras.hand.x, extras.hand.y, 9, 0, Math.PI * 2);
    t.stroke();
  }
}

/** Dims the last frame: the display stopped updating (the DOM banner says why). */
export function dimFrame(target: HTMLCanvasElement): void {
  const t = ctx2d(target);
  if (!t) return;
  t.setTransform(1, 0, 0, 1, 0, 0);
  t.fillStyle = 'rgba(0, 0, 0, 0.45)';
  t.fillRect(0, 0, target.width, target.height);
}
