// Electron main process: owns the windows and their security, and carries
// requests and pushes between the renderer and the host. Decisions live in the
// small modules next to this file; this one only wires them to Electron.
//
// Start-up order matters:
//   before ready   parse arguments, pick userData, force the sandbox, register app:// as
//                  privileged, take the single-instance lock (it lives in userData, so
//                  each --data lab has its own lock and tests do not collide)
//   after ready    open the host (a damaged or newer lab ends here, in a dialog), then
//                  session hardening, app:// handler, IPC, pushes, and finally the window
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, protocol, screen, session, shell, type WebContents } from 'electron';
import { hostModeFrom, startHost, type HostPort } from '../host/runner/index.ts';
import { checkpointFileArg, checkpointNameFor, importCheckpointBytes } from '../host/checkpoint-file.ts';
import { captureConsole, logFileIn, openAppLog } from './app-log.ts';
import { appMenuTemplate } from './app-menu.ts';
import { registerRequestChannel, broadcastPush, WindowRegistry } from './ipc.ts';
import { clientWindowOptions, createOpenWindowHandler, registerOpenWindowChannel } from './client-window.ts';
import { cliModeArgs, parseLaunchOptions, PRODUCT_NAME, resolveDataPaths } from './launch-options.ts';
import { APP_SCHEME, APP_START_URL } from './origin.ts';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol.ts';
import { hardenSession, hardenWebContents } from './security.ts';
import { describeArgumentErrors, describeStartupError, type StartupMessage } from './startup-error.ts';
import { readWindowStateFile, windowOptions, windowStateFileIo } from './window.ts';
import { clampWindowState, trackWindowState } from './window-state.ts';

// out/main/index.js → out/renderer/ and out/preload/index.cjs (also inside app.asar).
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

// `--cli …`: the command line in the app binary (no window, no single-instance lock: it reaches a running console through the lab lock).
const cliArgs = cliModeArgs(process.argv.slice(1));
const launch = parseLaunchOptions(cliArgs === null ? process.argv.slice(1) : [], process.env, process.cwd());
const paths = resolveDataPaths(app.getPath('appData'), launch);
app.setPath('userData', paths.userData);
// Started from a menu there is no terminal: everything the app says goes to <userData>/logs/main.log too.
const log = openAppLog(logFileIn(paths.userData));
if (cliArgs === null) captureConsole(log); // the CLI's output is for its terminal or script, not the app's log
process.on('uncaughtException', (err) => log.write('error', 'Uncaught exception:', err));
process.on('unhandledRejection', (err) => log.write('error', 'Unhandled rejection:', err));
// Native crashes are written as minidumps under userData/Crashpad and never sent anywhere.
app.setPath('crashDumps', `${paths.userData}/Crashpad`);
crashReporter.start({ uploadToServer: false, compress: true });
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

/** Shows the message in a native dialog (and on stderr for terminals and CI), then exits with 1. */
function failAndExit(message: StartupMessage): void {
  console.error(`${message.title}\n${message.content}`);
  dialog.showErrorBox(message.title, message.content);
  app.exit(1);
}

async function start(): Promise<void> {
  const windows = new WindowRegistry<WebContents>();
  let mainWindow: BrowserWindow | null = null;
  let host: HostPort | null = null;
  let stopPushes = (): void => undefined;
  // .vdilab files the OS asks the app to open (the installers register the type): imported as lab
  // checkpoints once the host is open, then the Checkpoints page shows them. macOS sends
  // `open-file` (possibly before ready); Windows and Linux pass the path in argv, to this process
  // or, when one already runs, to it through `second-instance`.
  const toOpen: string[] = [];
  const openCheckpointFile = async (file: string): Promise<void> => {
    if (!host || !mainWindow) return void toOpen.push(file);
    const opened = host;
    console.info(`Importing the checkpoint file ${file}`);
    let reply;
    try {
      reply = await importCheckpointBytes((m, i) => opened.dispatch(m, i), await readFile(file), checkpointNameFor(file));
    } catch (err) {
      reply = { ok: false as const, error: { message: err instanceof Error ? err.message : String(err) } };
    }
    if (!reply.ok) {
      console.error(`Could not import ${file}: ${reply.error.message}`);
      dialog.showErrorBox('VDI Fleet Console: the file was not imported', `${file}\n\n${reply.error.message}\n\nThe lab was not changed.`);
      return;
    }
    await mainWindow.loadURL(`${APP_START_URL}#/checkpoints`).catch(() => undefined);
  };
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void openCheckpointFile(file);
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', (_event, argv, cwd) => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    const file = checkpointFileArg(argv.slice(1));
    if (file) void openCheckpointFile(resolve(cwd, file));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    stopPushes();
    if (!host) return;
    // The host thread writes what the simulation holds and closes the lab; then quit for real.
    event.preventDefault();
    const closing = host;
    host = null;
    void Promise.resolve(closing.close()).finally(() => app.quit());
  });

  await app.whenReady();
  console.info(`${PRODUCT_NAME} ${app.getVersion()} (Electron ${process.versions.electron}) starting; lab folder ${paths.labDir}`);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        productName: PRODUCT_NAME,
        dev: !app.isPackaged,
        actions: {
          openLogFolder: () => shell.showItemInFolder(log.file),
          openLabFolder: () => void shell.openPath(paths.labDir),
        },
      }),
    ),
  );

  if (!existsSync(`${RENDERER_DIR}index.html`)) {
    failAndExit({
      title: 'VDI Fleet Console: the user interface is missing',
      content: `There is no built renderer in ${RENDERER_DIR}.\n\nBuild it with: npm run build`,
    });
    return;
  }

  let opened: HostPort;
  try {
    // The host (store, engine, dispatcher, flushes) in a worker thread: this main process only
    // carries windows, IPC and pushes, so it never stalls on the simulation (host/runner).
    opened = await startHost({
      mode: hostModeFrom(process.env, 'worker'),
      dataDir: paths.labDir,
      run: true,
      control: true, // `vdi-console call` reaches the open app through the lab lock
      transport: 'ipc', // the window's requests: the OS user, mapped to Administrators (host.ts defaultUser)
      ...(launch.lab !== null ? { lab: launch.lab } : {}),
      ...(launch.seed !== null ? { seed: launch.seed } : {}),
    });
  } catch (err) {
    failAndExit(describeStartupError(err, paths.labDir));
    return;
  }
  host = opened;

  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: RENDERER_DIR, readFile: (file) => readFile(file) }));
  registerRequestChannel(ipcMain, opened, (contents) => windows.has(contents));
  stopPushes = opened.onPush((msg) => broadcastPush(windows.all(), msg));

  // Thin-client views in their own windows: same page, same security, same IPC allow-list.
  const clientWindows = new Set<BrowserWindow>();
  const openClientWindow = (url: string): void => {
    const win = new BrowserWindow(clientWindowOptions(PRELOAD_PATH, !app.isPackaged, PRODUCT_NAME));
    const contents = win.webContents;
    const contentsId = contents.id;
    windows.add(contents);
    clientWindows.add(win);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      windows.remove({ id: contentsId });
      clientWindows.delete(win);
    });
    win.loadURL(url).catch((err: unknown) => {
      console.error(`Could not load the client window: ${err instanceof Error ? err.message : String(err)}`);
    });
  };
  registerOpenWindowChannel(
    ipcMain,
    createOpenWindowHandler(
      (contents) => windows.has(contents),
      openClientWindow,
      () => clientWindows.size,
    ),
  );

  const createWindow = (): BrowserWindow => {
    const state = clampWindowState(readWindowStateFile(paths.windowStateFile), screen.getAllDisplays(), screen.getPrimaryDisplay());
    const win = new BrowserWindow(windowOptions(state, PRELOAD_PATH, !app.isPackaged));
    const contents = win.webContents;
    const contentsId = contents.id;
    windows.add(contents);
    trackWindowState(
      win,
      windowStateFileIo(paths.windowStateFile, (err) => console.warn(`Could not save the window state: ${String(err)}`)),
    );
    win.once('ready-to-show', () => {
      if (state.maximized) win.maximize();
      win.show();
    });
    win.on('closed', () => {
      windows.remove({ id: contentsId });
      if (mainWindow === win) mainWindow = null;
    });
    win.loadURL(APP_START_URL).catch((err: unknown) => {
      console.error(`Could not load the console page: ${err instanceof Error ? err.message : String(err)}`);
      win.show();
    });
    return win;
  };

  mainWindow = createWindow();
  const launchFile = checkpointFileArg(process.argv.slice(1));
  if (launchFile) toOpen.push(resolve(launchFile));
  for (const file of toOpen.splice(0)) void openCheckpointFile(file);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

/** Runs the built CLI (out/main/cli.js) and exits with its code; `serve` keeps running (code -1). */
async function runCli(args: string[]): Promise<void> {
  app.dock?.hide();
  // Built: out/main/cli.js beside this bundle (electron.config.ts); from the sources (tests): host/cli.ts.
  const url = import.meta.url.endsWith('.ts') ? new URL('../host/cli.ts', import.meta.url) : new URL('./cli.js', import.meta.url);
  const { main } = (await import(url.href)) as { main(argv: string[]): Promise<number> };
  const code = await main(args);
  if (code >= 0) app.exit(code);
}

if (cliArgs !== null) {
  runCli(cliArgs).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    app.exit(1);
  });
} else if (launch.errors.length > 0) {
  failAndExit(describeArgumentErrors(launch.errors));
} else if (!app.requestSingleInstanceLock()) {
  // Another console already runs on this data folder; it focuses its window (second-instance).
  app.quit();
} else {
  start().catch((err: unknown) => failAndExit(describeStartupError(err, paths.labDir)));
}
