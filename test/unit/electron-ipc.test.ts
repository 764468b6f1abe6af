// The sender check on every IPC request, the structured refusals, and pushes.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import type { Reply } from '../../src-main/contract/errors.ts';
import type { PushMessage } from '../../src-main/contract/methods.ts';
import { PUSH_CHANNEL, REQUEST_CHANNEL } from '../../src-main/electron/channels.ts';
import {
  broadcastPush,
  checkSender,
  createRequestHandler,
  registerRequestChannel,
  WindowRegistry,
  type ContentsLike,
  type FrameLike,
  type InvokeEventLike,
  type PushTarget,
  type RequestHandler,
} from '../../src-main/electron/ipc.ts';

const APP_URL = 'app://console/index.html#/pools';

function frame(url: string, over: Partial<FrameLike> = {}): FrameLike {
  return { url, parent: null, processId: 4, routingId: 1, detached: false, ...over };
}

function contents(id: number, main: FrameLike, destroyed = false): ContentsLike {
  return { id, mainFrame: main, isDestroyed: () => destroyed };
}

/** A window of ours: webContents 1 showing the console in its main frame. */
function ourWindow() {
  const main = frame(APP_URL);
  const wc = contents(1, main);
  const registry = new WindowRegistry<ContentsLike>();
  registry.add(wc);
  return { main, wc, registry, isOurs: (c: ContentsLike) => registry.has(c) };
}

describe('checkSender', () => {
  it('accepts the main frame of our window on app://console', () => {
    const { main, wc, isOurs } = ourWindow();
    expect(checkSender({ sender: wc, senderFrame: main }, isOurs)).toEqual({ ok: true });
  });

  it('accepts an equal main frame object (same process and routing id)', () => {
    const { wc, isOurs } = ourWindow();
    expect(checkSender({ sender: wc, senderFrame: frame(APP_URL) }, isOurs).ok).toBe(true);
  });

  it('rejects a subframe of our window, even on our origin', () => {
    const { main, wc, isOurs } = ourWindow();
    const sub = frame('app://console/index.html', { parent: main, routingId: 7 });
    const verdict = checkSender({ sender: wc, senderFrame: sub }, isOurs);
    expect(verdict).toEqual({ ok: false, reason: 'the sender is not the main frame of its window' });
  });

  it('rejects a second top-level frame that is not the main frame (fenced frame)', () => {
    const { wc, isOurs } = ourWindow();
    const nested = frame(APP_URL, { routingId: 9 });
    expect(checkSender({ sender: wc, senderFrame: nested }, isOurs).ok).toBe(false);
  });

  it('rejects a main frame on a foreign origin', () => {
    const main = frame('https://evil.example/');
    const wc = contents(1, main);
    const registry = new WindowRegistry<ContentsLike>();
    registry.add(wc);
    const verdict = checkSender({ sender: wc, senderFrame: main }, (c) => registry.has(c));
    expect(verdict).toEqual({ ok: false, reason: 'the sender is not on the console origin' });
  });

  it.each(['file:///app/out/renderer/index.html', 'app://other/index.html', 'about:blank', 'data:text/html,x', ''])('rejects a main frame at %j', (url) => {
    const main = frame(url);
    const wc = contents(1, main);
    const registry = new WindowRegistry<ContentsLike>();
    registry.add(wc);
    expect(checkSender({ sender: wc, senderFrame: main }, (c) => registry.has(c)).ok).toBe(false);
  });

  it('rejects an unknown webContents, even showing our page', () => {
    const { isOurs } = ourWindow();
    const strangerMain = frame(APP_URL);
    const stranger = contents(2, strangerMain);
    expect(checkSender({ sender: stranger, senderFrame: strangerMain }, isOurs)).toEqual({
      ok: false,
      reason: 'the sender is not a console window',
    });
  });

  it('rejects another object that reuses the id of our webContents', () => {
    const { isOurs } = ourWindow();
    const impostorMain = frame(APP_URL);
    expect(checkSender({ sender: contents(1, impostorMain), senderFrame: impostorMain }, isOurs).ok).toBe(false);
  });

  it('rejects a destroyed webContents and a frame that is gone', () => {
    const { main, wc, isOurs } = ourWindow();
    expect(checkSender({ sender: contents(1, main, true), senderFrame: main }, isOurs).ok).toBe(false);
    expect(checkSender({ sender: wc, senderFrame: null }, isOurs).ok).toBe(false);
    expect(checkSender({ sender: wc, senderFrame: { ...main, detached: true } }, isOurs).ok).toBe(false);
  });
});

describe('request handler', () => {
  const okReply: Reply<unknown> = { ok: true, result: { profile: 'small' } };

  it('passes an accepted request to the host as it came', async () => {
    const { main, wc, isOurs } = ourWindow();
    const dispatch = vi.fn(async () => okReply);
    const handle = createRequestHandler({ dispatch }, isOurs);
    await expect(handle({ sender: wc, senderFrame: main }, 'lab-info', {})).resolves.toEqual(okReply);
    expect(dispatch).toHaveBeenCalledWith('lab-info', {});
  });

  it('answers a refused request with a structured unauthorized error and never calls the host', async () => {
    const { main, wc, isOurs } = ourWindow();
    const dispatch = vi.fn(async () => okReply);
    const handle = createRequestHandler({ dispatch }, isOurs);
    const sub = frame(APP_URL, { parent: main, routingId: 3 });
    const reply = await handle({ sender: wc, senderFrame: sub }, 'lab-reset', { profile: 'small', seed: 1, confirm: true });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('unauthorized');
      expect(reply.error.message).toMatch(/refused/i);
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('turns a host that throws into an internal error reply instead of throwing across IPC', async () => {
    const { main, wc, isOurs } = ourWindow();
    const handle = createRequestHandler({ dispatch: () => Promise.reject(new Error('disk on fire')) }, isOurs);
    await expect(handle({ sender: wc, senderFrame: main }, 'lab-info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'disk on fire' },
    });
  });

  it('registers on vdi:request and can be removed', async () => {
    const handlers = new Map<string, RequestHandler>();
    const ipcMain = {
      handle: (channel: string, listener: RequestHandler) => void handlers.set(channel, listener),
      removeHandler: (channel: string) => void handlers.delete(channel),
    };
    const { main, wc, isOurs } = ourWindow();
    const stop = registerRequestChannel(ipcMain, { dispatch: async () => okReply }, isOurs);
    expect(REQUEST_CHANNEL).toBe('vdi:request');
    const event: InvokeEventLike = { sender: wc, senderFrame: main };
    await expect(handlers.get(REQUEST_CHANNEL)?.(event, 'lab-info', {})).resolves.toEqual(okReply);
    stop();
    expect(handlers.has(REQUEST_CHANNEL)).toBe(false);
  });
});

describe('pushes', () => {
  function target(id: number, url: string, destroyed = false): PushTarget & { sent: unknown[][] } {
    const sent: unknown[][] = [];
    return { id, sent, isDestroyed: () => destroyed, getURL: () => url, send: (channel, msg) => void sent.push([channel, msg]) };
  }
  const msg: PushMessage = { topic: 'lab-changed', payload: { kinds: ['pool'] } };

  it('goes to every live console window on vdi:push', () => {
    const a = target(1, APP_URL);
    const b = target(2, 'app://console/index.html');
    const gone = target(3, APP_URL, true);
    const elsewhere = target(4, 'https://evil.example/');
    broadcastPush([a, b, gone, elsewhere], msg);
    expect(a.sent).toEqual([[PUSH_CHANNEL, msg]]);
    expect(b.sent).toEqual([['vdi:push', msg]]);
    expect(gone.sent).toEqual([]);
    expect(elsewhere.sent).toEqual([]);
  });

  it('the registry lists only live windows and forgets removed ones', () => {
    const registry = new WindowRegistry<PushTarget>();
    let destroyed = false;
    const a: PushTarget = { id: 1, isDestroyed: () => destroyed, getURL: () => APP_URL, send: () => undefined };
    const b: PushTarget = { id: 2, isDestroyed: () => false, getURL: () => APP_URL, send: () => undefined };
    registry.add(a);
    registry.add(b);
    expect(registry.all()).toEqual([a, b]);
    destroyed = true;
    expect(registry.all()).toEqual([b]);
    expect(registry.has(a)).toBe(false);
    registry.remove({ id: 2 });
    expect(registry.all()).toEqual([]);
  });
});
