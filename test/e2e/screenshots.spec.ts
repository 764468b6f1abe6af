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
});
