import { expect, test } from './fixtures.ts';
import { clockMinute } from './pages/ClockBar.ts';
import { DashboardPage } from './pages/DashboardPage.ts';

// The masthead clock against the worker's lab (small, seed 1). Specs run in file order on one
// `serve`, so this file is the first to move simulated time; each test leaves the clock paused.
const LAB_EPOCH = '2026-01-05T07:00:00.000Z';

test.describe('simulation clock', () => {
  test.afterEach(async ({ server }) => {
    await server.api.call('clock-set', { speed: 'paused' });
  });

  test('a fresh lab shows Monday 5 January 2026 07:00, paused, with the steps enabled', async ({ page, server }) => {
    const c = await server.api.call('clock-get', {});
    test.skip(c.simTime !== LAB_EPOCH, 'the lab was already stepped (attached to a running console)');
    const dash = new DashboardPage(page, server);
    await dash.open();
    const clock = dash.clock;
    await expect(clock.time).toHaveText('Mon 5 Jan 2026 07:00:00');
    await expect(clock.speed('paused')).toHaveAttribute('aria-pressed', 'true');
    for (const s of ['1', '10', '60', '600', 'max'] as const) await expect(clock.speed(s)).toHaveAttribute('aria-pressed', 'false');
    await expect(clock.root).toHaveAttribute('data-state', 'paused');
    for (const s of [60, 900, 3600] as const) await expect(clock.step(s)).toBeEnabled();
    await expect(page.getByTestId('masthead-simtime')).toContainText('UTC');
  });

  test('Step +1 h moves the clock an hour on, and the dashboard counts the morning logins', async ({ page, server }) => {
    const dash = new DashboardPage(page, server);
    await dash.open();
    const before = await server.api.call('clock-get', {});
    expect(before.speed).toBe('paused');
    const sessionsBefore = (await server.api.call('dashboard-summary', {})).sessions.total;
    await expect(dash.sessionsTotal).toHaveText(sessionsBefore.toLocaleString('en-US'));

    const target = Date.parse(before.simTime) + 3600_000;
    await dash.clock.stepBy(3600);
    await expect(dash.clock.time).toContainText(clockMinute(target));
    if (before.simTime === LAB_EPOCH) await expect(dash.clock.time).toHaveText('Mon 5 Jan 2026 08:00:00');
    expect((await server.api.call('clock-get', {})).simTime).toBe(new Date(target).toISOString());

    // 07:00 → 08:00 is the start of the login storm: more sessions, shown without a reload.
    const sessionsAfter = (await server.api.call('dashboard-summary', {})).sessions.total;
    expect(sessionsAfter).toBeGreaterThan(sessionsBefore);
    await expect(dash.sessionsTotal).toHaveText(sessionsAfter.toLocaleString('en-US'));
    // The estate chart has the hour's samples and reads out the sessions.
    await expect(dash.chart('estate-sessions').locator('canvas')).toBeVisible();
    await expect(dash.chartValue('estate-sessions', 'sessions')).toHaveText(/^[\d,]+$/);
  });

  test('60× runs the clock in wall time; the steps are disabled while it runs; Pause stops it', async ({ page, server }) => {
    const dash = new DashboardPage(page, server);
    await dash.open();
    const clock = dash.clock;
    const start = Date.parse((await server.api.call('clock-get', {})).simTime);

    await clock.setSpeed('60');
    await expect(clock.root).toHaveAttribute('data-state', 'running');
    for (const s of [60, 900, 3600] as const) await expect(clock.step(s)).toBeDisabled();
    // Within a few wall seconds simulated time moves on, on the host and in the masthead.
    await expect.poll(async () => Date.parse((await server.api.call('clock-get', {})).simTime), { timeout: 8000 }).toBeGreaterThan(start + 30_000);
    await expect.poll(() => clock.timeMs(), { timeout: 8000 }).toBeGreaterThan(start + 30_000);
    expect((await server.api.call('clock-get', {})).speed).toBe('60');

    await clock.setSpeed('paused');
    await expect(clock.root).toHaveAttribute('data-state', 'paused');
    const stopped = await server.api.call('clock-get', {});
    expect(stopped.speed).toBe('paused');
    // The masthead settles on the host's time and stays there.
    await expect.poll(() => clock.timeMs(), { timeout: 5000 }).toBe(Date.parse(stopped.simTime));
    await page.waitForTimeout(1500);
    expect(await clock.timeMs()).toBe(Date.parse(stopped.simTime));
    expect((await server.api.call('clock-get', {})).simTime).toBe(stopped.simTime);
    for (const s of [60, 900, 3600] as const) await expect(clock.step(s)).toBeEnabled();
  });

  test('a speed change made elsewhere (another console, the API) shows in the masthead', async ({ page, server }) => {
    const dash = new DashboardPage(page, server);
    await dash.open();
    await server.api.call('clock-set', { speed: '10' });
    await expect(dash.clock.speed('10')).toHaveAttribute('aria-pressed', 'true');
    await expect(dash.clock.root).toHaveAttribute('data-state', 'running');
    await server.api.call('clock-set', { speed: 'paused' });
    await expect(dash.clock.speed('paused')).toHaveAttribute('aria-pressed', 'true');
  });
});
