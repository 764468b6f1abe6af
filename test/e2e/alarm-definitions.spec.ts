import { mkdirSync } from 'node:fs';
import { expect, test as base } from '@playwright/test';
import { startConsole } from './fixtures.ts';

// Issue 16, part 1 (the UI left): add an alarm definition from the Alarms view, switch it off and on,
// and delete it; a default definition offers no delete. Its own console: it changes definitions.
const test = base;
const DIR = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

test('Alarms view: add, switch off, delete an alarm definition', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(DIR, { recursive: true });
  const server = await startConsole('small', 1);
  try {
    const api = server.api;
    await page.goto(server.at('/alarms'));
    await page.getByTestId('alarms-tab-definitions').click();
    await expect(page.getByTestId('alarm-def-host-cpu-row')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('alarm-def-host-cpu-delete')).toHaveCount(0);

    await page.getByTestId('alarm-def-add').click();
    const modal = page.getByTestId('alarm-new-modal');
    await expect(modal).toBeVisible();
    await expect(page.getByTestId('alarm-new-save')).toBeDisabled(); // no name, no threshold yet
    await page.getByTestId('alarm-new-name').fill('Lab CPU watch');
    await page.getByTestId('alarm-new-metric').selectOption('host-cpu-usage');
    await page.getByTestId('wizard-alarm-new-warning').fill('60');
    await page.getByTestId('wizard-alarm-new-critical').fill('85');
    await page.screenshot({ path: `${DIR}/alarm-definition-add.png`, fullPage: true });
    await page.getByTestId('alarm-new-save').click();
    await expect(modal).toHaveCount(0);
    const added = (await api.call('alarm-definition-list', {})).find((d) => d.name === 'Lab CPU watch');
    expect(added).toMatchObject({ metric: 'host-cpu-usage', warning: 60, critical: 85, enabled: true, builtin: false });
    const id = added?.id as string;
    await expect(page.getByTestId(`alarm-def-${id}-row`)).toBeVisible();

    // Switched off in place, then deleted through the confirmation.
    await page.getByTestId(`alarm-def-${id}-row`).locator(`label[for="alarm-def-${id}-enabled"]`).click();
    await expect.poll(async () => (await api.call('alarm-definition-list', {})).find((d) => d.id === id)?.enabled).toBe(false);
    await page.screenshot({ path: `${DIR}/alarm-definitions-table.png`, fullPage: true });
    await page.getByTestId(`alarm-def-${id}-delete`).click();
    await page.getByTestId('alarm-def-delete-confirm').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByTestId(`alarm-def-${id}-row`)).toHaveCount(0);
    expect((await api.call('alarm-definition-list', {})).some((d) => d.id === id)).toBe(false);
  } finally {
    await server.close();
  }
});
