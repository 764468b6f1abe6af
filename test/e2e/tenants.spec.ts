import { expect, test as base } from '@playwright/test';
import { startConsole } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Tenants and isolation (issue 19) on the multi-tenant lab (its own serve): Inventory → Tenants shows
// Contoso and Fabrikam with what they own and their usage against the limits; an admin edits
// Fabrikam's CPU limit and is refused giving Contoso's network to Fabrikam, with the reason.
// Screenshots land in test-results/tenants/.

const test = base.extend<object, { server: Awaited<ReturnType<typeof startConsole>> }>({
  server: [
    async ({}, use) => {
      const server = await startConsole('multi-tenant', 1);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
});

const shot = (name: string) => `test-results/tenants/${name}.png`;

test('tenants page: owned objects, usage against limits, edit, and an assignment refused for isolation', async ({ page, server }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  const api = server.api;
  await api.call('clock-set', { speed: 'paused' });
  await api.call('clock-step', { seconds: 7200 });
  const console = new ConsolePage(page, server);

  await console.goto('/tenants');
  await expect(page.getByTestId('tenants-title')).toBeVisible();
  await expect(page.getByTestId('tenant-Contoso')).toContainText('CON-KW-Floating');
  await expect(page.getByTestId('tenant-Fabrikam')).toContainText('on 2 host(s)');
  await page.screenshot({ path: shot('tenants'), fullPage: true });

  // Fabrikam's CPU limit down to 2 GHz (below its demand): after a minute its demand is partly withheld.
  await page.getByTestId('tenant-edit-Fabrikam').click();
  await page.getByTestId('tenant-cpu-limit').fill('2');
  await page.getByTestId('tenant-form-submit').click();
  await expect(page.getByTestId('tenant-form')).toBeHidden();
  await api.call('clock-step', { seconds: 60 });
  await page.reload();
  await expect(page.getByTestId('tenant-demand-Fabrikam')).toContainText('withheld by the limit');

  // Giving Contoso's knowledge-worker VLAN to Fabrikam is refused: Contoso's desktops use it.
  await page.getByTestId('tenant-assign-Fabrikam').click();
  await page.getByTestId('assign-kind').selectOption('network');
  const contosoNet = (await api.call('tenant-list', {})).find((t) => t.name === 'Contoso')?.networks[0]?.id ?? '';
  await page.getByTestId('assign-object').selectOption(contosoNet);
  await page.getByTestId('tenant-assign-submit').click();
  await expect(page.getByTestId('tenant-assign-error')).toContainText('of tenant Contoso uses');
  await page.screenshot({ path: shot('assign-refused'), fullPage: true });

  // Desktop pools: the tenant leads each pool's second line, and the search box matches the tenant.
  await console.goto('/pools?q=fabrikam');
  await expect(page.getByRole('row', { name: /FAB-PWR-Dedicated/ })).toContainText('Fabrikam');
  await expect(page.getByRole('row', { name: /CON-KW-Floating/ })).toHaveCount(0);
  await page.screenshot({ path: shot('pools-by-tenant'), fullPage: true });
});
