import { create } from 'zustand';
import { VOCABULARIES, type Settings, type Vocabulary } from '../../src-main/contract/index.ts';
import { setDomVocabulary } from '../components/vocabulary/dom-vocabulary.ts';
import { translateText } from '../../src-main/shared/vocabulary/index.ts';
import { getClient } from '../client/api.ts';
import { toApiError } from './use-api.ts';
import { notifyError } from './toast-store.ts';

export type Theme = Settings['theme'];

interface SettingsState {
  loaded: boolean;
  theme: Theme;
  sidebarOpen: boolean;
  lastRoute: string;
  /** The vocabulary saved in the settings. */
  savedVocabulary: Vocabulary;
  /** `?vocab=` in the address: this window only, the saved setting unchanged. */
  urlVocabulary: Vocabulary | null;
  setLoaded(s: Settings | null): void;
  setVocabulary(v: Vocabulary): void;
  setTheme(theme: Theme): void;
  setSidebarOpen(open: boolean): void;
}

const prefersDark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;

export function isDark(theme: Theme): boolean {
  return theme === 'dark' || (theme === 'system' && prefersDark());
}

const THEME_CACHE_KEY = 'vdi-theme';

/**
 * PatternFly 6 switches every token to its dark value under this class on <html>.
 * The host's settings are the truth; localStorage only caches the last theme so
 * the first paint after a reload is already right (no white flash in dark mode).
 */
export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('pf-v6-theme-dark', isDark(theme));
  try {
    localStorage.setItem(THEME_CACHE_KEY, theme);
  } catch {
    // Storage can be unavailable (privacy mode); the theme still applies.
  }
}

/** Applies the cached theme before the first render. */
export function applyCachedTheme(): void {
  try {
    const t = localStorage.getItem(THEME_CACHE_KEY);
    if (t === 'light' || t === 'dark' || t === 'system') document.documentElement.classList.toggle('pf-v6-theme-dark', isDark(t));
  } catch {
    // No cache: light until the settings arrive.
  }
}

async function save(patch: Partial<Settings>, what: string): Promise<void> {
  try {
    await getClient().call('settings-set', patch);
  } catch (e) {
    notifyError(`Could not save the ${what}`, toApiError(e));
  }
}

export const useSettings = create<SettingsState>((set) => ({
  loaded: false,
  theme: 'light',
  sidebarOpen: true,
  lastRoute: '/dashboard',
  savedVocabulary: 'horizon',
  urlVocabulary: null,
  setLoaded: (s) => {
    if (s) {
      applyTheme(s.theme);
      set({ loaded: true, theme: s.theme, sidebarOpen: s.sidebarOpen, lastRoute: s.lastRoute, savedVocabulary: s.vocabulary });
      cacheVocabulary(s.vocabulary);
      setDomVocabulary(effectiveVocabulary());
    } else {
      set({ loaded: true });
    }
  },
  setTheme: (theme) => {
    applyTheme(theme);
    set({ theme });
    void save({ theme }, 'theme');
  },
  setVocabulary: (v) => {
    set({ savedVocabulary: v, urlVocabulary: null });
    cacheVocabulary(v);
    setDomVocabulary(v);
    void save({ vocabulary: v }, 'vocabulary');
  },
  setSidebarOpen: (open) => {
    set({ sidebarOpen: open });
    void save({ sidebarOpen: open }, 'sidebar state');
  },
}));

let routeTimer: ReturnType<typeof setTimeout> | null = null;

/** Remembers the current route on the host (debounced: typing in a filter box is not a new route). */
export function rememberRoute(full: string): void {
  const route = full.length <= 200 ? full : (full.split('?')[0] ?? '/').slice(0, 200);
  if (routeTimer) clearTimeout(routeTimer);
  routeTimer = setTimeout(() => {
    routeTimer = null;
    if (useSettings.getState().lastRoute === route) return;
    useSettings.setState({ lastRoute: route });
    void save({ lastRoute: route }, 'last page');
  }, 600);
}

const VOCABULARY_CACHE_KEY = 'vdi-vocabulary';

/** Like the theme: the host's setting is the truth, the cache makes the first paint right. */
function cacheVocabulary(v: Vocabulary): void {
  try {
    localStorage.setItem(VOCABULARY_CACHE_KEY, v);
  } catch {
    // No storage: the first paint is in Horizon terms until the settings arrive.
  }
}

export function cachedVocabulary(): Vocabulary {
  try {
    const v = localStorage.getItem(VOCABULARY_CACHE_KEY);
    if (v && isVocabulary(v)) {
      useSettings.setState({ savedVocabulary: v });
      return v;
    }
  } catch {
    // As above.
  }
  return 'horizon';
}

/** The vocabulary on screen: the address's `?vocab=` if it names one, else the saved setting. */
export function effectiveVocabulary(): Vocabulary {
  const s = useSettings.getState();
  return s.urlVocabulary ?? s.savedVocabulary;
}

export function isVocabulary(v: string): v is Vocabulary {
  return (VOCABULARIES as readonly string[]).includes(v);
}

/**
 * Reads `?vocab=` from the address (before the hash, or in the hash route's query): a known
 * vocabulary applies to this window; an unknown one is said in a toast and changes nothing.
 */
export function readVocabularyFromUrl(): void {
  const fromHash = location.hash.includes('?') ? new URLSearchParams(location.hash.slice(location.hash.indexOf('?') + 1)).get('vocab') : null;
  const raw = fromHash ?? new URLSearchParams(location.search).get('vocab');
  if (raw === null) return;
  const v = raw.trim().toLowerCase();
  if (!isVocabulary(v)) {
    notifyError('Unknown vocabulary in the address', {
      code: 'invalid-input',
      message: `vocab=${raw.slice(0, 40)} is not one of ${VOCABULARIES.join(', ')}; the console keeps its vocabulary`,
      path: ['vocab'],
    });
    return;
  }
  if (useSettings.getState().urlVocabulary === v) return;
  useSettings.setState({ urlVocabulary: v });
  setDomVocabulary(v);
}

/** The vocabulary on screen, for components that choose what to render by it. */
export function useVocabulary(): Vocabulary {
  return useSettings((s) => s.urlVocabulary ?? s.savedVocabulary);
}

/**
 * A hint that may be a glossary note ("Citrix: static · AVD: personal"): undefined when it says
 * nothing in the vocabulary on screen, so no empty tooltip or helper line is drawn. The text itself
 * is translated where it is shown, like every other.
 */
export function useVendorNote<T>(hint: T): T | undefined {
  const vocab = useVocabulary();
  if (typeof hint !== 'string') return hint;
  return translateText(hint, vocab).trim() ? hint : undefined;
}
