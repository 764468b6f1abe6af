import { notifyError } from '../../state/toast-store.ts';

/**
 * Opens a thin-client, shadow or wall route in its own window: through the
 * preload in Electron (main checks the sender and the route and opens a window
 * with the console's security options), else a plain new browser tab of this
 * same page (same origin, so serve's cookie opens it; `noopener` so it cannot
 * reach back here).
 */
export async function openInOwnWindow(route: string): Promise<void> {
  const vdi = window.vdi;
  if (vdi?.openWindow) {
    const r = await vdi.openWindow(route);
    if (!r.ok) notifyError('Could not open the window', { code: 'conflict', message: r.message });
    return;
  }
  const url = `${location.origin}${location.pathname}${location.search}#${route}`;
  const w = window.open(url, '_blank', 'noopener');
  // With noopener the result is always null, so a blocked pop-up cannot be told apart: say nothing.
  void w;
}
