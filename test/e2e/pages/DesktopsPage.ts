import { expect, type Locator } from '@playwright/test';
import type { MachineState } from '../../../src-main/contract/index.ts';
import { ConsolePage } from './ConsolePage.ts';

export class DesktopsPage extends ConsolePage {
  async open(query = ''): Promise<void> {
    await this.goto(`/desktops${query}`);
    await this.table.waitFor();
  }
  get table(): Locator {
    return this.page.getByTestId('desktops-table');
  }
  /** The rows in the DOM (virtualized: at most the visible ones plus overscan). */
  get renderedRows(): Locator {
    return this.table.locator('tbody tr[data-testid]');
  }
  get count(): Locator {
    return this.page.getByTestId('desktops-count');
  }
  get search(): Locator {
    return this.page.getByTestId('desktops-search').locator('input');
  }
  row(name: string): Locator {
    return this.page.getByTestId(`desktop-${name}-row`);
  }
  stateCell(name: string): Locator {
    return this.page.getByTestId(`desktop-${name}-state`);
  }
  /** Total rows the table holds after filtering (the virtualizer renders fewer). */
  async shownCount(): Promise<number> {
    return Number(await this.table.getAttribute('data-row-count'));
  }
  async filterState(state: MachineState | ''): Promise<void> {
    await this.page.getByTestId('filter-state').click();
    if (state) await this.page.getByTestId(`filter-state-${state}`).click();
    else await this.page.getByRole('option', { name: 'All machine states' }).click();
  }
  async filterPool(pool: string): Promise<void> {
    await this.page.getByTestId('filter-pool').click();
    await this.page.getByTestId(`filter-pool-${pool}`).click();
  }
  async setSearch(text: string): Promise<void> {
    await this.search.fill(text);
  }
  async expectCount(shown: number, total: number): Promise<void> {
    await expect(this.count).toHaveText(`${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} desktops`);
  }
  /** Ticks a row's select box (bulk actions). */
  async selectRow(name: string): Promise<void> {
    await this.row(name).locator('.vdi-row-check').check();
  }
  get bulkBar(): Locator {
    return this.page.getByTestId('desktops-bulkbar');
  }
  bulk(action: string): Locator {
    return this.page.getByTestId(`desktops-bulk-${action}`);
  }
  /** The one confirmation of machine actions (blast radius, then per-desktop results). */
  get confirm(): Locator {
    return this.page.getByTestId('desktop-action-confirm');
  }
  get panel(): Locator {
    return this.page.getByTestId('desktop-panel');
  }
  headerSort(title: string): Locator {
    return this.table.getByRole('columnheader', { name: title, exact: true }).getByRole('button');
  }
  async openDetails(name: string): Promise<Locator> {
    await this.row(name).click();
    const panel = this.page.getByTestId('desktop-panel');
    await expect(panel.getByTestId('desktop-panel-name')).toHaveText(name);
    return panel;
  }
}
