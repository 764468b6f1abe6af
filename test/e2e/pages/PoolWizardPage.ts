import { expect, type Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

export type WizardStepId = 'type' | 'image' | 'machines' | 'sessions' | 'placement' | 'review';

/** The Create desktop pool wizard, opened from the pools list. */
export class PoolWizardPage extends ConsolePage {
  async open(): Promise<void> {
    await this.goto('/pools');
    await this.page.getByTestId('pool-create-button').click();
    await this.step('type').waitFor();
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
