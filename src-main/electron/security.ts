// Hardening applied to every webContents and to the session. The decisions are
// pure functions (tested in test/unit/electron-security.test.ts); the `harden*`
// functions only wire them to Electron events.
import { isAppUrl } from './origin.ts';

/** Navigation (will-navigate, will-frame-navigate, will-redirect) may only stay on app://console. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

// Requests the session lets through. Everything else (http, https, ws, file, ftp,
// other custom schemes) is cancelled before it leaves: the console never loads
// remote content, even if a bug or a pasted link asks for it.
//   app://console/...   our bundle
//   data: / blob:       images and workers built by our own code
//   devtools:           the developer tools' own pages
const EXTRA_REQUEST_SCHEMES = new Set(['data:', 'blob:', 'devtools:']);

export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  try {
    return EXTRA_REQUEST_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * Permission decisions (requests and checks share this table):
 *
 * permission                  from app://console   from anything else
 * clipboard-sanitized-write   allow                deny    (the "copy" buttons)
 * everything else             deny                 deny    (camera, notifications, geolocation, ...)
 */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

export interface NavigationEventLike {
  readonly url: string;
  preventDefault(): void;
}

/** What `hardenWebContents` needs of a webContents (an Electron WebContents fits). */
export interface HardenableContents {
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

export function guardNavigation(event: NavigationEventLike): void {
  if (!isAllowedNavigation(event.url)) event.preventDefault();
}

/** Denies new windows, foreign navigation and <webview>; applied to every webContents Electron creates. */
export function hardenWebContents(contents: HardenableContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', guardNavigation);
  contents.on('will-frame-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** What `hardenSession` needs of a session (an Electron Session fits). */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean): void;
  readonly webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
}

export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl ?? ''));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url) });
  });
}
