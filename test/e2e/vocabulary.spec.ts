import type { Page } from '@playwright/test';
import { VOCABULARIES } from '../../src-main/contract/index.ts';
import { leakedTerms, translateText } from '../../src-main/shared/vocabulary/index.ts';
import { expect, test, type ConsoleServer } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Every page of the console in each vendor's vocabulary (issue 19): no word of another vendor on
// screen — text, tooltips' titles, aria labels, placeholders, the window title — and screenshots
// of the main pages in each vocabulary (test-results/vocabulary/*.png) for people to look at.
const DIR = process.env.SCREENSHOT_DIR ?? 'test-results/vocabulary';

/** What a user reads or hears on the page, minus what is shown verbatim (code, the vocabulary menu). */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const skip = (el: Element | null) => Boolean(el?.closest('code, pre, kbd, samp, [data-vocab="literal"]'));
    const parts: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || el.closest('script, style')) continue;
      parts.push(n.nodeValue ?? '');
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      if (skip(el)) continue;
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
}

async function routes(server: ConsoleServer): Promise<string[]> {
  const [hosts, pools, desktops, datastores, clusters] = await Promise.all([
    server.api.call('host-list', {}),
    server.api.call('pool-list', {}),
    server.api.call('desktop-list', { limit: 1 }),
    server.api.call('datastore-list', {}),
    server.api.call('cluster-list', {}),
  ]);
  const pool = [...pools].sort((a, b) => a.name.localeCompare(b.name))[0];
  const multi = pools.find((p) => p.sessionType === 'multi-session');
  return [
    '/dashboard',
    '/performance',
    '/trends',
    '/hosts',
    `/hosts/${hosts[0]?.id ?? ''}`,
    '/clusters',
    `/clusters/${clusters[0]?.id ?? ''}`,
    '/desktops',
    `/desktops?selected=${desktops.rows[0]?.id ?? ''}`,
    '/datastores',
    `/datastores/${datastores[0]?.id ?? ''}`,
    '/networks',
    '/sites',
    '/dr',
    '/capacity/delivery',
    '/pools',
    '/pools?create=1',
    `/pools/${pool?.id ?? ''}`,
    `/pools/${pool?.id ?? ''}?tab=machines`,
    `/pools/${pool?.id ?? ''}?tab=entitlements`,
    `/pools/${pool?.id ?? ''}?tab=sessions`,
    ...(multi ? [`/pools/${multi.id}?tab=scaling`] : []),
    '/sessions',
    '/helpdesk',
    '/connect',
    '/wall',
    '/images',
    '/users',
    '/users?tab=groups',
    '/users?tab=entitlements',
    '/events',
    '/capacity',
    '/checkpoints',
    '/http-api',
  ];
}

const SHOTS = new Set(['/dashboard', '/pools', '/desktops', '/images', '/users?tab=entitlements']);

test.describe('vocabulary', () => {
  test.afterAll(async ({ server }) => {
    await server.api.call('settings-set', { vocabulary: 'horizon' });
  });

  for (const vocab of VOCABULARIES) {
    test(`every page in ${vocab} terms shows no other vendor's word`, async ({ page, server }) => {
      test.setTimeout(300_000);
      const c = new ConsolePage(page, server);
      await server.api.call('settings-set', { vocabulary: vocab });
      await c.goto('/dashboard');
      await page.reload();
      await expect(page.getByTestId('vocabulary-toggle')).toHaveAttribute('data-vocabulary', vocab);
      await page.mouse.move(720, 895);
      const leaks: string[] = [];
      for (const route of await routes(server)) {
        await c.goto(route);
        await c.settled();
        // Let lazy parts (charts, live rows, the drawer) arrive: they are checked too.
        await page.waitForTimeout(400);
        for (const l of leakedTerms(await pageText(page), vocab)) leaks.push(`${route}: ${l}`);
        if (SHOTS.has(route)) await page.screenshot({ path: `${DIR}/${vocab}-${route.replace(/[/?=&]+/g, '-').replace(/^-/, '')}.png`, fullPage: true });
      }
      // The wizards, step by step (only the step on screen is rendered), and the push image dialog.
      const check = async (where: string) => {
        for (const l of leakedTerms(await pageText(page), vocab)) leaks.push(`${where}: ${l}`);
      };
      const walk = async (route: string, fill: () => Promise<void>) => {
        await c.goto(route);
        await c.settled();
        await fill();
        const next = page.getByRole('button', { name: 'Next', exact: true });
        for (let step = 1; step <= 10; step++) {
          await page.waitForTimeout(250);
          await check(`${route} step ${step}`);
          if (!(await next.isVisible()) || !(await next.isEnabled())) break;
          await next.click();
        }
      };
      await walk('/pools?create=1', async () => {
        await page.getByTestId('wizard-name').fill('VOCAB-CHECK');
      });
      await walk('/capacity?new=1', async () => {});
      const pools = await server.api.call('pool-list', {});
      const withImage = pools.find((p) => p.imageId);
      if (withImage) {
        await c.goto(`/pools/${withImage.id}`);
        await c.settled();
        await page.getByTestId('pool-push-image-button').click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await page.waitForTimeout(250);
        await check(`/pools/${withImage.id} push image dialog`);
        await page.screenshot({ path: `${DIR}/${vocab}-push-image-dialog.png` });
        await page.keyboard.press('Escape');
      }
      expect(leaks, leaks.join('\n')).toEqual([]);
    });
  }

  test('the words of the vocabulary are the ones on screen: nav, titles, buttons', async ({ page, server }) => {
    const c = new ConsolePage(page, server);
    await server.api.call('settings-set', { vocabulary: 'citrix' });
    await c.goto('/pools');
    await page.reload();
    const nav = page.locator('#vdi-nav, nav').first();
    await expect(nav.getByText('Delivery groups', { exact: true })).toBeVisible();
    await expect(nav.getByText('Master images', { exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(translateText('Desktop pools', 'citrix'));
    await server.api.call('settings-set', { vocabulary: 'avd' });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Host pools');
    await expect(nav.getByText('Session hosts', { exact: true })).toBeVisible();
  });

  test('the menu saves the setting and switches the page at once; ?vocab= overrides it for the window', async ({ page, server }) => {
    const c = new ConsolePage(page, server);
    await server.api.call('settings-set', { vocabulary: 'horizon' });
    await c.goto('/pools');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Desktop pools');
    await page.getByTestId('vocabulary-toggle').click();
    await expect(page.getByTestId('vocabulary-avd')).toBeVisible();
    await page.screenshot({ path: `${DIR}/menu-open.png` });
    await page.getByTestId('vocabulary-avd').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Host pools');
    await expect.poll(async () => (await server.api.call('settings-get', {})).vocabulary).toBe('avd');
    // Back to Horizon: every node goes back to its original words.
    await page.getByTestId('vocabulary-toggle').click();
    await page.getByTestId('vocabulary-horizon').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Desktop pools');
    expect(leakedTerms(await pageText(page), 'horizon')).toEqual([]);

    // The address: this window speaks Citrix, the saved setting stays Horizon.
    await page.goto(`${server.origin}/?vocab=citrix#/pools`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delivery groups');
    await expect(page.getByTestId('vocabulary-toggle')).toHaveAttribute('data-vocabulary', 'citrix');
    expect((await server.api.call('settings-get', {})).vocabulary).toBe('horizon');
    // In the hash route's query too.
    await page.goto(`${server.origin}/#/images?vocab=avd`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Image definitions');
    // A word that is no vocabulary: said, and nothing changes (this window stays in AVD terms).
    await page.goto(`${server.origin}/#/pools?vocab=vmware`);
    await expect(page.getByText('Unknown vocabulary in the address')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Host pools');
    expect((await server.api.call('settings-get', {})).vocabulary).toBe('horizon');
  });
});
