import WebSocket from 'ws';
import { expect, test } from './fixtures.ts';

test.describe('access token', () => {
  test('without the token the server refuses the page', async ({ page, server, request }) => {
    const bare = await request.get(`${server.origin}/`, { maxRedirects: 0 });
    expect([401, 403]).toContain(bare.status());
    const wrong = await request.get(`${server.origin}/?token=not-the-token`);
    expect([401, 403]).toContain(wrong.status());

    const res = await page.goto(`${server.origin}/`);
    expect([401, 403]).toContain(res?.status());
    await expect(page.getByText(/access refused/i).first()).toBeVisible();
    await expect(page.getByTestId('dashboard')).toHaveCount(0);
  });

  test('without the token the WebSocket is refused', async ({ server }) => {
    const u = new URL(server.url);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://${u.host}/ws`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('error', () => resolve(-1));
    });
    expect([401, 403]).toContain(status);
  });

  test('with the token the console connects', async ({ page, server }) => {
    await page.goto(server.at('/dashboard'));
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
    await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  });
});
