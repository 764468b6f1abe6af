import { MACHINE_STATES } from '../../src-main/contract/index.ts';
import { expect, test } from './fixtures.ts';
import { DashboardPage } from './pages/DashboardPage.ts';

const n = (v: number) => v.toLocaleString('en-US');

test.describe('dashboard', () => {
  test('opened with the token, it shows the numbers of the lab', async ({ page, server }) => {
    const dash = new DashboardPage(page, server);
    await dash.open();
    const s = await server.api.call('dashboard-summary', {});

    await expect(dash.hostsTotal).toHaveText(n(s.hosts.total));
    await expect(dash.desktopsTotal).toHaveText(n(s.desktops.total));
    await expect(dash.sessionsTotal).toHaveText(n(s.sessions.total));
    await expect(dash.problems).toHaveText(n(s.desktops.problems));
    await expect(dash.poolsEnabled).toHaveText(`${n(s.pools.enabled)} / ${n(s.pools.total)}`);
    await expect(dash.stat('hosts-connected')).toHaveText(n(s.hosts.connected));
    await expect(dash.stat('sessions-active')).toHaveText(n(s.sessions.active));
    for (const state of MACHINE_STATES) {
      await expect(dash.state(state)).toHaveText(n(s.desktops.byState[state] ?? 0));
    }
    // The per-state counts add up to the total: nothing is lost between the API and the cards.
    const sum = MACHINE_STATES.reduce((acc, st) => acc + (s.desktops.byState[st] ?? 0), 0);
    expect(sum).toBe(s.desktops.total);

    const lab = await server.api.call('lab-info', {});
    await expect(page.getByTestId('masthead-lab')).toContainText(lab.name);
    await expect(page.getByTestId('masthead-simtime')).toContainText('UTC');
  });

  test('the problem machines link opens the desktops filtered to problems', async ({ page, server }) => {
    const dash = new DashboardPage(page, server);
    await dash.open();
    const s = await server.api.call('dashboard-summary', {});
    await dash.openProblemMachines();
    await expect(page).toHaveURL(/#\/desktops\?problems=1/);
    await expect(page.getByTestId('desktops-count')).toHaveText(`${n(s.desktops.problems)} of ${n(s.desktops.total)} desktops`);
  });

  test('the sidebar is keyboard-reachable and the last page is restored on start', async ({ page, server }) => {
    const dash = new DashboardPage(page, server);
    await dash.open();
    await dash.nav('pools').focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/pools$/);
    await expect(page.getByTestId('pools-table')).toBeVisible();
    // The route is saved (debounced) through settings-set; a fresh start without a hash goes back there.
    await expect.poll(async () => (await server.api.call('settings-get', {})).lastRoute).toBe('/pools');
    await page.goto(server.url);
    await expect(page).toHaveURL(/#\/pools$/);
    await expect(page.getByTestId('pools-table')).toBeVisible();
    await server.api.call('settings-set', { lastRoute: '/dashboard' });
  });
});
