import { expect, type Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

export class EventsPage extends ConsolePage {
  async open(query = ''): Promise<void> {
    await this.goto(`/events${query}`);
    await this.table.waitFor();
  }
  get table(): Locator {
    return this.page.getByTestId('events-table');
  }
  get count(): Locator {
    return this.page.getByTestId('events-count');
  }
  row(id: number): Locator {
    return this.page.getByTestId(`event-${id}-row`);
  }
  ackCell(id: number): Locator {
    return this.page.getByTestId(`event-${id}-ack`);
  }
  async select(id: number): Promise<void> {
    await this.row(id).getByRole('checkbox').check();
  }
  async acknowledgeSelected(): Promise<void> {
    await this.page.getByTestId('events-acknowledge').click();
  }
  async search(text: string): Promise<void> {
    await this.page.getByTestId('events-search').locator('input').fill(text);
  }
  async expectAcknowledged(id: number): Promise<void> {
    await expect(this.ackCell(id)).toContainText('Yes');
  }
}
