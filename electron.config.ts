// electron-vite configuration (scripts pass `--config electron.config.ts`).
// main + preload bundle the Node side for Electron; renderer is the React console,
// the same bundle `vdi-console serve` hands to a browser.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/electron/main.ts'),
          // Capacity runs happen in worker threads; the service starts out/main/capacity-worker.js.
          'capacity-worker': resolve(import.meta.dirname, 'src-main/app/capacity/worker.ts'),
        },
        external: ['electron', 'better-sqlite3', 'ws'],
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
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
});
