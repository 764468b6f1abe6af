// The Content-Security-Policy sent with every response of the app:// protocol.
// The renderer's index.html carries its own <meta> policy (it is also served to
// browsers by `vdi-console serve`); a page under two policies must satisfy both,
// so this header can only tighten what the meta tag allows.
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
// connect-src      'self'                     IPC does not need the network; no WebSocket in Electron
// object-src       'none'                     no plugins
// base-uri         'none'                     a <base> tag cannot re-root relative URLs
// form-action      'none'                     no form posts anywhere
// frame-ancestors  'none'                     nobody embeds the console

export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
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

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/** Headers added to every app:// response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};
