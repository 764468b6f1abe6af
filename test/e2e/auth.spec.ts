import WebSocket from 'ws';
import { expect, test } from './fixtures.ts';

test.describe('access token', () => {
  test('without the token the server refuses the page', async ({ page, server, request }) => {
    const bare = await request.get(`${server.origin}/`, { maxRedirects: 0 });
    expect([401, 403]).toContain(bare.status());
    const wrong = await request.get(`${server.origin}/?token=not-the-token`);
    expect([401, 403]).toContain(wrong.status());

    const res = await page.goto(`${server.origin}/`);
    expect([401, 403]).toContain(res?.status());
    await expect(page.getByText(/access refused/i).first()).toBeVisible();
    await expect(page.getByTestId('dashboard')).toHaveCount(0);
  });

  test('without the token the WebSocket is refused', async ({ server }) => {
    const u = new URL(server.url);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://${u.host}/ws`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('error', () => resolve(-1));
    });
    expect([401, 403]).toContain(status);
  });

  test('with the token the console connects', async ({ page, server }) => {
    await page.goto(server.at('/dashboard'));
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
    await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  });

  test('the printed URL leaves the address bar at once; a reload works on the cookie, a fresh browser is refused', async ({ page, server, browser }) => {
    const entriesBefore = await page.evaluate(() => history.length);
    await page.goto(server.at('/hosts'));
    // The 303 took the token out; the route (the fragment) survived it.
    const u = new URL(page.url());
    expect(u.origin).toBe(server.origin);
    expect(u.search).toBe('');
    expect(u.hash).toBe('#/hosts');
    expect(page.url()).not.toContain(server.token);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
    // The history holds no entry with the token either: the redirect made one entry, without it.
    expect(await page.evaluate(() => history.length)).toBe(entriesBefore + 1);
    const cookies = await page.context().cookies(server.origin);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ value: server.token, httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => document.cookie)).toBe('');

    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    expect(page.url()).not.toContain(server.token);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
    await expect(page.getByTestId('connection-banner')).toHaveCount(0);

    const fresh = await browser.newContext();
    try {
      const other = await fresh.newPage();
      const res = await other.goto(page.url());
      expect(res?.status()).toBe(401);
      await expect(other.getByText(/access refused/i).first()).toBeVisible();
    } finally {
      await fresh.close();
    }
  });

  test('the printed URL followed from a link on another site still opens the console, and leaves no token behind', async ({ browser, server }) => {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      // Another site (cross-site to 127.0.0.1) with the printed URL as a link.
      await page.route('http://elsewhere.example/', (route) =>
        route.fulfill({ contentType: 'text/html', body: `<a id="open" href="${server.at('/hosts')}">console</a>` }),
      );
      await page.goto('http://elsewhere.example/');
      const entriesBefore = await page.evaluate(() => history.length);
      await page.click('#open');
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
      expect(page.url()).not.toContain(server.token);
      expect(new URL(page.url()).origin).toBe(server.origin);
      // The hand-over page replaced its own entry: one new entry, without the token.
      expect(await page.evaluate(() => history.length)).toBe(entriesBefore + 1);
      const reloaded = await page.reload();
      expect(reloaded?.status()).toBe(200);
    } finally {
      await ctx.close();
    }
  });
});
