// The Content-Security-Policy sent with every response of the app:// protocol. The policy itself
// (with why each directive is what it is) lives in host/http/security-headers.ts, shared with
// `vdi-console serve`, so the shell and the browser run the renderer under one policy.
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES } from '../host/http/security-headers.ts';

export { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES };

/** Headers added to every app:// response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};
