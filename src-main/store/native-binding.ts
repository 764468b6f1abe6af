import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which compiled better-sqlite3 this process loads. One `npm ci` must give a working `npm test`,
 * CLI and `npm start`, but Node and Electron need the addon built for different ABIs. So
 * node_modules/better-sqlite3 stays built for Node, and `scripts/electron-native.mjs` (run by
 * `npm start`) builds a second copy for Electron in its own folder, ELECTRON_NATIVE_DIR, loaded
 * through better-sqlite3's `nativeBinding` option:
 *
 * | process                                        | binding                                          |
 * |------------------------------------------------|--------------------------------------------------|
 * | VDI_CONSOLE_SQLITE_BINDING names a file         | that file (any process)                          |
 * | Node (tests, CLI, serve)                        | default: node_modules/better-sqlite3             |
 * | Electron, from a checkout with the Electron copy | <root>/.electron-native/…/better_sqlite3.node    |
 * | Electron, packaged (no copy: electron-builder rebuilt node_modules for Electron) | default |
 */
export const ELECTRON_NATIVE_DIR = '.electron-native';
export const ELECTRON_BINDING = join(ELECTRON_NATIVE_DIR, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

export interface BindingFacts {
  /** process.versions.electron (undefined outside Electron). */
  electron: string | undefined;
  env: { VDI_CONSOLE_SQLITE_BINDING?: string | undefined };
  /** The project folder (where package.json and .electron-native are), or null when not known. */
  root: string | null;
  exists(path: string): boolean;
}

/** The `nativeBinding` to pass to better-sqlite3, or undefined for its default. */
export function chooseSqliteBinding(f: BindingFacts): string | undefined {
  const forced = f.env.VDI_CONSOLE_SQLITE_BINDING;
  if (forced) return forced;
  if (!f.electron || f.root === null) return undefined;
  const copy = join(f.root, ELECTRON_BINDING);
  return f.exists(copy) ? copy : undefined;
}

/** The project folder seen from a built bundle (out/main/*.js, out/cli/*.js) or a source (src-main/store/*.ts): two levels up. */
function projectRoot(): string | null {
  try {
    return join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
  } catch {
    return null;
  }
}

let chosen: { binding: string | undefined } | null = null;

/** better-sqlite3's options for this process: `{ nativeBinding }` in Electron from a checkout, else nothing. */
export function sqliteBindingOptions(): { nativeBinding?: string } {
  chosen ??= {
    binding: chooseSqliteBinding({ electron: process.versions.electron, env: process.env, root: projectRoot(), exists: existsSync }),
  };
  return chosen.binding ? { nativeBinding: chosen.binding } : {};
}
