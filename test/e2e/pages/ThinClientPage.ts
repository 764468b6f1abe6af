import { expect, type Locator } from '@playwright/test';
import type { ClientDevice, NetworkProfile, Protocol } from '../../../src-main/contract/index.ts';
import { ConsolePage } from './ConsolePage.ts';
import { loginStem } from './SessionsPage.ts';

/**
 * The thin-client views: "Connect as user" (`connect`), shadow (`shadow`) and a wall
 * tile (`wall-tile-N`) share one client component, so one model reads all three by prefix.
 */
export class ThinClientPage extends ConsolePage {
  prefix = 'connect';

  async openConnect(query = ''): Promise<void> {
    this.prefix = 'connect';
    await this.goto(`/connect${query}`);
    await this.page.getByTestId('connect-form').waitFor();
  }
  async openShadow(sessionId: string): Promise<void> {
    this.prefix = 'shadow';
    await this.goto(`/shadow/${sessionId}`);
    await this.consentToShadow();
  }
  /** Shadow asks the user first (a request on their screen); the simulated user accepts. */
  async consentToShadow(): Promise<void> {
    this.prefix = 'shadow';
    await this.page.getByTestId('shadow-consent-ask').click();
    await expect(this.page.getByTestId('shadow-consent')).toHaveCount(0);
  }

  async pickUser(login: string): Promise<void> {
    await this.page.getByTestId('connect-user').locator('input').fill(loginStem(login));
    await this.page.getByTestId(`connect-user-match-${loginStem(login)}`).click();
  }
  async choose(opts: { device?: ClientDevice; protocol?: Protocol | ''; network?: NetworkProfile }): Promise<void> {
    if (opts.device) await this.page.getByTestId('connect-device').selectOption(opts.device);
    if (opts.protocol !== undefined) await this.page.getByTestId('connect-protocol').selectOption(opts.protocol);
    if (opts.network) await this.page.getByTestId('connect-network').selectOption(opts.network);
  }
  async setCustom(rttMs: string, lossPct: string, bandwidthKbps: string): Promise<void> {
    await this.page.getByTestId('connect-custom-rttMs').fill(rttMs);
    await this.page.getByTestId('connect-custom-lossPct').fill(lossPct);
    await this.page.getByTestId('connect-custom-bandwidthKbps').fill(bandwidthKbps);
  }
  get connectButton(): Locator {
    return this.page.getByTestId('connect-submit');
  }
  get error(): Locator {
    return this.page.getByTestId('connect-error');
  }
  get problems(): Locator {
    return this.page.getByTestId('connect-problems');
  }
  /** The session id the view follows (from the URL). */
  async sessionId(): Promise<string | null> {
    const hash = new URL(this.page.url()).hash;
    return new URLSearchParams(hash.slice(hash.indexOf('?') + 1)).get('session');
  }

  /** The client's own screen (connecting, disconnected, logged off). */
  get clientScreen(): Locator {
    return this.page.getByTestId(`${this.prefix}-client`);
  }
  get clientTitle(): Locator {
    return this.page.getByTestId(`${this.prefix}-title`);
  }
  phase(p: string): Locator {
    return this.page.getByTestId(`${this.prefix}-phases-${p}`);
  }
  /** The live remote desktop (canvas, overlay). */
  get live(): Locator {
    return this.page.getByTestId(`${this.prefix}-live`);
  }
  get screen(): Locator {
    return this.page.getByTestId(`${this.prefix}-screen`);
  }
  metric(key: 'rtt' | 'fps' | 'bandwidth' | 'loss' | 'lag' | 'quality' | 'encoder'): Locator {
    return this.page.getByTestId(`${this.prefix}-metric-${key}`);
  }
  /** The text alternative of the admin's message the canvas draws. */
  get message(): Locator {
    return this.page.getByTestId(`${this.prefix}-message`);
  }
  get desktopName(): Locator {
    return this.page.getByTestId('connect-desktop');
  }
  get disconnectButton(): Locator {
    return this.page.getByTestId('connect-disconnect');
  }
  get reconnectButton(): Locator {
    return this.page.getByTestId('connect-reconnect');
  }
  get shadowBanner(): Locator {
    return this.page.getByTestId(`${this.prefix}-shadow-banner`);
  }
  /** Frames the canvas has drawn so far (written every half second). */
  async framesDrawn(): Promise<number> {
    return Number((await this.screen.getAttribute('data-frames')) ?? '0');
  }
  async expectDrawing(): Promise<void> {
    await expect(this.live).toBeVisible();
    await expect.poll(() => this.framesDrawn(), { timeout: 10_000 }).toBeGreaterThan(2);
  }
}
