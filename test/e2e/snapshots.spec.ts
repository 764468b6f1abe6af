import { expect, test as base } from '@playwright/test';
import { startConsole, type ConsoleServer } from './fixtures.ts';
import { DesktopsPage } from './pages/DesktopsPage.ts';
import { SnapshotsPanel } from './pages/SnapshotsPanel.ts';

// Snapshots in the console: take one before a risky change, break the desktop with a simulated
// bad update, revert it from the tree in two clicks seeing whom it affects, and see it healthy.
// Its own serve (small lab, seed 1): these tests change desktops the shared one's specs read.

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

test.describe('desktop snapshots', () => {
  test('take a snapshot, break the desktop with a bad update, revert it from the tree, healthy again', async ({ page, server }) => {
    const desktops = new DesktopsPage(page, server);
    await desktops.open('?q=DEV-01');
    await desktops.openDetails('DEV-01');
    const snaps = new SnapshotsPanel(page);
    await snaps.open();
    await expect(snaps.tab.getByTestId('snapshot-summary')).toContainText('No snapshots');
    await snaps.take('Before update');
    await expect(snaps.youAreHere).toBeVisible();
    await expect(snaps.tab.getByTestId('snapshot-summary')).toContainText('1 snapshot · chain depth 1');

    await snaps.simulateBadUpdate();
    await expect(snaps.state).toHaveText('AGENT_UNREACHABLE');
    await expect(snaps.problem).toContainText('Bad update');
    await page.screenshot({ path: '/tmp/snapshots-broken.png' });

    const impact = await snaps.startRevert('Before update');
    await expect(impact.getByTestId('snapshot-impact-nobody')).toBeVisible();
    await expect(impact.getByTestId('snapshot-impact-after')).toHaveText('Powered on, AVAILABLE');
    await page.screenshot({ path: '/tmp/snapshots-impact.png' });
    await snaps.confirm();
    await expect(snaps.tab.getByTestId('snapshot-task-progress')).toBeVisible();
    await server.api.call('clock-step', { seconds: 60 }); // the revert takes ~11 simulated seconds
    await expect(snaps.state).toHaveText('AVAILABLE');
    await expect(snaps.problem).toHaveCount(0);
    await expect(snaps.tab.getByTestId('snapshot-task-progress')).toHaveCount(0);
    await page.screenshot({ path: '/tmp/snapshots-healthy.png' });
    const events = (await server.api.call('event-list', { objectId: 'vm-41', limit: 3 })).rows.map((e) => e.message);
    expect(events[0]).toMatch(/DEV-01 reverted to snapshot "Before update": now AVAILABLE/);
  });

  test('the revert dialog names the user who loses work', async ({ page, server }) => {
    await server.api.call('clock-step', { seconds: 2 * 3600 }); // 09:00: people at work
    const s = (await server.api.call('session-list', {})).find((x) => x.state === 'active' && x.poolId !== 'pool-5');
    expect(s).toBeDefined();
    if (!s) return;
    const user = await server.api.call('user-list', { search: s.userName.split(' ')[0] ?? '', limit: 50 });
    const login = user.rows.find((u) => u.id === s.userId)?.login ?? '';
    await server.api.call('snapshot-take', { desktopId: s.desktopId, name: 'Morning', includeMemory: true });
    await server.api.call('clock-step', { seconds: 900 });
    const desktops = new DesktopsPage(page, server);
    await desktops.open(`?q=${encodeURIComponent(s.desktopName)}`);
    await desktops.openDetails(s.desktopName);
    const snaps = new SnapshotsPanel(page);
    await snaps.open();
    const impact = await snaps.startRevert('Morning');
    await expect(snaps.impactSession(login)).toContainText(s.userName);
    await expect(snaps.impactSession(login)).toContainText('15 min');
    await page.screenshot({ path: '/tmp/snapshots-impact-user.png' });
    await snaps.confirm();
    await server.api.call('clock-step', { seconds: 60 });
    expect((await server.api.call('session-list', { userId: s.userId })).filter((x) => x.desktopId === s.desktopId)).toEqual([]);
    await expect(impact).toBeHidden();
  });

  test('a whole pool: snapshot all and revert all with progress', async ({ page, server }) => {
    await page.goto(server.at('/pools/pool-2'));
    const card = page.getByTestId('pool-snapshots');
    await expect(card).toBeVisible();
    await card.getByTestId('pool-snapshot-name').fill('Class 1');
    await card.getByTestId('pool-snapshot-take').click();
    await expect(card.locator('[data-testid^="pool-snapshot-task-"]').first()).toContainText('Snapshot "Class 1"');
    await server.api.call('clock-step', { seconds: 120 });
    await expect(card.locator('[data-testid^="pool-snapshot-task-"]').first()).toContainText('12 of 12 desktops');
    await card.getByTestId('pool-snapshot-revert').click();
    await expect(page.getByTestId('pool-revert-modal')).toBeVisible();
    // The confirmation counts the desktops that have the snapshot (and so are reverted), not the whole pool's sessions.
    await expect(page.getByTestId('pool-revert-desktops')).toContainText('12 desktop(s) have a snapshot named "Class 1"');
    await page.screenshot({ path: '/tmp/snapshots-pool-revert-modal.png' });
    await page.getByTestId('pool-revert-confirm').click();
    await expect(card.locator('[data-testid^="pool-snapshot-task-"]').first()).toContainText('Revert to "Class 1"');
    await server.api.call('clock-step', { seconds: 120 });
    await expect(card.locator('[data-testid^="pool-snapshot-task-"]').first()).toContainText('12 of 12 desktops');
    await page.screenshot({ path: '/tmp/snapshots-pool.png' });
  });

  test('a branched tree shows "you are here" on its branch, and a long chain is flagged on the desktop', async ({ page, server }) => {
    const api = server.api;
    const s1 = await api.call('snapshot-take', { desktopId: 'vm-43', name: 'Base install' });
    await api.call('snapshot-take', { desktopId: 'vm-43', name: 'Office 2024' });
    const t = await api.call('snapshot-revert', { snapshotId: s1.id });
    await api.call('clock-step', { seconds: 30 });
    expect((await api.call('task-list', {})).find((x) => x.id === t.id)?.state).toBe('completed');
    for (const n of ['Visual Studio', 'SDK 9', 'Drivers', 'Hotfix']) await api.call('snapshot-take', { desktopId: 'vm-43', name: n });
    const desktops = new DesktopsPage(page, server);
    await desktops.open('?q=DEV-03');
    await desktops.openDetails('DEV-03');
    await expect(page.getByTestId('desktop-panel-snapshot-warning')).toContainText('5 levels');
    const snaps = new SnapshotsPanel(page);
    await snaps.open();
    for (const n of ['Base install', 'Office 2024', 'Visual Studio', 'Hotfix']) await expect(snaps.node(n)).toBeVisible();
    await expect(snaps.youAreHere).toBeVisible();
    await expect(snaps.tab.getByTestId('snapshot-summary')).toContainText('6 snapshots · chain depth 5');
    // "You are here" hangs under the newest snapshot of the current branch, not under Office 2024.
    const here = await snaps.youAreHere.boundingBox();
    const hotfix = await snaps.node('Hotfix').boundingBox();
    expect(here && hotfix && here.y > hotfix.y && here.x > hotfix.x).toBe(true);
    await page.screenshot({ path: '/tmp/snapshots-tree.png' });
  });
});
