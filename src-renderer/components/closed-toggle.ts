import { useEffect, useRef, useState } from 'react';

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

/**
 * The open menu's toggle, a new element (see useClosedToggleFocus): it takes the focus the closed
 * button had, so Escape closes the menu and the arrow keys move into it, as with PatternFly's own
 * toggle. `ref` is the one PatternFly hands the toggle (it needs the element too).
 */
export function focusOnMount<E extends HTMLElement>(ref: React.Ref<E> | undefined): (el: E | null) => void {
  return (el) => {
    if (typeof ref === 'function') ref(el);
    else if (ref) (ref as React.RefObject<E | null>).current = el;
    // Once per element: the callback is new on each render, and a later render must not pull the
    // focus back from the menu's items.
    if (el && !focused.has(el)) {
      focused.add(el);
      el.focus({ preventScroll: true });
    }
  };
}

const focused = new WeakSet<HTMLElement>();

/**
 * Opens a menu from its closed toggle after the click has finished: opened at once, the menu's
 * outside-click listener (PatternFly's, on the document) would get this very click, whose target
 * (the closed toggle) has just left the page, and close the menu again.
 */
export function openAfterClick(open: () => void): void {
  setTimeout(open, 0);
}

/**
 * Whether the menu, mounted because `open` became true, may show yet: PatternFly's Popper finds its
 * menu element only when it becomes visible after mounting (its effect runs on a change of
 * visibility). A Select or Dropdown mounted already open was never placed: it sat at the window's
 * top-left corner, far from its toggle. The menu mounts closed and opens on the next render.
 */
export function useOpenAfterMount(open: boolean): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(open), [open]);
  return open && mounted;
}
