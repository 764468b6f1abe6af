import { expect, type Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

const slug = (s: string) =>
  s
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** The Lab checkpoints page (/checkpoints). */
export class CheckpointsPage extends ConsolePage {
  async open(): Promise<void> {
    await this.goto('/checkpoints');
    await expect(this.page.getByTestId('checkpoints-title')).toHaveText('Lab checkpoints');
  }
  row(name: string): Locator {
    return this.page.getByTestId(`checkpoint-row-${slug(name)}`);
  }
  simTime(name: string): Locator {
    return this.page.getByTestId(`checkpoint-simtime-${slug(name)}`);
  }
  async save(name: string): Promise<void> {
    await this.page.getByTestId('checkpoint-save-button').click();
    const modal = this.page.getByTestId('checkpoint-save-modal');
    await modal.getByTestId('checkpoint-name-input').fill(name);
    await modal.getByTestId('checkpoint-save-confirm').click();
    await expect(modal).toBeHidden();
    await expect(this.row(name)).toBeVisible();
  }
  async restore(name: string): Promise<void> {
    await this.page.getByTestId(`checkpoint-restore-${slug(name)}`).click();
    const modal = this.page.getByTestId('checkpoint-restore-modal');
    await expect(modal).toBeVisible();
    await modal.getByTestId('checkpoint-restore-confirm').click();
    await expect(modal).toBeHidden();
  }
  exportButton(name: string): Locator {
    return this.page.getByTestId(`checkpoint-export-${slug(name)}`);
  }
  async importFile(path: string, name: string): Promise<void> {
    await this.page.getByTestId('checkpoint-import-button').click();
    const modal = this.page.getByTestId('checkpoint-import-modal');
    await modal.locator('input[type="file"]').setInputFiles(path);
    await modal.getByTestId('checkpoint-import-name').fill(name);
    await modal.getByTestId('checkpoint-import-confirm').click();
  }
}
