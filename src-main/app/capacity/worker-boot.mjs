// Worker entry when the host runs from TypeScript sources (tsx: serve, CLI, tests):
// a new thread does not inherit the parent's loader, so register tsx here, then
// load the real worker. The Electron build bundles worker.ts as its own entry
// (electron.config.ts) and starts that instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
