import { expect, type Locator, type Page } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

export class PoolsPage extends ConsolePage {
  async open(): Promise<void> {
    await this.goto('/pools');
    await this.page.getByTestId('pools-table').waitFor();
  }
  row(name: string): Locator {
    return this.page.getByTestId(`pool-${name}-row`);
  }
  enabledCell(name: string): Locator {
    return this.page.getByTestId(`pool-${name}-enabled`);
  }
}

export class PoolDetailPage extends ConsolePage {
  async open(poolId: string, tab = ''): Promise<void> {
    await this.goto(`/pools/${poolId}${tab ? `?tab=${tab}` : ''}`);
    await this.status.waitFor();
  }
  get status(): Locator {
    return this.page.getByTestId('pool-detail-status');
  }
  get disableConfirm(): Locator {
    return this.page.getByTestId('pool-disable-confirm');
  }
  get enabledSwitch(): Locator {
    return this.page.getByTestId('pool-enabled-toggle');
  }
  get provisioningSwitch(): Locator {
    return this.page.getByTestId('pool-provisioning-toggle');
  }
  /** Flips a PatternFly switch through its label (the input itself is visually hidden). */
  /** Disabling a pool with sessions or entitlements asks first (`confirm`), naming how many. */
  async setEnabled(on: boolean, confirm = false): Promise<void> {
    await this.page.locator('label[for="pool-enabled-toggle"]').click();
    if (confirm) {
      await expect(this.disableConfirm.getByTestId('pool-disable-confirm-impact')).toContainText('entitled');
      await this.disableConfirm.getByTestId('pool-disable-confirm-submit').click();
      await expect(this.disableConfirm).toHaveCount(0);
    }
    await expect(this.enabledSwitch).toBeChecked({ checked: on });
    await expect(this.status).toHaveText(on ? 'Enabled' : 'Disabled');
  }
  async setProvisioning(on: boolean): Promise<void> {
    await this.page.locator('label[for="pool-provisioning-toggle"]').click();
    await expect(this.provisioningSwitch).toBeChecked({ checked: on });
  }
  tab(name: 'settings' | 'machines' | 'entitlements' | 'sessions'): Locator {
    return this.page.getByTestId(`pool-tab-${name}`);
  }
  /** Manual pools only: "Add machines" and its confirmation. */
  get addMachinesButton(): Locator {
    return this.page.getByTestId('pool-add-machines-button');
  }
  get addMachinesDialog(): Locator {
    return this.page.getByTestId('pool-add-machines');
  }
  get addMachinesCount(): Locator {
    return this.page.getByTestId('wizard-add-machines-count');
  }
}

/** The pool page's provisioning card and image / push image tasks card. */
export class PoolManagePanel {
  constructor(readonly page: Page) {}
  get provisioning(): Locator {
    return this.page.getByTestId('pool-provisioning');
  }
  get readyCount(): Locator {
    return this.page.getByTestId('pool-ready-count');
  }
  stateCount(state: 'PROVISIONING' | 'CUSTOMIZING' | 'AVAILABLE' | 'PROVISIONING_ERROR'): Locator {
    return this.page.getByTestId(`pool-prov-${state}`);
  }
  get pushButton(): Locator {
    return this.page.getByTestId('pool-push-image-button');
  }
  get rollbackButton(): Locator {
    return this.page.getByTestId('pool-rollback-button');
  }
  get pushModal(): Locator {
    return this.page.getByTestId('push-image-modal');
  }
  task(id: string): Locator {
    return this.page.getByTestId(`task-${id}-row`);
  }
  taskState(id: string): Locator {
    return this.page.getByTestId(`task-${id}-state`);
  }
}

/** The active push image on a pool page: what it waits for, force the rest, cancel, and the way back after a cancel. */
export class PushPanel {
  constructor(readonly page: Page) {}
  get active(): Locator {
    return this.page.getByTestId('push-active');
  }
  get summary(): Locator {
    return this.page.getByTestId('push-waiting-summary');
  }
  get versions(): Locator {
    return this.page.getByTestId('pool-image-versions');
  }
  async showWaiting(): Promise<void> {
    await this.page.getByTestId('push-waiting-toggle').getByRole('button').click();
    await this.page.getByTestId('push-waiting-table').waitFor();
  }
  waitingRows(reason?: string): Locator {
    const rows = this.page.getByTestId('push-waiting-table').locator('tbody tr');
    return reason ? rows.and(this.page.locator(`[data-reason="${reason}"]`)) : rows;
  }
  get forceButton(): Locator {
    return this.page.getByTestId('push-force-button');
  }
  get forceDialog(): Locator {
    return this.page.getByTestId('push-force-dialog');
  }
  cancelButton(taskId: string): Locator {
    return this.page.getByTestId(`task-${taskId}-cancel`);
  }
  get confirmDialog(): Locator {
    return this.page.getByTestId('confirm-dialog');
  }
  get stranded(): Locator {
    return this.page.getByTestId('pool-image-stranded');
  }
  get bringBack(): Locator {
    return this.page.getByTestId('pool-image-bring-back');
  }
}
