import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test as base } from '@playwright/test';
import { startConsole } from './fixtures.ts';

// Issue 16, part 2: the Trends page over simulated days — range switch, a custom range, a pool,
// CSV and printable HTML exports, retention. Its own console: it runs the clock two days on.
const test = base;
const DIR = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

test('Trends: ranges, a custom range, a pool, exports and retention over two simulated days', async ({ page }) => {
  test.setTimeout(600_000);
  mkdirSync(DIR, { recursive: true });
  const server = await startConsole('small', 1);
  try {
    const api = server.api;
    // Monday 07:00 → Wednesday 07:00: two workdays, their storms and nights.
    await api.call('clock-step', { seconds: 2 * 86400 });
    await page.goto(server.at('/trends'));
    await expect(page.getByTestId('trends-title')).toBeVisible({ timeout: 30_000 });

    // 1 day: 5-minute buckets of the sessions report, charted.
    await expect(page.getByTestId('trends-span')).toContainText('5-minute buckets');
    await expect(page.getByTestId('trend-chart')).toBeVisible();
    await page.screenshot({ path: `${DIR}/trends-sessions-1d.png`, fullPage: true });

    // 7 days: hourly buckets; the summary's peak equals the API's.
    await page.getByTestId('trends-range-7d').click();
    await expect(page.getByTestId('trends-span')).toContainText('hourly buckets');
    const week = await api.call('trend-report', { report: 'sessions', range: '7d' });
    await expect(page.getByTestId('trends-span')).toContainText(`${week.rows.length} rows`);
    const peak = week.summary[week.columns.findIndex((c) => c.key === 'peakSessions')];
    await expect(page.getByTestId('trends-summary')).toContainText(String(peak));

    // Capacity for one pool.
    await page.getByTestId('trends-report-capacity').click();
    await page.getByTestId('trends-pool').selectOption('pool-1');
    await expect(page.getByRole('heading', { name: /Capacity — / }).or(page.getByText(/Capacity — /))).toBeVisible();
    await page.screenshot({ path: `${DIR}/trends-capacity-pool.png`, fullPage: true });

    // A custom range: Monday 07:00 to Tuesday 07:00, connection failures by reason.
    await page.getByTestId('trends-report-failures').click();
    await page.getByTestId('trends-pool').selectOption('');
    await page.getByTestId('trends-range-custom').click();
    await page.getByTestId('trends-from').fill('2026-01-05T07:00');
    await page.getByTestId('trends-to').fill('2026-01-06T07:00');
    await page.getByTestId('trends-apply').click();
    await expect(page.getByTestId('trends-span')).toContainText('2026-01-05 07:00 – 2026-01-06 07:00');
    await expect(page.getByTestId('trends-span')).toContainText('24 rows');
    await page.screenshot({ path: `${DIR}/trends-failures-custom.png`, fullPage: true });

    // Exports: the CSV has a header, 24 buckets and the summary; the HTML page is a printable table.
    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('trends-export-csv').click();
    const csv = readFileSync((await (await csvDownload).path()) as string, 'utf8');
    expect(csv.trimEnd().split('\r\n')).toHaveLength(26);
    expect(csv.split('\r\n')[0]).toContain('no-desktop (failures)');
    const htmlDownload = page.waitForEvent('download');
    await page.getByTestId('trends-export-html').click();
    const html = await htmlDownload;
    expect(html.suggestedFilename()).toMatch(/^trends-failures-custom-2026-01-05\.html$/);
    const printable = readFileSync((await html.path()) as string, 'utf8');
    await page.setContent(printable);
    await page.screenshot({ path: `${DIR}/trends-printable.png`, fullPage: true });

    // Retention: an administrator sets it; an out-of-bounds value cannot be saved.
    await page.goto(server.at('/trends'));
    await expect(page.getByTestId('trend-retention')).toBeVisible();
    await page.getByTestId('trend-retention-300').fill('0');
    await expect(page.getByTestId('trend-retention-save')).toBeDisabled();
    await page.getByTestId('trend-retention-300').fill('3');
    await page.getByTestId('trend-retention-save').click();
    await expect.poll(async () => (await api.call('trend-retention-get', {}))[0]?.days).toBe(3);
    await page.getByTestId('trend-retention').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/trends-retention.png`, fullPage: true });
  } finally {
    await server.close();
  }
});
