import { expect, type Locator, type Page } from '@playwright/test';
import type { ClockSpeed } from '../../../src-main/contract/index.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** How the masthead writes a simulated instant, to the minute: "Mon 5 Jan 2026 08:00" (UTC). */
export function clockMinute(iso: string | number): string {
  const d = new Date(iso);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** Parses the masthead clock text ("Mon 5 Jan 2026 08:00:12") into epoch ms (UTC). */
export function parseClock(text: string): number {
  const m = /^\w{3} (\d{1,2}) (\w{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[3]), MONTHS.indexOf(m[2]!), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** The masthead clock control: time, speed buttons, step buttons. */
export class ClockBar {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('clock');
  }
  get time(): Locator {
    return this.page.getByTestId('clock-time');
  }
  speed(s: ClockSpeed): Locator {
    return this.page.getByTestId(`clock-speed-${s}`);
  }
  step(seconds: 60 | 900 | 3600): Locator {
    return this.page.getByTestId(`clock-step-${seconds}`);
  }
  async timeMs(): Promise<number> {
    return parseClock((await this.time.textContent()) ?? '');
  }
  async setSpeed(s: ClockSpeed): Promise<void> {
    await this.speed(s).click();
    await expect(this.speed(s)).toHaveAttribute('aria-pressed', 'true');
    await expect(this.root).toHaveAttribute('data-speed', s);
  }
  /** Clicks a step button (the clock must be paused) and waits until the clock shows the new time and steps are possible again. */
  async stepBy(seconds: 60 | 900 | 3600): Promise<number> {
    const start = await this.timeMs();
    await this.step(seconds).click();
    await expect.poll(() => this.timeMs(), { timeout: 30_000 }).toBe(start + seconds * 1000);
    await expect(this.step(seconds)).toBeEnabled();
    await expect(this.root).toHaveAttribute('data-state', 'paused');
    return start + seconds * 1000;
  }
}
