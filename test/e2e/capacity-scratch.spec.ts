import { test } from './fixtures.ts';
import { CapacityPage } from './pages/CapacityPage.ts';
const D = '/tmp/capui';
test('shots', async ({ page, server }) => {
  test.setTimeout(120_000);
  const cap = new CapacityPage(page, server);
  const started = await server.api.call('capacity-run-start', {
    definition: { name: 'Long', hosts: { count: 16, sockets: 2, coresPerSocket: 32, ghz: 2.4, hyperthreading: true, ramGb: 2048 }, storage: { iops: 900000, serviceTimeMs: 0.5, capacityTb: 100 }, sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4 }, workload: 'knowledge', launch: { sessions: 20000, timeframeSec: 14400 } },
  });
  await cap.goto(`/capacity/runs/${started.id}`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${D}/progress.png` });
  await cap.open();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${D}/list.png` });
  await server.api.call('capacity-run-cancel', { id: started.id });
  await cap.openWizard();
  await page.screenshot({ path: `${D}/w-hosts.png` });
  await cap.goToStep(/Session host/, 'session-host');
  await cap.field('sessionHost-multi').check();
  await page.screenshot({ path: `${D}/w-multi.png` });
  await cap.goToStep(/Sweep/, 'sweep');
  await page.getByTestId('cap-sweep-enabled').check();
  await page.getByTestId('cap-sweep-add').click();
  await page.screenshot({ path: `${D}/w-sweep.png` });
  await page.evaluate(() => document.documentElement.classList.add('pf-v6-theme-dark'));
  await cap.goToStep(/Hosts/, 'hosts');
  await page.screenshot({ path: `${D}/w-hosts-dark.png` });
  await page.evaluate(() => document.documentElement.classList.remove('pf-v6-theme-dark'));
  await page.getByRole('button', { name: 'Close the wizard' }).click();
  await page.screenshot({ path: `${D}/list2.png` });
});
