// Where the console lives inside Electron: one privileged custom scheme and one host.
// Every security decision in this folder (navigation, IPC senders, pushes, requests)
// comes back to `isAppUrl`, so it is deliberately strict.

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page every window loads; the renderer routes with `#/...` from here. */
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `raw` is exactly on `app://console` (any path, query or hash).
 * Rejects other schemes, other hosts (`app://console.evil`), credentials
 * (`app://console@evil/`), ports, and anything that does not parse.
 */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}
