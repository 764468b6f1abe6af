import { expect, type Locator } from '@playwright/test';
import { ConsolePage } from './ConsolePage.ts';

/** The wall of thin clients: layout, "connect users now", "watch the next arrivals", tiles. */
export class WallPage extends ConsolePage {
  async open(query = ''): Promise<void> {
    await this.goto(`/wall${query}`);
    await this.wall.waitFor();
  }
  get wall(): Locator {
    return this.page.getByTestId('wall');
  }
  tile(i: number): Locator {
    return this.page.getByTestId(`wall-tile-${i}`);
  }
  tileLive(i: number): Locator {
    return this.page.getByTestId(`wall-tile-${i}-live`);
  }
  tileState(i: number): Locator {
    return this.page.getByTestId(`wall-tile-${i}-state`);
  }
  get tiles(): Locator {
    return this.wall.locator('[data-testid^="wall-tile-"][data-session]');
  }
  async layout(l: '2x3' | '3x3'): Promise<void> {
    await this.page.getByTestId(`wall-layout-${l}`).click();
    await expect(this.wall).toHaveAttribute('data-layout', l);
  }
  get connectNow(): Locator {
    return this.page.getByTestId('wall-connect-now');
  }
  /** Session ids of the tiles, '' for an empty one. */
  async sessions(): Promise<string[]> {
    return this.tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-session') ?? ''));
  }
}
