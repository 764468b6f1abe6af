import { useSyncExternalStore } from 'react';

/**
 * Chart colours come from PatternFly tokens (read from the computed style of
 * <html>, so the light and dark themes each give their own values); canvas
 * cannot use CSS variables directly. `--vdi-chart-*` (styles/charts.css) map the
 * series palette to PF palette tokens per theme.
 */
export const CHART_COLORS = ['blue', 'orange', 'purple', 'teal', 'red', 'green', 'yellow', 'gray'] as const;
export type ChartColor = (typeof CHART_COLORS)[number];

export interface ChartTheme {
  text: string;
  background: string;
  grid: string;
  axis: string;
  font: string;
  warning: string;
  danger: string;
  series: Record<ChartColor, string>;
}

export function readChartTheme(): ChartTheme {
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const family = v('--pf-t--global--font--family--body', 'sans-serif');
  const series = Object.fromEntries(CHART_COLORS.map((c) => [c, v(`--vdi-chart-${c}`, '#0066cc')])) as Record<ChartColor, string>;
  return {
    text: v('--pf-t--global--text--color--subtle', '#6a6e73'),
    background: v('--pf-t--global--background--color--primary--default', '#ffffff'),
    grid: v('--vdi-chart-grid', 'rgba(128,128,128,0.2)'),
    axis: v('--pf-t--global--border--color--default', '#c7c7c7'),
    font: `11px ${family}`,
    warning: v('--pf-t--global--text--color--status--warning--default', '#795600'),
    danger: v('--pf-t--global--text--color--status--danger--default', '#b1380b'),
    series,
  };
}

/** `#rrggbb`, `#rgb` or `rgb(r, g, b)` with an alpha; anything else comes back as it is. */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let r: number, g: number, b: number;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c);
  if (hex?.[1]) {
    const h = hex[1].length === 3 ? [...hex[1]].map((x) => x + x).join('') : hex[1];
    r = parseInt(h.slice(0, 2), 16);
    g = parseInt(h.slice(2, 4), 16);
    b = parseInt(h.slice(4, 6), 16);
  } else {
    const m = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(c);
    if (!m) return c;
    r = Number(m[1]);
    g = Number(m[2]);
    b = Number(m[3]);
  }
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

// The theme is a class on <html> (pf-v6-theme-dark); one observer tells every chart when it flips.
let version = 0;
const listeners = new Set<() => void>();
let observer: MutationObserver | null = null;

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  if (!observer) {
    let dark = document.documentElement.classList.contains('pf-v6-theme-dark');
    observer = new MutationObserver(() => {
      const now = document.documentElement.classList.contains('pf-v6-theme-dark');
      if (now === dark) return;
      dark = now;
      version++;
      for (const l of [...listeners]) l();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  }
  return () => {
    listeners.delete(cb);
  };
}

/** A number that changes when the light/dark theme flips (charts rebuild their canvas colours then). */
export function useThemeVersion(): number {
  return useSyncExternalStore(
    subscribe,
    () => version,
    () => version,
  );
}
