// better-sqlite3 built for Electron, in a folder of its own, so one `npm ci` serves everything:
// node_modules/better-sqlite3 stays built for Node (tests, the CLI, serve) and this copy, in
// .electron-native/node_modules/better-sqlite3, is built for Electron's ABI. The app finds it
// (src-main/store/native-binding.ts) and loads it through better-sqlite3's `nativeBinding` option.
// `npm start` runs this when the copy is missing or was built for another Electron or
// better-sqlite3 version; `node scripts/electron-native.mjs` runs it by hand. Where no Electron is
// installed it says so and builds nothing (exit 0): nothing else needs the copy.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
export const NATIVE_DIR = join(ROOT, '.electron-native');
const MODULE_DIR = join(NATIVE_DIR, 'node_modules', 'better-sqlite3');
/** Keep in step with ELECTRON_BINDING in src-main/store/native-binding.ts. */
export const BINDING = join(MODULE_DIR, 'build', 'Release', 'better_sqlite3.node');
const STAMP = join(NATIVE_DIR, 'stamp.json');

function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
  } catch {
    return null;
  }
}

/** What the copy must match: the installed Electron and better-sqlite3. */
export function wanted() {
  return { electron: versionOf('electron'), betterSqlite3: versionOf('better-sqlite3') };
}

/** Why the copy must be (re)built, or null when it is current. */
export function staleReason(want = wanted()) {
  if (!existsSync(BINDING) || !existsSync(STAMP)) return 'no Electron build of better-sqlite3 yet';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return 'its stamp is unreadable';
  }
  if (stamp.electron !== want.electron) return `it was built for Electron ${stamp.electron}, this is ${want.electron}`;
  if (stamp.betterSqlite3 !== want.betterSqlite3) return `it was built from better-sqlite3 ${stamp.betterSqlite3}, this is ${want.betterSqlite3}`;
  return null;
}

/** Copies node_modules/better-sqlite3 (sources, not its Node build) and compiles it for Electron with @electron/rebuild. */
export async function buildElectronNative(want = wanted()) {
  if (!want.electron) throw new Error('Electron is not installed: no Electron build of better-sqlite3 is needed');
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  rmSync(NATIVE_DIR, { recursive: true, force: true });
  mkdirSync(dirname(MODULE_DIR), { recursive: true });
  cpSync(source, MODULE_DIR, { recursive: true, filter: (p) => !p.startsWith(join(source, 'build')) });
  writeFileSync(
    join(NATIVE_DIR, 'package.json'),
    JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': want.betterSqlite3 } }, null, 2),
  );
  const { rebuild } = await import('@electron/rebuild');
  try {
    await rebuild({ buildPath: NATIVE_DIR, electronVersion: want.electron, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
  } catch (err) {
    rmSync(NATIVE_DIR, { recursive: true, force: true }); // no half-built copy for the app to find
    throw err;
  }
  if (!existsSync(BINDING)) throw new Error(`the rebuild finished without ${BINDING}`);
  writeFileSync(STAMP, JSON.stringify({ ...want, builtAt: new Date().toISOString() }));
}

/** True when an Electron binary is installed (electron's postinstall downloads it; offline it is missing). */
export function electronBinaryPresent() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return true;
  try {
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const relative = readFileSync(join(pkgDir, 'path.txt'), 'utf8').trim();
    return relative !== '' && existsSync(join(pkgDir, 'dist', relative));
  } catch {
    return false;
  }
}

/** Builds the copy when it is stale; returns a sentence saying what happened. */
export async function ensureElectronNative() {
  const want = wanted();
  if (!want.electron || !electronBinaryPresent())
    return 'Electron is not installed here: the Electron build of better-sqlite3 was skipped (tests, the CLI and serve use node_modules).';
  const why = staleReason(want);
  if (why === null) return `better-sqlite3 for Electron ${want.electron} is current (${BINDING}).`;
  console.log(`Building better-sqlite3 for Electron ${want.electron} in .electron-native (${why})…`);
  await buildElectronNative(want);
  return `Built better-sqlite3 ${want.betterSqlite3} for Electron ${want.electron}: ${BINDING}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(await ensureElectronNative());
  } catch (err) {
    console.error(`Could not build better-sqlite3 for Electron: ${err.message}`);
    process.exit(1);
  }
}
