import { expect, type Locator, type Page } from '@playwright/test';

const slug = (name: string) =>
  name
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** The Snapshots tab of the desktop drawer: tree, "you are here", take / revert / delete, the impact dialog. */
export class SnapshotsPanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('desktop-panel');
  }
  get tab(): Locator {
    return this.page.getByTestId('snapshots-tab');
  }
  async open(): Promise<void> {
    await this.panel.getByTestId('desktop-tab-snapshots').click();
    await expect(this.tab).toBeVisible();
  }
  node(name: string): Locator {
    return this.page.getByTestId(`snapshot-node-${slug(name)}`);
  }
  revertButton(name: string): Locator {
    return this.page.getByTestId(`snapshot-revert-${slug(name)}`);
  }
  get youAreHere(): Locator {
    return this.page.getByTestId('snapshot-you-are-here');
  }
  get state(): Locator {
    return this.panel.getByTestId('desktop-panel-state');
  }
  get problem(): Locator {
    return this.panel.getByTestId('desktop-panel-problem');
  }
  get impact(): Locator {
    return this.page.getByTestId('snapshot-impact-modal');
  }
  impactSession(login: string): Locator {
    return this.page.getByTestId(`snapshot-impact-session-${login.split('\\').pop() ?? login}`);
  }
  async take(name: string, opts: { memory?: boolean; quiesce?: boolean } = {}): Promise<void> {
    await this.tab.getByTestId('snapshot-take-button').click();
    const modal = this.page.getByTestId('snapshot-take-modal');
    await modal.getByTestId('snapshot-name-input').fill(name);
    if (opts.memory === false) await modal.getByTestId('snapshot-memory-checkbox').uncheck();
    if (opts.quiesce) await modal.getByTestId('snapshot-quiesce-checkbox').check();
    await modal.getByTestId('snapshot-take-confirm').click();
    await expect(modal).toBeHidden();
    await expect(this.node(name)).toBeVisible();
  }
  /** Training: break the desktop, through the confirmation that counts whom it affects. */
  async simulateBadUpdate(): Promise<void> {
    await this.tab.getByTestId('desktop-simulate-bad-update').click();
    const confirm = this.page.getByTestId('bad-update-confirm');
    await expect(confirm.getByTestId('bad-update-confirm-impact')).toContainText('1 desktop');
    await confirm.getByTestId('bad-update-confirm-submit').click();
    await expect(confirm).toHaveCount(0);
  }
  /** Click 1: Revert on the node; the impact dialog opens with the host's preview. */
  async startRevert(name: string): Promise<Locator> {
    await this.revertButton(name).click();
    await expect(this.impact).toBeVisible();
    await expect(this.impact.getByTestId('snapshot-impact-confirm')).toBeEnabled();
    return this.impact;
  }
  /** Click 2: confirm. */
  async confirm(): Promise<void> {
    await this.impact.getByTestId('snapshot-impact-confirm').click();
    await expect(this.impact).toBeHidden();
  }
}
