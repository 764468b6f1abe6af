import { expect, test } from '@playwright/test';
import { startConsole } from './fixtures.ts';

// Black-box round 5: a Sessions page open while another console restored a checkpoint kept the old lab's rows, and a
// Log off on such a row ended the session of whoever has that id in the restored lab. The page reloads the list on the
// restore, and drops its selection.

test('a restore from another console reloads an open Sessions page and clears its selection', async ({ page }) => {
  test.setTimeout(180_000);
  const server = await startConsole('small', 1);
  try {
    await server.api.call('clock-step', { seconds: 2 * 3600 }); // 09:00
    const cp = await server.api.call('checkpoint-save', { name: 'nine' });
    await server.api.call('clock-step', { seconds: 9 * 3600 }); // 18:00: most have left, others came and went
    const evening = (await server.api.call('session-list', {})).length;
    await page.goto(server.at('/sessions'));
    const count = page.getByTestId('sessions-count');
    await expect(count).toContainText(`of ${evening} sessions`);
    await page.locator('[data-testid="sessions-table"] tbody tr[data-testid] input[type="checkbox"]').first().check();
    await expect(page.getByTestId('sessions-bulkbar')).toBeVisible();
    // Another console (this API connection) restores 09:00.
    await server.api.call('checkpoint-restore', { id: cp.id, confirm: true });
    const morning = (await server.api.call('session-list', {})).length;
    expect(morning).not.toBe(evening);
    await expect(count).toContainText(`of ${morning} sessions`);
    await expect(page.getByTestId('sessions-bulkbar')).toBeHidden();
  } finally {
    await server.close();
  }
});
