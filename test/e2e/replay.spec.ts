import { VOCABULARIES } from '../../src-main/contract/index.ts';
import { leakedTerms } from '../../src-main/shared/vocabulary/index.ts';
import { expect, startConsole, test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Replay and scrub (issue 17 part 4): a short session of admin actions through the API, then the
// Replay page under Training: the timeline lists them; a moment before the pool edit opens read-only
// (a banner on every page, the pool's old name, changes refused); back to live; then a branch from
// that moment becomes the live lab, the old attempt kept as a checkpoint.

test.describe('replay and scrub', () => {
  test('timeline → view a moment read-only → back to live → branch from here', async ({ page }) => {
    test.setTimeout(240_000);
    // Its own console: the shared one's history holds other specs' actions, and a branch replaces its lab.
    // (Event lines of requests the log does not record are replayed as notes since the review fixes, so
    // the shared console's history would replay too; a branch replacing its lab is what keeps this apart.)
    const server = await startConsole('small', 1);
    try {
      const api = server.api;
      await api.call('clock-set', { speed: 'paused' });
      const start = Date.parse((await api.call('clock-get', {})).simTime);
      const at = (min: number) => new Date(start + min * 60_000).toISOString();
      const now = async () => Date.parse((await api.call('clock-get', {})).simTime);
      const stepTo = async (min: number) => {
        const s = (start + min * 60_000 - (await now())) / 1000;
        if (s > 0) await api.call('clock-step', { seconds: s });
      };
      await stepTo(30);
      const before = (await api.call('pool-list', {})).find((p) => p.id === 'pool-2');
      await stepTo(45);
      await api.call('pool-update', { id: 'pool-2', displayName: 'Edited in the lesson' });
      await stepTo(50);
      await api.call('fault-inject', { kind: 'broker-slowness', durationSec: 600 });
      await stepTo(60);

      const console = new ConsolePage(page, server);
      await console.goto('/dashboard');
      if (!(await page.getByTestId('nav-replay').isVisible())) await page.getByTestId('nav-training').click();
      await page.getByTestId('nav-replay').click();
      await expect(page.getByTestId('replay-title')).toBeVisible();
      const table = page.getByTestId('replay-actions');
      await expect(table).toContainText('pool-update');
      await expect(table).toContainText('fault-inject');
      await page.screenshot({ path: 'test-results/replay/replay-timeline.png', fullPage: true });

      // A moment before the edit: typed as a time of day, then opened read-only.
      await page.getByTestId('replay-time-input').fill(at(40).slice(11, 16));
      await expect(page.getByTestId('replay-open')).toHaveText(`View ${at(40).slice(11, 16)} (read-only)`);
      await page.getByTestId('replay-open').click();
      const banner = page.getByTestId('replay-banner');
      await expect(banner).toContainText(`Viewing ${at(40).slice(11, 16)} (read-only)`, { timeout: 60_000 });
      await page.screenshot({ path: 'test-results/replay/replay-viewing.png', fullPage: true });

      // Every page shows the moment: the pool's name as it was, the clock of the moment.
      await console.goto('/pools');
      await expect(banner).toBeVisible();
      await expect(page.getByText(before?.displayName ?? 'missing', { exact: false }).first()).toBeVisible();
      await expect(page.getByText('Edited in the lesson')).toHaveCount(0);
      // What the view would refuse is not offered.
      await expect(page.getByRole('button', { name: 'Create pool' })).toHaveCount(0);
      await page.screenshot({ path: 'test-results/replay/replay-pools-at-moment.png', fullPage: true });
      expect((await api.call('clock-get', {})).simTime).toBe(at(40));
      const refused = await server.api.request('pool-set-enabled', { id: 'pool-2', enabled: false });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error).toMatchObject({ code: 'conflict' });

      // Back to live: the edit is there again.
      await page.getByTestId('replay-back-to-live').click();
      await expect(banner).toHaveCount(0);
      await expect(page.getByText('Edited in the lesson').first()).toBeVisible();
      await expect(page.getByRole('button', { name: 'Create pool' })).toBeVisible();
      expect((await api.call('clock-get', {})).simTime).toBe(at(60));

      // Branch from the moment: confirm, and the live lab is the moment; the old attempt is a checkpoint.
      await api.call('replay-view-open', { at: at(40) });
      await expect(banner).toBeVisible({ timeout: 30_000 });
      await page.getByTestId('replay-branch').click();
      await expect(page.getByTestId('replay-branch-modal')).toBeVisible();
      await page.screenshot({ path: 'test-results/replay/replay-branch-confirm.png', fullPage: true });
      await page.getByTestId('replay-branch-confirm').click();
      await expect(banner).toHaveCount(0, { timeout: 60_000 });
      expect((await api.call('clock-get', {})).simTime).toBe(at(40));
      const names = (await api.call('checkpoint-list', {})).map((c) => c.name);
      expect(names.some((n) => n.startsWith('Attempt until'))).toBe(true);
      expect(names.some((n) => n.startsWith('Branch from'))).toBe(true);
      await console.goto('/replay');
      // The new attempt's history is the old one's up to 07:40: no action yet (the pool edit came later).
      await expect(page.getByText('No admin action yet')).toBeVisible();
      await page.screenshot({ path: 'test-results/replay/replay-after-branch.png', fullPage: true });
    } finally {
      await server.close();
    }
  });

  test('the Replay page and the read-only banner speak each vendor vocabulary', async ({ page, server }) => {
    test.setTimeout(180_000);
    const api = server.api;
    const start = (await api.call('replay-timeline', {})).origin?.startTime;
    if (!start) throw new Error('the lab has no replay origin');
    await api.call('replay-view-open', { at: start });
    const console = new ConsolePage(page, server);
    try {
      for (const vocab of VOCABULARIES) {
        await api.call('settings-set', { vocabulary: vocab });
        await console.goto('/replay');
        await page.reload();
        await expect(page.getByTestId('replay-banner')).toBeVisible();
        await expect(page.getByTestId('replay-title')).toBeVisible();
        const text = await page.evaluate(() => {
          const parts: string[] = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode())
            if (!n.parentElement?.closest('code, pre, kbd, script, style')) parts.push(n.nodeValue ?? '');
          return parts.join('\n');
        });
        expect(leakedTerms(text, vocab), vocab).toEqual([]);
        await page.screenshot({ path: `test-results/replay/replay-${vocab}.png`, fullPage: true });
      }
    } finally {
      await api.call('settings-set', { vocabulary: 'horizon' });
      await api.call('replay-view-close', {});
    }
  });
});
