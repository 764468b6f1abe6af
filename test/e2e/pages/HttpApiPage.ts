import { expect, type Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

/** The HTTP API page (/http-api): how to connect, injected faults, the request log. */
export class HttpApiPage extends ConsolePage {
  async open(): Promise<void> {
    await this.goto('/http-api');
    await expect(this.page.getByTestId('http-api-title')).toHaveText('HTTP API');
  }
  get passwordSource(): Locator {
    return this.page.getByTestId('http-api-password-source');
  }
  faultRow(id: string): Locator {
    return this.page.getByTestId(`fault-row-${id}`);
  }
  fired(id: string): Locator {
    return this.page.getByTestId(`fault-fired-${id}`);
  }
  async addFault(f: { id: string; operationId: string; status: string; count: string }): Promise<void> {
    const form = this.page.getByTestId('fault-form');
    await form.getByTestId('fault-id').fill(f.id);
    await form.getByTestId('fault-kind').selectOption('operationId');
    await form.getByTestId('fault-value').fill(f.operationId);
    await form.getByTestId('fault-status').fill(f.status);
    await form.getByTestId('fault-count').fill(f.count);
    await form.getByTestId('fault-add').click();
    await expect(this.faultRow(f.id)).toBeVisible();
  }
  logRows(): Locator {
    return this.page.getByTestId('request-log-table').locator('tbody tr');
  }
}
