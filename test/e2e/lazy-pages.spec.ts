import { expect, test } from './fixtures.ts';

// The renderer as serve ships it (issue 18): pages are chunks loaded on demand, every script comes
// compressed with the cache rule its name allows, and a page whose chunk cannot be loaded says so
// with a way out instead of blanking the console.

test('the first page arrives as vendor and page chunks; scripts come compressed and hashed ones immutable', async ({ page, server }) => {
  const scripts = new Map<string, Record<string, string>>();
  page.on('response', (r) => {
    if (r.url().endsWith('.js')) scripts.set(new URL(r.url()).pathname, r.headers());
  });
  await page.goto(server.at('/dashboard'));
  await expect(page.getByTestId('dashboard')).toBeVisible();
  const names = [...scripts.keys()];
  expect(names.some((n) => /\/assets\/dashboard-[\w-]{8}\.js$/.test(n))).toBe(true);
  expect(names.some((n) => /\/assets\/vendor-react-[\w-]{8}\.js$/.test(n))).toBe(true);
  for (const [name, headers] of scripts) {
    expect(headers['cache-control'], name).toBe('public, max-age=31536000, immutable');
    if (Number(headers['content-length'] ?? 2000) > 1024) expect(headers['content-encoding'], name).toMatch(/^(br|gzip)$/);
  }
});

test('a page whose code cannot be loaded says so and offers a reload; the rest of the console keeps working', async ({ page, server }) => {
  await page.route(/\/assets\/checkpoints-[\w-]{8}\.js$/, (route) => route.abort('failed'));
  await page.goto(server.at('/checkpoints'));
  await expect(page.getByRole('heading', { name: 'This page could not be loaded' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reload the console' })).toBeVisible();
  await page.screenshot({ path: 'test-results/lazy-page-load-error.png' });
  // The sidebar still navigates, and another page loads.
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
});
