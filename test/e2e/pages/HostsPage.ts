import type { Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

export class HostsPage extends ConsolePage {
  async open(): Promise<void> {
    await this.goto('/hosts');
    await this.page.getByTestId('hosts-table').waitFor();
  }
  row(name: string): Locator {
    return this.page.getByTestId(`host-${name}-row`);
  }
  get rows(): Locator {
    return this.page.getByTestId('hosts-table').locator('tbody tr[data-testid]');
  }
  async openHost(name: string): Promise<HostDetailPage> {
    await this.row(name).click();
    const detail = new HostDetailPage(this.page, this.server);
    await detail.heading.waitFor();
    return detail;
  }
}

export class HostDetailPage extends ConsolePage {
  get heading(): Locator {
    return this.page.getByTestId('host-detail-name');
  }
  get desktopsCount(): Locator {
    return this.page.getByTestId('host-desktops-count');
  }
  get desktopsTable(): Locator {
    return this.page.getByTestId('host-desktops-table');
  }
  get charts(): Locator {
    return this.page.getByTestId('host-charts');
  }
  desktopRow(name: string): Locator {
    return this.page.getByTestId(`desktop-${name}-row`);
  }
}
