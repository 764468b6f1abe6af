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
    // A bad value is flagged and Inject stays disabled; a good one enables it.
    await page.getByTestId('fault-param-serviceFactor').fill('0.5');
    await expect(page.getByTestId('fault-inject-confirm')).toBeDisabled();
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
});
