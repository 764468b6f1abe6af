// The preload script (src-main/electron/preload.ts) exposes exactly this on `window.vdi`.
// In a browser (`vdi-console serve`) it is absent and the renderer talks WebSocket instead.
import type { PushMessage, Reply } from '../src-main/contract/index.ts';

declare global {
  interface VdiPreloadApi {
    request(method: string, input: unknown): Promise<Reply<unknown>>;
    onPush(listener: (msg: PushMessage) => void): () => void;
    /** Opens a thin-client, shadow or wall route in its own window (Electron only). */
    openWindow?(route: string): Promise<{ ok: true } | { ok: false; message: string }>;
  }
  interface Window {
    vdi?: VdiPreloadApi;
  }
}

export {};
