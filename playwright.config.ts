import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Chromium comes from Debian (/usr/bin/chromium): Playwright cannot download its own here.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM_PATH)) {
  throw new Error(
    `Chromium not found at ${CHROMIUM_PATH}. Install Debian's build (apt-get install -y chromium) or set CHROMIUM_PATH; ` +
      'Playwright cannot download its own browser here.',
  );
}
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  projects: [
    // The real renderer in Chromium against `vdi-console serve` (real host over WebSocket).
    { name: 'e2e', testDir: 'test/e2e', testMatch: /.*\.spec\.ts/ },
    // The packaged shell through Playwright's _electron; skips itself where no Electron binary exists.
    { name: 'electron', testDir: 'test/electron', testMatch: /.*\.spec\.ts/ },
  ],
});
