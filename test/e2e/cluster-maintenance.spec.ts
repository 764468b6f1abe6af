import { expect, test } from './fixtures.ts';
import { ClusterPage } from './pages/ClusterPage.ts';

// Put a host into maintenance from the cluster page and watch it empty, with no session lost.

test.describe('cluster operations: maintenance mode', () => {
  test('a busy host empties by live migration without a session lost, then exits maintenance', async ({ page, server }) => {
    test.setTimeout(120_000);
    const api = server.api;
    await api.call('clock-set', { speed: 'paused' });
    // Working hours, so the host carries sessions.
    const clock = await api.call('clock-get', {});
    const hour = new Date(clock.simTime).getUTCHours();
    if (hour < 9) await api.call('clock-step', { seconds: (9 - hour) * 3600 + 1800 });
    const hosts = await api.call('host-list', { clusterId: 'cl-1' });
    const target = [...hosts]
      .filter((h) => h.connectionState === 'connected' && h.powerState === 'poweredOn')
      .sort((a, b) => b.vmsPoweredOn - a.vmsPoweredOn)[0];
    if (!target) throw new Error('no connected host');
    const short = target.name.split('.')[0] as string;
    const before = await api.call('session-list', {});
    const onTarget = new Set((await api.call('host-get', { id: target.id })).desktops.map((d) => d.id));
    const sessionsThere = before.filter((s) => onTarget.has(s.desktopId));
    expect(sessionsThere.length).toBeGreaterThan(0);

    const cluster = new ClusterPage(page, server);
    await cluster.open('cl-1');
    await expect(cluster.hostStatus(short)).toHaveText('Connected');
    await page.screenshot({ path: '/tmp/cluster-ops-hosts.png', fullPage: true });
    await cluster.page.getByTestId(`host-${short}-actions`).click();
    await cluster.page.getByTestId('host-action-enter').click();
    await page.screenshot({ path: '/tmp/cluster-ops-enter-modal.png' });
    await cluster.page.getByTestId('host-op-confirm').click();
    await expect(cluster.hostStatus(short)).toHaveText(/Entering maintenance mode \(\d+ of \d+ migrated\)/);
    // Watch it empty: the clock moves a few seconds at a time.
    await api.call('clock-step', { seconds: 10 });
    await expect(cluster.page.getByTestId('cluster-migrations-table')).toBeVisible();
    await page.screenshot({ path: '/tmp/cluster-ops-migrating.png', fullPage: true });
    for (let i = 0; i < 60; i++) {
      if ((await cluster.hostStatus(short).textContent()) === 'In maintenance mode') break;
      await api.call('clock-step', { seconds: 10 });
      await page.waitForTimeout(150);
    }
    await expect(cluster.hostStatus(short)).toHaveText('In maintenance mode');
    await expect(cluster.hostVms(short)).toHaveText('0');
    const task = (await api.call('task-list', { objectId: target.id }))[0];
    expect(task).toMatchObject({ kind: 'host-maintenance', state: 'completed' });
    await expect(cluster.taskState(task?.id ?? '')).toHaveText('Completed');
    await page.screenshot({ path: '/tmp/cluster-ops-maintenance-done.png', fullPage: true });
    // Not a session lost: every session that ran on the host is still there.
    const after = new Set((await api.call('session-list', {})).map((s) => s.id));
    for (const s of sessionsThere) expect(after.has(s.id), `${s.userName} on ${s.desktopName}`).toBe(true);
    expect((await api.call('host-get', { id: target.id })).desktops).toEqual([]);

    // The host's own page says the same, with its actions.
    await cluster.goto(`/hosts/${target.id}`);
    await expect(page.getByTestId('host-ops-status')).toHaveText('In maintenance mode');
    await expect(page.getByTestId('host-detail-state')).toHaveText(/maintenance/i);
    await page.screenshot({ path: '/tmp/cluster-ops-host-detail.png' });
    await cluster.open('cl-1');
    await cluster.hostAction(short, 'exit');
    await expect(cluster.hostStatus(short)).toHaveText('Connected');
  });
});
