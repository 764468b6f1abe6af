// The desktop shell through Playwright's _electron: the real main process, preload
// and renderer on a temporary small lab. Skips itself, loudly, where no Electron
// binary exists (the renderer is covered by the browser-mode e2e specs).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary, SKIP_MESSAGE, sqliteAbiProblem } from './electron-binary.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'out', 'main', 'index.js');
const executablePath = findElectronBinary();

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
  const abiProblem = sqliteAbiProblem();
  if (abiProblem !== null) throw new Error(abiProblem);
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first.`);
  dataDir = mkdtempSync(join(tmpdir(), 'vdi-electron-spec-'));
  app = await electron.launch({
    executablePath: executablePath ?? undefined,
    // The project folder, as `npm start` does: Electron reads package.json (name, "type": "module")
    // and starts its `main`, out/main/index.js.
    args: [ROOT, '--data', dataDir, '--lab', 'small'],
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
