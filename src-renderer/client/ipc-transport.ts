import type { Transport } from '../../src-main/contract/index.ts';

/** Electron: the preload's narrow API is already a Transport. */
export function createIpcTransport(api: VdiPreloadApi): Transport {
  return {
    request: (method, input) => api.request(method, input),
    onPush: (listener) => api.onPush(listener),
  };
}
