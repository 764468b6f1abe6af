import type { Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

export type HeatMetric = 'cpu' | 'ready' | 'mem' | 'network' | 'sessions';

/** The Performance page: the host heat-map and a cluster's charts. */
export class PerformancePage extends ConsolePage {
  async open(): Promise<void> {
    await this.goto('/performance');
    await this.heatmap.waitFor();
  }
  get heatmap(): Locator {
    return this.page.getByTestId('performance-heatmap-card').getByTestId('heatmap');
  }
  get tiles(): Locator {
    return this.heatmap.locator('[data-testid^="heatmap-host-"]');
  }
  tile(hostName: string): Locator {
    return this.heatmap.getByTestId(`heatmap-host-${hostName}`);
  }
  get metricPicker(): Locator {
    return this.heatmap.getByTestId('heatmap-metric');
  }
  async colourBy(metric: HeatMetric): Promise<void> {
    await this.heatmap.getByTestId(`heatmap-metric-${metric}`).click();
  }
  get tooltip(): Locator {
    return this.page.getByTestId('heatmap-tooltip');
  }
  get clusterCharts(): Locator {
    return this.page.getByTestId('cluster-charts');
  }
}
