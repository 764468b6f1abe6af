import { expect, type Locator, type Page } from '@playwright/test';
import { test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Issue #14: "no global search". The masthead searches pools, desktops, users and hosts by name,
// and each hit opens its page.

class GlobalSearchBox {
  constructor(readonly page: Page) {}
  get input(): Locator {
    return this.page.getByTestId('global-search').locator('input');
  }
  get results(): Locator {
    return this.page.getByTestId('global-search-results');
  }
  hit(kind: 'pools' | 'desktops' | 'users' | 'hosts', id: string): Locator {
    return this.page.getByTestId(`global-search-hit-${kind}-${id}`);
  }
}

test('global search: "/" focuses it, hits of every kind open their page, no match says so', async ({ page, server }) => {
  const c = new ConsolePage(page, server);
  await c.goto('/dashboard');
  const s = new GlobalSearchBox(page);

  await page.locator('body').press('/');
  await expect(s.input).toBeFocused();

  // A pool and its machines by the pool's name.
  const kiosk = (await server.api.call('pool-list', {})).find((p) => p.kind === 'manual')!;
  const machine = (await server.api.call('desktop-list', { poolId: kiosk.id })).rows[0]!;
  await s.input.fill(kiosk.name.slice(0, 5));
  await expect(s.hit('pools', kiosk.id)).toBeVisible();
  await expect(s.hit('desktops', machine.id)).toBeVisible();
  await s.hit('desktops', machine.id).click();
  await expect(page).toHaveURL(new RegExp(`#/desktops\\?q=${machine.name}&selected=${machine.id}$`));
  await expect(page.getByTestId('desktop-panel')).toBeVisible();
  await expect(page.getByTestId(`desktop-${machine.name}-row`)).toBeVisible();

  // A user opens in Help Desk.
  const user = (await server.api.call('user-list', { limit: 1 })).rows[0]!;
  await s.input.fill(user.login.slice(user.login.indexOf('\\') + 1));
  await s.hit('users', user.id).click();
  // Help Desk opens the user, or straight away the session the user has now (whether one is live depends on the lab's time).
  await expect(page).toHaveURL(new RegExp(`#/helpdesk/(${user.id}|sess-\\d+)$`));
  const opened = decodeURIComponent(page.url().split('#/helpdesk/')[1] ?? '');
  if (opened !== user.id) expect((await server.api.call('session-get', { id: opened })).session.userId).toBe(user.id);

  // A host; Enter opens the first hit.
  const host = (await server.api.call('host-list', {}))[0]!;
  await s.input.fill(host.name);
  await expect(s.hit('hosts', host.id)).toBeVisible();
  await s.input.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/hosts/${host.id}$`));

  await s.input.fill('zzzz-nothing');
  await expect(s.results).toContainText('Nothing matches “zzzz-nothing”');
  await page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? 'test-results/screenshots'}/global-search-none.png` });
  await s.input.press('Escape');
  await expect(s.results).toHaveCount(0);
});
