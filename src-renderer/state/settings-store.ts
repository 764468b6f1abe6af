import { create } from 'zustand';
import type { Settings } from '../../src-main/contract/index.ts';
import { getClient } from '../client/api.ts';
import { toApiError } from './use-api.ts';
import { notifyError } from './toast-store.ts';

export type Theme = Settings['theme'];

interface SettingsState {
  loaded: boolean;
  theme: Theme;
  sidebarOpen: boolean;
  lastRoute: string;
  setLoaded(s: Settings | null): void;
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
  setLoaded: (s) => {
    if (s) {
      applyTheme(s.theme);
      set({ loaded: true, theme: s.theme, sidebarOpen: s.sidebarOpen, lastRoute: s.lastRoute });
    } else {
      set({ loaded: true });
    }
  },
  setTheme: (theme) => {
    applyTheme(theme);
    set({ theme });
    void save({ theme }, 'theme');
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
