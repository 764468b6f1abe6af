import { expect, test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

test.describe('theme', () => {
  test('the toggle switches to dark, and dark survives a reload', async ({ page, server }) => {
    await server.api.call('settings-set', { theme: 'light' });
    const c = new ConsolePage(page, server);
    await c.goto('/dashboard');
    await expect(page.locator('html')).not.toHaveClass(/pf-v6-theme-dark/);

    await c.themeToggle.click();
    await expect(page.locator('html')).toHaveClass(/pf-v6-theme-dark/);
    await expect.poll(async () => (await server.api.call('settings-get', {})).theme).toBe('dark');

    await page.reload();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
    await expect(page.locator('html')).toHaveClass(/pf-v6-theme-dark/);
    await expect(c.themeToggle).toHaveAttribute('data-theme', 'dark');

    await c.themeToggle.click();
    await expect(page.locator('html')).not.toHaveClass(/pf-v6-theme-dark/);
    await expect.poll(async () => (await server.api.call('settings-get', {})).theme).toBe('light');
  });
});
