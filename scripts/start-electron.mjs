// `npm start`: the console as a desktop app. Finds the Electron binary, builds
// out/ when it is stale, and launches Electron on this project (package.json
// `main` = out/main/index.js). Arguments after `--` go to the app:
//   npm start -- --data ~/labs/training --lab small
//
// Where no Electron binary exists (it is downloaded by electron's postinstall,
// which needs the network), this prints one line pointing at `npm run serve`
// and exits with 1: no stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const UNAVAILABLE = 'Electron is not available on this machine (no Electron binary could be installed). Run the console in your browser instead: npm run serve';
const OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

function fail(line) {
  console.error(line);
  process.exit(1);
}

function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * The Electron executable, or null. `require('electron')` returns its path, but when the
 * binary is missing it first tries to download it (and prints a stack trace when that
 * fails offline), so it is only called once the files it reads are known to be there:
 *   ELECTRON_OVERRIDE_DIST_PATH set          → require() returns a path in that folder
 *   electron/path.txt + electron/dist/<path>  → require() returns that path
 *   anything else                              → not installed
 */
function findElectron(pkgDir) {
  if (pkgDir === null) return null;
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && (relative === '' || !existsSync(join(pkgDir, 'dist', relative)))) return null;
  try {
    const executable = require('electron');
    return typeof executable === 'string' && existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

/**
 * better-sqlite3 is compiled for one ABI at a time. When it loads in this Node and
 * Electron's ABI differs, Electron cannot load it: say how to switch, instead of
 * letting the app start and fail on its database.
 */
function sqliteBuiltForNodeOnly(pkgDir) {
  let electronAbi;
  try {
    electronAbi = readFileSync(join(pkgDir, 'abi_version'), 'utf8').trim();
  } catch {
    return null;
  }
  if (electronAbi === '' || electronAbi === process.versions.modules) return null;
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
  } catch {
    return null; // does not load in Node: built for Electron (or broken, which the app reports)
  }
  return electronAbi;
}

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  return result.status === 0;
}

const pkgDir = electronPackageDir();
const electron = findElectron(pkgDir);
if (!electron || pkgDir === null) fail(UNAVAILABLE);

// node_modules/better-sqlite3 is Node's (tests, the CLI): Electron loads its own copy from .electron-native
// (scripts/electron-native.mjs, src-main/store/native-binding.ts), built here once per Electron version.
const electronAbi = sqliteBuiltForNodeOnly(pkgDir);
if (electronAbi !== null) {
  const { ensureElectronNative } = await import('./electron-native.mjs');
  try {
    console.log(await ensureElectronNative());
  } catch (err) {
    fail(
      `better-sqlite3 is compiled for Node.js (ABI ${process.versions.modules}) and its Electron copy (ABI ${electronAbi}) could not be built: ${err.message}. ` +
        'Run node scripts/electron-native.mjs on a networked machine (it needs Electron headers), then npm start again.',
    );
  }
}

// build-if-needed.mjs rebuilds when out/ is missing or older than the sources.
const buildIfNeeded = join(ROOT, 'scripts', 'build-if-needed.mjs');
if (existsSync(buildIfNeeded) && !run([buildIfNeeded])) fail('The build failed (see above); fix it, then run npm start again.');
if (OUTPUTS.some((p) => !existsSync(join(ROOT, p)))) {
  const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  if (!run([electronVite, 'build', '--config', 'electron.config.ts'])) fail('The build failed (see above); fix it, then run npm start again.');
}
const missing = OUTPUTS.find((p) => !existsSync(join(ROOT, p)));
if (missing) fail(`The build did not produce ${missing}; run npm run build to see why.`);

// ELECTRON_RUN_AS_NODE would make the binary a plain Node and ignore the app.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(electron, [ROOT, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env, windowsHide: false });
child.on('error', (err) => fail(`Could not start Electron (${electron}): ${err.message}`));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  if (signal) fail(`Electron exited on ${signal}.`);
  process.exit(code ?? 1);
});
