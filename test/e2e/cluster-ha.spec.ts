import { expect, test } from './fixtures.ts';
import { ClusterPage } from './pages/ClusterPage.ts';
import { EventsPage } from './pages/EventsPage.ts';

// Fail a host from the cluster page (training) and watch vSphere HA restart its VMs; the events tell the story in order.

test.describe('cluster operations: vSphere HA', () => {
  test('a host loses power; HA declares it dead, restarts its VMs elsewhere, and the events page tells the story', async ({ page, server }) => {
    test.setTimeout(120_000);
    const api = server.api;
    await api.call('clock-set', { speed: 'paused' });
    const hosts = await api.call('host-list', { clusterId: 'cl-1' });
    const target = hosts.filter((h) => h.connectionState === 'connected' && h.powerState === 'poweredOn').sort((a, b) => b.vmsPoweredOn - a.vmsPoweredOn)[0];
    if (!target) throw new Error('no connected host');
    const short = target.name.split('.')[0] as string;
    const vms = target.vmsPoweredOn;
    expect(vms).toBeGreaterThan(0);
    const settings = await api.call('cluster-settings-get', { clusterId: 'cl-1' });
    const deadAfter = settings.datastoreHeartbeat ? 18 : 15;

    const cluster = new ClusterPage(page, server);
    await cluster.open('cl-1');
    await cluster.hostAction(short, 'fail-power');
    await expect(cluster.hostStatus(short)).toHaveText('Not responding (power lost)');
    await api.call('clock-step', { seconds: 5 });
    await cluster.tab('ha');
    await expect(cluster.timelineStep('failure')).toContainText('+0 s');
    await expect(cluster.timelineStep('not-responding')).toBeVisible();
    await api.call('clock-step', { seconds: 90 });
    await expect(cluster.timelineStep('declared')).toContainText(`+${deadAfter} s`);
    await expect(cluster.timelineStep('declared')).toContainText(`declared ${short} failed after ${deadAfter} s`);
    await expect(cluster.timelineStep('restart-batch').first()).toContainText(/restarting \d+ VM\(s\)/);
    await expect(cluster.timelineStep('restart-done')).toContainText(`${vms} VM(s) restarted on other hosts`);
    await page.screenshot({ path: '/tmp/cluster-ops-ha.png', fullPage: true });

    // Every VM it ran is running elsewhere.
    expect((await api.call('host-get', { id: target.id })).desktops.filter((d) => d.powerState === 'poweredOn')).toEqual([]);

    // The events page, oldest first, tells the story in order.
    const events = new EventsPage(page, server);
    await events.open(`?q=${encodeURIComponent(short)}`);
    const rows = (await api.call('event-list', { objectId: target.id, limit: 100 })).rows.sort((a, b) => a.simTime.localeCompare(b.simTime) || a.id - b.id);
    const story = [/lost power/, /session\(s\) lost|not responding/, /declared .* failed/, /restarting \d+ VM/, /vSphere HA finished/];
    let k = 0;
    for (const r of rows) if (k < story.length && (story[k] as RegExp).test(r.message)) k++;
    expect(k, rows.map((r) => r.message).join('\n')).toBe(story.length);
    const newest = rows[rows.length - 1];
    if (newest) await expect(events.row(newest.id)).toBeVisible();
    await page.screenshot({ path: '/tmp/cluster-ops-events.png', fullPage: true });

    // Repair: ESXi boots and the host rejoins.
    await cluster.open('cl-1');
    await cluster.hostAction(short, 'repair');
    await expect(cluster.hostStatus(short)).toHaveText('Powering on (repair)');
    await api.call('clock-step', { seconds: 200 });
    await expect(cluster.hostStatus(short)).toHaveText('Connected');
  });

  test('DRS, rules and the migrate dialog render their data', async ({ page, server }) => {
    const api = server.api;
    const cluster = new ClusterPage(page, server);
    await cluster.open('cl-1', 'drs');
    await expect(page.getByTestId('drs-imbalance')).toBeVisible();
    await page.screenshot({ path: '/tmp/cluster-ops-drs.png', fullPage: true });
    await cluster.tab('rules');
    await page.getByTestId('rule-add').click();
    await page.getByTestId('rule-name').fill('Kiosks apart');
    await page.getByTestId('rule-vms').fill('KIOSK-01, KIOSK-02, KW-001, KW-002');
    await page.getByTestId('rule-submit').click();
    await expect(page.getByTestId('rule-error')).toContainText(/can never be met: 4 VMs kept apart need 4 hosts/);
    await page.getByTestId('rule-vms').fill('KIOSK-01, KIOSK-02');
    await page.screenshot({ path: '/tmp/cluster-ops-rule-modal.png' });
    await page.getByTestId('rule-submit').click();
    await expect(page.getByTestId('rule-Kiosks apart-row')).toBeVisible();
    await page.screenshot({ path: '/tmp/cluster-ops-rules.png', fullPage: true });
    const rule = (await api.call('rule-list', { clusterId: 'cl-1' })).find((r) => r.name === 'Kiosks apart');
    expect(rule?.desktopIds.length).toBe(2);
    // Both kiosks run on one host, so DRS proposes a mandatory move; apply it from the DRS tab.
    const where = await api.call('desktop-list', { search: 'KIOSK' });
    const together = where.rows[0]?.host === where.rows[1]?.host;
    await expect(page.getByTestId('rule-Kiosks apart-status')).toHaveText(together ? 'Not met' : 'Met');
    if (together) {
      await cluster.tab('drs');
      const rec = page.locator('[data-testid^="drs-rec-KIOSK-0"]').first();
      await expect(rec).toContainText(/rule "Kiosks apart": KIOSK-0\d and KIOSK-0\d must run on different hosts/);
      await expect(rec.getByText('1', { exact: true })).toBeVisible();
      await page.screenshot({ path: '/tmp/cluster-ops-drs-recs.png', fullPage: true });
      await rec.getByRole('button', { name: 'Apply' }).click();
      await api.call('clock-step', { seconds: 60 });
      await cluster.tab('rules');
      await expect(page.getByTestId('rule-Kiosks apart-status')).toHaveText('Met');
    }
    // A desktop's Migrate… dialog shows the pre-copy plan.
    const d = (await api.call('desktop-list', { search: 'KW-003' })).rows[0];
    await cluster.goto(`/desktops?selected=${d?.id ?? ''}`);
    await page.getByTestId('desktop-migrate-button').click();
    const hosts = await api.call('host-list', { clusterId: 'cl-1' });
    const other = hosts.find((h) => h.name !== d?.host && h.connectionState === 'connected');
    await page.getByTestId('migrate-target').selectOption(other?.id ?? '');
    await expect(page.getByTestId('migrate-duration')).toContainText(/Expected duration [\d.]+ s, downtime \d+ ms/);
    await page.screenshot({ path: '/tmp/cluster-ops-migrate.png' });
    await page.getByTestId('migrate-submit').click();
    await expect(page.getByTestId('migrate-modal')).toHaveCount(0);
    // Done a few seconds later: the drawer shows the short switchover freeze its sessions saw.
    await api.call('clock-step', { seconds: 6 });
    await expect(page.getByTestId('desktop-freeze')).toHaveText(/^Froze \d+ ms at \d\d:\d\d:\d\d$/);
    await page.screenshot({ path: '/tmp/cluster-ops-freeze.png' });
    if (rule) await api.call('rule-delete', { id: rule.id });
  });

  test('vMotion settings (downtime target, pre-copy rounds) are editable on the DRS tab, checked against the contract', async ({ page, server }) => {
    const cluster = new ClusterPage(page, server);
    await cluster.open('cl-1', 'drs');
    const card = page.getByTestId('vmotion-settings');
    await expect(page.getByTestId('field-limits-vmotion-downtime')).toHaveText('10–10,000, whole numbers');
    await page.getByTestId('wizard-vmotion-downtime').fill('5');
    await expect(page.getByTestId('field-error-vmotion-downtime')).toContainText('at least 10');
    await expect(card.getByTestId('vmotion-save')).toBeDisabled();
    await page.getByTestId('wizard-vmotion-downtime').fill('500');
    await page.getByTestId('wizard-vmotion-rounds').fill('8');
    await card.getByTestId('vmotion-save').click();
    await expect(card.getByTestId('vmotion-save')).toBeDisabled(); // saved: nothing left to save
    expect(await server.api.call('cluster-settings-get', { clusterId: 'cl-1' })).toMatchObject({ vmotionDowntimeTargetMs: 500, vmotionMaxRounds: 8 });
    await page.reload();
    await expect(page.getByTestId('wizard-vmotion-downtime')).toHaveValue('500');
  });
});
