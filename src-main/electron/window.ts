// The console window: its security options, its size and place, and its state file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import nodePath from 'node:path';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { PRODUCT_NAME } from './launch-options.ts';
import { MIN_SIZE, parseWindowState, type WindowState, type WindowStateIo } from './window-state.ts';

/**
 * The renderer is untrusted web content that happens to be ours: no Node, its
 * own JavaScript world (the preload's bridge is the only way out), the Chromium
 * sandbox, same-origin rules on, no <webview>, no insecure content.
 */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  };
}

export function windowOptions(state: WindowState, preloadPath: string, devTools: boolean): BrowserWindowConstructorOptions {
  return {
    ...state.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: PRODUCT_NAME,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preloadPath, devTools),
  };
}

/** Reads userData/window-state.json; a missing or damaged file means "no saved state". */
export function readWindowStateFile(file: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Writes through a temporary file and a rename, so a crash mid-write leaves the old file intact. */
export function windowStateFileIo(file: string, onError: (err: unknown) => void): WindowStateIo {
  return {
    write(text) {
      try {
        mkdirSync(nodePath.dirname(file), { recursive: true });
        const tmp = `${file}.tmp`;
        writeFileSync(tmp, text, 'utf8');
        renameSync(tmp, file);
      } catch (err) {
        onError(err);
      }
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}
