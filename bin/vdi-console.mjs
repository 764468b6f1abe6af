#!/usr/bin/env node
// The `vdi-console` command. Runs the TypeScript host directly (tsx), so it works
// right after `npm ci` with no build step; only `serve` needs the built renderer.
import { register } from 'tsx/esm/api';

// `vdi-console api | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
register();
const { main } = await import('../src-main/host/cli.ts');
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
