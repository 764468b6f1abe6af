import { expect, startConsole, test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Review fixes (after the issue-17/18 merge): the sessions table's State column shows a state held
// for days ("Disconnected 5 d 15 h") whole, not cut; Disaster recovery sits in the Inventory group
// beside Sites, and its route still opens. Screenshots in test-results/review-fixes/.

const shot = (name: string) => `test-results/review-fixes/${name}.png`;

test('the State column shows long durations whole; Disaster recovery is under Inventory', async ({ page }) => {
  test.setTimeout(240_000);
  const server = await startConsole('small', 1);
  try {
    await server.api.call('clock-set', { speed: 'paused' });
    // Three simulated days: some sessions stay disconnected for days (the small lab's seed 1 has two).
    await server.api.call('clock-step', { seconds: 3 * 86400 });
    const console = new ConsolePage(page, server);
    await console.goto('/sessions');
    const cells = page.locator('.vdi-state-since');
    await expect(cells.first()).toBeVisible({ timeout: 45_000 });
    await expect(page.getByText(/\d+ d \d+ h/).first()).toBeVisible();
    // Every State cell's content fits its column (nothing cut or hidden under the next column).
    const overflow = await cells.evaluateAll((els) =>
      els
        .map((el) => {
          const td = el.closest('td') as HTMLElement;
          const r = el.getBoundingClientRect();
          const c = td.getBoundingClientRect();
          const pad = parseFloat(getComputedStyle(td).paddingRight);
          return { text: el.textContent ?? '', over: r.right - (c.right - pad) };
        })
        .filter((x) => x.over > 0.5),
    );
    expect(overflow).toEqual([]);
    // The widest a State cell gets: the longest label held the longest-written duration.
    const worst = await cells.first().evaluate((el) => {
      const label = el.querySelector('.pf-v6-c-label__text') as HTMLElement;
      const since = el.querySelector('.vdi-num-text') as HTMLElement;
      const was = { label: label.textContent, since: since.textContent };
      label.textContent = 'Reconnecting';
      since.textContent = '23 h 59 min';
      const td = el.closest('td') as HTMLElement;
      const over = el.getBoundingClientRect().right - (td.getBoundingClientRect().right - parseFloat(getComputedStyle(td).paddingRight));
      label.textContent = was.label;
      since.textContent = was.since;
      return over;
    });
    expect(worst).toBeLessThanOrEqual(0.5);
    await page.screenshot({ path: shot('sessions-long-states'), fullPage: false });

    // Navigation: Disaster recovery is an entry of the Inventory group, not of the top level.
    const inventory = page.getByTestId('nav-inventory');
    const dr = page.getByTestId('nav-dr');
    if (!(await dr.isVisible())) await inventory.click();
    await expect(dr).toBeVisible();
    await expect(page.locator('li:has(> [data-testid="nav-inventory"]) [data-testid="nav-dr"]')).toHaveCount(1);
    await dr.click();
    await expect(page.getByTestId('dr-title')).toBeVisible();
    await expect(page).toHaveURL(/#?\/dr/);
    await page.screenshot({ path: shot('nav-dr-under-inventory'), fullPage: false });
  } finally {
    await server.close();
  }
});
