import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test as base } from '@playwright/test';
import { startConsole, type ConsoleServer } from './fixtures.ts';
import { CheckpointsPage } from './pages/CheckpointsPage.ts';
import { clockMinute } from './pages/ClockBar.ts';

// Lab checkpoints in the console: save the lab before a class, let time and changes happen,
// restore it (the clock is paused, the lab is back to the saved moment), export it to a file and
// import that file again. Its own serve: restoring rewinds the whole lab.

const test = base.extend<object, { server: ConsoleServer & { close(): Promise<void> } }>({
  server: [
    async ({}, use) => {
      const s = await startConsole('small', 1);
      await use(s);
      await s.close();
    },
    { scope: 'worker', timeout: 70_000 },
  ],
});

test.describe('lab checkpoints', () => {
  test('save a checkpoint, run on and change things, restore it: the lab is back at the saved moment', async ({ page, server }) => {
    const cps = new CheckpointsPage(page, server);
    await cps.open();
    await expect(page.getByText('No checkpoints yet')).toBeVisible();
    const before = await server.api.call('clock-get', {});
    await cps.save('Before class');
    await expect(cps.simTime('Before class')).toHaveText(clockMinute(before.simTime));

    await server.api.call('clock-step', { seconds: 3600 });
    await server.api.call('desktop-set-maintenance', { id: 'vm-43', maintenance: true });
    await server.api.call('clock-set', { speed: '10' }); // restore pauses a running clock
    await expect(cps.clock.time).not.toHaveText(new RegExp(clockMinute(before.simTime)));
    await page.screenshot({ path: '/tmp/checkpoints-list.png' });

    await cps.restore('Before class');
    await expect(page.getByText('The lab was restored from checkpoint "Before class"').first()).toBeVisible();
    await expect(cps.clock.time).toContainText(clockMinute(before.simTime));
    const after = await server.api.call('clock-get', {});
    expect(after).toMatchObject({ simTime: before.simTime, running: false });
    expect((await server.api.call('desktop-get', { id: 'vm-43' })).state).not.toBe('MAINTENANCE');
    await expect(cps.row('Before class')).toBeVisible(); // the list survives the restore
    await page.screenshot({ path: '/tmp/checkpoints-restored.png' });
  });

  test('export a checkpoint to a file and import it back', async ({ page, server }) => {
    const cps = new CheckpointsPage(page, server);
    await cps.open();
    if ((await server.api.call('checkpoint-list', {})).length === 0) await cps.save('Before class');
    const cp = (await server.api.call('checkpoint-list', {}))[0]!;
    const download = page.waitForEvent('download');
    await cps.exportButton(cp.name).click();
    const file = await download;
    const path = join(server.dataDir, 'exported.vdilab');
    await file.saveAs(path);
    expect(statSync(path).size).toBe(cp.sizeBytes);
    expect(file.suggestedFilename()).toMatch(/\.vdilab$/);

    await cps.importFile(path, 'From the file');
    await expect(page.getByTestId('checkpoint-import-modal')).toBeHidden();
    await expect(cps.row('From the file')).toContainText('imported');
    await expect(cps.simTime('From the file')).toHaveText(clockMinute(cp.simTime));

    // A file that is not a lab is refused with the reason; nothing is added.
    const bogus = join(server.dataDir, 'notes.vdilab');
    writeFileSync(bogus, 'not a lab at all '.repeat(64));
    await cps.importFile(bogus, 'Bogus');
    await expect(page.getByTestId('checkpoint-import-error')).toContainText('not');
    await page.screenshot({ path: '/tmp/checkpoints-import-refused.png' });
    expect((await server.api.call('checkpoint-list', {})).map((c) => c.name)).not.toContain('Bogus');
  });
});
