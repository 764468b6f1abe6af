import { expect, test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Issue #14, consistent tables: search in the pool list, Users as one virtualized list sorted as a whole,
// sort and search in the URL, CSV export.

test.describe('lists', () => {
  test('the pool list has a search kept in the URL', async ({ page, server }) => {
    const pools = await server.api.call('pool-list', {});
    const one = pools[0]!;
    const c = new ConsolePage(page, server);
    await c.goto('/pools');
    await page.getByTestId('pools-search').locator('input').fill(one.name);
    await expect(page.getByTestId('pools-count')).toContainText(`of ${pools.length} pools`);
    await expect(page.getByTestId(`pool-${one.name}-row`)).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(one.name)}`));
    await page.reload();
    await expect(page.getByTestId('pools-search').locator('input')).toHaveValue(one.name);
  });

  test('Users: every user in one virtualized table, sorted as a whole; the sort is in the URL', async ({ page, server }) => {
    const all = await server.api.call('user-list', { limit: 20000 });
    const c = new ConsolePage(page, server);
    await c.goto('/users?sort=login.desc');
    const table = page.getByTestId('users-table');
    await expect(table).toHaveAttribute('data-row-count', String(all.total));
    const last = [...all.rows].map((u) => u.login).sort((a, b) => b.localeCompare(a, 'en', { numeric: true, sensitivity: 'base' }))[0]!;
    await expect(table.locator('tbody tr[data-testid]').first()).toHaveAttribute('data-testid', `user-${last}-row`);
    // Virtualized: far fewer rows in the DOM than users.
    expect(await table.locator('tbody tr').count()).toBeLessThan(all.total);
  });
});
