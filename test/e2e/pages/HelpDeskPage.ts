import { type Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';
import { loginStem } from './SessionsPage.ts';

export class HelpDeskPage extends ConsolePage {
  async open(target = ''): Promise<void> {
    await this.goto(target ? `/helpdesk/${target}` : '/helpdesk');
  }
  async findUser(login: string): Promise<void> {
    await this.page.getByTestId('helpdesk-search').locator('input').fill(loginStem(login));
    await this.page.getByTestId(`helpdesk-search-match-${loginStem(login)}`).click();
  }
  get logonChart(): Locator {
    return this.page.getByTestId('logon-chart');
  }
  segment(phase: string): Locator {
    return this.page.getByTestId(`logon-seg-${phase}`);
  }
  get why(): Locator {
    return this.page.getByTestId('logon-why');
  }
  get total(): Locator {
    return this.page.getByTestId('logon-total');
  }
  get state(): Locator {
    return this.page.getByTestId('helpdesk-state');
  }
  action(a: 'message' | 'disconnect' | 'logoff' | 'restart' | 'reset' | 'shadow'): Locator {
    return this.page.getByTestId(`helpdesk-${a}`);
  }
}
