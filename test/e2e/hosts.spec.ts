import { expect, test } from './fixtures.ts';
import { HostsPage } from './pages/HostsPage.ts';

test.describe('clusters & hosts', () => {
  test('every host is listed, and a host opens with the desktops on it', async ({ page, server }) => {
    const hosts = new HostsPage(page, server);
    await hosts.open();
    const list = await server.api.call('host-list', {});
    expect(list.length).toBeGreaterThan(0);
    await expect(hosts.rows).toHaveCount(list.length);
    for (const h of list) await expect(hosts.row(h.name)).toBeVisible();

    // Drill into the host with the most desktops.
    const target = [...list].sort((a, b) => b.vmCount - a.vmCount)[0]!;
    const expected = await server.api.call('host-get', { id: target.id });
    const detail = await hosts.openHost(target.name);
    await expect(page).toHaveURL(new RegExp(`#/hosts/${target.id}$`));
    await expect(detail.heading).toHaveText(target.name);
    await expect(detail.desktopsCount).toHaveText(`(${expected.desktops.length})`);
    await expect(detail.desktopsTable).toHaveAttribute('data-row-count', String(expected.desktops.length));
    const first = [...expected.desktops].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))[0]!;
    await expect(detail.desktopRow(first.name)).toBeVisible();
    await expect(page.getByTestId(`desktop-${first.name}-state`)).toHaveText(first.state);
  });

  test('each cluster names its site (datacenter) and where it is, as site-list has them', async ({ page, server }) => {
    const hosts = new HostsPage(page, server);
    await hosts.open();
    const sites = new Map((await server.api.call('site-list', {})).map((s) => [s.id, s]));
    for (const c of await server.api.call('cluster-list', {})) {
      const site = sites.get(c.siteId)!;
      await expect(page.getByTestId(`cluster-${c.name}-site`)).toHaveText(`${site.name}${site.location}`); // two lines: name, then where;
    }
  });
});
