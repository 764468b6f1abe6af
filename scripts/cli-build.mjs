// The built command line: src-main bundled by esbuild into out/cli/ (ES modules, one chunk per
// subcommand's dependencies, so `vdi-console api` never parses the engine and `capacity` never
// loads the web server). bin/vdi-console.mjs checks staleness on every start (a walk over the
// sources' mtimes, ~15 ms) and rebuilds here when a source is newer than the last build, so an
// edited checkout never runs old code. esbuild is a build tool (devDependency): it is imported
// only when a build is needed.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_DIR = join(ROOT, 'out', 'cli');
export const CLI_ENTRY = join(CLI_DIR, 'cli.js');
/** Written last by a successful build, with the build's start as its mtime. */
const STAMP_FILE = 'build-stamp.json';
// resources/scenarios: the built-in scenarios are imported (bundled) by src-main/app/scenarios/builtin.ts.
const INPUTS = ['src-main', 'resources/scenarios', 'package.json', 'scripts/cli-build.mjs'];

/** The newest mtime under `path`, directories included (a deleted or renamed file changes its folder's). */
function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

/**
 * Why the CLI must be (re)built, or null when out/cli is current. An installation without the
 * sources (only out/ shipped) is current by definition.
 */
export function cliStaleReason(root = ROOT) {
  const stamp = join(root, 'out', 'cli', STAMP_FILE);
  if (!existsSync(stamp) || !existsSync(join(root, 'out', 'cli', 'cli.js'))) return 'out/cli is missing';
  const built = statSync(stamp).mtimeMs;
  for (const input of INPUTS) {
    const p = join(root, input);
    if (existsSync(p) && newest(p) > built) return `${input} changed since the last build`;
  }
  return null;
}

/**
 * Bundles the CLI and the capacity worker, then writes the API description. The build goes to a
 * folder of its own and replaces out/cli in one rename, so a process starting meanwhile finds
 * either the old build or the new one, never half of one.
 */
export async function buildCli() {
  const { build } = await import('esbuild');
  const started = new Date(); // a source saved during the build is newer than the stamp: the next start rebuilds
  const tmp = `${CLI_DIR}.build-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const t0 = performance.now();
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      cli: 'src-main/host/cli.ts',
      // capacityWorkerUrl() (app/capacity/service.ts) starts ./capacity-worker.js next to the chunk that asks.
      'capacity-worker': 'src-main/app/capacity/worker.ts',
      // hostWorkerUrl() (host/runner/worker-host.ts): serve's host thread, ./host-worker.js likewise.
      'host-worker': 'src-main/host/runner/host-worker.ts',
    },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    minify: true,
    // Native (better-sqlite3) and the WebSocket server stay dependencies, loaded from node_modules.
    external: ['better-sqlite3', 'ws'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  // `vdi-console api` prints this file: the description is computed here once per build from the
  // contract (zod schemas → JSON Schema), which takes ~200 ms that every `api` call would repeat.
  const { apiDescription } = await import(pathToFileURL(join(tmp, 'cli.js')).href);
  writeFileSync(join(tmp, 'api.json'), JSON.stringify(await apiDescription({ live: true })));
  const stamp = join(tmp, STAMP_FILE);
  writeFileSync(stamp, JSON.stringify({ builtAt: started.toISOString(), ms: Math.round(performance.now() - t0) }));
  utimesSync(stamp, started, started);
  const old = `${CLI_DIR}.old-${process.pid}`;
  if (existsSync(CLI_DIR)) renameSync(CLI_DIR, old);
  renameSync(tmp, CLI_DIR);
  rmSync(old, { recursive: true, force: true });
}

const LOCK = `${CLI_DIR}.lock`;
const LOCK_STALE_MS = 120_000;

/** One build at a time (tests start several CLIs at once): a lock folder; a crashed builder's lock expires. */
async function withBuildLock(fn) {
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds when stale; returns true when it built. Prints one line saying why on stderr. */
export async function buildCliIfNeeded({ force = false, quiet = false } = {}) {
  if (!force && cliStaleReason() === null) return false;
  try {
    await import('esbuild');
  } catch {
    // An installation without the build tools (npm ci --omit=dev): run the build it has, or say what is missing.
    if (existsSync(CLI_ENTRY)) {
      if (!quiet) process.stderr.write('esbuild is not installed (dev dependency): running the existing build in out/cli.\n');
      return false;
    }
    throw new Error('out/cli is missing and esbuild (a dev dependency) is not installed: run npm ci (with dev dependencies), then npm run build:cli');
  }
  return withBuildLock(async () => {
    const reason = force ? 'forced' : cliStaleReason(); // another process may have built it while this one waited
    if (reason === null) return false;
    if (!quiet) process.stderr.write(`Building the vdi-console CLI (${reason})…\n`);
    await buildCli();
    return true;
  });
}
