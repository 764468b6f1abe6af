import type { Page } from '@playwright/test';
import { VOCABULARIES } from '../../src-main/contract/index.ts';
import { leakedTerms } from '../../src-main/shared/vocabulary/index.ts';
import { expect, test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

// Training scenarios (issue 17, part 3): catalogue → briefing → start → objectives panel → the
// trainee's fix → debrief with the score by rubric line, the timeline and the expert's path.

/** The page's visible text and labelled attributes (as vocabulary.spec.ts reads them). */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const skip = (el: Element | null) => Boolean(el?.closest('code, pre, kbd, samp, [data-vocab="literal"]'));
    const parts: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!skip(n.parentElement)) parts.push(n.textContent ?? '');
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

test.describe('training scenarios', () => {
  test.afterEach(async ({ server }) => {
    // The worker's console is shared: give the next spec the lab it expects.
    await server.api.call('clock-set', { speed: 'paused' });
    await server.api.call('lab-reset', { profile: 'small', seed: 1, confirm: true });
  });

  test('catalogue, briefing, start, live objectives, then the debrief', async ({ page, server }) => {
    test.setTimeout(180_000);
    const api = server.api;
    const console = new ConsolePage(page, server);
    await console.goto('/dashboard');
    await expect(page.getByTestId('nav-training')).toBeVisible();
    if (!(await page.getByTestId('nav-scenarios').isVisible())) await page.getByTestId('nav-training').click();
    await page.getByTestId('nav-scenarios').click();
    await expect(page.getByTestId('scenarios-title')).toBeVisible();
    await expect(page.getByTestId('scenario-catalogue').locator('[data-testid^="scenario-card-"]')).toHaveCount(15);
    await page.screenshot({ path: 'test-results/scenarios/catalogue.png', fullPage: true });

    await page.getByTestId('scenario-open-monday-login-storm').click();
    await expect(page.getByTestId('scenario-briefing-text')).toContainText('Monday morning');
    await page.screenshot({ path: 'test-results/scenarios/briefing.png' });
    await page.getByTestId('scenario-start').click();
    await expect(page.getByTestId('scenario-briefing')).toHaveCount(0);
    // The scenario's clock runs at 60×; the test drives it by steps instead.
    await api.call('clock-set', { speed: 'paused' });
    await expect(page.getByTestId('scenario-running-title')).toHaveText('Monday login storm');
    await api.call('clock-step', { seconds: 360 });
    await expect(page.getByTestId('objective-kw-logon-state')).toHaveText('open');
    await expect(page.getByTestId('scenario-hints')).toContainText('failed connections');
    await page.screenshot({ path: 'test-results/scenarios/running.png', fullPage: true });

    // The trainee's fix, through the API as the console would send it; then the judge sees the pool recover.
    await api.call('pool-update', { id: 'pool-1', spareMachines: 6, maxMachines: 26 });
    await api.call('clock-step', { seconds: 600 });
    await expect(page.getByTestId('scenario-debrief')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('scenario-score')).toHaveText('90');
    await expect(page.getByTestId('rubric-resolve')).toContainText('20 / 20');
    await expect(page.getByTestId('scenario-timeline').getByTestId('timeline-action').first()).toContainText('pool-update');
    await expect(page.getByTestId('scenario-timeline').getByTestId('timeline-fault').first()).toContainText('Pool exhausted');
    await expect(page.getByTestId('scenario-expert-path')).toContainText('raise spare machines');
    await page.screenshot({ path: 'test-results/scenarios/debrief.png', fullPage: true });
    await page.getByTestId('scenario-timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/scenarios/debrief-timeline.png' });
    // A time on the timeline opens Training → Replay at that moment of this attempt.
    const link = page.getByTestId('scenario-timeline').getByTestId('timeline-action').first().getByTestId('timeline-replay-link');
    const at = (await api.call('scenario-debrief', {})).timeline.find((x) => x.lane === 'action')?.at ?? '';
    await link.click();
    await expect(page.getByTestId('replay-title')).toBeVisible();
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/replay?at=${at}`);
    await page.screenshot({ path: 'test-results/scenarios/debrief-to-replay.png' });
  });

  test('the trainee finishes early from the page and sees what was lost', async ({ page, server }) => {
    test.setTimeout(120_000);
    const api = server.api;
    await api.call('scenario-start', { id: 'slow-profile-loads', confirm: true, paused: true });
    const console = new ConsolePage(page, server);
    await console.goto('/scenarios?vocab=citrix');
    await expect(page.getByTestId('scenario-running-title')).toHaveText('Slow profile loads');
    await page.getByTestId('scenario-finish').click();
    await expect(page.getByTestId('scenario-debrief')).toBeVisible();
    await expect(page.getByTestId('rubric-objective:informed')).toContainText('0 / 20');
    await page.screenshot({ path: 'test-results/scenarios/debrief-early-citrix.png', fullPage: true });
  });

  test('the catalogue, a briefing, a running scenario and its debrief speak each vendor’s words only', async ({ page, server }) => {
    test.setTimeout(180_000);
    const api = server.api;
    const c = new ConsolePage(page, server);
    const leaks: string[] = [];
    for (const vocab of VOCABULARIES) {
      await api.call('scenario-start', { id: 'bad-image-rollback', confirm: true, paused: true });
      await c.goto(`/scenarios?vocab=${vocab}`);
      await expect(page.getByTestId('scenario-running-title')).toBeVisible();
      await api.call('clock-step', { seconds: 660 });
      await expect(page.getByTestId('scenario-hints')).toContainText('rollback');
      for (const l of leakedTerms(await pageText(page), vocab)) leaks.push(`${vocab} running: ${l}`);
      await page.getByTestId('scenario-open-storage-latency-storm').click();
      await expect(page.getByTestId('scenario-briefing-text')).toBeVisible();
      for (const l of leakedTerms(await pageText(page), vocab)) leaks.push(`${vocab} briefing: ${l}`);
      await page.keyboard.press('Escape');
      await api.call('pool-rollback-image', { poolId: 'pool-1' });
      await api.call('clock-step', { seconds: 120 });
      await expect(page.getByTestId('scenario-debrief')).toBeVisible({ timeout: 20_000 });
      for (const l of leakedTerms(await pageText(page), vocab)) leaks.push(`${vocab} debrief: ${l}`);
      await page.screenshot({ path: `test-results/scenarios/debrief-${vocab}.png`, fullPage: true });
    }
    expect(leaks).toEqual([]);
  });

  test('authoring: the lab and its injected fault saved as a scenario file that checks valid', async ({ page, server }) => {
    test.setTimeout(120_000);
    const api = server.api;
    await api.call('clock-set', { speed: 'paused' });
    await api.call('clock-step', { seconds: 1800 });
    await api.call('fault-inject', { kind: 'pool-exhaustion', targetId: 'pool-2', delaySec: 300 });
    const c = new ConsolePage(page, server);
    await c.goto('/scenarios');
    await page.getByTestId('scenario-author-button').click();
    await expect(page.getByTestId('scenario-author-modal')).toBeVisible();
    await expect(page.getByTestId('author-save')).toBeDisabled();
    await page.getByTestId('author-title-input').fill('TW runs dry');
    await page.getByTestId('author-briefing').fill('Task workers are refused. Find out why and fix it.');
    await page.getByTestId('author-expert').fill('Look at the failures\nRaise the pool maximum');
    await page.screenshot({ path: 'test-results/scenarios/author.png' });
    const download = page.waitForEvent('download');
    await page.getByTestId('author-save').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('tw-runs-dry.json');
    const text = await (await file.createReadStream()).toArray();
    const scenario = JSON.parse(Buffer.concat(text).toString('utf8')) as Record<string, unknown>;
    expect(scenario).toMatchObject({
      id: 'tw-runs-dry',
      lab: { profile: 'small', seed: 1, warmupSec: 1800 },
      timeline: [{ atSec: 300, fault: 'pool-exhaustion', target: 'pool-2' }],
    });
    expect((await api.call('scenario-check', { scenario })).valid).toBe(true);
  });

  test('a snapshot chain to consolidate: played from the page to a full-marks debrief, in each vendor’s words', async ({ page, server }) => {
    test.setTimeout(240_000);
    const api = server.api;
    const c = new ConsolePage(page, server);
    const leaks: string[] = [];
    for (const vocab of VOCABULARIES) {
      await api.call('scenario-start', { id: 'snapshot-consolidation', confirm: true, paused: true });
      await c.goto(`/scenarios?vocab=${vocab}`);
      await expect(page.getByTestId('scenario-running-title')).toHaveText('A snapshot chain that must be consolidated');
      await api.call('clock-step', { seconds: 300 });
      await expect(page.getByTestId('scenario-hints')).toContainText('snapshot delta');
      for (const l of leakedTerms(await pageText(page), vocab)) leaks.push(`${vocab} running: ${l}`);
      await page.screenshot({ path: `test-results/scenarios/snapshot-running-${vocab}.png`, fullPage: true });
      const machines = (await api.call('fault-list', {})).faults[0]?.machines ?? [];
      expect(machines).toHaveLength(3);
      for (const m of machines) await api.call('snapshot-delete-all', { desktopId: m.id });
      await api.call('clock-step', { seconds: 300 });
      await expect(page.getByTestId('scenario-debrief')).toBeVisible({ timeout: 20_000 });
      await expect(page.getByTestId('rubric-objective:snapshots-merged')).toContainText('20 / 20');
      await expect(page.getByTestId('scenario-timeline').getByTestId('timeline-fault').first()).toContainText('Snapshot left to grow');
      await expect(page.getByTestId('scenario-expert-path')).toContainText('Do not revert');
      for (const l of leakedTerms(await pageText(page), vocab)) leaks.push(`${vocab} debrief: ${l}`);
      await page.screenshot({ path: `test-results/scenarios/snapshot-debrief-${vocab}.png`, fullPage: true });
    }
    expect(leaks).toEqual([]);
  });
});
