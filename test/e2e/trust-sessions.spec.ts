import { expect, test } from './fixtures.ts';
import { SessionsPage } from './pages/SessionsPage.ts';

// Issue #14, sessions: user names open Help Desk, the sort is kept in the URL, no truncated headers.

test.describe('sessions table', () => {
  test('a user name opens Help Desk on that session; the sort survives a reload', async ({ page, server }) => {
    const sessions = await server.api.call('session-list', {});
    test.skip(sessions.length === 0, 'no session in the lab at this moment');
    const admin = new SessionsPage(page, server);
    await admin.open();
    await admin.table.getByRole('columnheader', { name: 'RTT', exact: true }).getByRole('button').click();
    await expect(page).toHaveURL(/sort=rtt\.asc/);
    await admin.table.getByRole('columnheader', { name: 'RTT', exact: true }).getByRole('button').click();
    await expect(page).toHaveURL(/sort=rtt\.desc/);
    await page.reload();
    await expect(admin.table.getByRole('columnheader', { name: 'RTT', exact: true })).toHaveAttribute('aria-sort', 'descending');
    // Headers are not cut short.
    for (const name of ['Pool', 'Host', 'Logon', 'Bandwidth']) {
      const th = admin.table.getByRole('columnheader', { name, exact: true });
      expect(await th.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    }
    const link = admin.table.locator('.vdi-user-link').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^#\/helpdesk\/sess-/);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${href!.replace(/[/\\^$*+?.()|[\]{}#]/g, '\\$&')}$`));
  });
});
