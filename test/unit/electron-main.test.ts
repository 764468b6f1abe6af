// main.ts wired to a mocked `electron`: start-up order, the window it opens, the
// protocol, IPC with sender checks, pushes, and the error dialog for a bad lab.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LabError, type Reply } from '../../src-main/contract/errors.ts';
import type { PushMessage } from '../../src-main/contract/methods.ts';

type AnyListener = (...args: unknown[]) => unknown;

const fx = vi.hoisted(() => {
  const log: string[] = [];
  const state = { lockAvailable: true };
  const appListeners = new Map<string, AnyListener[]>();
  const on = (map: Map<string, AnyListener[]>) => (event: string, listener: AnyListener) => {
    map.set(event, [...(map.get(event) ?? []), listener]);
  };

  let nextId = 1;
  function fakeWebContents() {
    const listeners = new Map<string, AnyListener[]>();
    const mainFrame = { url: '', parent: null, processId: 7, routingId: 1, detached: false };
    const contents = {
      id: nextId++,
      mainFrame,
      listeners,
      sent: [] as unknown[][],
      isDestroyed: () => false,
      getURL: () => mainFrame.url,
      send: (channel: string, msg: unknown) => void contents.sent.push([channel, msg]),
      on: (event: string, listener: AnyListener) => {
        on(listeners)(event, listener);
        return contents;
      },
      setWindowOpenHandler: vi.fn(),
    };
    return contents;
  }

  class FakeBrowserWindow {
    static instances: FakeBrowserWindow[] = [];
    static getAllWindows = () => FakeBrowserWindow.instances;
    readonly listeners = new Map<string, AnyListener[]>();
    readonly webContents = fakeWebContents();
    readonly loadURL = vi.fn(async (url: string) => {
      this.webContents.mainFrame.url = url;
    });
    constructor(readonly options: Record<string, unknown>) {
      log.push('new BrowserWindow');
      FakeBrowserWindow.instances.push(this);
    }
    on(event: string, listener: AnyListener) {
      on(this.listeners)(event, listener);
      return this;
    }
    once(event: string, listener: AnyListener) {
      return this.on(event, listener);
    }
    show = vi.fn();
    maximize = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
    isMaximized = () => false;
    isDestroyed = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 1440, height: 900 });
  }

  const app = {
    isPackaged: false,
    getVersion: () => '0.1.0',
    getPath: vi.fn((name: string) => (name === 'appData' ? '/fake/appData' : `/fake/${name}`)),
    setPath: vi.fn((name: string, value: string) => void log.push(`setPath ${name} ${value}`)),
    enableSandbox: vi.fn(() => void log.push('enableSandbox')),
    requestSingleInstanceLock: vi.fn(() => {
      log.push('requestSingleInstanceLock');
      return state.lockAvailable;
    }),
    whenReady: vi.fn(async () => {
      log.push('ready');
    }),
    on: vi.fn((event: string, listener: AnyListener) => on(appListeners)(event, listener)),
    quit: vi.fn(),
    exit: vi.fn((code: number) => void log.push(`exit ${code}`)),
  };
  const protocol = {
    registerSchemesAsPrivileged: vi.fn(() => void log.push('registerSchemesAsPrivileged')),
    handle: vi.fn(),
  };
  const ipcHandlers = new Map<string, AnyListener>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: AnyListener) => void ipcHandlers.set(channel, listener)),
    removeHandler: vi.fn(),
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onBeforeRequest: vi.fn() },
    },
  };
  const display = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
  const screen = { getAllDisplays: () => [display], getPrimaryDisplay: () => display };
  const dialog = { showErrorBox: vi.fn() };
  const crashReporter = { start: vi.fn((opts: unknown) => void log.push(`crashReporter.start ${JSON.stringify(opts)}`)) };
  const Menu = { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() };
  const shell = { showItemInFolder: vi.fn(), openPath: vi.fn(async () => '') };

  const pushListeners: ((msg: unknown) => void)[] = [];
  const host = {
    dispatch: vi.fn(async (): Promise<unknown> => ({ ok: true, result: { profile: 'small' } })),
    onPush: vi.fn((listener: (msg: unknown) => void) => {
      pushListeners.push(listener);
      return () => undefined;
    }),
    close: vi.fn(),
  };
  const openHost = vi.fn((_opts: unknown): unknown => host);

  return {
    log,
    state,
    appListeners,
    ipcHandlers,
    pushListeners,
    FakeBrowserWindow,
    app,
    protocol,
    ipcMain,
    session,
    screen,
    dialog,
    crashReporter,
    Menu,
    shell,
    host,
    openHost,
    reset() {
      log.length = 0;
      state.lockAvailable = true;
      appListeners.clear();
      ipcHandlers.clear();
      pushListeners.length = 0;
      FakeBrowserWindow.instances = [];
    },
  };
});

vi.mock('electron', () => ({
  app: fx.app,
  BrowserWindow: fx.FakeBrowserWindow,
  dialog: fx.dialog,
  crashReporter: fx.crashReporter,
  Menu: fx.Menu,
  shell: fx.shell,
  ipcMain: fx.ipcMain,
  protocol: fx.protocol,
  screen: fx.screen,
  session: fx.session,
}));
// The host runner (host/runner/index.ts): the app asks for its host in a worker thread.
vi.mock('../../src-main/host/runner/index.ts', () => ({
  startHost: async (opts: unknown) => fx.openHost(opts),
  hostModeFrom: (_env: unknown, fallback: string) => fallback,
}));
// The renderer is not built in a unit test run: pretend out/renderer/index.html is there.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, existsSync: (p: string) => p.endsWith(`renderer${nodePath.sep}index.html`) || fs.existsSync(p) };
});

let dataDir = '';
const savedArgv = process.argv;

async function startMain(args: string[]): Promise<void> {
  process.argv = ['/usr/bin/electron', 'out/main/index.js', ...args];
  vi.resetModules();
  await import('../../src-main/electron/main.ts');
}

beforeEach(() => {
  fx.reset();
  vi.clearAllMocks();
  fx.openHost.mockImplementation(() => fx.host);
  fx.host.dispatch.mockImplementation(async () => ({ ok: true, result: { profile: 'small' } })); // tests may replace it
  dataDir = mkdtempSync(nodePath.join(tmpdir(), 'vdi-electron-main-'));
});

afterEach(() => {
  process.argv = savedArgv;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('main process start-up', () => {
  it('does the before-ready work in order, then opens the host and one secure window', async () => {
    await startMain(['--data', dataDir, '--lab', 'small']);
    await vi.waitFor(() => expect(fx.FakeBrowserWindow.instances).toHaveLength(1));

    expect(fx.log.slice(0, 7)).toEqual([
      `setPath userData ${nodePath.join(dataDir, '.electron')}`,
      // Native crashes stay on this machine: minidumps under userData, never uploaded.
      `setPath crashDumps ${nodePath.join(dataDir, '.electron')}/Crashpad`,
      'crashReporter.start {"uploadToServer":false,"compress":true}',
      'enableSandbox',
      'registerSchemesAsPrivileged',
      'requestSingleInstanceLock',
      'ready',
    ]);
    expect(fx.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    // The desktop app runs the simulation clock and answers `vdi-console call` on its control port.
    expect(fx.openHost).toHaveBeenCalledWith({ mode: 'worker', dataDir, lab: 'small', run: true, control: true, transport: 'ipc' });

    const win = fx.FakeBrowserWindow.instances[0]!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(win.loadURL).toHaveBeenCalledWith('app://console/index.html');
    expect(fx.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(fx.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(fx.session.defaultSession.webRequest.onBeforeRequest).toHaveBeenCalled();
    expect(fx.dialog.showErrorBox).not.toHaveBeenCalled();
    // The application menu is set, and what the app says goes to its log file under userData.
    expect(fx.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const logFile = nodePath.join(dataDir, '.electron', 'logs', 'main.log');
    expect(readFileSync(logFile, 'utf8')).toMatch(/\[info\] VDI Fleet Console 0\.1\.0 \(Electron .*\) starting; lab folder /);
  });

  it('hardens every webContents Electron creates', async () => {
    await startMain(['--data', dataDir]);
    await vi.waitFor(() => expect(fx.FakeBrowserWindow.instances).toHaveLength(1));
    const created = fx.appListeners.get('web-contents-created')?.[0];
    const contents = fx.FakeBrowserWindow.instances[0]!.webContents;
    created?.({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect([...contents.listeners.keys()]).toEqual(expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']));
  });

  it('answers IPC from its window and refuses anything else with a structured error', async () => {
    await startMain(['--data', dataDir]);
    await vi.waitFor(() => expect(fx.FakeBrowserWindow.instances).toHaveLength(1));
    const handler = fx.ipcHandlers.get('vdi:request');
    expect(handler).toBeDefined();
    const wc = fx.FakeBrowserWindow.instances[0]!.webContents;
    await vi.waitFor(() => expect(wc.mainFrame.url).toBe('app://console/index.html'));

    const good = (await handler?.({ sender: wc, senderFrame: wc.mainFrame }, 'lab-info', {})) as Reply<unknown>;
    expect(good).toEqual({ ok: true, result: { profile: 'small' } });
    expect(fx.host.dispatch).toHaveBeenCalledWith('lab-info', {});

    fx.host.dispatch.mockClear();
    const sub = { ...wc.mainFrame, parent: wc.mainFrame, routingId: 2 };
    const stranger = { ...wc, id: 999 };
    for (const event of [
      { sender: wc, senderFrame: sub },
      { sender: stranger, senderFrame: wc.mainFrame },
      { sender: wc, senderFrame: { ...wc.mainFrame, url: 'file:///etc/passwd' } },
    ]) {
      const reply = (await handler?.(event, 'lab-info', {})) as Reply<unknown>;
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('unauthorized');
    }
    expect(fx.host.dispatch).not.toHaveBeenCalled();
  });

  it('opens a thin-client route in a second secure window that may use IPC and gets pushes', async () => {
    await startMain(['--data', dataDir]);
    await vi.waitFor(() => expect(fx.FakeBrowserWindow.instances).toHaveLength(1));
    const wc = fx.FakeBrowserWindow.instances[0]!.webContents;
    await vi.waitFor(() => expect(wc.mainFrame.url).toBe('app://console/index.html'));
    const open = fx.ipcHandlers.get('vdi:open-window');
    expect(open).toBeDefined();
    expect(open?.({ sender: wc, senderFrame: wc.mainFrame }, 'https://evil.example/')).toMatchObject({ ok: false });
    expect(fx.FakeBrowserWindow.instances).toHaveLength(1);
    expect(open?.({ sender: wc, senderFrame: wc.mainFrame }, '/shadow/s-3')).toEqual({ ok: true });
    expect(fx.FakeBrowserWindow.instances).toHaveLength(2);
    const client = fx.FakeBrowserWindow.instances[1]!;
    expect(client.options.webPreferences).toEqual(fx.FakeBrowserWindow.instances[0]!.options.webPreferences);
    expect(client.loadURL).toHaveBeenCalledWith('app://console/index.html#/shadow/s-3');
    await vi.waitFor(() => expect(client.webContents.mainFrame.url).toBe('app://console/index.html#/shadow/s-3'));
    const reply = (await fx.ipcHandlers.get('vdi:request')?.(
      { sender: client.webContents, senderFrame: client.webContents.mainFrame },
      'lab-info',
      {},
    )) as Reply<unknown>;
    expect(reply.ok).toBe(true);
    const msg: PushMessage = { topic: 'lab-changed', payload: { kinds: ['session'] } };
    for (const listener of fx.pushListeners) listener(msg);
    expect(client.webContents.sent).toEqual([['vdi:push', msg]]);
  });

  it('forwards host pushes to the window', async () => {
    await startMain(['--data', dataDir]);
    await vi.waitFor(() => expect(fx.FakeBrowserWindow.instances).toHaveLength(1));
    const wc = fx.FakeBrowserWindow.instances[0]!.webContents;
    await vi.waitFor(() => expect(wc.mainFrame.url).toBe('app://console/index.html'));
    const msg: PushMessage = { topic: 'lab-changed', payload: { kinds: ['desktop'] } };
    for (const listener of fx.pushListeners) listener(msg);
    expect(wc.sent).toEqual([['vdi:push', msg]]);
  });

  it('imports a .vdilab file it was opened with (the OS passes its path) and shows the checkpoints', async () => {
    const file = nodePath.join(dataDir, 'Before the class.vdilab');
    writeFileSync(file, Buffer.alloc(5000, 1));
    const calls: [string, unknown][] = [];
    fx.host.dispatch.mockImplementation(async (...args: unknown[]) => {
      const [method, input] = args as [string, unknown];
      calls.push([method, input]);
      if (method === 'checkpoint-import-begin') return { ok: true, result: { uploadId: 'up-1', chunkBytes: 2048 } };
      return { ok: true, result: { id: 'cp-9' } };
    });
    await startMain(['--data', dataDir, file]);
    await vi.waitFor(() => expect(calls.map((c) => c[0])).toContain('checkpoint-import-finish'));
    expect(calls[0]).toEqual(['checkpoint-import-begin', { name: 'Before the class', sizeBytes: 5000 }]);
    expect(calls.filter((c) => c[0] === 'checkpoint-import-chunk').map((c) => (c[1] as { offset: number }).offset)).toEqual([0, 2048, 4096]);
    const win = fx.FakeBrowserWindow.instances[0]!;
    await vi.waitFor(() => expect(win.loadURL).toHaveBeenCalledWith('app://console/index.html#/checkpoints'));
    expect(fx.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('a .vdilab the lab refuses is reported in a dialog with the reason, and changes nothing', async () => {
    const file = nodePath.join(dataDir, 'broken.vdilab');
    writeFileSync(file, 'not a lab');
    fx.host.dispatch.mockImplementation(async (...args: unknown[]) =>
      args[0] === 'checkpoint-import-finish'
        ? { ok: false, error: { code: 'invalid-input', message: 'The file is not a lab checkpoint.' } }
        : args[0] === 'checkpoint-import-begin'
          ? { ok: true, result: { uploadId: 'up-1', chunkBytes: 2048 } }
          : { ok: true, result: {} },
    );
    await startMain(['--data', dataDir, file]);
    await vi.waitFor(() => expect(fx.dialog.showErrorBox).toHaveBeenCalledTimes(1));
    expect(fx.dialog.showErrorBox).toHaveBeenCalledWith(
      'VDI Fleet Console: the file was not imported',
      expect.stringContaining('The file is not a lab checkpoint.'),
    );
  });

  it('--cli runs the command line in the app binary: no window, no lock, no host; exits with its code', async () => {
    await startMain(['--cli', 'no-such-command']);
    await vi.waitFor(() => expect(fx.app.exit).toHaveBeenCalled(), { timeout: 20_000 });
    expect(fx.app.exit).toHaveBeenCalledWith(2); // the CLI's usage error
    expect(fx.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(fx.openHost).not.toHaveBeenCalled();
    expect(fx.FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('closes the host when the app quits', async () => {
    await startMain(['--data', dataDir]);
    await vi.waitFor(() => expect(fx.FakeBrowserWindow.instances).toHaveLength(1));
    const event = { preventDefault: vi.fn() };
    for (const l of fx.appListeners.get('will-quit') ?? []) l(event);
    // The quit waits for the host thread to write the simulation and close the lab, then goes on.
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
    expect(fx.host.close).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(fx.app.quit).toHaveBeenCalled());
    for (const l of fx.appListeners.get('will-quit') ?? []) l({ preventDefault: vi.fn() });
    expect(fx.host.close).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['store-corrupt', /damaged/],
    ['store-newer-version', /newer version/],
  ] as const)('shows a %s lab in an error dialog with its folder, and exits', async (code, title) => {
    fx.openHost.mockImplementation(() => {
      throw new LabError(code, 'cannot read lab.sqlite');
    });
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await startMain(['--data', dataDir]);
    await vi.waitFor(() => expect(fx.app.exit).toHaveBeenCalledWith(1));
    expect(fx.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [shownTitle, content] = fx.dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(shownTitle).toMatch(title);
    expect(content).toContain(`Data folder: ${dataDir}`);
    expect(content).not.toMatch(/\n\s+at /);
    expect(fx.FakeBrowserWindow.instances).toHaveLength(0);
    stderr.mockRestore();
  });

  it('reports bad arguments in a dialog before doing anything else', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await startMain(['--lab', 'enormous']);
    expect(fx.dialog.showErrorBox).toHaveBeenCalledWith(expect.stringMatching(/invalid command line/), expect.stringContaining('enormous'));
    expect(fx.app.exit).toHaveBeenCalledWith(1);
    expect(fx.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    stderr.mockRestore();
  });

  it('leaves the work to the running console when another instance holds the lock', async () => {
    fx.state.lockAvailable = false;
    await startMain(['--data', dataDir]);
    expect(fx.app.quit).toHaveBeenCalled();
    expect(fx.app.whenReady).not.toHaveBeenCalled();
    expect(fx.openHost).not.toHaveBeenCalled();
  });
});
