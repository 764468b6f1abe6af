import { expect, test } from './fixtures.ts';
import { HttpApiPage } from './pages/HttpApiPage.ts';

// The HTTP API page: an admin injects a fault for a Horizon operation, a script meets it (once),
// and the request log shows both requests with their statuses; the fault is deleted again.

test('inject a fault from the page; a script meets it once; the request log shows it', async ({ page, server }) => {
  const view = new HttpApiPage(page, server);
  await view.open();
  await expect(view.passwordSource).toContainText('console token');
  await view.addFault({ id: 'e2e-flaky-farms', operationId: 'listFarms', status: '503', count: '1' });

  const login = await page.request.post(`${server.origin}/rest/login`, { data: { username: 'administrator', password: server.token, domain: 'CORP' } });
  expect(login.status()).toBe(200);
  const { access_token: access } = (await login.json()) as { access_token: string };
  const farms = () => page.request.get(`${server.origin}/rest/inventory/v1/farms`, { headers: { authorization: `Bearer ${access}` } });
  expect((await farms()).status()).toBe(503);
  expect((await farms()).status()).toBe(200);

  await expect(view.fired('e2e-flaky-farms')).toHaveText('1');
  const failed = view.logRows().filter({ hasText: '/rest/inventory/v1/farms' }).filter({ hasText: 'e2e-flaky-farms' });
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('503');
  await expect(view.logRows().filter({ hasText: '/rest/inventory/v1/farms' })).toHaveCount(2);
  await expect(page.getByTestId('request-log-table')).not.toContainText(access);

  await page.getByTestId('fault-delete-e2e-flaky-farms').click();
  await expect(view.faultRow('e2e-flaky-farms')).toBeHidden();
});
