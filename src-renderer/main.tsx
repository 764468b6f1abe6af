import '@patternfly/react-core/dist/styles/base.css';
import { startEarly } from './client/early-socket.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initClient } from './client/api.ts';
import { applyCachedTheme, cachedVocabulary, readVocabularyFromUrl } from './state/settings-store.ts';
import { startDomVocabulary } from './components/vocabulary/dom-vocabulary.ts';
import { startLiveSync } from './state/live-metrics.ts';
import { App } from './shell/App.tsx';
import { afterFirstContent, firstPageOf, holdForFirstContent } from './shell/startup.ts';
import { preloadPage } from './shell/RouteView.tsx';
import { firstScreenSettled, requestFirstScreen } from './state/sessions-first-screen.ts';
import { LoginPage } from './features/admin/index.ts';
// After the components, so equal-specificity rules here win over PatternFly's. What the shell and
// every page use is here; a page's own stylesheet is imported by that page (it loads after these).
import './styles/console.css';
import './styles/widgets.css';
import './styles/charts.css';
import './styles/actions.css';
import './styles/replay.css';

applyCachedTheme();
startDomVocabulary(cachedVocabulary());
readVocabularyFromUrl();
window.addEventListener('hashchange', readVocabularyFromUrl);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const mount = root;
// Class mode: the instructor's port serves this same page at /instructor (host/class/instructor-server.ts).
// It has no lab and no WebSocket: the instructor's view talks to that port's /class API only.
// A console (a trainee's port, serve, the desktop app) never has this path.
const instructor = location.pathname === '/instructor' && !window.vdi;
if (instructor) {
  void import('./features/classroom/index.ts').then(({ InstructorView }) => {
    createRoot(mount).render(
      <StrictMode>
        <InstructorView />
      </StrictMode>,
    );
  });
} else {
  // The page the console opens on: its code starts loading now, beside the sign-in check and the
  // socket, not after them (issue 18: the Sessions page's first rows in a second).
  const firstPage = firstPageOf(location.hash);
  const firstPageCode = preloadPage(firstPage);
  // Browser mode with admin accounts: sign in first (the page reloads signed in). The check, the
  // socket and the Sessions page's first screen started already in early.ts (here where it did not run).
  void startEarly().signIn.then((signIn) => {
    if (signIn) {
      createRoot(mount).render(
        <StrictMode>
          <LoginPage />
        </StrictMode>,
      );
      return;
    }
    initClient();
    // The Sessions page's first screen is the first request on the socket; the live metrics feed and
    // the other start-up work wait until that page's first rows are painted (shell/startup.ts).
    const firstScreen = holdForFirstContent(firstPage) && firstPage === 'sessions';
    if (firstScreen) requestFirstScreen();
    afterFirstContent(startLiveSync);
    // The shell renders once the first page's code is in (usually already: early.ts and the line
    // above asked for it with the socket), so that page renders with it instead of suspending
    // behind a spinner and showing a throttled moment later (shell/lazy-page.tsx); on the Sessions
    // page, also once its first screen's reply is in (briefly bounded), so the rows come with the
    // first render instead of a second one (state/sessions-first-screen.ts).
    void Promise.all([firstPageCode, firstScreen ? firstScreenSettled() : undefined]).then(() =>
      createRoot(mount).render(
        <StrictMode>
          <App />
        </StrictMode>,
      ),
    );
  });
}
