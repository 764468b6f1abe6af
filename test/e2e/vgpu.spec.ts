import { VOCABULARIES } from '../../src-main/contract/index.ts';
import { leakedTerms } from '../../src-main/shared/vocabulary/index.ts';
import { expect, test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';
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

test('the host list and the cluster page show each host’s GPUs and vGPU slots, in every vocabulary', async ({ page, server }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  const api = server.api;
  // Hosts without GPUs yet (the test above may have given one its GPUs).
  const withGpu = new Set((await api.call('host-gpu-list', {})).map((g) => g.hostId));
  const hosts = (await api.call('host-list', {})).filter((h) => !withGpu.has(h.id));
  const { rows } = await api.call('desktop-list', { powerState: 'poweredOff' });
  const vm = rows.find((r) => r.sessions === 0 && hosts.some((h) => h.name === r.host));
  test.skip(!vm, 'no powered-off machine on a host without GPUs');
  const host = hosts.find((h) => h.name === vm!.host);
  if (!host) throw new Error('no host');
  const other = hosts.find((h) => h.clusterId === host.clusterId && h.id !== host.id);
  await api.call('host-gpu-set', { hostId: host.id, gpu: { model: 'A16', gpus: 4 } });
  if (other) await api.call('host-gpu-set', { hostId: other.id, gpu: { model: 'L4', gpus: 2 } });
  await api.call('desktop-hardware-set', { desktopId: vm!.id, vgpuProfile: 'A16-2Q' });
  await api.call('vm-power-on', { desktopId: vm!.id });
  const console = new ConsolePage(page, server);
  const pageText = () =>
    page.evaluate(() => {
      const parts: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement?.closest('code, pre, kbd, script, style')) parts.push(n.nodeValue ?? '');
      return parts.join('\n');
    });
  try {
    for (const vocab of VOCABULARIES) {
      await api.call('settings-set', { vocabulary: vocab });
      await console.goto('/hosts');
      await page.reload();
      const cell = page.getByTestId(`host-${host.name}-gpus`);
      await expect(cell).toContainText('4 × A16');
      await expect(cell).toContainText('1 / 32 A16-2Q');
      if (other) await expect(page.getByTestId(`host-${other.name}-gpus`)).toContainText('2 GPUs free');
      expect(leakedTerms(await pageText(), vocab), vocab).toEqual([]);
      await page.screenshot({ path: `${DIR}/hosts-gpus-${vocab}.png` });

      await console.goto(`/clusters/${host.clusterId}`);
      await page.reload();
      await expect(page.getByTestId('cluster-gpus')).toContainText(/\d+ × A16/);
      await expect(page.getByTestId('cluster-gpus')).toContainText(/vGPU slots \d+ \/ \d+ used/);
      // The cluster's hosts table names hosts by their short name.
      await expect(page.getByTestId(`cluster-host-${host.name.split('.')[0]}-gpus`)).toContainText('1 / 32 A16-2Q');
      expect(leakedTerms(await pageText(), vocab), vocab).toEqual([]);
      await page.screenshot({ path: `${DIR}/cluster-gpus-${vocab}.png` });
    }
  } finally {
    await api.call('settings-set', { vocabulary: 'horizon' });
  }
});
