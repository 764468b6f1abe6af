// The console's first script: the sign-in check, the WebSocket and the Sessions page's first screen,
// started before the console's bundle has loaded (client/early-socket.ts). electron.config.ts builds
// it as its own entry and index.html loads it `async` ahead of main.tsx; main.tsx starts the same
// work itself where this script did not run (electron-vite's dev server), once either way.
import { startEarly } from './client/early-socket.ts';
import { firstPageOf } from './shell/startup.ts';

startEarly();
// Opening on the Sessions page: its code (a lazy chunk and the page's stylesheet) starts loading now,
// beside React and PatternFly, instead of after the console's bundle has run and asked for it
// (shell/RouteView.tsx preloadPage: the same import, so the same modules, loaded once). The trace
// of a load on scale-10k showed the page's chunks asked for ~210 ms after the early reply had come.
if (firstPageOf(location.hash) === 'sessions') void import('./features/sessions/index.ts').catch(() => undefined);
