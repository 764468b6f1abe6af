// "Open in its own window": only our windows may ask, only for a thin-client, shadow or wall route,
// and the new window gets the console's security options.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { OPEN_WINDOW_CHANNEL } from '../../src-main/electron/channels.ts';
import {
  MAX_CLIENT_WINDOWS,
  clientWindowOptions,
  clientWindowUrl,
  createOpenWindowHandler,
  registerOpenWindowChannel,
  type OpenWindowHandler,
} from '../../src-main/electron/client-window.ts';
import { WindowRegistry, type ContentsLike, type FrameLike } from '../../src-main/electron/ipc.ts';
import { secureWebPreferences } from '../../src-main/electron/window.ts';

function frame(url: string, over: Partial<FrameLike> = {}): FrameLike {
  return { url, parent: null, processId: 4, routingId: 1, detached: false, ...over };
}

function setup(open = 0) {
  const main = frame('app://console/index.html#/sessions');
  const wc: ContentsLike = { id: 1, mainFrame: main, isDestroyed: () => false };
  const registry = new WindowRegistry<ContentsLike>();
  registry.add(wc);
  const opened: string[] = [];
  const handler = createOpenWindowHandler(
    (c) => registry.has(c),
    (url) => void opened.push(url),
    () => open + opened.length,
  );
  return { main, wc, opened, handler };
}

describe('clientWindowUrl', () => {
  it.each([
    ['/connect', 'app://console/index.html#/connect'],
    [
      '/connect?user=u-12&device=thin-client&protocol=blast&network=lan',
      'app://console/index.html#/connect?user=u-12&device=thin-client&protocol=blast&network=lan',
    ],
    ['/connect?session=s-4&window=client', 'app://console/index.html#/connect?session=s-4&window=client'],
    ['/shadow/s-42', 'app://console/index.html#/shadow/s-42'],
    ['/wall?layout=3x3', 'app://console/index.html#/wall?layout=3x3'],
  ])('builds the app:// URL for %j', (route, url) => {
    expect(clientWindowUrl(route)).toBe(url);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/connect',
    'app://console/index.html#/connect',
    '/settings',
    '/pools/p-1',
    '/connect/../pools',
    '/connect?x=<script>',
    '/connect?x="a"',
    '/connect#/pools',
    '/connect\n',
    '',
    `/connect?${'a'.repeat(500)}`,
    42,
    null,
    { route: '/connect' },
  ])('refuses %j', (route) => {
    expect(clientWindowUrl(route)).toBeNull();
  });
});

describe('the open-window handler', () => {
  it('opens an allowed route for our main frame', () => {
    const { main, wc, opened, handler } = setup();
    expect(handler({ sender: wc, senderFrame: main }, '/shadow/s-7')).toEqual({ ok: true });
    expect(opened).toEqual(['app://console/index.html#/shadow/s-7']);
  });

  it('refuses a sender that is not our window, a subframe, or a foreign origin, and opens nothing', () => {
    const { main, wc, opened, handler } = setup();
    const stranger: ContentsLike = { id: 9, mainFrame: main, isDestroyed: () => false };
    expect(handler({ sender: stranger, senderFrame: main }, '/connect')).toEqual({ ok: false, message: 'Refused: the sender is not a console window.' });
    const sub = frame('app://console/index.html', { parent: main, routingId: 5 });
    expect(handler({ sender: wc, senderFrame: sub }, '/connect').ok).toBe(false);
    const foreign = frame('https://evil.example/');
    const wc2: ContentsLike = { id: 1, mainFrame: foreign, isDestroyed: () => false };
    expect(handler({ sender: wc2, senderFrame: foreign }, '/connect').ok).toBe(false);
    expect(opened).toEqual([]);
  });

  it('refuses a route outside the allow-list', () => {
    const { main, wc, opened, handler } = setup();
    const r = handler({ sender: wc, senderFrame: main }, 'https://evil.example/');
    expect(r.ok).toBe(false);
    expect(opened).toEqual([]);
  });

  it(`stops at ${MAX_CLIENT_WINDOWS} client windows`, () => {
    const { main, wc, opened, handler } = setup(MAX_CLIENT_WINDOWS - 1);
    expect(handler({ sender: wc, senderFrame: main }, '/connect').ok).toBe(true);
    const r = handler({ sender: wc, senderFrame: main }, '/connect');
    expect(r).toEqual({ ok: false, message: `At most ${MAX_CLIENT_WINDOWS} client windows can be open; close one first.` });
    expect(opened).toHaveLength(1);
  });

  it('registers on vdi:open-window and can be removed', () => {
    const handlers = new Map<string, OpenWindowHandler>();
    const ipc = { handle: vi.fn((c: string, l: OpenWindowHandler) => void handlers.set(c, l)), removeHandler: vi.fn((c: string) => void handlers.delete(c)) };
    const { handler } = setup();
    const remove = registerOpenWindowChannel(ipc, handler);
    expect(OPEN_WINDOW_CHANNEL).toBe('vdi:open-window');
    expect(handlers.get('vdi:open-window')).toBe(handler);
    remove();
    expect(handlers.size).toBe(0);
  });
});

describe('client window options', () => {
  it('has exactly the console window security options, hidden until ready', () => {
    const opts = clientWindowOptions('/app/out/preload/index.cjs', false, 'VDI Fleet Console');
    expect(opts.webPreferences).toEqual(secureWebPreferences('/app/out/preload/index.cjs', false));
    expect(opts.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(opts.show).toBe(false);
  });
});
