import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket, type RawData } from 'ws';
import type { WireServerMessage } from '../../src-main/contract/client.ts';

// A real `vdi-console serve` process for the robustness tests: started on a data
// folder with `--port 0`, driven over its WebSocket, killed with SIGKILL (or
// watched to see whether hostile input brings it down). Each test owns the
// processes it starts and stops them by their own handle (`stopAll`).

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(REPO, 'bin', 'vdi-console.mjs');

export interface Serve {
  child: ChildProcess;
  port: number;
  token: string;
  /** Resolves when the process has ended, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  alive(): boolean;
}

const started = new Set<ChildProcess>();

/** SIGKILLs every serve process this module started that is still running. */
export function stopAll(): void {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  started.clear();
}

/** Starts `vdi-console serve` on `dataDir` (a new small lab, seed 1, if the folder is empty) and waits for its URL line. */
export function startServe(dataDir: string): Promise<Serve> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--port', '0', '--lab', 'small', '--seed', '1'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL within 120 s; stderr: ${err}`)), 120_000);
    child.stdout?.on('data', (d: string) => {
      out += d;
      const m = /^VDI console ready: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        child,
        port: Number(m[1]),
        token: m[2] as string,
        exited,
        stderr: () => err,
        alive: () => child.exitCode === null && child.signalCode === null,
      });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before it was ready; stderr: ${err}`));
    });
  });
}

/** A WebSocket to the process's `/ws`, with its token. */
export function openSocket(s: Serve): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Resolves with the close code once the socket is closed. */
export function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) resolve(-1);
    else ws.once('close', (code) => resolve(code));
  });
}

/** One request on a fresh socket: resolves with `{ok, result}` of its reply. */
export async function callOnce(s: Serve, method: string, input: unknown): Promise<{ ok: boolean; result?: unknown; error?: unknown }> {
  const ws = await openSocket(s);
  try {
    return await new Promise((resolve, reject) => {
      // A guard against a hang, not a speed test: a 3-hour clock-step of the default lab is about a second of
      // CPU, but a shared 2-core machine under load has stretched it past 5 s.
      const timer = setTimeout(() => reject(new Error(`no reply to ${method} within 60 s`)), 60_000);
      ws.on('message', (data: RawData) => {
        const msg = JSON.parse(String(data)) as WireServerMessage;
        if ('push' in msg || msg.id !== 1) return;
        clearTimeout(timer);
        resolve(msg.reply.ok ? { ok: true, result: msg.reply.result } : { ok: false, error: msg.reply.error });
      });
      ws.send(JSON.stringify({ id: 1, method, input }));
    });
  } finally {
    ws.terminate();
  }
}
