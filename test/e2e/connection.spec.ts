import { expect, test } from '@playwright/test';
import { startConsole } from './fixtures.ts';

// Its own host: this spec stops it, which would break the shared one.
test('when the host goes away the console says so and keeps trying', async ({ page }) => {
  test.setTimeout(90_000);
  const server = await startConsole('small', 2);
  try {
    await page.goto(server.at('/dashboard'));
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
    await expect(page.getByTestId('dashboard')).toBeVisible();
  } finally {
    await server.close();
  }
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-status', 'reconnecting');
  await expect(banner).toContainText('Disconnected from the console host');
  // What was on screen stays on screen (marked stale by the banner), not replaced by an error page.
  await expect(page.getByTestId('dashboard')).toBeVisible();
});
