/**
 * Start-up work that can wait for the first page's content (issue 18: the Sessions page's first rows
 * in a second on a busy 2-core box). The console opening on a page that holds the gate (only the
 * Sessions page, whose first screen is one small request ahead of a 4.7 MB list) runs the other
 * pages' chunk prefetch, the live metrics feed and the rest of its own list after that page says its
 * first content is on screen; every other page opens the gate at once. If the page never says so
 * (it failed, the user left it), the gate opens after FIRST_CONTENT_FALLBACK_MS anyway.
 */

/** Longest a held gate waits for the page's first content before start-up work runs anyway. */
export const FIRST_CONTENT_FALLBACK_MS = 5000;

let open = false;
const waiting: (() => void)[] = [];

/** Runs `fn` once the first page's content is on screen (at once when it already is). */
export function afterFirstContent(fn: () => void): void {
  if (open) fn();
  else waiting.push(fn);
}

/** The first page's content is on screen (or it will not be): run what waited for it. */
export function firstContentShown(): void {
  if (open) return;
  open = true;
  for (const fn of waiting.splice(0)) fn();
}

/** Whether start-up work still waits for the first page's content. */
export function firstContentPending(): boolean {
  return !open;
}

/** Pages that hold the gate until their first content is painted; they call firstContentShown(). */
const HOLDING_PAGES = new Set(['sessions']);

/** The first path segment the console opens on ('' for none: the remembered page or the dashboard). */
export function firstPageOf(hash: string): string {
  return hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
}

/** At start: hold the gate for a page that opens it itself, open it for any other. */
export function holdForFirstContent(page: string): boolean {
  if (!HOLDING_PAGES.has(page)) {
    firstContentShown();
    return false;
  }
  setTimeout(firstContentShown, FIRST_CONTENT_FALLBACK_MS);
  return true;
}

/** Resolves after the next frame has been painted (a task queued from requestAnimationFrame runs after the paint). */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
