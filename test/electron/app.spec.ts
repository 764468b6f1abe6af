// The desktop shell through Playwright's _electron: the real main process, preload
// and renderer on a temporary small lab. Skips itself, loudly, where no Electron
// binary exists (the renderer is covered by the browser-mode e2e specs).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { findElectronBinary, findPackagedApp, SKIP_MESSAGE, sqliteAbiProblem } from './electron-binary.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'out', 'main', 'index.js');
// The packaged app when dist/ has one (fuses, asar, its own better-sqlite3), else Electron on this checkout.
const packaged = findPackagedApp(ROOT);
const executablePath = packaged ?? findElectronBinary();
/** Arguments before the app's own: the project folder, for Electron on a checkout (it reads package.json's main). */
const appArgs = packaged ? [] : [ROOT];

// Say it in the log too, not only in the reporter's skip count.
if (executablePath === null) console.log(SKIP_MESSAGE);
test.skip(executablePath === null, SKIP_MESSAGE);

test.describe.configure({ mode: 'serial' });

/** The test's environment minus ELECTRON_RUN_AS_NODE (it would turn Electron into plain Node). */
function launchEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  }
  return env;
}

let app: ElectronApplication;
let page: Page;
let dataDir: string;

test.beforeAll(async () => {
  // Fail with the fix, not with a test timeout behind a modal error dialog.
  const abiProblem = packaged ? null : sqliteAbiProblem(ROOT);
  if (abiProblem !== null) throw new Error(abiProblem);
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first.`);
  dataDir = mkdtempSync(join(tmpdir(), 'vdi-electron-spec-'));
  app = await electron.launch({
    executablePath: executablePath ?? undefined,
    // The project folder, as `npm start` does: Electron reads package.json (name, "type": "module")
    // and starts its `main`, out/main/index.js.
    args: [...appArgs, '--data', dataDir, '--lab', 'small'],
    cwd: ROOT,
    env: launchEnv(),
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('opens one window on the console origin and shows the dashboard', async () => {
  await expect(page).toHaveURL(/^app:\/\/console\/index\.html/);
  await expect(page).toHaveTitle(/VDI Fleet Console/);
  await expect(page.locator('#root > *').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(app.windows()).toHaveLength(1);
});

test('responses carry the strict CSP, and nothing remote loads', async () => {
  const result = await page.evaluate(async () => {
    const own = await fetch(location.href);
    let remote = 'loaded';
    try {
      await fetch('https://example.com/');
    } catch {
      remote = 'blocked';
    }
    return { csp: own.headers.get('content-security-policy'), remote };
  });
  expect(result.csp).toContain("script-src 'self'");
  expect(result.csp).toContain("object-src 'none'");
  expect(result.remote).toBe('blocked');
});

test('the page has window.vdi and nothing of Node', async () => {
  const globals = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      vdiKeys: Object.keys(window.vdi ?? {}).sort(),
      require: typeof w.require,
      process: typeof w.process,
      module: typeof w.module,
      ipcRenderer: typeof w.ipcRenderer,
      electron: typeof w.electron,
    };
  });
  expect(globals).toEqual({
    vdiKeys: ['onPush', 'platform', 'request'],
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    ipcRenderer: 'undefined',
    electron: 'undefined',
  });
});

test('a request round-trips to the host', async () => {
  const reply = await page.evaluate(() => window.vdi?.request('lab-info', {}));
  expect(reply).toMatchObject({ ok: true, result: { profile: 'small' } });
  const unknown = await page.evaluate(() => window.vdi?.request('no-such-method', {}));
  expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
});

test('the page cannot open windows or navigate away', async () => {
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  expect(opened).toBe(true);
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  await expect(page).toHaveURL(/^app:\/\/console\//);
  expect(app.windows()).toHaveLength(1);
});

test('the windows run with the hardened preferences, in the real main process', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => {
      // Present in Electron's API (not in its typings): the preferences the page was created with.
      const contents = w.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null };
      const p = contents.getLastWebPreferences?.() ?? {};
      return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity };
    }),
  );
  expect(prefs.length).toBeGreaterThan(0);
  for (const p of prefs) expect(p).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
});

test('the lab is open: the host answers from its worker thread', async () => {
  const reply = (await page.evaluate(() => window.vdi?.request('clock-get', {}))) as { ok: boolean };
  expect(reply.ok).toBe(true);
});

test('--cli runs the command line in the app binary and exits with its code, without a window', () => {
  const r = spawnSync(executablePath as string, [...appArgs, '--cli', 'api'], { cwd: ROOT, env: launchEnv(), encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('lab-info');
});

test('a packaged app is not a Node runtime (the RunAsNode fuse is off)', () => {
  test.skip(packaged === null, 'no packaged app in dist/: the fuses exist only in a packaged binary (npm run dist)');
  const r = spawnSync(packaged as string, ['-e', 'console.log("node-mode")'], {
    env: { ...launchEnv(), ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.stdout ?? '').not.toContain('node-mode');
});
