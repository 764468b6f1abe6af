import { expect, test } from './fixtures.ts';
import { PoolDetailPage } from './pages/PoolPage.ts';
import { PoolWizardPage } from './pages/PoolWizardPage.ts';

// Issue #14, pools: the wizard after a server refusal, its entitlement step and network default, clone pool.
// Runs late (z-): it creates pools.

test.describe('create-pool wizard: no dead end', () => {
  test('after the host refuses a duplicate pool ID, fixing it lets Next and Create work again', async ({ page, server }) => {
    await server.api.call('clock-set', { speed: 'paused' });
    const existing = (await server.api.call('pool-list', {}))[0]!;
    const w = new PoolWizardPage(page, server);
    await w.open();
    await expect(w.limits('displayName')).toHaveText('up to 64 characters');
    await w.field('name').fill(existing.name); // valid by the schema, refused by the host
    await w.nextTo('image');
    await w.nextTo('machines');
    await w.field('namingPattern').fill('DUP-{n:2}');
    await w.setNumber('minMachines', 1);
    await w.setNumber('maxMachines', 2);
    await w.nextTo('sessions');
    await w.nextTo('placement');
    // A desktop VLAN by default, never the management port group.
    await expect(w.field('networkId').locator('option:checked')).not.toContainText(/Management/i);
    await w.nextTo('entitlements');
    await w.entitleGroup('CORP\\GG-Dept-IT');
    await expect(page.getByTestId('wizard-entitlements-list')).toContainText('GG-Dept-IT');
    await w.nextTo('review');
    await w.create.click();
    await expect(w.step('type')).toBeVisible();
    await expect(w.fieldError('name')).toContainText('already exists');

    // The bug: Next did nothing here even with a valid value. Now every step follows.
    await w.field('name').fill('e2e-dup-fixed');
    await expect(w.fieldError('name')).toHaveCount(0);
    await w.nextTo('image');
    await w.nextTo('machines');
    await w.nextTo('sessions');
    await w.nextTo('placement');
    await w.nextTo('entitlements');
    await w.nextTo('review');
    await expect(w.step('review')).toContainText('GG-Dept-IT');
    await w.create.click();
    const pool = (await server.api.call('pool-list', {})).find((p) => p.name === 'e2e-dup-fixed');
    expect(pool).toBeDefined();
    await expect(page).toHaveURL(new RegExp(`#/pools/${pool!.id}$`));
    const ents = await server.api.call('entitlement-list', { poolId: pool!.id });
    expect(ents.map((e) => e.principalName)).toEqual(['CORP\\GG-Dept-IT']);
    const net = (await server.api.call('network-list', {})).find((n) => n.id === pool!.networkId);
    expect(net?.name).not.toMatch(/Management/i);
  });

  test('clone pool opens the wizard with the source settings and entitlements; a new ID and naming make it', async ({ page, server }) => {
    const source = (await server.api.call('pool-list', {})).find((p) => p.kind === 'instant-clone')!;
    const sourceEnts = await server.api.call('entitlement-list', { poolId: source.id });
    const w = new PoolWizardPage(page, server);
    await w.openClone(source.id);
    await expect(page.getByRole('dialog', { name: 'Create desktop pool' })).toContainText(`Clone desktop pool ${source.name}`);
    await expect(w.field('name')).toHaveValue('');
    await expect(w.field('displayName')).toHaveValue(`${source.displayName} (copy)`);
    await w.next.click();
    await expect(w.fieldError('name')).toContainText('A pool ID is 1–64 letters, digits, - or _');
    await w.field('name').fill('e2e-clone');
    await w.nextTo('image');
    await w.nextTo('machines');
    await expect(w.field('vcpu')).toHaveValue(String(source.vcpu));
    await w.field('namingPattern').fill('CLN-{n:2}');
    await w.setNumber('minMachines', 1);
    await w.setNumber('maxMachines', 2);
    await w.setNumber('spareMachines', 1);
    await w.nextTo('sessions');
    await w.nextTo('placement');
    await w.nextTo('entitlements');
    for (const e of sourceEnts) await expect(page.getByTestId(`wizard-entitled-${e.principalId}`)).toBeVisible();
    await w.nextTo('review');
    await w.create.click();
    const clone = (await server.api.call('pool-list', {})).find((p) => p.name === 'e2e-clone');
    expect(clone).toMatchObject({ kind: source.kind, vcpu: source.vcpu, ramGb: source.ramGb, powerPolicy: source.powerPolicy, clusterId: source.clusterId });
    expect((await server.api.call('entitlement-list', { poolId: clone!.id })).length).toBe(sourceEnts.length);
  });
});

test('CPU shares, reservation and limit of a pool are editable from its settings and persist', async ({ page, server }) => {
  const w = new PoolWizardPage(page, server);
  await w.goto('/pools/pool-2');
  await page.getByTestId('pool-cpu-edit').click();
  await page.getByTestId('wizard-cpu-shares').selectOption('high');
  await page.getByTestId('wizard-cpu-reservation').fill('500');
  await page.getByTestId('pool-cpu-save').click();
  await expect(page.getByTestId('pool-cpu-modal')).toHaveCount(0);
  await expect(page.getByTestId('pool-cpu-reservation')).toHaveText('500 MHz');
  expect(await server.api.call('pool-get', { id: 'pool-2' })).toMatchObject({ cpuShares: 'high', cpuReservationMhz: 500, cpuLimitMhz: null });
  await page.reload();
  await expect(page.getByTestId('pool-cpu-shares')).toContainText('High');
});

test('a new manual pool gets machines through Add machines, confirmed, never beyond its maximum', async ({ page, server }) => {
  await server.api.call('clock-set', { speed: 'paused' });
  const pool = await server.api.call('pool-create', {
    name: 'e2e-manual',
    displayName: 'E2E reception PCs',
    kind: 'manual',
    assignment: 'dedicated',
    namingPattern: 'RCP-{n:2}',
    minMachines: 0,
    maxMachines: 3,
    spareMachines: 0,
    clusterId: 'cl-1',
    datastoreIds: ['ds-1'],
    networkId: 'net-3',
  });
  const p = new PoolDetailPage(page, server);
  await p.open(pool.id, 'machines');
  // The empty manual pool says how it gets machines, instead of "provisioning creates them".
  await expect(page.getByTestId('pool-machines-add')).toBeVisible();
  await p.addMachinesButton.click();
  await expect(p.addMachinesDialog).toContainText('0 of at most 3 in the pool now');
  await expect(page.getByTestId('field-limits-add-machines-count')).toHaveText('1–3, whole numbers');
  // Above the room left: marked on the field before anything is sent; Add is disabled.
  await p.addMachinesCount.fill('5');
  await expect(page.getByTestId('field-error-add-machines-count')).toContainText('At most 3 more');
  await expect(p.addMachinesDialog.getByTestId('pool-add-machines-submit')).toBeDisabled();
  expect((await server.api.call('pool-get', { id: pool.id })).machineCount).toBe(0);
  await p.addMachinesCount.fill('2');
  await expect(p.addMachinesDialog.getByTestId('pool-add-machines-submit')).toHaveText('Add 2 machines');
  await expect(p.addMachinesDialog.getByTestId('pool-add-machines-submit')).toBeEnabled();
  await page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? 'test-results/screenshots'}/pool-add-machines.png` });
  await p.addMachinesDialog.getByTestId('pool-add-machines-submit').click();
  await expect(p.addMachinesDialog).toHaveCount(0);
  await expect(page.getByTestId('desktop-RCP-01-row')).toBeVisible();
  await expect(page.getByTestId('desktop-RCP-02-row')).toBeVisible();
  await expect(p.tab('machines')).toContainText('Machines (2)');
  // One left under the maximum; a full pool explains itself and offers nothing to submit.
  await server.api.call('pool-add-machines', { id: pool.id, count: 1 });
  await expect(p.tab('machines')).toContainText('Machines (3)');
  await p.addMachinesButton.click();
  await expect(p.addMachinesDialog).toContainText('Raise its maximum in Edit settings');
  await expect(p.addMachinesDialog.getByTestId('pool-add-machines-submit')).toBeDisabled();
  await p.addMachinesDialog.getByTestId('pool-add-machines-cancel').click();
  // Automated pools have no such action: they provision their own machines (any one left in the shared lab).
  const automated = (await server.api.call('pool-list', {})).find((x) => x.kind !== 'manual')!;
  await p.open(automated.id);
  await expect(p.addMachinesButton).toHaveCount(0);
});
