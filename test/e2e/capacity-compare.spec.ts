import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { CapacityDefinitionInput } from '../../src-main/contract/capacity-entities.ts';
import { expect, test, type ConsoleServer } from './fixtures.ts';
import { CapacityPage } from './pages/CapacityPage.ts';

const DIR = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

/** A small test (16 cores, ~80 desktops by the rule of five) so runs finish in a few seconds on a shared machine. */
function small(name: string, vcpu: number): CapacityDefinitionInput {
  return {
    name,
    hosts: { count: 1, sockets: 2, coresPerSocket: 8, ghz: 2.4, hyperthreading: true, ramGb: 512 },
    storage: { iops: 50000, serviceTimeMs: 0.5, capacityTb: 10 },
    network: { nicGbps: 10 },
    sessionHost: { kind: 'single-session', vcpu, ramGb: 4 },
    workload: 'knowledge',
    protocol: 'blast',
    launch: { sessions: 120, timeframeSec: 1440 },
    seed: 3,
  };
}

async function runToEnd(server: ConsoleServer, def: CapacityDefinitionInput): Promise<string> {
  const started = await server.api.call('capacity-run-start', { definition: def });
  const done = await server.api.call('capacity-run-get', { id: started.id, waitMs: 90_000 });
  expect(done.state).toBe('completed');
  return started.id;
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const wait = page.waitForEvent('download');
  await click();
  const dl = await wait;
  return { name: dl.suggestedFilename(), text: readFileSync((await dl.path())!, 'utf8') };
}

test.describe('capacity planning: compare, export, sweep, cancel', () => {
  test('compare 2 vs 4 vCPU side by side, then export a run as JSON, CSV and an HTML report', async ({ page, server }) => {
    test.setTimeout(180_000);
    mkdirSync(DIR, { recursive: true });
    const a = await runToEnd(server, small('E2E compare', 2));
    const b = await runToEnd(server, small('E2E compare', 4));
    const [ra, rb] = [(await server.api.call('capacity-run-get', { id: a })).result!, (await server.api.call('capacity-run-get', { id: b })).result!];

    const cap = new CapacityPage(page, server);
    await cap.open();
    await expect(cap.runState(a)).toHaveAttribute('data-state', 'completed');
    await expect(cap.compareButton).toBeDisabled();
    await cap.selectRun(a);
    await cap.selectRun(b);
    await expect(cap.compareButton).toHaveText('Compare 2 runs');
    await page.screenshot({ path: `${DIR}/capacity-list-runs.png` });
    await cap.compareButton.click();

    await expect(page.getByTestId('cap-compare-title')).toHaveText('Compare runs');
    // Runs are named by what differs between them.
    await expect(page.getByTestId('cap-compare-run-0')).toHaveText('2 vCPU');
    await expect(page.getByTestId('cap-compare-run-1')).toHaveText('4 vCPU');
    // Overlaid curves: one series per run, each run's VSImax marked.
    await expect(cap.chart('cap-compare').locator('canvas')).toBeVisible();
    await expect(cap.chartValue('cap-compare', 'run0')).toBeVisible();
    await expect(cap.chartValue('cap-compare', 'run1')).toBeVisible();
    // Key figures with the difference to the first run.
    const v = (r: typeof ra) => (r.vsimaxReached ? String(r.vsimax) : `≥ ${r.sessionsLaunched}`);
    await expect(page.getByTestId('cap-compare-vsimax-0')).toHaveText(v(ra));
    await expect(page.getByTestId('cap-compare-vsimax-1')).toContainText(v(rb));
    if (ra.vsimaxReached && rb.vsimaxReached && ra.vsimax !== rb.vsimax) {
      const d = (rb.vsimax as number) - (ra.vsimax as number);
      await expect(page.getByTestId('cap-compare-vsimax-1-delta')).toContainText(`${d > 0 ? '+' : '−'}${Math.abs(d)}`);
    }
    await expect(page.getByTestId('cap-compare-row-bottleneck')).toBeVisible();
    const cmp = await download(page, () => page.getByTestId('cap-compare-export-html').click());
    expect(cmp.name).toMatch(/\.html$/);
    expect(cmp.text).toMatch(/<html/i);
    await page.screenshot({ path: `${DIR}/capacity-compare.png`, fullPage: true });
    await cap.setTheme(true);
    await page.screenshot({ path: `${DIR}/capacity-compare-dark.png`, fullPage: true });
    await cap.setTheme(false);

    // Export from the run page: the three files come from the host and are saved through a Blob link.
    await page.getByTestId('cap-compare-run-0').click();
    await cap.waitForResults();
    const json = await download(page, () => cap.exportButton('json').click());
    expect(json.name).toMatch(/\.json$/);
    const parsed = JSON.parse(json.text) as { vsimax?: number | null; result?: { vsimax: number | null } };
    expect(parsed.vsimax ?? parsed.result?.vsimax ?? null).toBe(ra.vsimax);
    const csv = await download(page, () => cap.exportButton('csv').click());
    expect(csv.name).toMatch(/\.csv$/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/activeSessions/);
    expect(lines.length).toBeGreaterThanOrEqual(ra.curves.length);
    const html = await download(page, () => cap.exportButton('html').click());
    expect(html.name).toMatch(/\.html$/);
    expect(html.text).toMatch(/<html/i);
    expect(html.text).toContain('VSImax');
  });

  test('a sweep from the wizard runs every combination and opens the comparison', async ({ page, server }) => {
    test.setTimeout(180_000);
    const cap = new CapacityPage(page, server);
    await cap.open();
    await cap.openWizard();
    await cap.field('name').fill('E2E sweep');
    await cap.setNumber('hosts.coresPerSocket', 8);
    await cap.setNumber('hosts.ramGb', 512);
    await cap.goToStep(/Launch & threshold/, 'launch');
    await cap.setNumber('launch.sessions', 100);
    await cap.setNumber('launch.timeframeSec', 1200);
    await cap.goToStep(/Sweep/, 'sweep');
    await page.getByTestId('cap-sweep-enabled').check();
    await page.getByTestId('cap-sweep-key-0').selectOption('protocol');
    await page.getByTestId('cap-sweep-values-0').fill('blast, rdp');
    await expect(page.getByTestId('cap-sweep-preview')).toContainText('2 runs');
    await page.getByTestId('cap-sweep-values-0').fill('blast, ica');
    await expect(page.getByTestId('cap-sweep-error-0')).toContainText('"ica" is not one of');
    await page.getByTestId('cap-sweep-values-0').fill('blast, rdp');
    await page.screenshot({ path: `${DIR}/capacity-wizard-sweep.png` });
    await cap.goToStep(/Review & run/, 'review');
    await expect(cap.runButton).toHaveText('Run sweep (2 runs)');
    await cap.runButton.click();

    await expect(page).toHaveURL(/#\/capacity\/compare\?runs=/);
    const hash = page.url().split('#')[1] ?? '';
    const ids = (new URLSearchParams(hash.split('?')[1]).get('runs') ?? '').split(',');
    expect(ids).toHaveLength(2);
    for (const id of ids) expect((await server.api.call('capacity-run-get', { id, waitMs: 90_000 })).state).toBe('completed');
    await expect(page.getByTestId('cap-compare-run-0')).toHaveText('BLAST', { timeout: 20_000 });
    await expect(page.getByTestId('cap-compare-run-1')).toHaveText('RDP');
    await expect(page.getByTestId('cap-compare-pending')).toHaveCount(0);
    // From one run of the sweep back to all of them.
    await page.getByTestId('cap-compare-run-1').click();
    await cap.waitForResults();
    await page.getByTestId('cap-run-compare-sweep').click();
    await expect(page.getByTestId('cap-compare-run-0')).toHaveText('BLAST');
    await expect(page.getByTestId('cap-compare-run-1')).toHaveText('RDP');
  });

  test('a long run shows its progress and can be cancelled; the page stays responsive', async ({ page, server }) => {
    test.setTimeout(120_000);
    const cap = new CapacityPage(page, server);
    // Many hosts and sessions: long enough to catch it running on any machine.
    const started = await server.api.call('capacity-run-start', {
      definition: {
        ...small('E2E long run', 2),
        hosts: { count: 16, sockets: 2, coresPerSocket: 32, ghz: 2.4, hyperthreading: true, ramGb: 2048 },
        launch: { sessions: 20000, timeframeSec: 14400 },
      },
    });
    await cap.goto(`/capacity/runs/${started.id}`);
    await expect(page.getByTestId('cap-run-progress')).toBeVisible();
    await expect(page.getByTestId('cap-run-progress-bar')).toBeVisible();
    // While it runs, the console answers: another page loads.
    await cap.nav('capacity').click();
    await expect(cap.runState(started.id)).toHaveAttribute('data-state', /queued|running/);
    await expect(page.getByTestId(`cap-run-${started.id}-state-progress`)).toBeVisible();
    await page.getByTestId(`cap-run-${started.id}-cancel`).click();
    await expect(cap.runState(started.id)).toHaveAttribute('data-state', 'cancelled', { timeout: 20_000 });
    expect((await server.api.call('capacity-run-get', { id: started.id })).state).toBe('cancelled');
    await cap.goto(`/capacity/runs/${started.id}`);
    await expect(page.getByTestId('cap-run-ended')).toContainText('Cancelled');
  });
});
