// The console's first script: the sign-in check, the WebSocket and the Sessions page's first screen,
// started before the console's bundle has loaded (client/early-socket.ts). electron.config.ts builds
// it as its own entry and index.html loads it `async` ahead of main.tsx; main.tsx starts the same
// work itself where this script did not run (electron-vite's dev server), once either way.
import { startEarly } from './client/early-socket.ts';

startEarly();
