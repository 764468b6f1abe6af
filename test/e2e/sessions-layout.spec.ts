import { expect, test, type Page } from '@playwright/test';
import { startConsole } from './fixtures.ts';
import { SessionsPage } from './pages/SessionsPage.ts';

// The sessions table at 1440 × 900 beside the sidebar (issue 18's UI defects): every column header
// shows whole in each vendor's vocabulary (they were cut: "Ala…", "Bandw…"), the table keeps a side
// margin inside the window, and the row menus open inside the viewport, at the top and the bottom
// of the visible rows.

/** Header cells whose text is cut (its box narrower than its content), by their text. */
function cutHeaders(page: Page): Promise<string[]> {
  return page.getByTestId('sessions-table').evaluate((t) =>
    [...t.querySelectorAll('thead th')]
      .filter((th) => {
        const text = th.querySelector('.pf-v6-c-table__text') ?? th;
        return text.scrollWidth > text.clientWidth + 1 || th.scrollWidth > th.clientWidth + 1;
      })
      .map((th) => th.textContent?.trim() ?? ''),
  );
}

test('the sessions table fits 1440 px: whole headers in every vocabulary, side margins, row menus on screen', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const server = await startConsole('default', 1);
  try {
    await server.api.call('clock-step', { seconds: 2.5 * 3600 }); // 09:30: a full table
    const sessions = new SessionsPage(page, server);
    for (const vocab of ['horizon', 'citrix', 'avd'] as const) {
      await server.api.call('settings-set', { vocabulary: vocab });
      await page.goto(server.at('/sessions'));
      await sessions.table.waitFor();
      await expect(page.locator('[data-testid="sessions-table"] tbody tr[data-testid]').first()).toBeVisible();
      const headers = await page.getByTestId('sessions-table').locator('thead th').allTextContents();
      expect(headers.join('|'), vocab).toContain('Bandwidth');
      expect(await cutHeaders(page), `${vocab}: cut headers`).toEqual([]);
    }

    // Side margins: the table starts after the sidebar with room and ends before the window's edge,
    // with no horizontal scrolling inside it.
    const table = page.getByTestId('sessions-table');
    const box = (await table.boundingBox())!;
    const main = (await page.locator('#vdi-main').boundingBox())!;
    expect(box.x - main.x).toBeGreaterThanOrEqual(16);
    expect(1440 - (box.x + box.width)).toBeGreaterThanOrEqual(16);
    const overflow = await table.evaluate((t) => {
      const scroller = t.querySelector('table')?.parentElement;
      return scroller ? scroller.scrollWidth - scroller.clientWidth : 0;
    });
    expect(overflow).toBeLessThanOrEqual(1);

    // A filter's menu opens under its toggle (a menu mounted open was once left at the window's top-left corner).
    const filter = page.getByTestId('sessions-filter-pool');
    const f = (await filter.boundingBox())!;
    await filter.click();
    const options = page.locator('.pf-v6-c-menu').filter({ has: page.getByRole('option').first() });
    await expect
      .poll(async () => {
        const m = await options.boundingBox();
        return m !== null && Math.abs(m.x - f.x) <= 12 && Math.abs(m.y - (f.y + f.height)) <= 12;
      })
      .toBe(true);
    await page.keyboard.press('Escape');
    await expect(options).toBeHidden();

    // The first and the last fully visible row's menu open inside the viewport.
    const rows = page.locator('[data-testid="sessions-table"] tbody tr[data-testid]');
    const visible = await rows.evaluateAll((trs) =>
      trs
        .map((tr, i) => ({ i, r: tr.getBoundingClientRect() }))
        .filter(({ r }) => r.top >= 0 && r.bottom <= window.innerHeight)
        .sort((a, b) => a.r.top - b.r.top)
        .map(({ i }) => i),
    );
    expect(visible.length).toBeGreaterThan(5);
    for (const index of [visible[0]!, visible[visible.length - 1]!]) {
      const toggle = rows.nth(index).locator('button[aria-label^="Actions for"]');
      const t = (await toggle.boundingBox())!;
      expect(t.x + t.width).toBeLessThanOrEqual(1440);
      await toggle.click();
      const item = page.locator('[data-testid$="-logoff"]');
      await expect(item).toBeVisible();
      const menuBox = page.locator('.pf-v6-c-menu').filter({ has: item });
      // Beside its toggle (below it, or above it when flipped), right-aligned to it: not in the window's corner.
      await expect
        .poll(async () => {
          const m = (await menuBox.boundingBox())!;
          // The open menu's toggle (the click may have scrolled the row).
          const o = (await page.locator('[aria-expanded="true"][aria-label^="Actions for"]').boundingBox())!;
          const beside = Math.abs(m.y - (o.y + o.height)) <= 12 || Math.abs(m.y + m.height - o.y) <= 12;
          return beside && Math.abs(m.x + m.width - (o.x + o.width)) <= 12;
        })
        .toBe(true);
      const menu = (await menuBox.boundingBox())!;
      expect(menu.x).toBeGreaterThanOrEqual(0);
      expect(menu.y).toBeGreaterThanOrEqual(0);
      expect(menu.x + menu.width).toBeLessThanOrEqual(1440);
      expect(menu.y + menu.height).toBeLessThanOrEqual(900);
      await page.keyboard.press('Escape');
      await expect(item).toBeHidden();
    }
  } finally {
    await server.close();
  }
});
