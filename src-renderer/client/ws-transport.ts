import type { PushMessage, Reply, Transport, WireRequest, WireServerMessage } from '../../src-main/contract/index.ts';
import type { ConnectionStatus } from '../state/connection-store.ts';

export interface WsTransportHooks {
  onStatus(status: ConnectionStatus, info: { retryAt?: number; attempts?: number; detail?: string }): void;
  onOpen(): void;
}

export interface WsTransport extends Transport {
  reconnectNow(): void;
}

/** Backoff between reconnect attempts: 0.5 s doubling up to 10 s. */
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10000];
/** A request the host never answers fails after this long instead of hanging a view forever. */
const REQUEST_TIMEOUT_MS = 60_000;
/** Close codes a host may use to say "your token is wrong" (RFC 6455 policy violation, or 4401/4403 by convention). */
const AUTH_CLOSE_CODES = new Set([1008, 4401, 4403]);

interface Pending {
  resolve(reply: Reply<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

function failure(message: string): Reply<unknown> {
  return { ok: false, error: { code: 'internal', message } };
}

function isServerMessage(v: unknown): v is WireServerMessage {
  return typeof v === 'object' && v !== null && ('reply' in v || 'push' in v);
}

export function createWsTransport(url: string, hooks: WsTransportHooks): WsTransport {
  const pending = new Map<number, Pending>();
  const listeners = new Set<(msg: PushMessage) => void>();
  let queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let everOpened = false;
  let attempts = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const send = (text: string) => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
    else queue.push(text);
  };

  const failAll = (message: string) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve(failure(message));
      pending.delete(id);
    }
    queue = [];
  };

  /** A socket that closes before opening may be a refused token: ask the page URL over HTTP to tell. */
  const probeAuth = async (): Promise<boolean> => {
    try {
      const res = await fetch(location.href, { method: 'GET', cache: 'no-store' });
      return res.status === 401 || res.status === 403;
    } catch {
      return false;
    }
  };

  const scheduleReconnect = (detail: string) => {
    if (stopped) return;
    const delay = BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length - 1)] ?? 10000;
    attempts += 1;
    const retryAt = Date.now() + delay;
    hooks.onStatus('reconnecting', { retryAt, attempts, detail });
    retryTimer = setTimeout(connect, delay);
  };

  const onMessage = (ev: MessageEvent) => {
    let msg: unknown;
    try {
      msg = JSON.parse(String(ev.data));
    } catch {
      return; // not ours to crash on; the host only sends JSON
    }
    if (!isServerMessage(msg)) return;
    if ('push' in msg) {
      const push: PushMessage = { topic: msg.topic, payload: msg.payload } as PushMessage;
      for (const l of listeners) l(push);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(msg.id);
    p.resolve(msg.reply);
  };

  function connect() {
    retryTimer = null;
    if (stopped) return;
    const ws = new WebSocket(url);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      everOpened = true;
      attempts = 0;
      const waiting = queue;
      queue = [];
      for (const text of waiting) ws.send(text);
      hooks.onStatus('open', {});
      hooks.onOpen();
    };
    ws.onmessage = onMessage;
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      failAll('The connection to the console host was lost; the request may not have completed.');
      if (AUTH_CLOSE_CODES.has(ev.code)) {
        stopped = true;
        hooks.onStatus('unauthorized', { detail: ev.reason || 'The console host refused the access token.' });
        return;
      }
      if (!opened) {
        void probeAuth().then((refused) => {
          if (refused) {
            stopped = true;
            hooks.onStatus('unauthorized', { detail: 'The console host refused the access token (HTTP 401/403).' });
          } else {
            scheduleReconnect(everOpened ? 'Connection lost.' : 'Cannot reach the console host.');
          }
        });
        return;
      }
      scheduleReconnect(ev.reason || `Connection closed (code ${ev.code}).`);
    };
  }

  connect();

  return {
    request(method, input) {
      if (stopped) return Promise.resolve(failure('Not connected: the console host refused this session.'));
      const id = nextId++;
      const req: WireRequest = { id, method, input };
      return new Promise<Reply<unknown>>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(failure(`The console host did not answer "${method}" within ${REQUEST_TIMEOUT_MS / 1000} s.`));
        }, REQUEST_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        send(JSON.stringify(req));
      });
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnectNow() {
      if (stopped || socket) return;
      if (retryTimer) clearTimeout(retryTimer);
      connect();
    },
  };
}
