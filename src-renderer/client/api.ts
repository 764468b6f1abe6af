import { createClient, type Client } from '../../src-main/contract/index.ts';
import { useConnection } from '../state/connection-store.ts';
import { invalidate } from '../state/refresh-store.ts';
import { notifySuccess } from '../state/toast-store.ts';
import { createIpcTransport } from './ipc-transport.ts';
import { createWsTransport, type WsTransport, type WsTransportHooks } from './ws-transport.ts';
import { adoptEarlyTransport, wsUrlFor } from './early-socket.ts';

export { wsUrlFor };

let client: Client | null = null;
let ws: WsTransport | null = null;

/**
 * Picks the transport once, at start: the preload API inside Electron, otherwise
 * a WebSocket back to the `serve` host (authenticated by serve's cookie).
 */
export function initClient(): Client {
  if (client) return client;
  const conn = useConnection.getState();
  if (window.vdi) {
    client = createClient(createIpcTransport(window.vdi));
    conn.set({ transport: 'ipc', status: 'open', epoch: 1 });
  } else {
    const hooks: WsTransportHooks = {
      onStatus(status, info) {
        useConnection.getState().set({
          status,
          retryAt: info.retryAt ?? null,
          attempts: info.attempts ?? 0,
          detail: info.detail ?? null,
        });
      },
      onOpen() {
        const s = useConnection.getState();
        s.set({ epoch: s.epoch + 1 });
      },
    };
    // The socket early.ts opened before the bundle loaded (client/early-socket.ts), else a new one.
    ws = adoptEarlyTransport(hooks) ?? createWsTransport(wsUrlFor(location), hooks);
    client = createClient(ws);
  }
  // 'lab' changes with every audit row and with acknowledgements: event lists follow it too.
  client.subscribe('lab-changed', (p) => invalidate(p.kinds.includes('lab') ? [...p.kinds, 'events'] : p.kinds));
  client.subscribe('event-added', () => invalidate(['events']));
  // The whole lab was replaced by a checkpoint: every view refetches (lab-changed names every kind too).
  // A replay's view opening or closing says so itself (no checkpoint id).
  client.subscribe('lab-restored', (p) => notifySuccess(p.checkpointId ? `The lab was restored from checkpoint "${p.name}"` : p.name));
  return client;
}

export function getClient(): Client {
  return client ?? initClient();
}

export function reconnectNow(): void {
  ws?.reconnectNow();
}
