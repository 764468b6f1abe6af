import { expect, test } from './fixtures.ts';
import { DesktopsPage } from './pages/DesktopsPage.ts';
import { HostsPage } from './pages/HostsPage.ts';
import { PoolDetailPage } from './pages/PoolPage.ts';

// Issue 19 in the console: a VM's virtual hardware in the desktop drawer (Hardware tab), edited with
// hot-add on a running VM, a Windows 11 VM refused without its vTPM, and the pool's template hardware
// in its settings. Screenshots land in test-results/hardware/.

const DIR = 'test-results/hardware';

test.describe('virtual hardware', () => {
  test("the drawer shows a VM's hardware; hot-add grows a running VM at once", async ({ page, server }) => {
    const { rows } = await server.api.call('desktop-list', { poolId: 'pool-4', powerState: 'poweredOff' });
    const vm = rows[0];
    test.skip(!vm, 'no powered-off machine in pool-4');
    const desktops = new DesktopsPage(page, server);
    await desktops.open(`?q=${encodeURIComponent(vm!.name)}`);
    const panel = await desktops.openDetails(vm!.name);
    await panel.getByTestId('desktop-tab-hardware').click();
    const card = panel.getByTestId('hw-card');
    await expect(card.getByTestId('hw-hypervisor')).toContainText('VMware ESXi');
    await expect(card.getByTestId('hw-firmware')).toContainText('vTPM present');
    await expect(card.getByTestId('hw-disks')).toContainText('VMDK');
    await page.screenshot({ path: `${DIR}/drawer-hardware.png` });

    // Powered off: turn on CPU and memory hot-add (applied at once).
    await card.getByTestId('hw-edit').click();
    const modal = page.getByTestId('hardware-modal');
    await modal.getByTestId('hw-cpu-hot').check();
    await modal.getByTestId('hw-mem-hot').check();
    await page.screenshot({ path: `${DIR}/edit-hardware-modal.png` });
    await modal.getByTestId('hardware-save').click();
    await expect(modal).toHaveCount(0);
    await expect(card.getByTestId('hw-vnuma')).toContainText('Off');
    const before = await server.api.call('desktop-get', { id: vm!.id });

    // Power it on, then add a socket: hot-added, no pending change.
    await server.api.call('vm-power-on', { desktopId: vm!.id });
    await card.getByTestId('hw-edit').click();
    await modal.locator('input[name="hw-sockets"]').fill('2');
    await modal.getByTestId('hardware-save').click();
    await expect(modal).toHaveCount(0);
    await expect(card.getByTestId('hw-cpu')).toContainText(`${before.vcpu * 2} vCPU (2 sockets`);
    await expect(panel.getByTestId('hw-pending')).toHaveCount(0);
    expect((await server.api.call('desktop-get', { id: vm!.id })).vcpu).toBe(before.vcpu * 2);

    // Less memory on the running VM: saved as pending, and the drawer says so.
    await card.getByTestId('hw-edit').click();
    await modal.locator('input[name="hw-mem"]').fill(String(Math.max(1, before.ramGb - 1)));
    await modal.getByTestId('hardware-save').click();
    await expect(panel.getByTestId('hw-pending')).toContainText('hot-remove does not exist');
    await page.screenshot({ path: `${DIR}/drawer-pending.png` });
  });

  test('a Windows 11 VM without a vTPM is refused with the reason, and nothing changes', async ({ page, server }) => {
    const { rows } = await server.api.call('desktop-list', { poolId: 'pool-1', powerState: 'poweredOn' });
    const vm = rows.find((r) => r.sessions === 0) ?? rows[0];
    const desktops = new DesktopsPage(page, server);
    await desktops.open(`?q=${encodeURIComponent(vm!.name)}`);
    const panel = await desktops.openDetails(vm!.name);
    await panel.getByTestId('desktop-tab-hardware').click();
    await panel.getByTestId('hw-edit').click();
    const modal = page.getByTestId('hardware-modal');
    await modal.getByTestId('hw-vtpm').uncheck();
    await modal.getByTestId('hardware-save').click();
    await expect(modal.getByTestId('hardware-error')).toContainText('requires UEFI with Secure Boot and a TPM 2.0');
    await page.screenshot({ path: `${DIR}/win11-vtpm-refused.png` });
    expect((await server.api.call('desktop-hardware-get', { desktopId: vm!.id })).hardware.vtpm).toBe(true);
  });

  test("the pool's template hardware is shown in its settings and edited there", async ({ page, server }) => {
    const pool = new PoolDetailPage(page, server);
    await pool.open('pool-2', 'settings');
    const card = page.getByTestId('pool-settings-hardware');
    await expect(card.getByTestId('hw-cpu')).toContainText('vCPU');
    await card.getByTestId('pool-hw-edit').click();
    const modal = page.getByTestId('hardware-modal');
    await modal.locator('input[name="hw-res"]').fill('2');
    await modal.getByTestId('hardware-save').click();
    await expect(modal).toHaveCount(0);
    await expect(card.getByTestId('hw-memory')).toContainText('reservation 2 GB');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/pool-template-hardware.png`, fullPage: true });
    expect((await server.api.call('pool-hardware-get', { poolId: 'pool-2' })).hardware.memoryReservationGb).toBe(2);
  });
});

test.describe("a cluster's hypervisor", () => {
  test('the clusters table offers the change; a cluster with VMs is refused with the reason', async ({ page, server }) => {
    const hosts = new HostsPage(page, server);
    await hosts.open();
    const cluster = (await server.api.call('cluster-list', {}))[0]!;
    await page.getByTestId(`cluster-${cluster.name}-change-hypervisor`).click();
    const modal = page.getByTestId('cluster-hypervisor-modal');
    await modal.getByTestId('cluster-hypervisor-select').selectOption('kvm');
    await page.screenshot({ path: `${DIR}/cluster-hypervisor-modal.png` });
    await modal.getByTestId('cluster-hypervisor-save').click();
    await expect(modal.getByTestId('cluster-hypervisor-error')).toContainText('cannot move across hypervisor types');
    await page.screenshot({ path: `${DIR}/cluster-hypervisor-refused.png` });
    expect((await server.api.call('cluster-list', {}))[0]?.hypervisor).toBe(cluster.hypervisor);
  });
});
