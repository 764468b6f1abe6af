import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Issue #14: an accessibility check (axe-core) on every page of the console: no serious or
// critical violation. Each page is checked once it has loaded its data.

/** Each page, what shows it has loaded (a CSS selector), and optionally something to open on it first. */
const PAGES: { route: string; ready: string; name?: string; act?: (page: Page) => Promise<void> }[] = [
  { route: '/dashboard', ready: '[data-testid="dashboard-hosts-card"]' },
  { route: '/performance', ready: '[data-testid="heatmap"]' },
  { route: '/hosts', ready: '[data-testid="hosts-table"]' },
  { route: '/hosts/h-1', ready: '[data-testid="host-desktops-count"]' },
  { route: '/clusters/cl-1', ready: '[data-testid="cluster-tab-hosts"]' },
  { route: '/clusters/cl-1?tab=ha', ready: '[data-testid="ha-admission"]' },
  { route: '/clusters/cl-1?tab=drs', ready: '[data-testid="vmotion-settings"]' },
  { route: '/desktops', ready: '[data-testid="desktops-table"]' },
  { route: '/datastores', ready: '[data-testid="datastores-table"]' },
  { route: '/networks', ready: '[data-testid="networks-table"]' },
  { route: '/pools', ready: '[data-testid="pools-table"]' },
  { route: '/pools/pool-1', ready: '[data-testid="pool-image-tasks"]' },
  { route: '/pools?create=1', ready: '[data-testid="wizard-step-type"]' },
  { route: '/sessions', ready: '[data-testid="sessions-table"]' },
  { route: '/helpdesk', ready: '[data-testid="helpdesk-search"]' },
  { route: '/connect', ready: '[data-testid="connect-form"]' },
  { route: '/wall', ready: '[data-testid="wall"]' },
  { route: '/images', ready: '[data-testid^="image-"]' },
  { route: '/users', ready: '[data-testid="users-table"]' },
  { route: '/users?tab=groups', ready: '[data-testid="groups-table"]' },
  { route: '/events', ready: '[data-testid="events-table"]' },
  { route: '/capacity', ready: '[data-testid="cap-runs"]' },
  { route: '/checkpoints', ready: '[data-testid="checkpoint-save-button"]' },
  { route: '/accounts', ready: '[data-testid="account-create-button"]' },
  { route: '/audit', ready: '[data-testid="audit-verify-button"]' },
  // Panels and dialogs the issue's items added.
  {
    route: '/desktops',
    ready: '[data-testid="desktop-panel"]',
    name: 'the desktop drawer',
    act: async (page) => {
      await page.locator('[data-testid="desktops-table"] tbody tr[data-testid]').first().click();
    },
  },
  {
    route: '/dashboard',
    ready: '[data-testid="tasks-pane"]',
    name: 'Recent Tasks',
    act: async (page) => {
      await page.getByTestId('tasks-toggle').click();
    },
  },
  {
    route: '/desktops',
    ready: '[data-testid="desktop-action-confirm"]',
    name: 'the bulk confirmation',
    act: async (page) => {
      await page.locator('[data-testid="desktops-table"] tbody .vdi-row-check').first().check();
      await page.getByTestId('desktops-bulk-restart').click();
    },
  },
  {
    route: '/pools/pool-1',
    ready: '[data-testid="pool-cpu-modal"]',
    name: 'the CPU resources dialog',
    act: async (page) => {
      await page.getByTestId('pool-cpu-edit').click();
    },
  },
  {
    route: '/pools/pool-6',
    ready: '[data-testid="pool-add-machines"]',
    name: 'Add machines (manual pool)',
    act: async (page) => {
      await page.getByTestId('pool-add-machines-button').click();
    },
  },
  {
    route: '/dashboard',
    ready: '[data-testid="global-search-results"]',
    name: 'global search results',
    act: async (page) => {
      await page.getByTestId('global-search').locator('input').fill('KIOSK');
    },
  },
];

test.describe('accessibility (axe-core)', () => {
  // Loading a page, its data and axe's full analysis takes 20–60 s on a loaded two-core machine: a budget, not an assertion.
  test.describe.configure({ timeout: 150_000 });
  for (const p of PAGES) {
    test(`${p.name ? `${p.route} with ${p.name}` : p.route} has no serious or critical violation`, async ({ page, server }) => {
      const c = new ConsolePage(page, server);
      await c.goto(p.route);
      if (p.act) {
        await c.settled();
        await p.act(page);
      }
      await page.locator(p.ready).first().waitFor();
      await c.settled();
      // The page as the user reads it: a tooltip or a dialog fading in is judged once it is shown. Axe caught the Recent Tasks
      // toggle's tooltip half-way through its fade (#f8f8f8 on #959595, 2.8:1; 4.5:1 and more once shown). Two frames first, so
      // a transition the last action started has begun; spinners (infinite) are not waited for.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await page.waitForFunction(() =>
        document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Number.POSITIVE_INFINITY),
      );
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const text = bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target.join(' ')})`).join('\n');
      expect(bad, text).toEqual([]);
    });
  }
});
