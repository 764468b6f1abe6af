// The preload: runs sandboxed, in its own world, before the page. It hands the
// page four named things on `window.vdi` and nothing else: never ipcRenderer,
// never the IPC event (its `sender` is ipcRenderer), never a Node object.
// Model: Actual Budget's desktop-electron/preload.ts.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Reply } from '../contract/errors.ts';
import type { PushMessage } from '../contract/methods.ts';
import { OPEN_WINDOW_CHANNEL, PUSH_CHANNEL, REQUEST_CHANNEL } from './channels.ts';

const api = {
  /** One request to the host; always resolves with a reply, never rejects. */
  async request(method: string, input: unknown): Promise<Reply<unknown>> {
    try {
      return (await ipcRenderer.invoke(REQUEST_CHANNEL, method, input)) as Reply<unknown>;
    } catch (err) {
      // Only reached when the arguments cannot be copied (a function, a DOM node, ...)
      // or the main process has no handler yet: main.ts itself never throws across IPC.
      const detail = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'bad-request', message: `The request could not be sent: ${detail}` } };
    }
  },

  /** Receives every push from the host; returns the function that stops it. */
  onPush(listener: (msg: PushMessage) => void): () => void {
    const forward = (_event: IpcRendererEvent, msg: PushMessage): void => listener(msg);
    ipcRenderer.on(PUSH_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(PUSH_CHANNEL, forward);
    };
  },

  /** Opens a thin-client, shadow or wall route in its own window (main checks the route); never rejects. */
  async openWindow(route: string): Promise<{ ok: true } | { ok: false; message: string }> {
    try {
      return (await ipcRenderer.invoke(OPEN_WINDOW_CHANNEL, route)) as { ok: true } | { ok: false; message: string };
    } catch (err) {
      return { ok: false, message: `The window could not be opened: ${err instanceof Error ? err.message : String(err)}` };
    }
  },

  platform: process.platform,
};

export type VdiBridge = typeof api;

contextBridge.exposeInMainWorld('vdi', api);
