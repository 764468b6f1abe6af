// "Open in its own window" for the thin-client views: the renderer asks for a
// route, main opens the same console page at that route in a new BrowserWindow
// with the same security options. The renderer never names a URL: it names a
// route from a short allow-list, and main builds the app:// URL itself.
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_START_URL } from './origin.ts';
import { checkSender, type ContentsLike, type InvokeEventLike } from './ipc.ts';
import { OPEN_WINDOW_CHANNEL } from './channels.ts';
import { secureWebPreferences } from './window.ts';

/** Routes a client window may show: a thin-client connection, a shadow, the wall. */
const ROUTE = /^\/(connect|shadow|wall)(\/[A-Za-z0-9._~-]{1,64})?(\?[A-Za-z0-9._~%=&+-]{0,400})?$/;
/** The longest route accepted (a connect route carries user, device, protocol and network). */
export const MAX_ROUTE_LENGTH = 480;
/** Enough for a 3 × 3 wall popped out tile by tile, and a few more. */
export const MAX_CLIENT_WINDOWS = 12;

export type OpenWindowReply = { ok: true } | { ok: false; message: string };

/** The app:// URL for a route, or null when the route is not one a client window may open. */
export function clientWindowUrl(route: unknown): string | null {
  if (typeof route !== 'string' || route.length > MAX_ROUTE_LENGTH || !ROUTE.test(route)) return null;
  return `${APP_START_URL}#${route}`;
}

/** A thin-client sized window (16:10 screen plus the view's header), secured like the console window. */
export function clientWindowOptions(preloadPath: string, devTools: boolean, title: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 820,
    minWidth: 480,
    minHeight: 360,
    title,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#101418',
    webPreferences: secureWebPreferences(preloadPath, devTools),
  };
}

export type OpenWindowHandler = (event: InvokeEventLike, route: unknown) => OpenWindowReply;

/**
 * check                                  refused when
 * the sender passes checkSender          not our window / not its main frame / not on app://console
 * the route is on the allow-list         anything else (a URL, another page, odd characters, too long)
 * fewer than MAX_CLIENT_WINDOWS open     a runaway loop asking for windows
 */
export function createOpenWindowHandler(
  isOurContents: (contents: ContentsLike) => boolean,
  openWindow: (url: string) => void,
  openCount: () => number,
): OpenWindowHandler {
  return (event, route) => {
    const verdict = checkSender(event, isOurContents);
    if (!verdict.ok) return { ok: false, message: `Refused: ${verdict.reason}.` };
    const url = clientWindowUrl(route);
    if (url === null) return { ok: false, message: 'Refused: only a thin-client, shadow or wall view can open in its own window.' };
    if (openCount() >= MAX_CLIENT_WINDOWS) return { ok: false, message: `At most ${MAX_CLIENT_WINDOWS} client windows can be open; close one first.` };
    openWindow(url);
    return { ok: true };
  };
}

export interface OpenWindowIpc {
  handle(channel: string, listener: OpenWindowHandler): void;
  removeHandler(channel: string): void;
}

export function registerOpenWindowChannel(ipcMain: OpenWindowIpc, handler: OpenWindowHandler): () => void {
  ipcMain.handle(OPEN_WINDOW_CHANNEL, handler);
  return () => ipcMain.removeHandler(OPEN_WINDOW_CHANNEL);
}
