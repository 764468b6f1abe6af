// The window's security options, navigation blocking, permissions and the request filter.
import { describe, expect, it, vi } from 'vitest';

// Nothing here may load the real `electron` package (it would try to download a binary).
vi.mock('electron', () => ({}));

import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES } from '../../src-main/electron/csp.ts';
import { APP_START_URL, isAppUrl } from '../../src-main/electron/origin.ts';
import {
  guardNavigation,
  hardenSession,
  hardenWebContents,
  isAllowedNavigation,
  isAllowedRequest,
  isPermissionAllowed,
  type HardenableContents,
  type HardenableSession,
  type NavigationEventLike,
} from '../../src-main/electron/security.ts';
import { secureWebPreferences, windowOptions } from '../../src-main/electron/window.ts';

describe('window options', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs', false);

  it('isolates and sandboxes the renderer', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it('builds BrowserWindow options that start hidden with the remembered bounds', () => {
    const options = windowOptions({ bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: false }, '/p.cjs', true);
    expect(options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, show: false, title: 'VDI Fleet Console' });
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: true });
  });
});

describe('content security policy', () => {
  it('is the strict policy of the issue (plus fonts and forms)', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('never allows inline or evaluated script, nor remote hosts', () => {
    expect(CSP_DIRECTIVES['script-src']).toEqual(["'self'"]);
    for (const sources of Object.values(CSP_DIRECTIVES)) {
      for (const source of sources) expect(source).not.toMatch(/unsafe-eval|https?:|\*|ws:/);
    }
  });
});

describe('app origin', () => {
  it.each([
    [APP_START_URL, true],
    ['app://console/', true],
    ['app://console/assets/index.js?x=1#/pools', true],
    ['app://console.evil/', false],
    ['app://console@evil/', false],
    ['app://user:pw@console/', false],
    ['app://console:8080/', false],
    ['app://other/', false],
    ['https://console/', false],
    ['file:///app/out/renderer/index.html', false],
    ['about:blank', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('navigation', () => {
  it.each([
    ['app://console/index.html#/pools', true],
    ['https://example.com/', false],
    ['http://127.0.0.1:5173/', false],
    ['file:///etc/passwd', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['javascript:alert(1)', false],
    ['app://evil/index.html', false],
  ])('%s allowed: %s', (url, allowed) => {
    expect(isAllowedNavigation(url)).toBe(allowed);
    const event: NavigationEventLike = { url, preventDefault: vi.fn() };
    guardNavigation(event);
    expect(event.preventDefault).toHaveBeenCalledTimes(allowed ? 0 : 1);
  });
});

describe('hardenWebContents', () => {
  type Listener = (event: NavigationEventLike) => void;
  function fakeContents() {
    const listeners = new Map<string, Listener>();
    let openHandler: (() => { action: 'deny' }) | null = null;
    const contents: HardenableContents = {
      setWindowOpenHandler(handler) {
        openHandler = handler;
      },
      on(event: string, listener: Listener) {
        listeners.set(event, listener);
        return contents;
      },
    };
    return { contents, listeners, openHandler: () => openHandler };
  }

  it('denies every new window', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents);
    expect(fake.openHandler()?.()).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('blocks %s away from the app, allows it within', (name) => {
    const fake = fakeContents();
    hardenWebContents(fake.contents);
    const listener = fake.listeners.get(name);
    expect(listener).toBeDefined();
    const away = { url: 'https://evil.example/', preventDefault: vi.fn() };
    listener?.(away);
    expect(away.preventDefault).toHaveBeenCalled();
    const within = { url: 'app://console/index.html', preventDefault: vi.fn() };
    listener?.(within);
    expect(within.preventDefault).not.toHaveBeenCalled();
  });

  it('refuses <webview>', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents);
    const attach = { url: '', preventDefault: vi.fn() };
    fake.listeners.get('will-attach-webview')?.(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});

describe('session', () => {
  it('allows only clipboard writes, and only from the app', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://console/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://console')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'unknown']) {
      expect(isPermissionAllowed(p, 'app://console/index.html')).toBe(false);
    }
  });

  it.each([
    ['app://console/assets/index.js', true],
    ['data:image/png;base64,AAAA', true],
    ['blob:app://console/1234', true],
    ['devtools://devtools/bundled/inspector.html', true],
    ['https://cdn.example.com/x.js', false],
    ['http://localhost:5173/', false],
    ['ws://127.0.0.1:8080/', false],
    ['file:///etc/passwd', false],
    ['app://other/x', false],
  ])('request %s allowed: %s', (url, allowed) => {
    expect(isAllowedRequest(url)).toBe(allowed);
  });

  it('wires the decisions into the session', () => {
    let request: Parameters<HardenableSession['setPermissionRequestHandler']>[0] | null = null;
    let check: Parameters<HardenableSession['setPermissionCheckHandler']>[0] | null = null;
    let before: Parameters<HardenableSession['webRequest']['onBeforeRequest']>[0] | null = null;
    const session: HardenableSession = {
      setPermissionRequestHandler: (h) => void (request = h),
      setPermissionCheckHandler: (h) => void (check = h),
      webRequest: { onBeforeRequest: (l) => void (before = l) },
    };
    hardenSession(session);

    const granted = vi.fn();
    request!({}, 'media', granted, { requestingUrl: 'app://console/index.html' });
    expect(granted).toHaveBeenCalledWith(false);
    expect(check!({}, 'geolocation', 'app://console')).toBe(false);

    const cancel = vi.fn();
    before!({ url: 'https://evil.example/' }, cancel);
    expect(cancel).toHaveBeenCalledWith({ cancel: true });
    before!({ url: 'app://console/index.html' }, cancel);
    expect(cancel).toHaveBeenLastCalledWith({ cancel: false });
  });
});
