// Worker entry when the host runs from TypeScript sources (tsx, vitest): a new thread does not
// inherit the parent's loader, so register tsx here, then load the real worker. The built CLI
// (scripts/cli-build.mjs) and the Electron bundle (electron.config.ts) start host-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./host-worker.ts');
