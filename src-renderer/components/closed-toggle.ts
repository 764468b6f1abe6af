import { useEffect, useRef } from 'react';

/**
 * For a menu that renders only its toggle while closed (PatternFly's Select/Dropdown keep a Popper
 * mounted that reads getComputedStyle on every render, forcing a style recalculation of the whole
 * page each time the view re-renders: 1.2–1.3 s of the Sessions page's load at 9,500 sessions, issue 18).
 * Closing swaps the Select for a plain toggle, a new button: this ref'd toggle takes the focus back
 * when the focus was inside the menu (it is then on the body), as PatternFly's own toggle would.
 */
export function useClosedToggleFocus(open: boolean): React.RefObject<HTMLButtonElement | null> {
  const ref = useRef<HTMLButtonElement | null>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open && (document.activeElement === document.body || document.activeElement === null)) ref.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return ref;
}
