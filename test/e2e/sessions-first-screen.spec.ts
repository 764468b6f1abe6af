import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startConsole } from './fixtures.ts';
import { SessionsPage } from './pages/SessionsPage.ts';

// The sessions page shows its first screen of rows before the whole list has arrived (issue 18):
// the pages of the whole list (session-list with afterId) are held back here, so the test sees the
// page exactly as a slow scale-10k list leaves it, whatever the machine's speed.

test('the first screen of sessions is on the table while the whole list is still on its way', async ({ page }) => {
  test.setTimeout(180_000);
  const server = await startConsole('default', 1);
  try {
    await server.api.call('clock-step', { seconds: 2.5 * 3600 }); // 09:30, past the login storm
    const total = (await server.api.call('session-list', {})).length;
    expect(total).toBeGreaterThan(100);

    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const wholeListIds = new Set<unknown>();
    const sent: string[] = [];
    await page.routeWebSocket(/\/ws/, (ws) => {
      const host = ws.connectToServer();
      ws.onMessage((m) => {
        const msg = JSON.parse(String(m)) as { id?: unknown; method?: string; input?: Record<string, unknown> };
        if (msg.method === 'session-list' && msg.input && 'afterId' in msg.input) wholeListIds.add(msg.id);
        if (msg.method) sent.push(msg.method === 'session-list' ? `session-list ${JSON.stringify(msg.input)}` : msg.method);
        host.send(m);
      });
      host.onMessage((m) => {
        const msg = JSON.parse(String(m)) as { id?: unknown };
        if (wholeListIds.has(msg.id)) void held.then(() => ws.send(m));
        else ws.send(m);
      });
    });

    // Opened first, the page's code is in before the shell renders (early.ts, main.tsx): the page
    // renders with the shell, never behind the "Loading the page" spinner (shell/lazy-page.tsx).
    await page.addInitScript(`document.addEventListener('DOMContentLoaded', () => {
      window.__pageSpinner = false;
      new MutationObserver(() => {
        if (document.querySelector('[aria-label="Loading the page"]')) window.__pageSpinner = true;
      }).observe(document.body, { childList: true, subtree: true });
    })`);
    const sessions = new SessionsPage(page, server);
    await sessions.open();
    await expect(page.getByTestId('sessions-count-partial')).toBeVisible();
    await expect(page.getByTestId('sessions-count-partial')).toContainText(/^\s*first 100( of [\d,]+)? sessions…$/);
    expect(await sessions.shownCount()).toBe(100);
    // The host answers a socket's requests in order: the first screen is asked for before the view's
    // summary (which reads every session), so it does not wait behind it.
    const first = sent.indexOf('session-list {"limit":100}');
    expect(first, sent.join(', ')).toBeGreaterThanOrEqual(0);
    expect(sent.indexOf('session-summary'), sent.join(', ')).toBeGreaterThan(first);
    // Opened on #/sessions, the first screen is the socket's very first request (main.tsx), ahead
    // of the shell's own, and no start-up request goes out twice (the open that sends the queued
    // requests is no reason to ask again).
    expect(sent[0], sent.join(', ')).toBe('session-list {"limit":100}');
    for (const method of ['settings-get', 'task-list', 'lab-info', 'replay-view-get', 'session-whoami', 'session-summary']) {
      expect(sent.filter((m) => m === method).length, `${method} in ${sent.join(', ')}`).toBeLessThanOrEqual(1);
    }
    await expect(sessions.table.locator('tbody tr[data-testid]').first()).toBeVisible();
    expect(await page.evaluate('window.__pageSpinner'), 'the page waited behind the Suspense spinner').toBe(false);
    await page.screenshot({ path: 'test-results/sessions-first-screen.png' });
    // The faces the first screen draws with come with the stylesheets (electron.config.ts preloadFonts),
    // not once styles are computed after React's first render: each is fetched by its preload link.
    await page.evaluate('document.fonts.ready');
    const fonts = (await page.evaluate(
      `performance.getEntriesByType('resource').filter((e) => /RedHat(Text|Display)VF-[^/]*\\.woff2$/.test(e.name) && !/Italic/.test(e.name)).map((e) => [e.name.split('/').pop(), e.initiatorType])`,
    )) as [string, string][];
    expect(
      fonts.map(([, by]) => by),
      JSON.stringify(fonts),
    ).toEqual(['link', 'link']);

    release();
    await expect.poll(() => sessions.shownCount(), { timeout: 60_000 }).toBeGreaterThanOrEqual(total - 20);
    await expect(page.getByTestId('sessions-count-partial')).toHaveCount(0);
    await expect(sessions.count).toContainText('sessions');
  } finally {
    await server.close();
  }
});

// The code the console runs before the Sessions page's first rows: the page (index.html's scripts,
// early.ts's dynamic import of the Sessions page) and every chunk they import. None of it may build
// the contract's zod schemas: about 80 ms of the bundle's evaluation on this machine, for forms that
// are on other pages (issue 18). The shell asks METHOD_ACCESS (contract/method-access.ts) instead,
// and electron.config.ts tells the bundler the contract's modules have no side effects.
test('the first screen of sessions loads no zod schema', () => {
  const dir = join(import.meta.dirname, '../../out/renderer');
  const manifestFile = join(dir, '.vite', 'manifest.json');
  expect(existsSync(manifestFile), 'the renderer is built (npm run build)').toBe(true);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, { file: string; imports?: string[]; dynamicImports?: string[] }>;
  const early = manifest['early.ts'];
  expect(early, 'early.ts is an entry of the build').toBeDefined();
  const sessionsPage = (early?.dynamicImports ?? []).find((k) => /sessions/.test(k));
  expect(sessionsPage, "early.ts imports the Sessions page's chunk").toBeDefined();
  const files = new Set<string>();
  const visit = (key: string) => {
    const c = manifest[key];
    if (!c || files.has(c.file)) return;
    files.add(c.file);
    for (const i of c.imports ?? []) visit(i);
  };
  for (const key of ['index.html', 'early.ts', sessionsPage as string]) visit(key);
  expect(files.size).toBeGreaterThan(5);
  const withZod = [...files].filter((f) => /vendor-zod/.test(f) || /\bcustomError\b|must be at most/.test(readFileSync(join(dir, f), 'utf8')));
  expect(withZod).toEqual([]);
});
