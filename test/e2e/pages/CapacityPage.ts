import { expect, type Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

export type CapacityStepId = 'hosts' | 'storage' | 'session-host' | 'workload' | 'launch' | 'sweep' | 'review';

/** Capacity planning: definitions, runs, the New test wizard, a run's results and the comparison. */
export class CapacityPage extends ConsolePage {
  async open(): Promise<void> {
    await this.goto('/capacity');
    await expect(this.page.getByTestId('cap-title')).toHaveText('Capacity planning');
  }

  // ---- list ----
  get definitions(): Locator {
    return this.page.getByTestId('cap-definitions');
  }
  /** A definition row by its name (`Knowledge workers on 2x24-core hosts`). */
  definition(name: string): Locator {
    return this.definitions.getByRole('row').filter({ hasText: name });
  }
  get runsTable(): Locator {
    return this.page.getByTestId('cap-runs-table');
  }
  run(id: string): Locator {
    return this.page.getByTestId(`cap-run-${id}`);
  }
  runState(id: string): Locator {
    return this.page.getByTestId(`cap-run-${id}-state`);
  }
  /** Ticks a run's row for the comparison. */
  async selectRun(id: string): Promise<void> {
    await this.run(id).getByRole('checkbox').check();
  }
  get compareButton(): Locator {
    return this.page.getByTestId('cap-compare-button');
  }

  // ---- wizard ----
  get wizard(): Locator {
    return this.page.getByRole('dialog', { name: 'New capacity test' });
  }
  async openWizard(): Promise<void> {
    await this.page.getByTestId('cap-new-test').click();
    await expect(this.step('hosts')).toBeVisible();
  }
  step(id: CapacityStepId): Locator {
    return this.page.getByTestId(`cap-step-${id}`);
  }
  /** A wizard field by its definition path (`hosts.coresPerSocket`). */
  field(path: string): Locator {
    return this.page.getByTestId(`cap-field-${path.replace(/\./g, '-')}`);
  }
  fieldError(path: string): Locator {
    return this.page.getByTestId(`cap-error-${path.replace(/\./g, '-')}`);
  }
  hint(id: string): Locator {
    return this.page.getByTestId(`cap-hints-${id}`);
  }
  async setNumber(path: string, value: number): Promise<void> {
    await this.field(path).fill(String(value));
    await expect(this.field(path)).toHaveValue(String(value));
  }
  /** The number box of one workload's mix slider. */
  mixInput(workload: 'task' | 'knowledge' | 'power'): Locator {
    return this.page.getByTestId(`cap-mix-${workload}`).locator('input');
  }
  async setMix(workload: 'task' | 'knowledge' | 'power', pct: number): Promise<void> {
    await this.mixInput(workload).fill(String(pct));
    await this.mixInput(workload).press('Enter');
    await expect(this.mixInput(workload)).toHaveValue(String(pct));
  }
  get next(): Locator {
    return this.wizard.getByRole('button', { name: 'Next', exact: true });
  }
  /** Clicks Next and waits for the given step. */
  async nextTo(id: CapacityStepId): Promise<void> {
    await this.next.click();
    await expect(this.step(id)).toBeVisible();
  }
  /** Jumps to a step through the wizard's navigation. */
  async goToStep(name: string | RegExp, id: CapacityStepId): Promise<void> {
    await this.wizard.getByRole('button', { name }).click();
    await expect(this.step(id)).toBeVisible();
  }
  get runButton(): Locator {
    return this.wizard.getByRole('button', { name: /^Run (test|sweep)/ });
  }

  // ---- results ----
  get results(): Locator {
    return this.page.getByTestId('cap-results');
  }
  get vsimax(): Locator {
    return this.page.getByTestId('cap-vsimax');
  }
  get bottleneck(): Locator {
    return this.page.getByTestId('cap-bottleneck');
  }
  get bottleneckSentence(): Locator {
    return this.page.getByTestId('cap-bottleneck-sentence');
  }
  marker(chartId: string, markerId: string): Locator {
    return this.page.getByTestId(`chart-${chartId}-marker-${markerId}`);
  }
  /** The id of the run shown, from the URL (`#/capacity/runs/<id>`). */
  async shownRunId(): Promise<string> {
    await expect(this.page).toHaveURL(/#\/capacity\/runs\/[^/?]+$/);
    return decodeURIComponent(this.page.url().split('/').pop() ?? '');
  }
  /** Waits until the run view shows a completed result. */
  async waitForResults(timeout = 60_000): Promise<void> {
    await expect(this.results).toBeVisible({ timeout });
  }
  exportButton(format: 'json' | 'csv' | 'html'): Locator {
    return this.page.getByTestId(`cap-export-${format}`);
  }
}
