// Builds what is missing or older than its sources: the CLI (esbuild, out/cli: scripts/cli-build.mjs)
// and the console (electron-vite: main, preload, renderer). Runs from `npm ci` (prepare),
// `npm run serve` and the e2e tests; `--force` rebuilds both.
import { spawnSync } from 'node:child_process';
import { buildCliIfNeeded } from './cli-build.mjs';
import { precompress } from './precompress.mjs';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outputs = ['out/renderer/index.html', 'out/main/index.js', 'out/preload/index.cjs'].map((p) => join(root, p));
// resources/scenarios: the built-in scenarios are imported (bundled) by src-main/app/scenarios/builtin.ts.
const inputs = ['src-renderer', 'src-main', 'resources/scenarios', 'electron.config.ts', 'package.json'];

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

const force = process.argv.includes('--force');
try {
  await buildCliIfNeeded({ force });
} catch (err) {
  console.error(err.message);
  process.exit(1);
}

const missing = outputs.some((p) => !existsSync(p));
const built = missing ? 0 : Math.min(...outputs.map((p) => statSync(p).mtimeMs));
const changed = inputs.filter((p) => existsSync(join(root, p))).some((p) => newest(join(root, p)) > built);
if (!missing && !changed && !force) process.exit(0);

console.log('Building the console (electron-vite)…');
const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--config', 'electron.config.ts'], {
  cwd: root,
  stdio: 'inherit',
});
if (r.status !== 0) process.exit(r.status ?? 1);
const c = precompress(join(root, 'out', 'renderer'));
console.log(`Precompressed ${c.files} renderer files for serve: ${Math.round(c.raw / 1024)} kB → ${Math.round(c.br / 1024)} kB (brotli)`);
