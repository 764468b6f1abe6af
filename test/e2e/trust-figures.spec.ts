import { expect, test as base } from '@playwright/test';
import { startConsole, type ConsoleServer } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';
import { DesktopsPage } from './pages/DesktopsPage.ts';
import { SnapshotsPanel } from './pages/SnapshotsPanel.ts';

// Issue #14, figures that were stale or disagreed. Its own serve (small lab, seed 1): it steps the
// clock and breaks a desktop, which the shared server's specs must not see.

const test = base.extend<object, { server: ConsoleServer & { close(): Promise<void> } }>({
  server: [
    async ({}, use) => {
      const s = await startConsole('small', 1);
      await use(s);
      await s.close();
    },
    { scope: 'worker', timeout: 70_000 },
  ],
});

test.describe('figures that agree and keep up', () => {
  test('after a revert the table and the drawer show the same state', async ({ page, server }) => {
    const desktops = new DesktopsPage(page, server);
    await desktops.open('?q=DEV-02');
    await desktops.openDetails('DEV-02');
    const snaps = new SnapshotsPanel(page);
    await snaps.open();
    await snaps.take('Before update');
    await snaps.simulateBadUpdate();
    await expect(snaps.state).toHaveText('AGENT_UNREACHABLE');
    await expect(desktops.stateCell('DEV-02')).toHaveText('AGENT_UNREACHABLE');
    await snaps.startRevert('Before update');
    await snaps.confirm();
    await server.api.call('clock-step', { seconds: 60 });
    await expect(snaps.state).toHaveText('AVAILABLE');
    await expect(desktops.stateCell('DEV-02')).toHaveText('AVAILABLE');
  });

  test('Help Desk durations tick with the simulated clock', async ({ page, server }) => {
    await server.api.call('clock-set', { speed: 'paused' });
    await server.api.call('clock-step', { seconds: 2 * 3600 });
    const s = (await server.api.call('session-list', {})).find((x) => x.state === 'active')!;
    const c = new ConsolePage(page, server);
    await c.goto(`/helpdesk/${s.id}`);
    const since = page.getByTestId('helpdesk-state-for');
    await expect(since).not.toHaveText('');
    const before = await since.textContent();
    await c.clock.stepBy(900);
    await expect(since).not.toHaveText(before ?? '');
    await expect(page.getByTestId('helpdesk-logged-on-for')).toContainText('logged on for');
  });

  test('the next DRS run is never in the past', async ({ page, server }) => {
    const c = new ConsolePage(page, server);
    await c.goto('/clusters/cl-1?tab=drs');
    const next = page.getByTestId('drs-next-run');
    await expect(next).toContainText('(in ');
    const { simTime } = await server.api.call('clock-get', {});
    const hhmmss = (await next.textContent())!.slice(0, 8);
    expect(hhmmss > simTime.slice(11, 19)).toBe(true);
    await c.clock.stepBy(3600);
    const after = (await server.api.call('clock-get', {})).simTime.slice(11, 19);
    await expect.poll(async () => (await next.textContent())!.slice(0, 8) > after).toBe(true);
  });

  test('a 3 × 3 wall fits a 900 px high window', async ({ page, server }) => {
    const { simTime } = await server.api.call('clock-get', {});
    if (new Date(simTime).getUTCHours() < 9) await server.api.call('clock-step', { seconds: 2 * 3600 });
    const ids = (await server.api.call('session-list', {}))
      .filter((s) => s.state === 'active')
      .map((s) => s.id)
      .slice(0, 9);
    expect(ids.length).toBe(9);
    const c = new ConsolePage(page, server);
    await c.goto(`/wall?layout=3x3&s=${ids.join(',')}`);
    const last = page.getByTestId('wall-tile-8');
    await expect(last.locator('canvas')).toBeVisible();
    const box = await last.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(900);
  });
});
