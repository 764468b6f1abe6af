import { expect, test, type ConsoleServer } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';
import { PushPanel } from './pages/PoolPage.ts';

// Issue #14, push image: what a push waits for and forcing the rest; a cancel is never a dead end.
// Runs late (z-): it pushes images to pool-1 and steps the clock.

async function workdayPush(server: ConsoleServer, version: string, poolId = 'pool-1') {
  await server.api.call('clock-set', { speed: 'paused' });
  const { simTime } = await server.api.call('clock-get', {});
  const hour = new Date(simTime).getUTCHours();
  if (hour < 9 || hour > 15) await server.api.call('clock-step', { seconds: ((24 + 9 - hour) % 24) * 3600 }); // users at work
  const task = await server.api.call('pool-push-image', { poolId, imageVersionId: version });
  await server.api.call('clock-step', { seconds: 10 * 60 });
  return task;
}

test.describe('push image: no black box, no dead end', () => {
  test('cancel asks with counts; the machines left on the other version can be brought back', async ({ page, server }) => {
    test.setTimeout(120_000);
    const pool = await server.api.call('pool-get', { id: 'pool-1' }); // on imgv-1-3, users at work
    const task = await workdayPush(server, 'imgv-1-2', pool.id);
    const c = new ConsolePage(page, server);
    await c.goto(`/pools/${pool.id}`);
    const push = new PushPanel(page);
    await push.cancelButton(task.id).click();
    await expect(push.confirmDialog).toContainText('machine not updated');
    await push.confirmDialog.getByTestId('confirm-dialog-submit').click();
    await expect(push.confirmDialog).toHaveCount(0);
    await expect(push.active).toHaveCount(0);
    // The dead end of the issue: the pool says one version, some machines run the other. There is a way back.
    await expect(push.stranded).toBeVisible();
    await push.bringBack.click();
    await expect(page.getByTestId('wizard-push-version')).toHaveValue(pool.imageVersionId!);
    await page.getByTestId('push-image-submit').click();
    await expect(page.getByTestId('push-image-modal')).toHaveCount(0);
    const back = (await server.api.call('task-list', { objectId: pool.id, active: true }))[0];
    expect(back?.details).toMatchObject({ imageVersionId: pool.imageVersionId });
    await expect(push.active).toBeVisible();
    await server.api.call('task-cancel', { id: back!.id }); // the next test pushes again
  });

  test('Recent Tasks: the running push with whom it waits for, a link to its pool, and cancel', async ({ page, server }) => {
    test.setTimeout(120_000);
    const pool = await server.api.call('pool-get', { id: 'pool-1' });
    const target = pool.imageVersionId === 'imgv-1-3' ? 'imgv-1-2' : 'imgv-1-3';
    const task = await workdayPush(server, target);
    const c = new ConsolePage(page, server);
    await c.goto('/dashboard');
    await expect(page.getByTestId('tasks-toggle')).toHaveAttribute('data-active', '1');
    await page.getByTestId('tasks-toggle').click();
    const item = page.getByTestId(`tasks-item-${task.id}`);
    await expect(item).toContainText('Push image: KW-Floating');
    await expect(item).toContainText(`by ${task.user}`);
    const status = await server.api.call('pool-image-status', { id: 'pool-1' });
    if (status.summary.inUse > 0) await expect(page.getByTestId('task-waiting-pool-1')).toContainText(`${status.summary.inUse} machine`);
    await page.getByTestId(`tasks-item-${task.id}-link`).click();
    await expect(page).toHaveURL(/#\/pools\/pool-1$/);
    await page.getByTestId(`tasks-item-${task.id}-cancel`).click();
    await page.getByTestId('tasks-cancel-confirm-submit').click();
    await expect(item).toHaveAttribute('data-state', 'cancelled');
    expect((await server.api.call('task-list', { objectId: 'pool-1', limit: 1 }))[0]).toMatchObject({ id: task.id, state: 'cancelled' });
  });

  test('the push lists the machines and users it waits for, and forcing the rest logs them off after the grace period', async ({ page, server }) => {
    test.setTimeout(120_000);
    const task = await workdayPush(server, 'imgv-1-2'); // pool-1 is on imgv-1-3 again after the test above
    const status = await server.api.call('pool-image-status', { id: 'pool-1' });
    expect(status.summary.inUse).toBeGreaterThan(0);
    const c = new ConsolePage(page, server);
    await c.goto('/pools/pool-1');
    const push = new PushPanel(page);
    await expect(push.active).toBeVisible();
    await expect(push.summary).toContainText(`${status.summary.inUse} in use`);
    await push.showWaiting();
    await expect(push.waitingRows('in-use')).toHaveCount(status.summary.inUse);
    const firstUser = status.waiting.find((w) => w.reason === 'in-use')!.sessions[0]!;
    await expect(push.waitingRows('in-use').first().getByRole('link', { name: firstUser.userName })).toHaveAttribute('href', `#/helpdesk/${firstUser.id}`);

    await push.forceButton.click();
    await expect(push.forceDialog).toContainText(`${status.summary.sessions} session`);
    await expect(push.forceDialog).toContainText(`${status.summary.users} user`);
    await push.forceDialog.getByTestId('wizard-push-force-grace').fill('61');
    await expect(push.forceDialog.getByTestId('push-force-dialog-submit')).toBeDisabled(); // no silent clamp to 60
    await expect(push.forceDialog.getByTestId('push-force-grace-help')).toContainText('from 0 to 60');
    await push.forceDialog.getByTestId('wizard-push-force-grace').fill('2');
    await push.forceDialog.getByTestId('push-force-dialog-submit').click();
    await expect(push.forceDialog).toHaveCount(0);
    await expect(push.active).toContainText('forced');
    const forced = (await server.api.call('task-list', { objectId: 'pool-1', active: true }))[0];
    expect(forced).toMatchObject({ id: task.id, details: { logoffPolicy: 'force' } });

    await server.api.call('clock-step', { seconds: 3 * 60 });
    const after = await server.api.call('pool-image-status', { id: 'pool-1' });
    expect(after.summary.inUse).toBe(0);
    await server.api.call('clock-step', { seconds: 30 * 60 });
    expect((await server.api.call('task-list', { objectId: 'pool-1' }))[0]).toMatchObject({ id: task.id, state: 'completed' });
  });
});
