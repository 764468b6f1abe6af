// Finds the Electron executable the way `require('electron')` does, without its side
// effect: when the binary is missing, electron's index.js tries to download it (and
// prints a stack trace offline). Same rules as scripts/start-electron.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SKIP_MESSAGE = 'Electron binary not installed on this machine: the Electron spec was skipped (browser-mode e2e covers the renderer)';

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (!env.ELECTRON_OVERRIDE_DIST_PATH && (relative === '' || !existsSync(join(pkgDir, 'dist', relative)))) return null;
  try {
    const executable: unknown = require('electron');
    return typeof executable === 'string' && existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

/**
 * Why Electron could not open the lab, when better-sqlite3 is compiled for this Node
 * and Electron's ABI differs (the app would stop on an error dialog); null when fine.
 */
export function sqliteAbiProblem(): string | null {
  const require = createRequire(import.meta.url);
  let electronAbi: string;
  try {
    electronAbi = readFileSync(join(dirname(require.resolve('electron/package.json')), 'abi_version'), 'utf8').trim();
  } catch {
    return null;
  }
  if (electronAbi === '' || electronAbi === process.versions.modules) return null;
  try {
    const Database = require('better-sqlite3') as new (file: string) => { close(): void };
    new Database(':memory:').close();
  } catch {
    return null;
  }
  return (
    `better-sqlite3 is compiled for Node.js (ABI ${process.versions.modules}), not Electron (ABI ${electronAbi}): ` +
    'run npx electron-rebuild -f -w better-sqlite3 before the Electron spec (npm rebuild better-sqlite3 switches back).'
  );
}
