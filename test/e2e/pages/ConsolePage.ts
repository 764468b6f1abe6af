import { expect, type Locator, type Page } from '@playwright/test';
import type { ConsoleServer } from '../fixtures.ts';
import { ClockBar } from './ClockBar.ts';

/** What every screen shares: the masthead, the sidebar, routing by hash. */
export class ConsolePage {
  constructor(
    readonly page: Page,
    readonly server: ConsoleServer,
  ) {}

  async goto(route: string): Promise<void> {
    // Once the console is open its address has no token (serve's 303 took it out), so the printed
    // URL would be a new document each time: move by hash on the open page instead, as before.
    const here = new URL(this.page.url());
    const open = here.origin === this.server.origin && here.pathname === '/' && here.search === '';
    await this.page.goto(open ? `${this.server.origin}/#${route}` : this.server.at(route));
    await expect(this.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
  }

  /** The masthead's simulated clock and its controls. */
  get clock(): ClockBar {
    return new ClockBar(this.page);
  }

  /** A chart by its spec id (`host-cpu`, `estate-sessions`): canvas, legend values, sample count. */
  chart(id: string): Locator {
    return this.page.getByTestId(`chart-${id}`);
  }
  /** The readout of one field in a chart's legend (`host-cpu`, `cpuPct`). */
  chartValue(id: string, field: string): Locator {
    return this.page.getByTestId(`chart-${id}-${field}`);
  }

  get themeToggle(): Locator {
    return this.page.getByTestId('theme-toggle');
  }

  /** The masthead's badge: active warning and critical alarms. */
  get alarmsBadge(): Locator {
    return this.page.getByTestId('alarms-badge');
  }

  nav(id: string): Locator {
    return this.page.getByTestId(`nav-${id}`);
  }

  async isDark(): Promise<boolean> {
    return this.page.evaluate(() => document.documentElement.classList.contains('pf-v6-theme-dark'));
  }

  /** Switches theme through the masthead button and waits until <html> shows it. */
  async setTheme(dark: boolean): Promise<void> {
    if ((await this.isDark()) !== dark) await this.themeToggle.click();
    await expect(this.page.locator('html')).toHaveClass(dark ? /pf-v6-theme-dark/ : /^(?!.*pf-v6-theme-dark).*$/);
  }

  /** Waits for no skeletons/spinners in the main area. */
  async settled(): Promise<void> {
    await expect(this.page.locator('#vdi-main [aria-busy="true"], #vdi-main .pf-v6-c-spinner')).toHaveCount(0);
  }
}
