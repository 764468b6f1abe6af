import { expect, test } from './fixtures.ts';
import { HostsPage } from './pages/HostsPage.ts';

// Issue 19, vGPU density in the console: the host detail shows the host's GPUs and the vGPU slots
// its running vGPU VMs use; the configure role edits the GPUs. Screenshots land in test-results/vgpu/.

const DIR = 'test-results/vgpu';

test('a host gets GPUs from its detail page and shows the vGPU slots a running vGPU VM uses', async ({ page, server }) => {
  const { rows } = await server.api.call('desktop-list', { powerState: 'poweredOff' });
  const vm = rows.find((r) => r.sessions === 0);
  test.skip(!vm, 'no powered-off machine');
  const hosts = new HostsPage(page, server);
  await hosts.open();
  await hosts.openHost(vm!.host);
  const card = page.getByTestId('host-gpus');
  await expect(card.getByTestId('host-gpu-model')).toContainText('None');

  await card.getByTestId('host-gpu-edit').click();
  const modal = page.getByTestId('host-gpu-modal');
  await modal.getByTestId('host-gpu-model-select').selectOption('A16');
  await modal.getByTestId('host-gpu-count').fill('4');
  await page.screenshot({ path: `${DIR}/edit-gpus-modal.png` });
  await modal.getByTestId('host-gpu-save').click();
  await expect(modal).toHaveCount(0);
  await expect(card.getByTestId('host-gpu-model')).toContainText('4 × NVIDIA A16 (16 GB frame buffer each)');

  // A vGPU VM powered on on this host takes one of 4 × 8 = 32 A16-2Q slots.
  await server.api.call('desktop-hardware-set', { desktopId: vm!.id, vgpuProfile: 'A16-2Q' });
  await server.api.call('vm-power-on', { desktopId: vm!.id });
  await expect(card.getByTestId('host-gpu-slots-A16-2Q')).toContainText('1 / 32 used (8 per GPU, on 1 GPU)');
  await expect(card.getByTestId('host-gpu-in-use')).toContainText('1 of 4');
  await page.screenshot({ path: `${DIR}/host-gpus.png` });

  // While it runs, the GPUs cannot change: the refusal says why.
  await card.getByTestId('host-gpu-edit').click();
  await modal.getByTestId('host-gpu-model-select').selectOption('none');
  await modal.getByTestId('host-gpu-save').click();
  await expect(page.getByTestId('host-gpu-error')).toContainText('vGPU VM(s) run on');
});
