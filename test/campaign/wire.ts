import { spawn } from 'node:child_process';
import type { RawData, WebSocket } from 'ws';
import type { Transport, WireServerMessage } from '../../src-main/contract/client.ts';
import type { Reply } from '../../src-main/contract/errors.ts';
import type { PushMessage } from '../../src-main/contract/methods.ts';
import { CLI, REPO, openSocket, type Serve } from '../helpers/crash-writer.ts';

// A persistent loopback WebSocket to a `serve` child for the campaigns: requests matched to replies
// by id (pipelining allowed), raw frames for the fuzz, and a Transport so the typed client (and
// viewViolations) can run over it.

export type RawOutcome = { kind: 'reply'; id: unknown; reply: Reply<unknown> } | { kind: 'closed'; code: number } | { kind: 'timeout' };

const REPLY_TIMEOUT_MS = 120_000;

/** A request whose socket closed before its reply (the process was killed, or the wire closed the socket). */
export class SocketClosed extends Error {}

export class WsClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply<unknown>) => void; reject: (e: Error) => void }>();
  /** A raw frame's reply: its id may be anything (or null), so raw frames are sent one at a time with nothing else in flight. */
  private rawWaiter: ((o: RawOutcome) => void) | null = null;
  private readonly pushListeners = new Set<(m: PushMessage) => void>();
  closeCode: number | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('error', () => undefined); // a closed or killed peer: seen as 'close'
    ws.on('message', (data: RawData) => {
      let msg: WireServerMessage;
      try {
        msg = JSON.parse(String(data)) as WireServerMessage;
      } catch {
        return;
      }
      if ('push' in msg) {
        for (const l of this.pushListeners) l({ topic: msg.topic, payload: msg.payload } as PushMessage);
        return;
      }
      if (this.rawWaiter) {
        const w = this.rawWaiter;
        this.rawWaiter = null;
        w({ kind: 'reply', id: msg.id, reply: msg.reply });
        return;
      }
      const p = this.pending.get(msg.id);
      if (p) {
        this.pending.delete(msg.id);
        p.resolve(msg.reply);
      }
    });
    ws.once('close', (code) => {
      this.closeCode = code;
      const w = this.rawWaiter;
      this.rawWaiter = null;
      w?.({ kind: 'closed', code });
      for (const p of this.pending.values()) p.reject(new SocketClosed(`socket closed (${code}) before the reply`));
      this.pending.clear();
    });
  }

  static async open(s: Serve): Promise<WsClient> {
    return new WsClient(await openSocket(s));
  }

  get open(): boolean {
    return this.closeCode === null && this.ws.readyState === this.ws.OPEN;
  }

  /** Sends a request; resolves with its reply, rejects with SocketClosed if the socket closes first. */
  request(method: string, input: unknown): Promise<Reply<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.open) {
        reject(new SocketClosed('the socket is closed'));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no reply to ${method} within ${REPLY_TIMEOUT_MS / 1000} s`));
      }, REPLY_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.ws.send(JSON.stringify({ id, method, input }));
    });
  }

  /** Sends a raw frame (text or binary) with nothing else in flight; resolves with the reply it caused or the close. */
  raw(data: string | Buffer, binary = false): Promise<RawOutcome> {
    if (this.pending.size || this.rawWaiter) throw new Error('raw frames go one at a time, with nothing else in flight');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.rawWaiter = null;
        resolve({ kind: 'timeout' });
      }, REPLY_TIMEOUT_MS);
      this.rawWaiter = (o) => {
        clearTimeout(timer);
        resolve(o);
      };
      this.ws.send(data, { binary });
    });
  }

  transport(): Transport {
    return {
      request: (method, input) => this.request(method, input),
      onPush: (listener) => {
        this.pushListeners.add(listener);
        return () => this.pushListeners.delete(listener);
      },
    };
  }

  close(): void {
    this.ws.terminate();
  }
}

/** `vdi-console call METHOD -` on the folder (through the control port of the serve that holds it), the input on stdin. */
export function cliCall(
  dataDir: string,
  method: string,
  inputText: string,
  asArgument: boolean,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const args = [CLI, 'call', method, ...(asArgument ? [inputText] : ['-']), '--data', dataDir];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d.slice(0, 100_000)));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d.slice(0, 100_000)));
  child.stdin.on('error', () => undefined);
  child.stdin.end(asArgument ? '' : inputText);
  const timer = setTimeout(() => child.kill('SIGKILL'), REPLY_TIMEOUT_MS);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}
