// electron-vite configuration (scripts pass `--config electron.config.ts`).
// main + preload bundle the Node side for Electron; renderer is the React console,
// the same bundle `vdi-console serve` hands to a browser.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import type { Plugin as PostcssPlugin } from 'postcss';

/** Vendor chunks: [chunk name, the node_modules paths it holds]. What a page alone uses stays in that page's chunk. */
const VENDOR_CHUNKS: [string, RegExp][] = [
  ['vendor-react', /node_modules[\\/](react|react-dom|scheduler|zustand|use-sync-external-store)[\\/]/],
  ['vendor-patternfly-table', /node_modules[\\/]@patternfly[\\/]react-table[\\/]/],
  ['vendor-patternfly-icons', /node_modules[\\/]@patternfly[\\/]react-icons[\\/]/],
  ['vendor-patternfly', /node_modules[\\/](@patternfly|focus-trap|tabbable|@popperjs|popper\.js|tslib)[\\/]/],
  ['vendor-zod', /node_modules[\\/]zod[\\/]/],
];

/**
 * src-renderer/early.ts is an entry of its own, loaded by an `async` module script ahead of the
 * console's bundle: it opens the WebSocket and asks for the Sessions page's first screen while the
 * browser still loads the stylesheets and evaluates React and PatternFly (issue 18). A module script
 * of index.html would be merged into the bundle's entry (and run after all its imports), so this
 * adds the tag to the built page itself. In dev (no bundle) main.tsx starts the same work.
 */
function earlyScript(): Plugin {
  return {
    name: 'vdi-early-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId?.endsWith('/early.ts'));
        if (!chunk || chunk.type !== 'chunk') throw new Error('the early.ts entry is missing from the renderer bundle');
        // Right before the bundle's own script: after the CSP meta tag, which covers only what follows it.
        const at = html.indexOf('<script type="module"');
        if (at < 0) throw new Error('index.html has no module script to put the early script before');
        // An async script is fetched at low priority, and its imports only once it is parsed: behind the
        // stylesheets and the vendor chunks, whose bodies the page's main thread takes in first (a trace
        // on scale-10k: the early script compiled at 139 ms, its import arrived at 428 ms). Both go first.
        const tags = [
          ...chunk.imports.map((f) => `<link rel="modulepreload" fetchpriority="high" crossorigin href="./${f}">`),
          `<script type="module" async fetchpriority="high" crossorigin src="./${chunk.fileName}"></script>`,
        ];
        return `${html.slice(0, at)}${tags.join('\n    ')}\n    ${html.slice(at)}`;
      },
    },
  };
}

/**
 * The two faces every page's first screen draws with: PatternFly's body text and its headings (the
 * upright variable fonts; italics and mono are rare). A font is fetched only once the page's styles
 * have been computed, which on the first load comes after React's first render: a trace of the
 * Sessions page asked for them at ~600 ms and had them at ~745 ms, after the first frame, so the rows
 * were drawn in a fallback face and laid out again when these arrived (`font-display: fallback`).
 * Preloaded, they arrive with the stylesheets (issue 18).
 */
const FIRST_SCREEN_FONTS = [/^assets\/RedHatTextVF-[\w-]+\.woff2$/, /^assets\/RedHatDisplayVF-[\w-]+\.woff2$/];
function preloadFonts(): Plugin {
  return {
    name: 'vdi-preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const files = Object.keys(ctx.bundle ?? {});
        const fonts = FIRST_SCREEN_FONTS.map((re) => {
          const found = files.filter((f) => re.test(f) && !/Italic/.test(f));
          if (found.length !== 1) throw new Error(`expected one font asset matching ${re}, found ${found.length}`);
          return found[0] as string;
        });
        const at = html.indexOf('<link rel="stylesheet"');
        if (at < 0) throw new Error('index.html has no stylesheet to put the font preloads before');
        const tags = fonts.map((f) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="./${f}">`);
        return `${html.slice(0, at)}${tags.join('\n    ')}\n    ${html.slice(at)}`;
      },
    },
  };
}

/**
 * PatternFly's stylesheet carries the tokens of themes the console never offers: high contrast,
 * "felt" and "glass" (~85 kB of the 1.1 MB vendor stylesheet the page decodes and parses on its main
 * thread before the early script runs: issue 18). The console offers light and dark only
 * (state/settings-store.ts toggles pf-v6-theme-dark), so rules whose every selector needs one of
 * these classes on the page can never match: they are dropped. A rule that also serves another
 * theme (a selector list naming dark and high contrast) is kept whole.
 */
export const UNOFFERED_THEMES = ['high-contrast', 'felt', 'glass'] as const;
const UNOFFERED = new RegExp(`\\.pf-v6-theme-(${UNOFFERED_THEMES.join('|')})(?![\\w-])`);
function dropUnofferedThemes(): PostcssPlugin {
  return {
    postcssPlugin: 'vdi-drop-unoffered-themes',
    Rule(rule) {
      // `:not(.pf-v6-theme-glass)` matches without the class: only a class the selector needs counts.
      if (rule.selectors.every((sel) => UNOFFERED.test(sel.replace(/:not\([^()]*\)/g, '')))) rule.remove();
    },
  };
}

/** The contract's own modules (src-main/contract/*.ts), as the bundler names them. */
const CONTRACT_MODULE = /[\\/]src-main[\\/]contract[\\/][\w-]+\.ts$/;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/electron/main.ts'),
          // Capacity runs happen in worker threads; the service starts out/main/capacity-worker.js.
          'capacity-worker': resolve(import.meta.dirname, 'src-main/app/capacity/worker.ts'),
          // The host (store, engine, dispatcher) runs in a worker thread: out/main/host-worker.js (host/runner/worker-host.ts).
          'host-worker': resolve(import.meta.dirname, 'src-main/host/runner/host-worker.ts'),
          // `VDI Fleet Console --cli …`: the CLI inside the app binary (electron/main.ts imports out/main/cli.js).
          cli: resolve(import.meta.dirname, 'src-main/host/cli.ts'),
        },
        external: ['electron', 'better-sqlite3', 'ws'],
        // Chunks beside the entries (not in chunks/): the worker URLs (./host-worker.js, ./capacity-worker.js)
        // and the project folder (store/native-binding.ts: two levels up) are resolved from the chunk that asks.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-main/electron/preload.ts') },
        // A sandboxed preload cannot `require` our files: bundle it as one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
        external: ['electron'],
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    plugins: [react(), earlyScript(), preloadFonts()],
    css: { postcss: { plugins: [dropUnofferedThemes()] } },
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified; a browser over `serve` pays for every byte.
      minify: true,
      cssMinify: true,
      // .vite/manifest.json: each chunk's imports, for the bench's "JS the first page needs".
      manifest: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-renderer/index.html'), early: resolve(import.meta.dirname, 'src-renderer/early.ts') },
        // The contract's modules define constants, types and zod schemas; only define.ts does
        // something when it is loaded (it installs the schemas' human wording). Said so, the
        // bundler leaves out every contract module the renderer uses nothing from, although the
        // barrel (contract/index.ts) re-exports them all, so the first screen builds none of the
        // methods' schemas (about 80 ms: issue 18). A module it does take a constant from still
        // builds its own schemas: such constants live in zod-free modules (PASSWORD_PARAMS in
        // admin-entities.ts; the method table the shell needs is contract/method-access.ts).
        treeshake: { moduleSideEffects: (id: string) => (CONTRACT_MODULE.test(id) && !id.endsWith('/define.ts') ? false : undefined) },
        output: {
          // Pages are lazy chunks (shell/RouteView.tsx). Libraries go to vendor chunks of their own,
          // named by library and hashed by content, so a rebuild of our code leaves them cached.
          codeSplitting: {
            groups: VENDOR_CHUNKS.map(([name, test], i) => ({ name, test, priority: VENDOR_CHUNKS.length - i })),
          },
        },
      },
    },
  },
});
