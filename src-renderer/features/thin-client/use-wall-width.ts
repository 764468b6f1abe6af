import { useLayoutEffect, useState, type RefObject } from 'react';
import { LOGICAL_H, LOGICAL_W } from './screen/screen-plan.ts';

/** A tile's head line (user, state, buttons) and the gaps of the wall, in px (sessions.css). */
const HEAD_PX = 29 + 5;
const GAP_PX = 16;
const BOTTOM_GAP_PX = 56;
const MIN_WIDTH_PX = 560;

/**
 * The widest the wall may be so that all its rows fit the window below it (a 3 × 3 wall on a
 * 900 px screen): tiles keep the screen's aspect ratio, so the height decides the width.
 */
export function useWallWidth(ref: RefObject<HTMLElement | null>, rows: number): number | undefined {
  const [width, setWidth] = useState<number | undefined>(undefined);
  useLayoutEffect(() => {
    const measure = () => {
      const el = ref.current;
      if (!el) return;
      const avail = window.innerHeight - el.getBoundingClientRect().top - BOTTOM_GAP_PX;
      const rowH = (avail - (rows - 1) * GAP_PX) / rows;
      const tileW = Math.max(0, rowH - HEAD_PX) * (LOGICAL_W / LOGICAL_H);
      setWidth(Math.max(MIN_WIDTH_PX, Math.floor(3 * tileW + 2 * GAP_PX)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [ref, rows]);
  return width;
}
