// The IPC bridge between our windows and the host. Every request's sender is
// checked before the host sees it; a refused or failed request is a structured
// reply, never an exception across IPC (the renderer would only see a string).
import type { Reply } from '../contract/errors.ts';
import type { PushMessage } from '../contract/methods.ts';
import { PUSH_CHANNEL, REQUEST_CHANNEL } from './channels.ts';
import { isAppUrl } from './origin.ts';

/** The part of a WebFrameMain the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
  readonly detached?: boolean;
}

/** The part of a WebContents the check reads. */
export interface ContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
}

/** The part of an IpcMainInvokeEvent the check reads. */
export interface InvokeEventLike {
  readonly sender: ContentsLike;
  readonly senderFrame: FrameLike | null;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/**
 * May this message reach the host?
 *
 * check                                         refused when
 * webContents is one of our windows             a webContents we did not create (devtools, a stray view)
 * the sending frame still exists                it navigated away or closed while the message was in flight
 * it is the main frame of that webContents      a subframe (iframe), or a nested main frame (fenced frame)
 * its URL is on app://console                   any other origin, file://, data:, about:blank
 */
export function checkSender(event: InvokeEventLike, isOurContents: (contents: ContentsLike) => boolean): SenderVerdict {
  const contents = event.sender;
  if (contents.isDestroyed() || !isOurContents(contents)) return { ok: false, reason: 'the sender is not a console window' };
  const frame = event.senderFrame;
  if (frame === null || frame.detached === true) return { ok: false, reason: 'the sending frame no longer exists' };
  const main = contents.mainFrame;
  const isMainFrame = frame === main || (frame.processId === main.processId && frame.routingId === main.routingId);
  if (frame.parent !== null || !isMainFrame) return { ok: false, reason: 'the sender is not the main frame of its window' };
  if (!isAppUrl(frame.url)) return { ok: false, reason: 'the sender is not on the console origin' };
  return { ok: true };
}

/** What the IPC layer needs of the host. */
export interface RequestTarget {
  dispatch(method: unknown, input: unknown): Promise<Reply<unknown>>;
}

export type RequestHandler = (event: InvokeEventLike, method: unknown, input: unknown) => Promise<Reply<unknown>>;

export function createRequestHandler(host: RequestTarget, isOurContents: (contents: ContentsLike) => boolean): RequestHandler {
  return async (event, method, input) => {
    const verdict = checkSender(event, isOurContents);
    if (!verdict.ok) {
      return { ok: false, error: { code: 'unauthorized', message: `Request refused: ${verdict.reason}.` } };
    }
    try {
      return await host.dispatch(method, input);
    } catch (err) {
      // The dispatcher already turns handler failures into replies; this is the last net.
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'internal', message } };
    }
  };
}

export interface IpcMainLike {
  handle(channel: string, listener: RequestHandler): void;
  removeHandler(channel: string): void;
}

/** Registers the request channel; returns a function that removes it. */
export function registerRequestChannel(ipcMain: IpcMainLike, host: RequestTarget, isOurContents: (contents: ContentsLike) => boolean): () => void {
  ipcMain.handle(REQUEST_CHANNEL, createRequestHandler(host, isOurContents));
  return () => ipcMain.removeHandler(REQUEST_CHANNEL);
}

/** The part of a WebContents a push needs. */
export interface PushTarget {
  readonly id: number;
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, message: PushMessage): void;
}

/** Sends a push to every live window that is showing the console (not to a page that somehow got elsewhere). */
export function broadcastPush(targets: Iterable<PushTarget>, message: PushMessage): void {
  for (const target of targets) {
    if (target.isDestroyed() || !isAppUrl(target.getURL())) continue;
    target.send(PUSH_CHANNEL, message);
  }
}

/** Our windows' webContents, by id: the allow-list of IPC senders and the push targets. */
export class WindowRegistry<C extends { readonly id: number; isDestroyed(): boolean }> {
  readonly #byId = new Map<number, C>();

  add(contents: C): void {
    this.#byId.set(contents.id, contents);
  }

  remove(contents: Pick<C, 'id'>): void {
    this.#byId.delete(contents.id);
  }

  /** True only for the very object we registered (not another webContents reusing an id). */
  has(contents: { readonly id: number }): boolean {
    const known = this.#byId.get(contents.id);
    return known !== undefined && known === contents && !known.isDestroyed();
  }

  all(): C[] {
    return [...this.#byId.values()].filter((c) => !c.isDestroyed());
  }
}
