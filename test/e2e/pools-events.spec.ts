import { expect, test } from './fixtures.ts';
import { EventsPage } from './pages/EventsPage.ts';
import { PoolDetailPage, PoolsPage } from './pages/PoolPage.ts';

test.describe('pools and the audit trail', () => {
  test('disabling and enabling a pool writes events that can be acknowledged', async ({ page, server }) => {
    const pools = await server.api.call('pool-list', {});
    const pool = pools.find((p) => p.enabled) ?? pools[0]!;
    const before = await server.api.call('event-list', { limit: 1 });
    const lastIdBefore = before.rows[0]?.id ?? 0;

    const list = new PoolsPage(page, server);
    await list.open();
    await list.row(pool.name).click();
    const detail = new PoolDetailPage(page, server);
    await expect(page).toHaveURL(new RegExp(`#/pools/${pool.id}$`));
    await expect(detail.status).toHaveText('Enabled');

    expect(pool.entitledGroupIds.length + pool.entitledUserIds.length).toBeGreaterThan(0);
    await detail.setEnabled(false, true); // asks first: the pool has entitlements
    expect((await server.api.call('pool-get', { id: pool.id })).enabled).toBe(false);
    await detail.setEnabled(true);
    expect((await server.api.call('pool-get', { id: pool.id })).enabled).toBe(true);

    // Both changes are in the audit trail, on the pool, newer than anything before.
    const audit = await server.api.call('event-list', { objectKind: 'pool', objectId: pool.id, limit: 10 });
    const fresh = audit.rows.filter((e) => e.id > lastIdBefore);
    expect(fresh.length).toBeGreaterThanOrEqual(2);
    const newest = fresh[0]!;

    const events = new EventsPage(page, server);
    await events.open();
    for (const e of fresh) await expect(events.row(e.id)).toBeVisible();
    await expect(events.row(newest.id)).toContainText(pool.name);
    await expect(events.ackCell(newest.id)).toHaveText('New');

    await events.select(newest.id);
    await events.acknowledgeSelected();
    await events.expectAcknowledged(newest.id);
    const after = await server.api.call('event-list', { objectKind: 'pool', objectId: pool.id, limit: 10 });
    expect(after.rows.find((e) => e.id === newest.id)?.acknowledged).toBe(true);
  });

  test('a new event appears on the Events page without a reload', async ({ page, server }) => {
    const events = new EventsPage(page, server);
    await events.open();
    const pools = await server.api.call('pool-list', {});
    const pool = pools[pools.length - 1]!;
    // A write from another client (the API) pushes `event-added` to the open page.
    await server.api.call('pool-set-provisioning', { id: pool.id, enabled: !pool.provisioningEnabled });
    const newest = (await server.api.call('event-list', { limit: 1 })).rows[0]!;
    await expect(events.row(newest.id)).toBeVisible();
    await server.api.call('pool-set-provisioning', { id: pool.id, enabled: pool.provisioningEnabled });
  });
});
