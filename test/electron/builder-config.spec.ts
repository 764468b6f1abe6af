// The packaging configuration, read the way `npm run dist` reads it: electron-builder's own loader
// (app-builder-lib's getConfig: js-yaml, which refuses a duplicated key) and its JSON-schema
// validation. Needs neither an Electron binary nor the network, so it runs everywhere, unlike
// app.spec.ts. Until 2026-12-06 electron-builder.yml had two `asarUnpack:` keys and every
// `npm run dist` stopped at "duplicated mapping key" before packaging anything.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  /** Strings, or `{filter}` objects once validateConfiguration has normalised them. */
  files: (string | { filter: string[] })[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  fileAssociations: { ext: string }[];
  linux: { icon: string };
  win: { icon: string };
  mac: { icon: string; notarize: boolean };
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<unknown>;
    validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(ROOT, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config as BuilderConfig;
}

test('electron-builder loads and validates electron-builder.yml, and it says what docs/PACKAGING.md says', async () => {
  const c = await loadConfig();
  expect(c.electronFuses).toEqual({
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
  // Both what must stay outside app.asar: the native module and the scenario checkpoints.
  expect(c.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**/*.node', 'resources/scenarios/checkpoints/**']));
  const files = c.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
  expect(files).toEqual(
    expect.arrayContaining([
      'out/**',
      '!out/cli/**',
      '!out/**/*.map',
      // better-sqlite3 carries its loadable module, not its sources or node-gyp's intermediates.
      '!node_modules/better-sqlite3/src/**',
      '!node_modules/better-sqlite3/build/Release/{obj,obj.target,.deps}/**',
      '!node_modules/better-sqlite3/build/Release/*.a',
    ]),
  );
  expect(c.fileAssociations.map((a) => a.ext)).toEqual(['vdilab']);
  expect(c.mac.notarize).toBe(true);
  for (const icon of [c.win.icon, c.mac.icon, join(c.linux.icon, '512x512.png')]) expect(existsSync(join(ROOT, icon)), icon).toBe(true);
});
