// The preload exposes exactly three named things, and never ipcRenderer or an IPC event.
import { beforeAll, describe, expect, it, vi } from 'vitest';

type Listener = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const exposed = new Map<string, unknown>();
  const ipcRenderer = {
    invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(listener);
    }),
  };
  const contextBridge = { exposeInMainWorld: vi.fn((key: string, api: unknown) => void exposed.set(key, api)) };
  return { listeners, exposed, ipcRenderer, contextBridge };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

interface Bridge {
  request(method: string, input: unknown): Promise<unknown>;
  onPush(listener: (msg: unknown) => void): () => void;
  platform: string;
  openWindow(route: string): Promise<unknown>;
}

let bridge: Bridge;
beforeAll(async () => {
  await import('../../src-main/electron/preload.ts');
  bridge = electron.exposed.get('vdi') as Bridge;
});

describe('preload bridge', () => {
  it('exposes window.vdi with request, onPush, openWindow and platform only', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...electron.exposed.keys()]).toEqual(['vdi']);
    expect(Object.keys(bridge).sort()).toEqual(['onPush', 'openWindow', 'platform', 'request']);
    expect(typeof bridge.request).toBe('function');
    expect(typeof bridge.onPush).toBe('function');
    expect(bridge.platform).toBe(process.platform);
    for (const value of Object.values(bridge)) expect(value).not.toBe(electron.ipcRenderer);
  });

  it('asks main for a client window on vdi:open-window, and never rejects', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true });
    await expect(bridge.openWindow('/connect')).resolves.toEqual({ ok: true });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('vdi:open-window', '/connect');
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error('No handler registered'));
    await expect(bridge.openWindow('/connect')).resolves.toEqual({ ok: false, message: 'The window could not be opened: No handler registered' });
  });

  it('sends requests on vdi:request and returns the reply', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: 1 });
    await expect(bridge.request('lab-info', {})).resolves.toEqual({ ok: true, result: 1 });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('vdi:request', 'lab-info', {});
  });

  it('turns a failed invoke into a reply instead of rejecting', async () => {
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error('An object could not be cloned.'));
    const reply = await bridge.request('lab-info', { f: 1 });
    expect(reply).toEqual({ ok: false, error: { code: 'bad-request', message: 'The request could not be sent: An object could not be cloned.' } });
  });

  it('delivers pushes without the IPC event, and unsubscribes', () => {
    const got: unknown[][] = [];
    const stop = bridge.onPush((...args: unknown[]) => void got.push(args));
    const msg = { topic: 'lab-changed', payload: { kinds: ['pool'] } };
    const event = { sender: electron.ipcRenderer, senderId: 0 };
    const deliver = () => electron.listeners.get('vdi:push')?.forEach((l: Listener) => l(event, msg));
    deliver();
    expect(got).toEqual([[msg]]);
    stop();
    deliver();
    expect(got).toHaveLength(1);
    expect(electron.listeners.get('vdi:push')?.size).toBe(0);
  });
});
