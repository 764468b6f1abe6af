import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { CapacityPage } from './pages/CapacityPage.ts';

const DIR = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

test.describe('capacity planning: the wizard and a run', () => {
  test('describe the hardware, run, and read VSImax, the bottleneck, the knee and the hosts needed', async ({ page, server }) => {
    test.setTimeout(120_000);
    mkdirSync(DIR, { recursive: true });
    const cap = new CapacityPage(page, server);
    await cap.open();
    await expect(cap.nav('capacity')).toBeVisible();
    await cap.openWizard();

    // Hosts: 2 × 18 cores. The rule of five follows as the planner types.
    await cap.field('name').fill('E2E 2x18 knowledge');
    await cap.setNumber('hosts.coresPerSocket', 18);
    await cap.setNumber('hosts.ramGb', 768);
    await expect(cap.hint('rule')).toHaveText('≈ 36 cores × 5 = 180 desktops');
    await expect(page.getByTestId('cap-hint-rule')).toContainText('36 cores × 5 = 180 desktops');
    await page.screenshot({ path: `${DIR}/capacity-wizard-hosts.png` });
    await cap.nextTo('storage');
    await cap.nextTo('session-host');
    await expect(cap.field('sessionHost.vcpu')).toHaveValue('2');
    await cap.nextTo('workload');
    await cap.field('workload-knowledge').check();
    await cap.nextTo('launch');
    await cap.setNumber('launch.sessions', 240);
    await expect(page.getByTestId('cap-hint-launch-sessions')).toContainText('Above the ≈ 180 expected');
    await cap.nextTo('sweep');
    await cap.nextTo('review');
    await expect(page.getByTestId('cap-review-hosts')).toHaveText('1 × 2 × 18 cores at 2.1 GHz, HT, 768 GB');
    const json = JSON.parse((await page.getByTestId('cap-review-json').textContent()) ?? '{}') as {
      hosts: { coresPerSocket: number };
      launch: { sessions: number };
    };
    expect(json.hosts.coresPerSocket).toBe(18);
    expect(json.launch.sessions).toBe(240);
    await cap.runButton.click();

    const id = await cap.shownRunId();
    await cap.waitForResults();
    const run = await server.api.call('capacity-run-get', { id });
    const result = run.result!;
    expect(run.state).toBe('completed');
    expect(result.definition.hosts.coresPerSocket).toBe(18);

    // VSImax, VSIbase and the threshold are the run's own figures; the rule of five sits beside VSImax.
    await expect(cap.vsimax).toHaveText(result.vsimaxReached ? String(result.vsimax) : `≥ ${result.sessionsLaunched}`);
    await expect(page.getByTestId('cap-vsibase')).toHaveText(`${result.vsibaseMs.toLocaleString('en-US', { maximumFractionDigits: 0 })} ms`);
    await expect(page.getByTestId('cap-vsimax-rule')).toContainText('36 cores × 5 = 180');
    // The bottleneck in words.
    await expect(cap.bottleneckSentence).toHaveText(result.bottleneck.sentence);
    await expect(cap.bottleneck).toContainText(
      { cpu: 'CPU', memory: 'Memory', storage: 'Storage', network: 'Network', none: 'None reached' }[result.bottleneck.resource],
    );
    // The chart: a canvas with every sample, VSIbase, threshold and VSImax marked.
    await expect(cap.chart('cap-response').locator('canvas')).toBeVisible();
    await expect(cap.chart('cap-response').locator('.vdi-chart__plot')).toHaveAttribute('data-points', String(result.curves.length));
    await expect(cap.marker('cap-response', 'vsibase')).toContainText('VSIbase');
    await expect(cap.marker('cap-response', 'threshold')).toContainText(
      `Threshold ${result.thresholdMs.toLocaleString('en-US', { maximumFractionDigits: 0 })} ms`,
    );
    if (result.vsimaxReached) await expect(cap.marker('cap-response', 'vsimax')).toHaveText(`VSImax ${result.vsimax}`);
    for (const id of ['cap-util', 'cap-ready', 'cap-latency', 'cap-swap', 'cap-logon', 'cap-eux']) await expect(cap.chart(id).locator('canvas')).toBeVisible();
    // Stuck and failed sessions against the 1 % guideline.
    await expect(page.getByTestId('cap-stuck-guideline')).toHaveAttribute('data-ok', result.withinStuckGuideline ? 'true' : 'false');
    await page.screenshot({ path: `${DIR}/capacity-run.png` });

    // Hosts needed: 2,000 users at 20 % headroom with N+1, from the run's users per host.
    const perHost = result.vsimaxReached ? (result.vsimax as number) : result.sessionsLaunched;
    const safe = Math.floor(perHost * 0.8);
    await cap.setNumber('planning.targetUsers', 2000);
    await expect(page.getByTestId('cap-rec-host-safe')).toHaveText(`${result.vsimaxReached ? '' : '≥ '}${safe}`);
    await expect(page.getByTestId('cap-hosts-with-ha')).toHaveText(String(Math.ceil(2000 / safe) + 1));
    await cap.setNumber('planning.haSpareHosts', 2);
    await expect(page.getByTestId('cap-hosts-with-ha')).toHaveText(String(Math.ceil(2000 / safe) + 2));
    await page.getByTestId('cap-util-charts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/capacity-run-utilization.png` });
    await page.getByTestId('cap-recommendations').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/capacity-run-recommendations.png` });

    // The consolidation report answers with the run's hosts and updates when an assumption changes.
    const cons = page.getByTestId('cap-consolidation');
    await expect(page.getByTestId('cap-cons-after-servers')).not.toBeEmpty();
    await cons.getByText('Edit the assumptions').click();
    // One target for both answers: the recommendations' 2,000 users.
    await expect(cap.field('cons.targetUsers')).toHaveValue('2000');
    const afterFor2000 = await page.getByTestId('cap-cons-after-servers').textContent();
    await cap.setNumber('cons.targetUsers', 4000);
    await expect(page.getByTestId('cap-cons-after-servers')).not.toHaveText(afterFor2000 ?? '');
    await expect(page.getByTestId('cap-hosts-needed')).toContainText('4,000 users');
    await cap.setNumber('cons.serversBefore', 500);
    await expect(page.getByTestId('cap-cons-before-servers')).toHaveText('500');
    await cons.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/capacity-run-consolidation.png` });
    await cap.setTheme(true);
    await page.screenshot({ path: `${DIR}/capacity-run-consolidation-dark.png` });
    await page.getByTestId('cap-response-card').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/capacity-run-dark.png` });
    await cap.setTheme(false);

    // Change and run again: the wizard opens on this run's definition.
    await page.getByTestId('cap-run-again').click();
    await expect(cap.step('hosts')).toBeVisible();
    await expect(cap.field('hosts.coresPerSocket')).toHaveValue('18');
    await expect(cap.field('name')).toHaveValue('E2E 2x18 knowledge');
    await page.getByRole('button', { name: 'Close the wizard' }).click();

    // The run is in the list with its VSImax.
    await cap.open();
    await expect(cap.runState(id)).toHaveAttribute('data-state', 'completed');
    if (result.vsimaxReached) await expect(page.getByTestId(`cap-run-${id}-vsimax`)).toHaveText(String(result.vsimax));
  });

  test('a bad definition shows the error at its field, ours or the host’s, and starts nothing', async ({ page, server }) => {
    const cap = new CapacityPage(page, server);
    const before = (await server.api.call('capacity-run-list', {})).length;
    await cap.open();
    await cap.openWizard();
    // Zero cores: caught before the host is asked, on the hosts step.
    await cap.setNumber('hosts.coresPerSocket', 0);
    await cap.goToStep(/Review & run/, 'review');
    await cap.runButton.click();
    await expect(cap.step('hosts')).toBeVisible();
    // The contract's own schema judges the wizard's fields (shared/capacity/definition-check.ts), with its message.
    await expect(cap.fieldError('hosts.coresPerSocket')).toContainText('at least 1 core per socket');
    await expect(cap.wizard.getByRole('button', { name: 'Hosts ⚠' })).toBeVisible();
    await page.screenshot({ path: `${DIR}/capacity-wizard-error.png` });
    // Editing the field clears its error.
    await cap.setNumber('hosts.coresPerSocket', 24);
    await expect(cap.fieldError('hosts.coresPerSocket')).toHaveCount(0);

    // 100 vCPU desktops: the host's schema refuses it, and its path opens the session host step.
    await cap.goToStep(/VM sizing/, 'session-host');
    await cap.setNumber('sessionHost.vcpu', 100);
    await cap.goToStep(/Review & run/, 'review');
    // The host's check on the review step names the field before anything runs …
    await expect(page.getByTestId('cap-check-error')).toContainText('sessionHost.vcpu');
    await page.getByTestId('cap-check-goto').click();
    await expect(cap.fieldError('sessionHost.vcpu')).toBeVisible();
    // … and running anyway is refused with the same field.
    await cap.goToStep(/Review & run/, 'review');
    await cap.runButton.click();
    await expect(cap.step('session-host')).toBeVisible();
    await expect(cap.fieldError('sessionHost.vcpu')).toBeVisible();
    expect((await server.api.call('capacity-run-list', {})).length).toBe(before);
  });

  test('load a definition from a JSON file, save it as JSON and in the lab', async ({ page, server }) => {
    const cap = new CapacityPage(page, server);
    await cap.open();
    await cap.openWizard();
    // A file with a misspelt workload: loaded, and the workload field is marked.
    const file = join(tmpdir(), `cap-e2e-${Date.now()}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        name: 'From a file',
        hosts: { count: 2, sockets: 2, coresPerSocket: 16, ghz: 2.6, hyperthreading: true, ramGb: 1024 },
        storage: { iops: 50000, serviceTimeMs: 0.6, capacityTb: 10 },
        sessionHost: { kind: 'multi-session', vmsPerHost: 4, vcpu: 8, ramGb: 64 },
        workload: 'heavy',
        launch: { sessions: 500 },
      }),
    );
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('cap-load-json').click();
    await (await chooser).setFiles(file);
    await expect(page.getByTestId('cap-file-note')).toContainText('fix the marked field');
    await expect(cap.step('workload')).toBeVisible();
    await expect(cap.fieldError('workload')).toContainText('workload must be task, knowledge, power');
    await cap.field('workload-power').check();
    await expect(cap.fieldError('workload')).toHaveCount(0);
    // The mix: moving one slider keeps the total at 100 %.
    await cap.field('workload-mix').check();
    // From power: power 70 %, the rest shared evenly.
    await expect(cap.mixInput('power')).toHaveValue('70');
    await expect(cap.mixInput('task')).toHaveValue('15');
    await cap.setMix('task', 40);
    await expect(cap.mixInput('power')).toHaveValue('49');
    await expect(cap.mixInput('knowledge')).toHaveValue('11');
    await expect(page.getByTestId('cap-mix-total')).toHaveText('Total 100 %');
    await cap.goToStep(/VM sizing/, 'session-host');
    await expect(cap.field('sessionHost.vmsPerHost')).toHaveValue('4');
    await expect(page.getByTestId('cap-hint-users-per-vcpu')).toContainText('users per host');

    // Save as JSON: the file is the definition as edited.
    const download = page.waitForEvent('download');
    await page.getByTestId('cap-save-json').click();
    const dl = await download;
    expect(dl.suggestedFilename()).toBe('from-a-file.json');
    const saved = JSON.parse(readFileSync((await dl.path())!, 'utf8')) as { hosts: { count: number }; workload: unknown; sessionHost: { kind: string } };
    expect(saved.hosts.count).toBe(2);
    expect(saved.sessionHost.kind).toBe('multi-session');
    expect(typeof saved.workload).toBe('object');

    // Save to the lab: listed with the examples.
    await cap.goToStep(/Review & run/, 'review');
    await page.getByTestId('cap-save-definition').click();
    await expect
      .poll(async () => (await server.api.call('capacity-definition-list', {})).some((d) => d.name === 'From a file' && d.source === 'saved'))
      .toBe(true);
    await page.getByRole('button', { name: 'Close the wizard' }).click();
    await expect(cap.definition('From a file')).toBeVisible();

    // Edit the saved definition: the wizard opens on it, and saving replaces it rather than adding another.
    await cap.definition('From a file').getByRole('button', { name: 'Edit From a file' }).click();
    await expect(cap.field('hosts.count')).toHaveValue('2');
    await cap.setNumber('hosts.count', 3);
    await cap.goToStep(/Review & run/, 'review');
    await page.getByTestId('cap-save-definition').click();
    await expect
      .poll(async () => (await server.api.call('capacity-definition-list', {})).filter((d) => d.name === 'From a file').map((d) => d.definition.hosts.count))
      .toEqual([3]);
    await page.getByRole('button', { name: 'Close the wizard' }).click();
    await cap.definition('From a file').getByRole('button', { name: 'Delete From a file' }).click();
    await expect(cap.definition('From a file')).toHaveCount(0);
  });

  test('run a shipped example from the list: the memory-starved design names memory as the bottleneck', async ({ page, server }) => {
    test.setTimeout(120_000);
    const cap = new CapacityPage(page, server);
    await cap.open();
    const row = cap.definition('Memory-starved');
    await expect(row).toContainText('Example');
    await row.getByRole('button', { name: 'Run', exact: true }).click();
    const id = await cap.shownRunId();
    await cap.waitForResults();
    const result = (await server.api.call('capacity-run-get', { id })).result!;
    expect(result.bottleneck.resource).toBe('memory');
    await expect(cap.bottleneck).toHaveText('Memory');
    await expect(cap.bottleneckSentence).toHaveText(result.bottleneck.sentence);
    // The knee figures mark memory as the hot resource.
    await expect(page.getByTestId('cap-knee').locator('[data-hot="true"] dt')).toHaveText('Memory');
    // The rule of five overestimates a RAM-starved host: the card says by how much.
    await expect(page.getByTestId('cap-vsimax-rule')).toContainText('36 cores × 5 = 180');
    await expect(page.getByTestId('cap-vsimax-rule')).toContainText('−');
  });
});
