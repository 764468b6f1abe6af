import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * Height that makes an element reach the bottom of the window, so a big table
 * scrolls inside itself (keeping its sticky header and the toolbar above it in
 * view) instead of scrolling the whole page.
 */
export function useFillHeight(ref: RefObject<HTMLElement | null>, opts: { min?: number; bottomGap?: number; deps?: unknown[] } = {}): number {
  const { min = 320, bottomGap = 28 } = opts;
  const [height, setHeight] = useState(min);
  useLayoutEffect(() => {
    const measure = () => {
      const el = ref.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top;
      setHeight(Math.max(min, Math.floor(window.innerHeight - top - bottomGap)));
    };
    measure();
    window.addEventListener('resize', measure);
    const ro = new ResizeObserver(measure);
    if (ref.current?.parentElement) ro.observe(ref.current.parentElement);
    return () => {
      window.removeEventListener('resize', measure);
      ro.disconnect();
    };
    // Callers pass in deps whatever changes the layout above the element (an alert appearing, ...).
  }, [min, bottomGap, ...(opts.deps ?? [])]);
  return height;
}
