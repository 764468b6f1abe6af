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
  get enabledSwitch(): Locator {
    return this.page.getByTestId('pool-enabled-toggle');
  }
  get provisioningSwitch(): Locator {
    return this.page.getByTestId('pool-provisioning-toggle');
  }
  /** Flips a PatternFly switch through its label (the input itself is visually hidden). */
  async setEnabled(on: boolean): Promise<void> {
    await this.page.locator('label[for="pool-enabled-toggle"]').click();
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
