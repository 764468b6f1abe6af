import type { Page } from '@playwright/test';
import { VOCABULARIES } from '../../src-main/contract/index.ts';
import { leakedTerms } from '../../src-main/shared/vocabulary/index.ts';
import { expect, test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Fault injection (training): from the navigation to the page, inject a datastore latency spike with
// the modal, see it active in the list (and the datastore's latency move), then clear it.

test.describe('fault injection', () => {
  test('inject a datastore latency spike from the modal, see it active, clear it', async ({ page, server }) => {
    test.setTimeout(120_000);
    const api = server.api;
    await api.call('clock-set', { speed: 'paused' });
    await api.call('clock-step', { seconds: 1800 });
    const [ds] = await api.call('datastore-list', {});
    if (!ds) throw new Error('no datastore');
    const console = new ConsolePage(page, server);
    await console.goto('/dashboard');
    // The Training section of the sidebar: open it unless it already is (sections remember their state).
    await expect(page.getByTestId('nav-training')).toBeVisible();
    if (!(await page.getByTestId('nav-faults').isVisible())) await page.getByTestId('nav-training').click();
    await page.getByTestId('nav-faults').click();
    await expect(page.getByTestId('faults-title')).toBeVisible();

    await page.getByTestId('fault-inject-button').click();
    const modal = page.getByTestId('inject-fault-modal');
    await expect(modal).toBeVisible();
    await page.getByTestId('fault-kind').selectOption('datastore-latency-spike');
    await page.getByTestId('fault-target').selectOption(ds.id);
    // The parameter starts filled with its default, and its helper text names it (not a placeholder in an empty-looking field).
    const factor = page.getByTestId('fault-param-serviceFactor');
    const def = await factor.inputValue();
    expect(Number(def)).toBeGreaterThan(0);
    await expect(factor).not.toHaveAttribute('placeholder', /./);
    await expect(page.getByTestId('fault-param-serviceFactor-help')).toContainText(`Default: ${def}×`);
    await expect(page.getByTestId('fault-param-serviceFactor-reset')).toHaveCount(0);
    // A bad value is flagged and Inject stays disabled; an emptied field too; "Use the default" puts it back.
    await factor.fill('0.5');
    await expect(page.getByTestId('fault-inject-confirm')).toBeDisabled();
    await factor.fill('');
    await expect(page.getByTestId('fault-inject-confirm')).toBeDisabled();
    await expect(page.getByTestId('fault-param-serviceFactor-help')).toContainText('Enter a value');
    await page.getByTestId('fault-param-serviceFactor-reset').click();
    await expect(factor).toHaveValue(def);
    await expect(page.getByTestId('fault-inject-confirm')).toBeEnabled();
    await page.getByTestId('fault-param-serviceFactor').fill('10');
    await page.getByTestId('fault-duration').fill('30');
    await page.screenshot({ path: '/tmp/faults-modal.png', fullPage: true });
    await page.getByTestId('fault-inject-confirm').click();
    await expect(modal).toHaveCount(0);

    const { faults } = await api.call('fault-list', {});
    const f = faults[0];
    expect(f).toMatchObject({ kind: 'datastore-latency-spike', state: 'active', params: { serviceFactor: 10 }, target: { id: ds.id } });
    await expect(page.getByTestId(`fault-state-${f?.id}`)).toHaveText('active');
    await api.call('clock-step', { seconds: 60 });
    await expect(page.getByTestId(`fault-active-${f?.id}`)).toHaveText(/1/); // the simulated minute it has been active
    await page.screenshot({ path: '/tmp/faults-list.png', fullPage: true });

    await page.getByTestId(`fault-clear-${f?.id}`).click();
    await expect(page.getByTestId(`fault-state-${f?.id}`)).toHaveText('cleared');
    expect((await api.call('fault-list', {})).faults[0]?.state).toBe('cleared');
    const events = (await api.call('event-list', { search: 'Fault', limit: 20 })).rows.map((e) => e.message);
    expect(events.some((m) => m.includes('Fault started: Datastore latency spike'))).toBe(true);
    await page.screenshot({ path: '/tmp/faults-cleared.png', fullPage: true });
  });

  test('schedule a host power loss from the modal: it fails the host through HA at its time, and a clear repairs it', async ({ page, server }) => {
    test.setTimeout(120_000);
    const api = server.api;
    await api.call('clock-set', { speed: 'paused' });
    const hosts = await api.call('host-list', {});
    const h = hosts.find((x) => x.connectionState === 'connected');
    if (!h) throw new Error('no connected host');
    const console = new ConsolePage(page, server);
    await console.goto('/faults');
    await page.getByTestId('fault-inject-button').click();
    const modal = page.getByTestId('inject-fault-modal');
    await page.getByTestId('fault-kind').selectOption('host-power-loss');
    await page.getByTestId('fault-target').selectOption(h.id);
    await page.getByTestId('fault-start-later').check();
    await page.getByTestId('fault-delay').fill('2');
    await page.screenshot({ path: '/tmp/faults-host-modal.png', fullPage: true });
    await page.getByTestId('fault-inject-confirm').click();
    await expect(modal).toHaveCount(0);
    const f = (await api.call('fault-list', {})).faults[0];
    expect(f).toMatchObject({ kind: 'host-power-loss', state: 'scheduled', target: { id: h.id } });
    await api.call('clock-step', { seconds: 180 });
    await expect(page.getByTestId(`fault-state-${f?.id}`)).toHaveText('active');
    expect((await api.call('host-list', {})).find((x) => x.id === h.id)?.connectionState).toBe('notResponding');
    await page.screenshot({ path: '/tmp/faults-host-active.png', fullPage: true });
    await page.getByTestId(`fault-clear-${f?.id}`).click();
    await expect(page.getByTestId(`fault-state-${f?.id}`)).toHaveText('cleared');
    expect((await api.call('task-list', {})).some((t) => t.kind === 'host-power' && t.objectId === h.id)).toBe(true);
    await api.call('clock-step', { seconds: 900 });
    expect((await api.call('host-list', {})).find((x) => x.id === h.id)?.connectionState).toBe('connected');
  });
});

test.describe('bad golden image', () => {
  test('inject a bad image on a pool during a push from the modal: the recomposed machines end in Error; a clear ends it', async ({ page, server }) => {
    test.setTimeout(120_000);
    const api = server.api;
    await api.call('clock-set', { speed: 'paused' });
    const [pool] = (await api.call('pool-list', {})).filter((p) => p.kind === 'instant-clone');
    if (!pool) throw new Error('no instant-clone pool');
    const v = await api.call('image-version-create', { imageId: pool.imageId ?? '', notes: 'bad Sysprep answer file' });
    await api.call('pool-push-image', { poolId: pool.id, imageVersionId: v.id, stopOnError: false, logoffPolicy: 'force', graceMinutes: 5 });
    const console = new ConsolePage(page, server);
    await console.goto('/dashboard');
    if (!(await page.getByTestId('nav-faults').isVisible())) await page.getByTestId('nav-training').click();
    await page.getByTestId('nav-faults').click();
    await page.getByTestId('fault-inject-button').click();
    await page.getByTestId('fault-kind').selectOption('bad-image');
    await page.getByTestId('fault-target').selectOption(pool.id);
    await page.screenshot({ path: '/tmp/faults-bad-image-modal.png', fullPage: true });
    await page.getByTestId('fault-inject-confirm').click();
    await expect(page.getByTestId('inject-fault-modal')).toHaveCount(0);
    const f = (await api.call('fault-list', {})).faults[0];
    expect(f).toMatchObject({ kind: 'bad-image', state: 'active', target: { id: pool.id } });
    await api.call('clock-step', { seconds: 20 * 60 });
    const errors = (await api.call('desktop-list', { poolId: pool.id, state: 'ERROR', limit: 500 })).total;
    expect(errors).toBeGreaterThan(0);
    await expect(page.getByTestId(`fault-state-${f?.id}`)).toHaveText('active');
    await page.screenshot({ path: '/tmp/faults-bad-image-list.png', fullPage: true });
    await page.getByTestId(`fault-clear-${f?.id}`).click();
    await expect(page.getByTestId(`fault-state-${f?.id}`)).toHaveText('cleared');
  });
});

test.describe('new fault kinds (issue 17)', () => {
  test('the new kinds (datastore filling up, snapshot left to grow, memory-hungry VM) show their parameters in each vocabulary; a snapshot fault injected from the modal names its machines', async ({
    page,
    server,
  }) => {
    test.setTimeout(180_000);
    const api = server.api;
    await api.call('clock-set', { speed: 'paused' });
    await api.call('clock-step', { seconds: 3600 });
    const c = new ConsolePage(page, server);
    const modalText = (p: Page) => p.getByTestId('inject-fault-modal').innerText();
    const leaks: string[] = [];
    for (const vocab of VOCABULARIES) {
      await c.goto(`/faults?vocab=${vocab}`);
      await page.getByTestId('fault-inject-button').click();
      await expect(page.getByTestId('inject-fault-modal')).toBeVisible();
      await page.getByTestId('fault-kind').selectOption('datastore-fill');
      await expect(page.getByTestId('fault-param-rateGbPerHour')).toHaveValue('200');
      await expect(page.getByTestId('inject-fault-modal')).toContainText('GB/h');
      for (const l of leakedTerms(await modalText(page), vocab)) leaks.push(`${vocab} datastore-fill: ${l}`);
      await page.getByTestId('fault-kind').selectOption('host-memory-hog');
      await expect(page.getByTestId('fault-param-reservedGb')).toHaveValue('256');
      await page.getByTestId('fault-kind').selectOption('snapshot-growth');
      await expect(page.getByTestId('fault-param-machines')).toHaveValue('3');
      await expect(page.getByTestId('fault-param-rateGbPerHour')).toHaveValue('5');
      await page.getByTestId('fault-target').selectOption('pool-3');
      for (const l of leakedTerms(await modalText(page), vocab)) leaks.push(`${vocab} snapshot-growth: ${l}`);
      await page.screenshot({ path: `test-results/faults/modal-snapshot-growth-${vocab}.png` });
      await page.keyboard.press('Escape');
    }
    expect(leaks).toEqual([]);

    await page.getByTestId('fault-inject-button').click();
    await page.getByTestId('fault-kind').selectOption('snapshot-growth');
    await page.getByTestId('fault-target').selectOption('pool-3');
    await page.getByTestId('fault-param-machines').fill('2');
    await page.getByTestId('fault-inject-confirm').click();
    await expect(page.getByTestId('inject-fault-modal')).toHaveCount(0);
    const f = (await api.call('fault-list', {})).faults[0];
    expect(f).toMatchObject({ kind: 'snapshot-growth', state: 'active', params: { machines: 2 } });
    expect(f?.machines).toHaveLength(2);
    await expect(page.getByTestId(`fault-machines-${f?.id}`)).toContainText(f?.machines?.[0]?.name ?? '?');
    await page.screenshot({ path: 'test-results/faults/list-snapshot-growth.png', fullPage: true });
    await api.call('fault-clear', { id: f?.id ?? 0 });
  });
});
