// The renderer's Content-Security-Policy and the headers every response of serve's port carries.
// The policy lives here (host/ is plain Node, importable by both) so the Electron shell
// (electron/csp.ts, app:// protocol) and serve (web-server.ts) send one policy, not two copies.
// The renderer's index.html carries its own <meta> policy too; a page under two policies must
// satisfy both, so these headers can only tighten what the meta tag allows.
//
// directive        value                      why
// default-src      'self'                     only our own bundle, nothing remote
// script-src       'self'                     no inline script, no eval
// style-src        'self' 'unsafe-inline'     measured: PatternFly 6 and React set styles through CSSOM
//                                             (`style={...}`), which CSP does not govern, and the shell
//                                             renders with no violation without it; kept because the
//                                             renderer's own meta policy allows it (so dropping it here
//                                             would make Electron differ from the browser) and injected
//                                             style cannot run code or reach the network (see below)
// img-src          'self' data:               PatternFly CSS embeds small SVG/PNG as data: URIs
// font-src         'self' data:               Vite inlines small font files as data: URIs
// connect-src      'self'                     IPC does not need the network; serve adds its own
//                                             ws:// origins (servePageCsp)
// object-src       'none'                     no plugins
// base-uri         'none'                     a <base> tag cannot re-root relative URLs
// form-action      'none'                     no form posts anywhere
// frame-ancestors  'none'                     nobody embeds the console

export type CspDirectives = Readonly<Record<string, readonly string[]>>;

export const CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export function cspText(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');
}

/** The renderer's policy (the Electron shell sends exactly this). */
export const CONTENT_SECURITY_POLICY = cspText(CSP_DIRECTIVES);

/**
 * The renderer's policy as serve sends it with the page: the same directives, plus the page's
 * own WebSocket origins in connect-src (spelled out: older browsers do not match ws: to 'self').
 */
export function servePageCsp(wsOrigins: readonly string[]): string {
  return cspText({ ...CSP_DIRECTIVES, 'connect-src': [...(CSP_DIRECTIVES['connect-src'] ?? []), ...wsOrigins] });
}

/** Everything that is not the console page (assets, API answers, refusals): nothing loads, nothing embeds it. */
export const LOCKED_CSP = cspText({
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
});

/**
 * Headers on every response of serve's port: pages, assets, /api, /rest, redirects and refusals.
 * The page replaces the CSP with servePageCsp; the rest keep LOCKED_CSP.
 * - COOP same-origin: no other window keeps a handle on the console's;
 * - CORP same-origin: another site (another local port too: cookies do not isolate ports) cannot
 *   embed the console's scripts or answers as no-cors subresources;
 * - X-Frame-Options DENY with frame-ancestors 'none': no framing, for old and new browsers;
 * - nosniff: a response is only ever what its content-type says;
 * - no-referrer: no address of the console leaves it in a Referer header.
 */
export const SERVE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': LOCKED_CSP,
};
