import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

// Issue #16: events are exportable, all of them (the list shows a page of 1,000 and loads older
// pages on demand; "Export all" reads every event the filters match through the same cursor).

test('events: "Export all" writes every event the filters match, not only the loaded page', async ({ page, server }) => {
  await server.api.call('clock-set', { speed: 'paused' });
  const total = (await server.api.call('event-list', { limit: 1 })).total;
  await page.goto(server.at('/events'));
  const all = page.getByTestId('events-export-all');
  await expect(all).toHaveText(`Export all ${total.toLocaleString('en-US')}`);
  const download = page.waitForEvent('download');
  await all.click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').split('\r\n');
  expect(lines[0]).toMatch(/^Time \(UTC\),/);
  expect(lines.length - 2).toBe(total); // the header, and the empty string after the last line break

  // A filter narrows the file the same way it narrows the list.
  const errors = (await server.api.call('event-list', { severity: 'error', limit: 1 })).total;
  await page.goto(server.at('/events?severity=error'));
  await expect(all).toHaveText(`Export all ${errors.toLocaleString('en-US')}`);
});
