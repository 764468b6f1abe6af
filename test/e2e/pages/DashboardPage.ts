import type { Locator } from '@playwright/test';
import type { MachineState } from '../../../src-main/contract/index.ts';
import { ConsolePage } from './ConsolePage.ts';

export class DashboardPage extends ConsolePage {
  async open(): Promise<void> {
    await this.goto('/dashboard');
    await this.page.getByTestId('dashboard').waitFor();
  }

  get hostsTotal(): Locator {
    return this.page.getByTestId('dashboard-hosts-total');
  }
  get desktopsTotal(): Locator {
    return this.page.getByTestId('dashboard-desktops-total');
  }
  get sessionsTotal(): Locator {
    return this.page.getByTestId('dashboard-sessions-total');
  }
  get problems(): Locator {
    return this.page.getByTestId('dashboard-problems');
  }
  get poolsEnabled(): Locator {
    return this.page.getByTestId('dashboard-pools-enabled');
  }
  get unacknowledged(): Locator {
    return this.page.getByTestId('dashboard-events-unacknowledged');
  }
  state(s: MachineState): Locator {
    return this.page.getByTestId(`dashboard-state-${s}`);
  }
  stat(id: string): Locator {
    return this.page.getByTestId(`dashboard-${id}`);
  }
  async openProblemMachines(): Promise<void> {
    await this.page.getByTestId('dashboard-problems-card').getByRole('link', { name: 'Show' }).click();
  }
}
