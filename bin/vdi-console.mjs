#!/usr/bin/env node
// The `vdi-console` command. Runs the compiled CLI in out/cli (scripts/cli-build.mjs), rebuilding
// it first when a source is newer than the build, so a checkout that was just edited never runs
// stale code and a fresh `npm ci` (prepare builds it) answers at once.
import { buildCliIfNeeded, CLI_ENTRY } from '../scripts/cli-build.mjs';
import { pathToFileURL } from 'node:url';
import module from 'node:module';

// `vdi-console api | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
// Node ≥ 22.1 caches compiled code between runs (a no-op where it does not exist).
module.enableCompileCache?.();
try {
  await buildCliIfNeeded();
} catch (err) {
  process.stderr.write(`vdi-console: ${err.message}\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(CLI_ENTRY).href);
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
