import type { DesktopRow } from '../../src-main/contract/index.ts';
import { expect, test } from './fixtures.ts';
import { DesktopsPage } from './pages/DesktopsPage.ts';

const matches = (r: DesktopRow, q: string) => {
  const l = q.toLowerCase();
  return r.name.toLowerCase().includes(l) || (r.user ?? '').toLowerCase().includes(l) || r.host.toLowerCase().includes(l);
};

test.describe('desktops', () => {
  test('all desktops load; filtering by machine state shows exactly that state', async ({ page, server }) => {
    const desktops = new DesktopsPage(page, server);
    await desktops.open();
    const { total, rows } = await server.api.call('desktop-list', {});
    await desktops.expectCount(total, total);

    const available = rows.filter((r) => r.state === 'AVAILABLE');
    expect(available.length).toBeGreaterThan(0);
    await desktops.filterState('AVAILABLE');
    await expect(page).toHaveURL(/state=AVAILABLE/);
    await desktops.expectCount(available.length, total);
    const cells = desktops.table.locator('[data-testid$="-state"]');
    await expect(cells.first()).toBeVisible();
    for (const text of await cells.allTextContents()) expect(text).toBe('AVAILABLE');
    const notAvailable = rows.find((r) => r.state !== 'AVAILABLE');
    if (notAvailable) await expect(desktops.row(notAvailable.name)).toHaveCount(0);

    await desktops.filterState('');
    await desktops.expectCount(total, total);
  });

  test('the search box matches name, user and host', async ({ page, server }) => {
    const desktops = new DesktopsPage(page, server);
    await desktops.open();
    const { total, rows } = await server.api.call('desktop-list', {});
    const target = rows[Math.floor(rows.length / 2)]!;

    await desktops.setSearch(target.name);
    const byName = rows.filter((r) => matches(r, target.name));
    await desktops.expectCount(byName.length, total);
    await expect(desktops.row(target.name)).toBeVisible();
    await expect(desktops.stateCell(target.name)).toHaveText(target.state);

    const withUser = rows.find((r) => r.user);
    if (withUser?.user) {
      await desktops.setSearch(withUser.user);
      await desktops.expectCount(rows.filter((r) => matches(r, withUser.user!)).length, total);
      await expect(desktops.row(withUser.name)).toBeVisible();
    }

    await desktops.setSearch('no-such-desktop-zzz');
    await desktops.expectCount(0, total);
    await expect(page.getByText('No desktops match the filters')).toBeVisible();
  });

  test('a desktop opens in the details drawer and goes in and out of maintenance mode', async ({ page, server }) => {
    const desktops = new DesktopsPage(page, server);
    const { rows } = await server.api.call('desktop-list', { state: 'AVAILABLE' });
    const target = rows[0]!;
    await desktops.open(`?q=${encodeURIComponent(target.name)}`);
    const panel = await desktops.openDetails(target.name);
    await expect(panel.getByTestId('desktop-panel-state')).toHaveText('AVAILABLE');

    await panel.getByTestId('desktop-maintenance-button').click();
    await expect(panel.getByTestId('desktop-panel-state')).toHaveText('MAINTENANCE');
    await expect(desktops.stateCell(target.name)).toHaveText('MAINTENANCE');
    expect((await server.api.call('desktop-get', { id: target.id })).state).toBe('MAINTENANCE');

    await panel.getByTestId('desktop-maintenance-button').click();
    await expect(panel.getByTestId('desktop-panel-state')).not.toHaveText('MAINTENANCE');
    expect((await server.api.call('desktop-get', { id: target.id })).state).not.toBe('MAINTENANCE');
  });

  test('a refused action shows the API error in an alert, and nothing changes', async ({ page, server }) => {
    const desktops = new DesktopsPage(page, server);
    const { rows } = await server.api.call('desktop-list', {});
    const busy = rows.find((r) => r.sessions > 0 && r.state !== 'MAINTENANCE');
    test.skip(!busy, 'the lab has no desktop with a session');
    await desktops.open(`?q=${encodeURIComponent(busy!.name)}`);
    const panel = await desktops.openDetails(busy!.name);
    await panel.getByTestId('desktop-maintenance-button').click();
    const alert = panel.getByTestId('desktop-action-error');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('log the user off');
    await expect(alert).toContainText('conflict');
    expect((await server.api.call('desktop-get', { id: busy!.id })).state).toBe(busy!.state);
  });

  test('sorting by a column header reorders the rows', async ({ page, server }) => {
    const desktops = new DesktopsPage(page, server);
    await desktops.open();
    const { rows } = await server.api.call('desktop-list', {});
    const names = rows.map((r) => r.name).sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }));
    await expect(desktops.renderedRows.first()).toHaveAttribute('data-testid', `desktop-${names[0]}-row`);
    // The name column is sorted ascending; one click on its header flips it.
    await desktops.table.getByRole('button', { name: 'Machine', exact: true }).click();
    await expect(desktops.renderedRows.first()).toHaveAttribute('data-testid', `desktop-${names[names.length - 1]}-row`);
  });
});
