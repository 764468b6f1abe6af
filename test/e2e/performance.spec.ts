import type { MetricsNow } from '../../src-main/contract/index.ts';
import { expect, test } from './fixtures.ts';
import type { ConsoleServer } from './fixtures.ts';
import { HostDetailPage } from './pages/HostsPage.ts';
import { ConsolePage } from './pages/ConsolePage.ts';
import { PerformancePage } from './pages/PerformancePage.ts';

/** Makes sure the last hour has samples: steps a paused clock 15 simulated minutes when it has none yet. */
async function withSamples(server: ConsoleServer): Promise<void> {
  await server.api.call('clock-set', { speed: 'paused' });
  const s = await server.api.call('metrics-series', { scope: 'estate', range: '1h' });
  if (s.points.length < 10) await server.api.call('clock-step', { seconds: 900 });
}

/** The level a heat-map tile should show for CPU ready (DOMAIN.md: 5 % warning, 10 % critical). */
const readyLevel = (pct: number) => (pct > 10 ? 'critical' : pct > 5 ? 'warning' : 'ok');

test.describe('performance charts and the host heat-map', () => {
  test.beforeEach(async ({ server }) => {
    await withSamples(server);
  });

  test('a host page shows live charts with data: CPU and ready with their alarm lines, memory, sessions, power', async ({ page, server }) => {
    const hosts = await server.api.call('host-list', {});
    const now = await server.api.call('metrics-current', {});
    const busiest = [...now.hosts].sort((a, b) => b.sessions - a.sessions)[0]!;
    const host = hosts.find((h) => h.id === busiest.id)!;
    const detail = new HostDetailPage(page, server);
    await detail.goto(`/hosts/${host.id}`);
    await expect(detail.heading).toHaveText(host.name);
    await expect(detail.charts).toBeVisible();
    for (const id of ['host-cpu', 'host-ready', 'host-memory', 'host-sessions', 'host-ux', 'host-power']) {
      await expect(detail.chart(id).locator('canvas')).toBeVisible();
      await expect.poll(async () => Number(await detail.chart(id).locator('.vdi-chart__plot').getAttribute('data-points'))).toBeGreaterThan(10);
    }
    // The legends read out the newest sample (not the empty dash).
    await expect(detail.chartValue('host-cpu', 'cpuPct')).toHaveText(/^\d+\.\d %$/);
    await expect(detail.chartValue('host-ready', 'readyPct')).toHaveText(/^\d+\.\d+ %$/);
    await expect(detail.chartValue('host-memory', 'memState')).toHaveText(/^(high|clear|soft|hard|low)$/);
    await expect(detail.chartValue('host-sessions', 'sessions')).toHaveText(/^[\d,]+$/);
    await expect(detail.chartValue('host-power', 'watts')).toHaveText(/^[\d,]+ W$/);
    const series = await server.api.call('metrics-series', { scope: 'host', id: host.id, range: '1h' });
    const last = series.points[series.points.length - 1]!;
    await expect(detail.chartValue('host-sessions', 'sessions')).toHaveText(Math.round(last.sessions ?? 0).toLocaleString('en-US'));

    // A longer range reads the 5-minute rollups.
    await detail.charts.getByTestId('host-charts-range-8h').click();
    await expect(detail.charts.getByTestId('host-charts-range-8h')).toHaveAttribute('aria-pressed', 'true');
    await expect(detail.charts).toContainText('5-minute averages');
    const rollups = await server.api.call('metrics-series', { scope: 'host', id: host.id, range: '8h' });
    await expect.poll(async () => Number(await detail.chart('host-cpu').locator('.vdi-chart__plot').getAttribute('data-points'))).toBe(rollups.points.length);
  });

  test('the heat-map has one tile per host, coloured by the chosen metric; a tile opens its host', async ({ page, server }) => {
    const hosts = await server.api.call('host-list', {});
    const perf = new PerformancePage(page, server);
    await perf.open();
    await expect(perf.tiles).toHaveCount(hosts.length);
    for (const h of hosts) await expect(perf.tile(h.name)).toHaveAttribute('data-level', /^(ok|warning|critical|off)$/);

    await perf.colourBy('ready');
    await expect(perf.metricPicker).toHaveAttribute('data-value', 'ready');
    // Paused: the figures do not move, so each powered-on host's tile matches the API's ready %.
    const now: MetricsNow = await server.api.call('metrics-current', {});
    for (const h of hosts.filter((x) => x.powerState === 'poweredOn' && x.connectionState !== 'notResponding')) {
      const m = now.hosts.find((x) => x.id === h.id)!;
      await expect(perf.tile(h.name)).toHaveAttribute('data-level', readyLevel(m.readyPct));
    }

    // The hosts' uplinks: each tile reads the API's NIC load, levelled at 70 / 90 %.
    await perf.colourBy('network');
    await expect(perf.metricPicker).toHaveAttribute('data-value', 'network');
    for (const h of hosts.filter((x) => x.powerState === 'poweredOn' && x.connectionState !== 'notResponding')) {
      const m = now.hosts.find((x) => x.id === h.id)!;
      await expect(perf.tile(h.name)).toHaveAttribute('data-level', m.nicPct > 90 ? 'critical' : m.nicPct > 70 ? 'warning' : 'ok');
    }
    await page.screenshot({ path: test.info().outputPath('heatmap-network.png') });

    const target = [...hosts].sort((a, b) => a.name.localeCompare(b.name))[0]!;
    await perf.tile(target.name).hover();
    await expect(perf.tooltip).toBeVisible();
    await expect(perf.tooltip).toContainText(target.name);
    await expect(perf.tooltip).toContainText('CPU ready');
    await expect(perf.tooltip).toContainText('Network (uplinks)');

    await perf.tile(target.name).click();
    await expect(page).toHaveURL(new RegExp(`#/hosts/${target.id}$`));
    await expect(page.getByTestId('host-detail-name')).toHaveText(target.name);
    await expect(perf.tooltip).toBeHidden();
  });

  test('the dashboard shows the estate charts and the heat-map; pools and datastores have their charts', async ({ page, server }) => {
    const c = new ConsolePage(page, server);
    await c.goto('/dashboard');
    for (const id of ['estate-sessions', 'estate-storage', 'estate-cpu', 'estate-ready', 'estate-memory', 'estate-power']) {
      await expect(c.chart(id).locator('canvas')).toBeVisible();
    }
    await expect(c.chartValue('estate-storage', 'iops')).toHaveText(/^[\d,]+$/);
    const hosts = await server.api.call('host-list', {});
    await expect(page.getByTestId('dashboard-heatmap-card').locator('[data-testid^="heatmap-host-"]')).toHaveCount(hosts.length);

    const pools = await server.api.call('pool-list', {});
    const pool = [...pools].sort((a, b) => b.sessionCount - a.sessionCount)[0]!;
    await c.goto(`/pools/${pool.id}`);
    await expect(c.chart('pool-sessions').locator('canvas')).toBeVisible();
    await expect(c.chartValue('pool-sessions', 'sessions')).toHaveText(/^[\d,]+$/);
    await expect(c.chartValue('pool-ux', 'uxMs')).toHaveText(/^[\d,]+ ms$/);

    const [ds] = await server.api.call('datastore-list', {});
    await c.goto('/datastores');
    await page.getByTestId(`datastore-${ds!.name}-row`).click();
    await expect(page).toHaveURL(new RegExp(`#/datastores/${ds!.id}$`));
    await expect(page.getByTestId('datastore-detail-name')).toHaveText(ds!.name);
    await expect(c.chart('datastore-iops').locator('canvas')).toBeVisible();
    await expect(c.chart('datastore-latency')).toBeVisible();
    await expect(c.chartValue('datastore-latency', 'latencyMs')).toHaveText(/ms$/);
    await expect(page.getByTestId('datastore-now-iops')).toHaveText(/^[\d,]+$/);
  });
});
