import { test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Full-page screenshots of every screen, for people (and reviewers) to look at:
// test-results/screenshots/*.png. Not a pixel comparison.
const DIR = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

test.describe('screenshots', () => {
  test('every screen', async ({ page, server }) => {
    test.setTimeout(180_000);
    const c = new ConsolePage(page, server);
    const hosts = await server.api.call('host-list', {});
    const pools = await server.api.call('pool-list', {});
    const desktops = await server.api.call('desktop-list', { limit: 1 });
    const firstHost = [...hosts].sort((a, b) => a.name.localeCompare(b.name))[0];
    const firstPool = [...pools].sort((a, b) => a.name.localeCompare(b.name))[0];
    const firstDesktop = desktops.rows[0];

    const shots: [string, string][] = [
      ['dashboard-light', '/dashboard'],
      ['hosts', '/hosts'],
      ...(firstHost ? ([['host-detail', `/hosts/${firstHost.id}`]] as [string, string][]) : []),
      ['desktops', '/desktops'],
      ['desktops-problems', '/desktops?problems=1'],
      ...(firstDesktop ? ([['desktop-drawer', `/desktops?selected=${firstDesktop.id}`]] as [string, string][]) : []),
      ['datastores', '/datastores'],
      ['networks', '/networks'],
      ['pools', '/pools'],
      ...(firstPool
        ? ([
            ['pool-settings', `/pools/${firstPool.id}`],
            ['pool-machines', `/pools/${firstPool.id}?tab=machines`],
            ['pool-entitlements', `/pools/${firstPool.id}?tab=entitlements`],
            ['pool-sessions', `/pools/${firstPool.id}?tab=sessions`],
          ] as [string, string][])
        : []),
      ['images', '/images'],
      ['users', '/users'],
      ['groups', '/users?tab=groups'],
      ...(firstPool ? ([['entitlements', `/users?tab=entitlements&pool=${firstPool.id}`]] as [string, string][]) : []),
      ['events', '/events'],
    ];

    await c.goto('/dashboard');
    await c.setTheme(false);
    // Park the pointer where it hovers nothing, so no tooltip sits in the pictures.
    await page.mouse.move(720, 895);
    for (const [name, route] of shots) {
      await c.goto(route);
      await c.settled();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${DIR}/${name}.png`, fullPage: true });
    }
    await c.goto('/dashboard');
    await c.setTheme(true);
    await page.mouse.move(720, 895);
    await c.settled();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${DIR}/dashboard-dark.png`, fullPage: true });
    await c.goto('/desktops');
    await c.settled();
    await page.screenshot({ path: `${DIR}/desktops-dark.png`, fullPage: true });
    await c.setTheme(false);
  });

  test('the simulated morning: charts and heat-map at 09:30', async ({ page, server }) => {
    test.setTimeout(180_000);
    const c = new ConsolePage(page, server);
    // Step a paused clock to Monday 09:30, after the login storm (the small lab steps hours in about a second).
    await server.api.call('clock-set', { speed: 'paused' });
    const now = Date.parse((await server.api.call('clock-get', {})).simTime);
    const target = Date.parse('2026-01-05T09:30:00.000Z');
    if (now < target) await server.api.call('clock-step', { seconds: Math.round((target - now) / 1000) });
    const metrics = await server.api.call('metrics-current', {});
    const busiest = [...metrics.hosts].sort((a, b) => b.sessions - a.sessions)[0];
    const pools = await server.api.call('pool-list', {});
    const pool = [...pools].sort((a, b) => b.sessionCount - a.sessionCount)[0];
    const [ds] = await server.api.call('datastore-list', {});

    const shot = async (name: string, route: string, scrollTo?: string) => {
      await c.goto(route);
      await c.settled();
      if (scrollTo) await page.getByTestId(scrollTo).scrollIntoViewIfNeeded();
      await page.mouse.move(720, 895);
      await page.waitForTimeout(700);
      await page.screenshot({ path: `${DIR}/${name}.png`, fullPage: true });
    };
    await c.goto('/dashboard');
    await c.setTheme(false);
    await shot('sim-dashboard-0930', '/dashboard');
    await shot('sim-performance-light', '/performance');
    if (busiest) await shot('sim-host-charts', `/hosts/${busiest.id}`, 'host-charts');
    if (pool) await shot('sim-pool-charts', `/pools/${pool.id}`);
    if (ds) await shot('sim-datastore', `/datastores/${ds.id}`);
    await c.setTheme(true);
    await shot('sim-performance-dark', '/performance');
    await shot('sim-dashboard-0930-dark', '/dashboard');
    if (busiest) await shot('sim-host-charts-dark', `/hosts/${busiest.id}`, 'host-charts');
    await c.setTheme(false);
  });
});
