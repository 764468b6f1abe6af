import { expect, type Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

/** The cluster operations page (#/clusters/<id>): hosts and migrations, DRS, rules, HA. */
export class ClusterPage extends ConsolePage {
  async open(clusterId: string, tab: 'hosts' | 'drs' | 'rules' | 'ha' = 'hosts'): Promise<void> {
    await this.goto(`/clusters/${clusterId}${tab === 'hosts' ? '' : `?tab=${tab}`}`);
    await this.page.getByTestId('cluster-title').waitFor();
    await this.settled();
  }
  async tab(tab: 'hosts' | 'drs' | 'rules' | 'ha'): Promise<void> {
    await this.page.getByTestId(`cluster-tab-${tab}`).click();
  }
  hostRow(name: string): Locator {
    return this.page.getByTestId(`cluster-host-${name}-row`);
  }
  hostStatus(name: string): Locator {
    return this.page.getByTestId(`cluster-host-${name}-status`);
  }
  hostVms(name: string): Locator {
    return this.page.getByTestId(`cluster-host-${name}-vms`);
  }
  /** Runs a host action from its menu and confirms it. */
  async hostAction(name: string, action: 'enter' | 'exit' | 'power-on' | 'power-off' | 'fail-power' | 'fail-isolation' | 'repair' | 'remove'): Promise<void> {
    await this.page.getByTestId(`host-${name}-actions`).click();
    await this.page.getByTestId(`host-action-${action}`).click();
    await this.page.getByTestId('host-op-confirm').click();
    await expect(this.page.getByTestId('host-op-modal')).toHaveCount(0);
  }
  get tasks(): Locator {
    return this.page.getByTestId('cluster-tasks-table');
  }
  taskState(id: string): Locator {
    return this.page.getByTestId(`cluster-task-${id}-state`);
  }
  get timeline(): Locator {
    return this.page.getByTestId('ha-timeline');
  }
  timelineStep(step: string): Locator {
    return this.page.getByTestId(`ha-timeline-${step}`);
  }
  get recommendations(): Locator {
    return this.page.getByTestId('drs-recs-table');
  }
}
