import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { CapacityPage } from './pages/CapacityPage.ts';

const DIR = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

test.describe('capacity planning', () => {
  test('run from the wizard and read VSImax, the bottleneck and the chart markers', async ({ page, server }) => {
    test.setTimeout(120_000);
    mkdirSync(DIR, { recursive: true });
    const cap = new CapacityPage(page, server);
    await cap.open();
    await page.screenshot({ path: `${DIR}/capacity-list.png`, fullPage: true });
    await cap.openWizard();
    await page.screenshot({ path: `${DIR}/capacity-wizard-hosts.png` });
    await cap.nextTo('storage');
    await page.screenshot({ path: `${DIR}/capacity-wizard-storage.png` });
    await cap.nextTo('session-host');
    await page.screenshot({ path: `${DIR}/capacity-wizard-session.png` });
    await cap.nextTo('workload');
    await cap.field('workload-mix').check();
    await page.screenshot({ path: `${DIR}/capacity-wizard-workload.png` });
    await cap.field('workload-single').check();
    await cap.nextTo('launch');
    await page.screenshot({ path: `${DIR}/capacity-wizard-launch.png` });
    await cap.nextTo('sweep');
    await cap.nextTo('review');
    await page.screenshot({ path: `${DIR}/capacity-wizard-review.png` });
    await cap.runButton.click();
    await cap.waitForResults();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${DIR}/capacity-run.png` });
    await page.getByTestId('cap-util-charts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/capacity-run-2.png` });
    await page.getByTestId('cap-consolidation').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/capacity-run-3.png` });
    await cap.setTheme(true);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${DIR}/capacity-run-3-dark.png` });
    await page.getByTestId('cap-response-card').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/capacity-run-dark.png` });
    await cap.setTheme(false);
  });
});
