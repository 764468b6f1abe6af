import { expect, test as base } from '@playwright/test';
import { VOCABULARIES } from '../../src-main/contract/index.ts';
import { leakedTerms } from '../../src-main/shared/vocabulary/index.ts';
import { startConsole } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Tenants and isolation (issue 19) on the multi-tenant lab (its own serve): Inventory → Tenants shows
// Contoso and Fabrikam with what they own and their usage against the limits; an admin edits
// Fabrikam's CPU limit and is refused giving Contoso's network to Fabrikam, with the reason.
// Screenshots land in test-results/tenants/.

// Cheaper password hashes for this console's accounts (as roles-audit.spec.ts does).
process.env.VDI_CONSOLE_SCRYPT_N = String(2 ** 14);

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
test.describe.configure({ mode: 'serial' });

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

  // Fabrikam's memory limit below what its desktops hold: the excess is ballooned and swapped inside Fabrikam only.
  const held = (await api.call('tenant-list', {})).find((t) => t.name === 'Fabrikam')?.usage.memoryConsumedGb ?? 0;
  const fabId = (await api.call('tenant-list', {})).find((t) => t.name === 'Fabrikam')?.id ?? '';
  await api.call('tenant-update', { id: fabId, memLimitGb: Math.max(1, Math.round(held / 2)) });
  await api.call('clock-step', { seconds: 60 });
  await page.reload();
  await expect(page.getByTestId('tenant-memory-Fabrikam')).toContainText('GB ballooned');
  await expect(page.getByTestId('tenant-memory-Fabrikam')).toContainText('by its limit');
  await expect(page.getByTestId('tenant-ux-Fabrikam')).toContainText('desktop(s) paging');
  await expect(page.getByTestId('tenant-memory-Contoso')).not.toContainText('ballooned');
  await page.screenshot({ path: shot('memory-limit'), fullPage: true });
  // The memory figures and warnings speak each vendor's vocabulary.
  try {
    for (const vocab of VOCABULARIES) {
      await api.call('settings-set', { vocabulary: vocab });
      await page.reload();
      await expect(page.getByTestId('tenant-memory-Fabrikam')).toContainText('GB ballooned');
      const text = await page.evaluate(() => document.body.innerText);
      expect(leakedTerms(text, vocab), vocab).toEqual([]);
      if (vocab === 'avd') await page.screenshot({ path: shot('memory-limit-avd'), fullPage: true });
    }
  } finally {
    await api.call('settings-set', { vocabulary: 'horizon' });
  }
  await api.call('tenant-update', { id: fabId, memLimitGb: 160 });

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

test('an admin scoped to Fabrikam is offered only its tenant’s pages and pools', async ({ page, server }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  // The first account (from the API, while the token holder is still the local administrator); the rest through the console.
  await server.api.call('account-create', { name: 'estate-admin', role: 'administrators', password: 'estate admin password' });
  const signIn = async (name: string, password: string) => {
    await expect(page.getByTestId('login-form')).toBeVisible();
    await page.getByTestId('login-name').fill(name);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-submit')).toHaveCount(0, { timeout: 30_000 });
  };
  await page.goto(server.at('/accounts'));
  await signIn('estate-admin', 'estate admin password');
  await page.getByTestId('account-create-button').click();
  await page.getByTestId('account-name').fill('fab-admin');
  await page.getByTestId('account-role').selectOption('administrators');
  await page.getByTestId('account-password').fill('fabrikam admin password');
  await page.getByTestId('account-create-confirm').click();
  await expect(page.getByTestId('account-fab-admin')).toBeVisible();
  await page.getByTestId('account-fab-admin-tenant').selectOption({ label: 'Tenant Fabrikam' });
  await expect(page.getByTestId('account-fab-admin-tenant')).toHaveValue(/tenant-/);
  await page.screenshot({ path: shot('accounts-scope'), fullPage: true });
  // Signing out reloads the page onto the sign-in form: wait for it, not navigate over it (a goto then is aborted).
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('login-form')).toBeVisible();
  await signIn('fab-admin', 'fabrikam admin password');
  await page.goto(`${server.origin}/#/dashboard`);
  await expect(page.getByTestId('signed-in-tenant')).toHaveText('Fabrikam');
  // The dashboard shows the whole estate: a scoped account gets a way to its pools, not refusals.
  await expect(page.getByTestId('tenant-scoped-page')).toBeVisible();
  await expect(page.getByTestId('nav-hosts')).toHaveCount(0);
  await expect(page.getByTestId('nav-events')).toHaveCount(0);
  // A section with one page left is that page: "Sessions", not "Sessions › Sessions" (black-box round 6).
  await expect(page.getByTestId('nav-sessions')).toBeVisible();
  await expect(page.getByTestId('nav-sessions-section')).toHaveCount(0);
  await page.getByTestId('tenant-scoped-pools').click();
  await expect(page.getByRole('row', { name: /FAB-PWR-Dedicated/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /CON-KW-Floating/ })).toHaveCount(0);
  await page.screenshot({ path: shot('scoped-admin-pools'), fullPage: true });
});
