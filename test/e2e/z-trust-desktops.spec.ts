import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { DesktopsPage } from './pages/DesktopsPage.ts';

// Issue #14, everyday tools on desktops: a selection and one confirmed click, per-desktop results,
// power actions in the drawer, Esc and arrow keys, sort in the URL, CSV export. Runs late (z-).

test.describe('desktops: bulk actions and the drawer', () => {
  test('maintenance on three desktops: the confirmation counts them, the results list each one', async ({ page, server }) => {
    await server.api.call('clock-set', { speed: 'paused' });
    const idle = (await server.api.call('desktop-list', { state: 'AVAILABLE' })).rows.filter((r) => r.sessions === 0).slice(0, 3);
    expect(idle.length).toBe(3);
    const d = new DesktopsPage(page, server);
    await d.open(`?pool=${encodeURIComponent(idle[0]!.pool)}`);
    for (const r of idle.filter((x) => x.pool === idle[0]!.pool)) await d.selectRow(r.name);
    const picked = idle.filter((x) => x.pool === idle[0]!.pool);
    await expect(d.bulkBar).toContainText(`${picked.length} desktop`);
    await d.bulk('maintenance-on').click();
    await expect(d.confirm.getByTestId('desktop-action-confirm-impact')).toContainText(`${picked.length} desktop`);
    await expect(d.confirm.getByTestId('desktop-action-confirm-impact')).toContainText('0 sessions');
    await d.confirm.getByTestId('desktop-action-confirm-submit').click();
    if (picked.length > 1) {
      await expect(d.confirm.getByTestId('desktop-action-confirm-summary')).toHaveText(`${picked.length} of ${picked.length} done.`);
      for (const r of picked) await expect(d.confirm.getByTestId(`desktop-action-confirm-result-${r.name}`)).toHaveAttribute('data-ok', '1');
      await d.confirm.getByTestId('desktop-action-confirm-close').click();
    }
    for (const r of picked) await expect(d.stateCell(r.name)).toHaveText('MAINTENANCE');
    // And back, through the same bar.
    for (const r of picked) await d.selectRow(r.name);
    await d.bulk('maintenance-off').click();
    await d.confirm.getByTestId('desktop-action-confirm-submit').click();
    for (const r of picked) await expect(d.stateCell(r.name)).toHaveText('AVAILABLE');
  });

  test('a refused desktop is reported with its reason while the others are done', async ({ page, server }) => {
    const { simTime } = await server.api.call('clock-get', {});
    const hour = new Date(simTime).getUTCHours();
    if (hour < 9 || hour > 15) await server.api.call('clock-step', { seconds: ((24 + 9 - hour) % 24) * 3600 }); // people at work
    const rows = (await server.api.call('desktop-list', {})).rows;
    const pool = rows.find((r) => r.sessions > 0 && r.powerState === 'poweredOn')!.pool;
    const inPool = rows.filter((r) => r.pool === pool);
    const busy = inPool.find((r) => r.sessions > 0 && r.powerState === 'poweredOn')!;
    const idle = inPool.find((r) => r.sessions === 0 && r.state === 'AVAILABLE' && r.powerState === 'poweredOn');
    test.skip(!idle, 'no idle powered-on desktop next to a busy one in this lab state');
    const d = new DesktopsPage(page, server);
    await d.open(`?pool=${encodeURIComponent(pool)}`);
    await d.selectRow(busy.name);
    await d.selectRow(idle!.name);
    await d.bulk('suspend').click();
    await expect(d.confirm.getByTestId('desktop-action-confirm-impact')).toContainText('2 desktops');
    await d.confirm.getByTestId('desktop-action-confirm-submit').click();
    await expect(d.confirm.getByTestId('desktop-action-confirm-summary')).toHaveText('1 of 2 done, 1 refused.');
    await expect(d.confirm.getByTestId(`desktop-action-confirm-result-${busy.name}`)).toContainText('log the users off first');
    await d.confirm.getByTestId('desktop-action-confirm-close').click();
    expect((await server.api.call('desktop-get', { id: idle!.id })).powerState).toBe('suspended');
    await server.api.call('desktop-bulk', { ids: [idle!.id], action: 'power-on' });
  });

  test('the drawer has power actions; Esc closes it; arrow keys move between rows; sort is in the URL; CSV exports what is shown', async ({ page, server }) => {
    const d = new DesktopsPage(page, server);
    await d.open('?sort=name.desc');
    const first = d.renderedRows.first();
    const names = (await server.api.call('desktop-list', {})).rows.map((r) => r.name).sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    await expect(first).toHaveAttribute('data-testid', `desktop-${names[0]}-row`);
    await d.headerSort('Machine').click();
    await expect(page).toHaveURL(/sort=name\.asc/);

    // Keyboard: focus a row, ArrowDown moves to the next one, Enter opens it, Esc closes the drawer.
    await d.renderedRows.first().focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('1');
    await page.keyboard.press('Enter');
    await expect(d.panel).toBeVisible();
    await expect(d.panel.getByTestId('desktop-power-actions')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(d.panel).toHaveCount(0);

    const download = page.waitForEvent('download');
    await page.getByTestId('desktops-export').click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8').split('\r\n');
    expect(csv[0]).toBe('Machine,Alarms,Machine state,Power,Desktop pool,Host,User,Sessions');
    expect(csv.length - 2).toBe(Number(await d.table.getAttribute('data-row-count')));
  });
});
