import { expect, type Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

export type WizardStepId = 'type' | 'image' | 'machines' | 'sessions' | 'placement' | 'entitlements' | 'review';

/** The Create desktop pool wizard, opened from the pools list. */
export class PoolWizardPage extends ConsolePage {
  async open(): Promise<void> {
    await this.goto('/pools');
    await this.page.getByTestId('pool-create-button').click();
    await this.step('type').waitFor();
  }
  /** Opens the wizard pre-filled from an existing pool (the pool page's Clone pool). */
  async openClone(poolId: string): Promise<void> {
    await this.goto(`/pools/${poolId}`);
    await this.page.getByTestId('pool-clone-button').click();
    await this.step('type').waitFor();
  }
  get problems(): Locator {
    return this.page.getByTestId('wizard-step-problems');
  }
  limits(name: string): Locator {
    return this.page.getByTestId(`field-limits-${name}`);
  }
  /** Entitles a group found by name on the Entitlements step. */
  async entitleGroup(name: string): Promise<void> {
    await this.page.getByTestId('principal-type-group').click();
    await this.page.getByTestId('principal-search').locator('input').fill(name);
    await this.page.getByTestId('principal-matches').getByText(name, { exact: true }).click();
    await this.page.getByTestId('wizard-entitle-add').click();
  }
  get root(): Locator {
    return this.page.getByRole('dialog', { name: 'Create desktop pool' });
  }
  step(id: WizardStepId): Locator {
    return this.page.getByTestId(`wizard-step-${id}`);
  }
  field(name: string): Locator {
    return this.page.getByTestId(`wizard-${name}`);
  }
  fieldError(name: string): Locator {
    return this.page.getByTestId(`field-error-${name}`);
  }
  get next(): Locator {
    return this.root.getByRole('button', { name: 'Next', exact: true });
  }
  get create(): Locator {
    return this.root.getByRole('button', { name: 'Create pool', exact: true });
  }
  /** Clicks Next and waits for the given step. */
  async nextTo(id: WizardStepId): Promise<void> {
    await this.next.click();
    await expect(this.step(id)).toBeVisible();
  }
  async setNumber(name: string, value: number): Promise<void> {
    await this.field(name).fill(String(value));
    await expect(this.field(name)).toHaveValue(String(value));
  }
}
