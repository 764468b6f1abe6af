// Finds the Electron executable the way `require('electron')` does, without its side
// effect: when the binary is missing, electron's index.js tries to download it (and
// prints a stack trace offline). Same rules as scripts/start-electron.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SKIP_MESSAGE =
  'Electron binary not installed on this machine (and no packaged app in dist/): the Electron spec was skipped (browser-mode e2e covers the renderer)';

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
export function sqliteAbiProblem(root?: string): string | null {
  const require = createRequire(import.meta.url);
  if (root !== undefined && electronSqliteCopyPresent(root)) return null; // Electron loads its own copy (store/native-binding.ts)
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
    'build its Electron copy with node scripts/electron-native.mjs (npm start does it too) before the Electron spec.'
  );
}

/**
 * The packaged app electron-builder left in dist/ (`npm run dist`, or `electron-builder --dir`), or
 * null. The smoke spec prefers it: fuses, asar and the bundled better-sqlite3 are only real there.
 */
export function findPackagedApp(root: string, platform: NodeJS.Platform = process.platform): string | null {
  const candidates =
    platform === 'win32'
      ? [join(root, 'dist', 'win-unpacked', 'VDI Fleet Console.exe')]
      : platform === 'darwin'
        ? [
            join(root, 'dist', 'mac', 'VDI Fleet Console.app', 'Contents', 'MacOS', 'VDI Fleet Console'),
            join(root, 'dist', 'mac-arm64', 'VDI Fleet Console.app', 'Contents', 'MacOS', 'VDI Fleet Console'),
          ]
        : [join(root, 'dist', 'linux-unpacked', 'vdi-fleet-console')];
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** True when a checkout has the Electron build of better-sqlite3 (scripts/electron-native.mjs) for this Electron. */
export function electronSqliteCopyPresent(root: string): boolean {
  const require = createRequire(import.meta.url);
  try {
    const stamp = JSON.parse(readFileSync(join(root, '.electron-native', 'stamp.json'), 'utf8')) as { electron?: string };
    const version = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
    return (
      stamp.electron === version && existsSync(join(root, '.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))
    );
  } catch {
    return false;
  }
}
