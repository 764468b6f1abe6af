import { expect, type Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

/** The login without the domain, as the test ids use it (`CORP\\ada.lovelace` → `ada.lovelace`). */
export function loginStem(login: string): string {
  return login.slice(login.lastIndexOf('\\') + 1);
}

/** The sessions console: virtualized table, filters, row menus, bulk bar and the action dialogs. */
export class SessionsPage extends ConsolePage {
  async open(query = ''): Promise<void> {
    await this.goto(`/sessions${query}`);
    await this.table.waitFor();
  }
  get table(): Locator {
    return this.page.getByTestId('sessions-table');
  }
  get count(): Locator {
    return this.page.getByTestId('sessions-count');
  }
  get search(): Locator {
    return this.page.getByTestId('sessions-search').locator('input');
  }
  row(login: string): Locator {
    return this.page.getByTestId(`session-${loginStem(login)}-row`);
  }
  state(login: string): Locator {
    return this.page.getByTestId(`session-${loginStem(login)}-state`);
  }
  async shownCount(): Promise<number> {
    return Number(await this.table.getAttribute('data-row-count'));
  }
  /** Opens the row's kebab and clicks an entry (`helpdesk`, `shadow`, `message`, `disconnect`, `logoff`, `restart`, `reset`). */
  async rowAction(login: string, action: string): Promise<void> {
    await this.page.getByTestId(`session-${loginStem(login)}-menu`).click();
    await this.page.getByTestId(`session-${loginStem(login)}-${action}`).click();
  }
  async select(login: string): Promise<void> {
    await this.row(login).locator('td').first().locator('input[type=checkbox]').check();
  }
  get bulkBar(): Locator {
    return this.page.getByTestId('sessions-bulkbar');
  }
  bulk(action: 'message' | 'disconnect' | 'logoff' | 'restart' | 'reset' | 'shadow' | 'helpdesk'): Locator {
    return this.page.getByTestId(`bulk-${action}`);
  }
  get confirmModal(): Locator {
    return this.page.getByTestId('session-confirm-modal');
  }
  async confirm(): Promise<void> {
    await this.page.getByTestId('session-confirm-modal-submit').click();
    await expect(this.confirmModal).toHaveCount(0);
  }
  get messageModal(): Locator {
    return this.page.getByTestId('session-message-modal');
  }
  async sendMessage(severity: 'info' | 'warning' | 'error', title: string, body: string): Promise<void> {
    await this.page.getByTestId(`message-severity-${severity}`).click();
    await this.page.getByTestId('message-title').fill(title);
    await this.page.getByTestId('message-body').fill(body);
    await this.page.getByTestId('message-send').click();
    await expect(this.messageModal).toHaveCount(0);
  }
  async filterSlow(on: boolean): Promise<void> {
    const sw = this.page.getByTestId('sessions-filter-slow');
    if ((await sw.isChecked()) !== on) await sw.click({ force: true });
  }
}
