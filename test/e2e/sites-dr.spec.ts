import { expect, test as base } from '@playwright/test';
import { startConsole } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Sites and disaster recovery (issue 19) on the two-site lab (its own serve: the shared one is the
// small lab): the Sites page shows both datacenters; on the DR page an admin builds a global
// entitlement, a protection group and a recovery plan with the forms, runs a test failover, loses
// the primary site from the Sites page and runs the disaster failover. Screenshots land in
// test-results/sites-dr/.

const test = base.extend<object, { server: Awaited<ReturnType<typeof startConsole>> }>({
  server: [
    async ({}, use) => {
      const server = await startConsole('two-site', 1);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
});

const shot = (name: string) => `test-results/sites-dr/${name}.png`;

test('sites, replication, test failover, site loss and disaster failover through the console', async ({ page, server }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  const api = server.api;
  await api.call('clock-set', { speed: 'paused' });
  await api.call('clock-step', { seconds: 7200 }); // 09:00: users are on
  const console = new ConsolePage(page, server);

  await console.goto('/sites');
  await expect(page.getByTestId('sites-title')).toBeVisible();
  await expect(page.getByTestId('site-AMS-DC1-status')).toHaveText('up');
  await expect(page.getByTestId('site-RTM-DC2-status')).toHaveText('up');
  await expect(page.getByTestId('site-pool-KW-Floating-DR')).toBeVisible();
  await expect(page.getByTestId('site-links')).toContainText('AMS-RTM metro link');
  await page.screenshot({ path: shot('sites'), fullPage: true });

  await console.goto('/dr');
  await expect(page.getByTestId('dr-title')).toBeVisible();
  // A global entitlement over the knowledge-worker pools of both sites.
  await page.getByTestId('dr-new-ge').click();
  await page.getByTestId('ge-name').fill('GE-Knowledge');
  await page.getByTestId('pool-check-KW-Floating').check();
  await page.getByTestId('pool-check-KW-Floating-DR').check();
  await page.getByTestId('ge-modal-submit').click();
  await expect(page.getByTestId('ge-GE-Knowledge')).toContainText('KW-Floating-DR (RTM-DC2)');
  // A protection group: vSphere Replication, RPO 15 minutes.
  await page.getByTestId('dr-new-pg').click();
  await page.getByTestId('pg-name').fill('PG-Knowledge');
  await page.getByTestId('pg-rpo').fill('3');
  await expect(page.getByTestId('pg-modal-submit')).toBeDisabled(); // below vSphere Replication's 5 minutes
  await page.getByTestId('pg-rpo').fill('15');
  await page.getByTestId('pool-check-KW-Floating').check();
  await page.screenshot({ path: shot('new-protection-group'), fullPage: true });
  await page.getByTestId('pg-modal-submit').click();
  await expect(page.getByTestId('pg-PG-Knowledge-status')).toHaveText('Within RPO');
  // A recovery plan with the group in priority 1.
  await page.getByTestId('dr-new-plan').click();
  await page.getByTestId('plan-name').fill('RP-Amsterdam');
  await page.getByTestId('plan-prio-PG-Knowledge').selectOption('1');
  await page.getByTestId('plan-modal-submit').click();
  await expect(page.getByTestId('plan-RP-Amsterdam-state')).toHaveText('ready');
  // Amsterdam is up: a disaster failover is offered disabled, with the reason (it was refused only after the click).
  await expect(page.getByTestId('plan-RP-Amsterdam-disaster')).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByTestId('plan-RP-Amsterdam-disaster')).toHaveAttribute('title', /protected site is up/);

  // A test failover: the plan is under test, production untouched.
  const poolsBefore = await api.call('pool-list', {});
  await page.getByTestId('plan-RP-Amsterdam-test').click();
  await expect(page.getByTestId('plan-RP-Amsterdam-state')).toHaveText('under test');
  const testRun = (await api.call('dr-overview', {})).runs[0];
  await expect(page.getByTestId(`run-${testRun?.id}-rpo`)).toContainText('Achieved RPO');
  expect((await api.call('pool-list', {})).map((p) => [p.id, p.enabled, p.machineCount])).toEqual(poolsBefore.map((p) => [p.id, p.enabled, p.machineCount]));
  expect(await api.call('entitlement-list', { poolId: 'pool-4' })).toEqual([]);
  // One run of a plan at a time: the cleanup waits for the test's last step, and the page says until when.
  await expect(page.getByTestId('plan-RP-Amsterdam-running')).toContainText(`Test runs until ${testRun?.finishedAt.slice(11, 16)}`);
  await expect(page.getByTestId('plan-RP-Amsterdam-test-cleanup')).toBeDisabled();
  await page.screenshot({ path: shot('dr-test-failover'), fullPage: true });
  await api.call('clock-step', { seconds: testRun?.rtoSec ?? 0 });
  await expect(page.getByTestId('plan-RP-Amsterdam-running')).toHaveCount(0);
  await page.getByTestId('plan-RP-Amsterdam-test-cleanup').click();
  await expect(page.getByTestId('plan-RP-Amsterdam-state')).toHaveText('ready');

  // Lose Amsterdam from the Sites page.
  await console.goto('/sites');
  await page.getByTestId('site-AMS-DC1-fail').click();
  await expect(page.getByTestId('site-fail-dialog')).toBeVisible();
  await page.screenshot({ path: shot('site-fail-dialog'), fullPage: true });
  await page
    .getByTestId('site-fail-dialog')
    .getByRole('button', { name: /Lose the site/ })
    .click();
  await expect(page.getByTestId('site-AMS-DC1-status')).toContainText('lost');
  await api.call('clock-step', { seconds: 600 });

  // Disaster failover: users are brokered to Rotterdam.
  await console.goto('/dr');
  await expect(page.getByTestId('ge-GE-Knowledge-routes')).toContainText('KW-Floating → KW-Floating-DR');
  await expect(page.getByTestId('pg-PG-Knowledge-status')).toHaveText('Link down');
  await page.getByTestId('plan-RP-Amsterdam-disaster').click();
  // It changes production, so it is confirmed first, naming the pools and what happens (it ran on one click: black-box round 6).
  const dialog = page.getByTestId('dr-run-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('KW-Floating');
  await expect(dialog).toContainText('are disabled (no new sessions)');
  await expect(page.getByTestId('plan-RP-Amsterdam-state')).toHaveText('ready');
  await page.screenshot({ path: shot('dr-disaster-confirm'), fullPage: true });
  await dialog.getByRole('button', { name: /Disaster recovery/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('plan-RP-Amsterdam-state')).toHaveText('failed-over');
  const run = (await api.call('dr-overview', {})).runs[0];
  expect(run?.mode).toBe('disaster');
  await expect(page.getByTestId(`run-${run?.id}-rto`)).toContainText('RTO');
  await api.call('clock-step', { seconds: 1800 });
  await console.goto('/sites');
  await expect.poll(async () => Number(await page.getByTestId('site-pool-KW-Floating-DR-sessions').textContent())).toBeGreaterThan(0);
  await page.screenshot({ path: shot('sites-after-loss'), fullPage: true });
  await console.goto('/dr');
  await expect(page.getByTestId(`run-${run?.id}`)).toBeVisible();
  await page.screenshot({ path: shot('dr-after-disaster'), fullPage: true });
  await page.getByTestId(`run-${run?.id}`).scrollIntoViewIfNeeded();
  await page.getByTestId(`run-${run?.id}`).screenshot({ path: shot('dr-run-timeline') });
});

test('containers vs VMs: the capacity page compares the three delivery models with the model’s numbers beside the seed table', async ({ page, server }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  const console = new ConsolePage(page, server);
  await console.goto('/capacity');
  await page.getByTestId('cap-delivery').click();
  await expect(page.getByTestId('delivery-title')).toBeVisible();
  const model = await server.api.call('capacity-delivery-compare', { users: 2000, workload: 'knowledge' });
  await expect(page.getByTestId('delivery-density-container')).toContainText(String(model.rows[2]?.usersPerHost));
  await expect(page.getByTestId('delivery-overhead-container')).toHaveText('20 MB');
  // A heavier workload on a smaller host: the page asks the model again.
  await page.getByTestId('delivery-workload').selectOption('power');
  await page.getByTestId('delivery-ram').fill('384');
  const power = await server.api.call('capacity-delivery-compare', { users: 2000, workload: 'power', host: { sockets: 2, coresPerSocket: 20, ramGb: 384 } });
  await expect(page.getByTestId('delivery-density-single-session')).toContainText(`${power.rows[0]?.usersPerHost} (`);
  // A bad value is flagged; the last result stays.
  await page.getByTestId('delivery-users').fill('0');
  await expect(page.getByTestId('delivery-density-single-session')).toContainText(`${power.rows[0]?.usersPerHost} (`);
  await page.getByTestId('delivery-users').fill('2000');
  await page.screenshot({ path: shot('containers-vs-vms'), fullPage: true });
});
