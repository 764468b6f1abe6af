import { mkdirSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, test, type ConsoleServer } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';
import { PoolManagePanel } from './pages/PoolPage.ts';
import { PoolWizardPage } from './pages/PoolWizardPage.ts';

// Runs last (z-): it creates pools and steps the simulated clock. The clock stays paused.
const DIR = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

async function paused(server: ConsoleServer): Promise<void> {
  await server.api.call('clock-set', { speed: 'paused' });
}

async function desktopVersions(server: ConsoleServer, poolId: string): Promise<(string | null)[]> {
  const { rows } = await server.api.call('desktop-list', { poolId });
  return Promise.all(rows.map(async (r) => (await server.api.call('desktop-get', { id: r.id })).imageVersionId));
}

test.describe('pool management', () => {
  test('create an instant-clone pool in the wizard and watch it provision', async ({ page, server }) => {
    test.setTimeout(120_000);
    mkdirSync(DIR, { recursive: true });
    await paused(server);
    const w = new PoolWizardPage(page, server);
    await w.open();
    await w.field('name').fill('e2e-ic');
    await w.field('displayName').fill('E2E instant clones');
    await w.field('kind-instant-clone').check();
    await page.screenshot({ path: `${DIR}/wizard-1-type.png` });
    await w.nextTo('image');
    await w.field('imageId').selectOption('img-1');
    await w.field('imageVersionId').selectOption('imgv-1-3');
    await page.screenshot({ path: `${DIR}/wizard-2-image.png` });
    await w.nextTo('machines');
    await w.field('namingPattern').fill('E2E-{n:2}');
    await expect(page.getByTestId('wizard-naming-preview')).toContainText('E2E-01, E2E-02, E2E-03');
    await expect(page.getByTestId('wizard-naming-preview')).toContainText('up to 99 machines');
    await w.setNumber('minMachines', 4);
    await w.setNumber('maxMachines', 4);
    await w.setNumber('spareMachines', 1);
    await w.field('provisioning-up-front').check();
    await page.screenshot({ path: `${DIR}/wizard-3-machines.png` });
    await w.nextTo('sessions');
    await page.screenshot({ path: `${DIR}/wizard-4-sessions.png` });
    await w.nextTo('placement');
    await w.field('clusterId').selectOption('cl-1');
    await w.field('ds-ds-1').check();
    await w.field('networkId').selectOption('net-3');
    await page.screenshot({ path: `${DIR}/wizard-5-placement.png` });
    await w.nextTo('entitlements');
    await w.nextTo('review');
    await expect(w.step('review')).toContainText('E2E-{n:2}');
    await page.screenshot({ path: `${DIR}/wizard-6-review.png` });
    await w.create.click();

    const pool = (await server.api.call('pool-list', {})).find((p) => p.name === 'e2e-ic');
    expect(pool).toBeDefined();
    await expect(page).toHaveURL(new RegExp(`#/pools/${pool!.id}$`));
    const m = new PoolManagePanel(page);
    await expect(m.provisioning).toBeVisible();
    await expect(m.readyCount).toHaveAttribute('data-total', '4');
    await expect(m.readyCount).not.toHaveAttribute('data-ready', '4');
    await page.screenshot({ path: `${DIR}/pool-provisioning.png`, fullPage: true });

    await w.clock.stepBy(60);
    await expect(m.readyCount).toHaveAttribute('data-ready', '4', { timeout: 15_000 });
    await expect(m.stateCount('PROVISIONING')).toHaveAttribute('data-count', '0');
    await expect(m.stateCount('AVAILABLE')).toHaveAttribute('data-count', '4');
    await paused(server);
  });

  test('min above max is marked on the field at once, and Next stays on the step until it is fixed', async ({ page, server }) => {
    await paused(server);
    const w = new PoolWizardPage(page, server);
    await w.open();
    await w.field('name').fill('e2e-bad');
    await w.nextTo('image');
    await w.nextTo('machines');
    await w.field('namingPattern').fill('BAD-{n:2}');
    await w.setNumber('minMachines', 5);
    await w.setNumber('maxMachines', 2);
    await w.setNumber('spareMachines', 0);
    await expect(w.fieldError('maxMachines')).toContainText('Must be at least the minimum (5)');
    await w.next.click();
    await expect(w.step('machines')).toBeVisible();
    await expect(page.getByTestId('wizard-step-problems')).toContainText('Maximum machines');
    await page.screenshot({ path: `${DIR}/wizard-error.png` });
    // Fixing the field clears its error; the wizard moves on.
    await w.setNumber('maxMachines', 5);
    await expect(w.fieldError('maxMachines')).toHaveCount(0);
    await w.nextTo('sessions');
    expect((await server.api.call('pool-list', {})).some((p) => p.name === 'e2e-bad')).toBe(false);
  });

  test('new image version, push it to a pool, then roll back', async ({ page, server }) => {
    test.setTimeout(180_000);
    await paused(server);
    const pool = await server.api.call('pool-create', {
      name: 'e2e-push',
      displayName: 'E2E push',
      imageId: 'img-1',
      imageVersionId: 'imgv-1-3',
      namingPattern: 'PSH-{n:2}',
      minMachines: 3,
      maxMachines: 3,
      spareMachines: 1,
      clusterId: 'cl-1',
      datastoreIds: ['ds-1'],
      networkId: 'net-3',
    });
    await server.api.call('clock-step', { seconds: 60 });
    const image = (await server.api.call('image-list', {})).find((i) => i.id === 'img-1')!;
    const c = new ConsolePage(page, server);

    // A new version on the Golden images page.
    await c.goto('/images');
    await page.getByTestId(`image-${image.name}-new-version`).click();
    await page.getByTestId('new-version-notes').fill('E2E: monthly patches');
    await page.getByTestId('new-version-submit').click();
    const newest = Math.max(...image.versions.map((v) => v.version)) + 1;
    await expect(page.getByTestId(`image-${image.name}-v${newest}`)).toContainText('E2E: monthly patches');
    const version = (await server.api.call('image-list', {})).find((i) => i.id === 'img-1')!.versions.find((v) => v.version === newest)!;

    // Push it now.
    await c.goto(`/pools/${pool.id}`);
    const m = new PoolManagePanel(page);
    await m.pushButton.click();
    await expect(m.pushModal).toBeVisible();
    await page.getByTestId('wizard-push-version').selectOption(version.id);
    await page.getByTestId('push-now').check();
    await page.screenshot({ path: `${DIR}/push-image-modal.png` });
    await page.getByTestId('push-image-submit').click();
    await expect(m.pushModal).toHaveCount(0);
    const [task] = await server.api.call('task-list', { objectId: pool.id });
    expect(task).toBeDefined();
    await expect(m.taskState(task!.id)).toBeVisible(); // the active push, with what it waits for
    await page.mouse.move(720, 895);
    await page.screenshot({ path: `${DIR}/pool-push-in-progress.png`, fullPage: true });
    await stepUntil(c, m.taskState(task!.id), 'completed');
    expect(new Set(await desktopVersions(server, pool.id))).toEqual(new Set([version.id]));

    // Roll back to the version before.
    await expect(m.rollbackButton).toHaveText('Roll back to version 3');
    await m.rollbackButton.click();
    await page.getByTestId('push-image-submit').click();
    await expect(m.pushModal).toHaveCount(0);
    const [rollback] = await server.api.call('task-list', { objectId: pool.id });
    expect(rollback!.id).not.toBe(task!.id);
    await stepUntil(c, m.taskState(rollback!.id), 'completed');
    expect(new Set(await desktopVersions(server, pool.id))).toEqual(new Set(['imgv-1-3']));
    await paused(server);
  });
});

/** Steps the paused clock a minute at a time until the label reads `text` (at most 15 minutes). */
async function stepUntil(c: ConsolePage, label: Locator, text: string): Promise<void> {
  for (let i = 0; i < 15; i++) {
    if ((await label.textContent())?.trim() === text) break;
    await c.clock.stepBy(60);
    await c.page.waitForTimeout(300);
  }
  await expect(label).toHaveText(text);
}

test.describe('pool edit and delete', () => {
  test('edit settings sends only what changed and shows API errors on their fields', async ({ page, server }) => {
    await paused(server);
    const pool = await server.api.call('pool-create', {
      name: 'e2e-edit',
      displayName: 'E2E edit',
      imageId: 'img-1',
      imageVersionId: 'imgv-1-3',
      namingPattern: 'EDT-{n:2}',
      minMachines: 1,
      maxMachines: 2,
      spareMachines: 1,
      provisioning: 'on-demand',
      clusterId: 'cl-1',
      datastoreIds: ['ds-1'],
      networkId: 'net-3',
    });
    const w = new PoolWizardPage(page, server);
    await w.goto(`/pools/${pool.id}`);
    await page.getByTestId('pool-edit-button').click();
    const modal = page.getByTestId('pool-edit-modal');
    await expect(modal).toBeVisible();
    await w.field('displayName').fill('E2E edited');
    await w.setNumber('minMachines', 3);
    await page.getByTestId('pool-edit-save').click();
    await expect(w.fieldError('maxMachines')).toContainText('below minimum');
    await w.setNumber('maxMachines', 3);
    await page.screenshot({ path: `${DIR}/pool-edit.png` });
    await page.getByTestId('pool-edit-save').click();
    await expect(modal).toHaveCount(0);
    await expect(page.getByTestId('pool-detail-name')).toHaveText('E2E edited');
    const after = await server.api.call('pool-get', { id: pool.id });
    expect(after).toMatchObject({
      displayName: 'E2E edited',
      minMachines: 3,
      maxMachines: 3,
      spareMachines: 1,
      namingPattern: 'EDT-{n:2}',
      provisioning: 'on-demand',
    });

    // Delete it: one confirmation, then back on the pools list.
    await page.getByTestId('pool-delete-button').click();
    await page.getByTestId('pool-delete-confirm').click();
    await expect(page).toHaveURL(/#\/pools$/);
    expect((await server.api.call('pool-list', {})).some((p) => p.id === pool.id)).toBe(false);
  });

  test('deleting a pool with sessions asks again and deletes with force', async ({ page, server }) => {
    await paused(server);
    // Not pool-1: the push specs that run after this file push images to it (which pool has sessions depends on the lab's time).
    const busy = (await server.api.call('pool-list', {})).find((p) => p.sessionCount > 0 && p.sessionType === 'single-session' && p.id !== 'pool-1');
    test.skip(!busy, 'no pool has sessions at this simulated time');
    const w = new PoolWizardPage(page, server);
    await w.goto(`/pools/${busy!.id}`);
    await page.getByTestId('pool-delete-button').click();
    await page.getByTestId('pool-delete-confirm').click();
    await expect(page.getByTestId('pool-delete-force-text')).toContainText('session');
    await page.getByTestId('pool-delete-force').click();
    await expect(page).toHaveURL(/#\/pools$/);
    expect((await server.api.call('pool-list', {})).some((p) => p.id === busy!.id)).toBe(false);
  });
});

test.describe('dedicated desktops and RDS farms', () => {
  test('assign and unassign a dedicated desktop in the drawer', async ({ page, server }) => {
    await paused(server);
    const pool = await server.api.call('pool-create', {
      name: 'e2e-ded',
      displayName: 'E2E dedicated',
      assignment: 'dedicated',
      automaticAssignment: false,
      imageId: 'img-1',
      imageVersionId: 'imgv-1-3',
      namingPattern: 'DED-{n:2}',
      minMachines: 1,
      maxMachines: 1,
      spareMachines: 0,
      clusterId: 'cl-1',
      datastoreIds: ['ds-1'],
      networkId: 'net-3',
    });
    const user = (await server.api.call('user-list', { limit: 1 })).rows[0]!;
    await server.api.call('entitlement-add', { poolId: pool.id, principalType: 'user', principalId: user.id });
    await server.api.call('clock-step', { seconds: 60 });
    const desktop = (await server.api.call('desktop-list', { poolId: pool.id })).rows[0]!;

    const c = new ConsolePage(page, server);
    await c.goto(`/pools/${pool.id}?tab=machines&selected=${desktop.id}`);
    await page.getByTestId('desktop-assign-search').locator('input').fill(user.displayName);
    await page.getByTestId('desktop-assign-matches').getByText(user.login).click();
    await expect(page.getByTestId('desktop-unassign-button')).toBeVisible();
    expect((await server.api.call('desktop-get', { id: desktop.id })).assignedUserId).toBe(user.id);
    await page.getByTestId('desktop-unassign-button').click();
    await expect(page.getByTestId('desktop-assign-search')).toBeVisible();
    expect((await server.api.call('desktop-get', { id: desktop.id })).assignedUserId).toBeNull();
    await server.api.call('pool-delete', { id: pool.id, force: true });
  });

  test('drain mode of a multi-session pool', async ({ page, server }) => {
    await paused(server);
    const farm = (await server.api.call('pool-list', {})).find((p) => p.sessionType === 'multi-session');
    test.skip(!farm, 'the lab has no multi-session pool');
    const c = new ConsolePage(page, server);
    await c.goto(`/pools/${farm!.id}`);
    const toggle = page.getByTestId('pool-drain-toggle');
    await expect(toggle).toBeChecked({ checked: farm!.drainMode });
    await page.locator('label[for="pool-drain-toggle"]').click();
    await expect(toggle).toBeChecked({ checked: !farm!.drainMode });
    expect((await server.api.call('pool-get', { id: farm!.id })).drainMode).toBe(!farm!.drainMode);
    await page.locator('label[for="pool-drain-toggle"]').click();
    await expect(toggle).toBeChecked({ checked: farm!.drainMode });
  });
});

test('scaling plan of a multi-session pool: add or edit, save, and it is on the host', async ({ page, server }) => {
  await paused(server);
  const farm = (await server.api.call('pool-list', {})).find((p) => p.sessionType === 'multi-session');
  test.skip(!farm, 'the lab has no multi-session pool');
  const before = await server.api.call('pool-get-scaling-plan', { id: farm!.id });
  const c = new ConsolePage(page, server);
  await c.goto(`/pools/${farm!.id}?tab=scaling`);
  const card = page.getByTestId('pool-scaling-plan');
  await expect(card).toBeVisible();
  if (!before) await page.getByTestId('scaling-plan-new').click();
  await page.getByTestId('wizard-scaling-peak-threshold').fill('75');
  await page.getByTestId('scaling-peak-start').fill('09:30');
  await page.getByTestId('scaling-plan-save').click();
  await expect(page.getByTestId('scaling-plan-remove')).toBeVisible();
  const saved = await server.api.call('pool-get-scaling-plan', { id: farm!.id });
  expect(saved?.phases.find((p) => p.name === 'peak')).toMatchObject({ start: '09:30', capacityThresholdPct: 75 });
  await page.screenshot({ path: `${DIR}/pool-scaling-plan.png`, fullPage: true });
  // Put the lab back as it was.
  await server.api.call('pool-set-scaling-plan', { id: farm!.id, plan: before });
});
