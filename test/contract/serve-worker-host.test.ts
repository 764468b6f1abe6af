import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import DatabaseCtor from 'better-sqlite3';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src-main/contract/errors.ts';
import { LAB_FILE } from '../../src-main/host/host.ts';
import { startWorkerHost, type WorkerHost } from '../../src-main/host/runner/worker-host.ts';
import { WORKER_PRIORITY, threadId } from '../../src-main/host/runner/thread-priority.ts';
import { getPriority } from 'node:os';
import { readFileSync, readdirSync } from 'node:fs';
import { startWebServer, tokenCookieName, type WebServer } from '../../src-main/host/web-server.ts';
import { http } from '../helpers/http-client.ts';
import { tableCounts, tempDir } from '../helpers/lab.ts';

// Issue 18 item 3: serve's host (store, engine, dispatcher, flushes, checkpoints) in a worker
// thread behind the same HTTP/WebSocket front. The same contract crosses the thread: replies,
// structured errors, refusals that change nothing, pushes, the audit trail, sign-in, the Horizon
// REST routes; and a worker that dies is restarted on the same lab without losing what committed.

let dir: string;
let host: WorkerHost;
let web: WebServer;

beforeAll(async () => {
  dir = tempDir('vdi-worker-host-');
  mkdirSync(join(dir, 'renderer'));
  host = await startWorkerHost({ dataDir: join(dir, 'lab'), lab: 'small', seed: 1, run: true, control: true, user: 'CORP\\worker-test' });
  web = await startWebServer({ host, rendererDir: join(dir, 'renderer'), port: 0 });
}, 120_000);
afterAll(async () => {
  await web?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const origin = () => `http://127.0.0.1:${web.port}`;

interface Socket {
  call(method: string, input: unknown): Promise<Reply<unknown>>;
  raw(text: string): Promise<{ id: unknown; reply: Reply<unknown> }>;
  pushes: { topic: string; payload: unknown }[];
  close(): void;
}

async function socket(): Promise<Socket> {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws`, { headers: { cookie: `${tokenCookieName(web.port)}=${web.token}`, origin: origin() } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waiting = new Map<unknown, (m: { id: unknown; reply: Reply<unknown> }) => void>();
  const pushes: { topic: string; payload: unknown }[] = [];
  let early: ((m: { id: unknown; reply: Reply<unknown> }) => void) | null = null;
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { push?: true; topic: string; payload: unknown; id: unknown; reply: Reply<unknown> };
    if (msg.push) return void pushes.push({ topic: msg.topic, payload: msg.payload });
    const w = waiting.get(msg.id) ?? early;
    waiting.delete(msg.id);
    w?.(msg);
  });
  let next = 1;
  return {
    call: (method, input) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, (m) => resolve(m.reply));
        ws.send(JSON.stringify({ id, method, input }));
      }),
    raw: (text) =>
      new Promise((resolve) => {
        early = resolve;
        ws.send(text);
      }),
    pushes,
    close: () => ws.close(),
  };
}

function counts(): Record<string, number> {
  const db = new DatabaseCtor(join(dir, 'lab', LAB_FILE), { readonly: true });
  try {
    return tableCounts(db);
  } finally {
    db.close();
  }
}

async function until<T>(what: () => Promise<T | null>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the WebSocket through the worker', () => {
  it('answers requests with the contract reply, and refuses bad ones with structured errors', async () => {
    const s = await socket();
    try {
      expect(await s.call('session-whoami', {})).toMatchObject({ ok: true, result: { role: 'administrators', transport: 'websocket' } });
      expect(await s.raw('{not json')).toMatchObject({ id: null, reply: { ok: false, error: { code: 'bad-request' } } });
      expect(await s.call('no-such-method', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
      const before = counts();
      const bad = await s.call('pool-create', { name: '', size: -1 });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(counts()).toEqual(before); // a refusal changes nothing
    } finally {
      s.close();
    }
  });

  it('carries pushes from the host thread to the sockets', async () => {
    const s = await socket();
    try {
      expect(await s.call('clock-set', { speed: '60' })).toMatchObject({ ok: true });
      await until(async () => (s.pushes.some((p) => p.topic === 'clock') ? true : null));
      expect(await s.call('clock-set', { speed: 'paused' })).toMatchObject({ ok: true });
    } finally {
      s.close();
    }
  });
});

describe('the HTTP APIs through the worker', () => {
  it('/api/v1 answers, audits the refusals, and signs in against the lab accounts', async () => {
    const refused = await http<{ ok: boolean; error: { code: string } }>(web.port, 'POST', '/api/v1/pool-get', { token: web.token, body: { id: 42 } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('invalid-input');
    const audit = await host.dispatch('audit-list', { limit: 20 });
    expect(audit.ok).toBe(true);
    const rows = (audit as { result: { rows: { method: string; outcome: string; transport: string }[] } }).result.rows;
    expect(rows.some((r) => r.method === 'pool-get' && r.outcome === 'error' && r.transport === 'http-api')).toBe(true);
  });

  it('serves the Horizon REST routes: login, then a page of machines', async () => {
    const login = await http<{ access_token: string }>(web.port, 'POST', '/rest/login', {
      body: { username: 'administrator', password: web.token, domain: 'CORP' },
    });
    expect(login.status).toBe(200);
    const page = await http<unknown[]>(web.port, 'GET', '/rest/inventory/v1/machines?page=1&size=5', {
      headers: { authorization: `Bearer ${login.json.access_token}` },
    });
    expect(page.status).toBe(200);
    expect(page.json).toHaveLength(5);
    expect(page.headers.has_more_records).toBe('TRUE');
  });

  it('knows at once that the lab has accounts after one is created (the front asks for a sign-in from then on)', async () => {
    expect(host.accounts.exist()).toBe(false);
    const r = await host.dispatch('account-create', { name: 'root', role: 'administrators', password: 'admin password 1' });
    expect(r.ok).toBe(true);
    expect(host.accounts.exist()).toBe(true);
    const bad = await host.accounts.login('root', 'wrong password', 'websocket', 'test');
    expect(bad).toMatchObject({ ok: false, reason: 'bad-credentials' });
    const good = await host.accounts.login('root', 'admin password 1', 'websocket', 'test');
    expect(good).toMatchObject({ ok: true, account: { name: 'root' } });
  });
});

describe.runIf(process.platform === 'linux')("the simulation thread's priority", () => {
  /** Niceness of every thread of this process (/proc/self/task/<tid>/stat, field 19). */
  const threadNiceness = () =>
    readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]));

  it('is WORKER_PRIORITY.niceness by default, never above the front', () => {
    const front = getPriority(threadId() as number);
    expect(host.workerNiceness).toBe(Math.max(front, WORKER_PRIORITY.niceness));
  });

  it('is lowered when asked, in the worker thread only: the front keeps its own', async () => {
    const front = getPriority(threadId() as number);
    const asked = Math.min(19, front + 7);
    const other = await startWorkerHost({ dataDir: join(dir, 'nice-lab'), lab: 'small', seed: 1, niceness: asked });
    try {
      expect(other.workerNiceness).toBe(asked);
      expect(threadNiceness()).toContain(asked);
      expect(getPriority(threadId() as number)).toBe(front);
      const r = await other.dispatch('clock-get', {});
      expect(r.ok).toBe(true);
    } finally {
      await other.close();
    }
    expect(threadNiceness()).not.toContain(asked); // its thread is gone; none of the others was touched
  }, 60_000);
});

describe('a worker that dies', () => {
  it('fails what it held with a clear error, restarts on the same lab and keeps what committed', async () => {
    const s = await socket();
    try {
      const accounts = await host.dispatch('account-list', {});
      expect(accounts.ok).toBe(true);
      // A long step in flight when the thread ends: its caller is told, not left waiting.
      const inFlight = host.dispatch('clock-step', { seconds: 7 * 86400 });
      await new Promise((r) => setTimeout(r, 20));
      await host.killWorker();
      const r = await inFlight;
      if (!r.ok) expect(r.error).toMatchObject({ code: 'internal', message: expect.stringMatching(/stopped unexpectedly.*restarting on the same lab/) });
      const after = await until(async () => {
        const a = await host.dispatch('account-list', {});
        return a.ok ? a : null;
      });
      expect(host.restarts).toBe(1);
      expect(after).toEqual(accounts); // the account created before the crash is there
      // The views are told to read again, and the socket opened before the crash still works.
      await until(async () => (s.pushes.some((p) => p.topic === 'lab-changed' && (p.payload as { kinds: string[] }).kinds.includes('host')) ? true : null));
      expect(await s.call('lab-info', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } }); // accounts exist now: sign in
    } finally {
      s.close();
    }
  }, 120_000);
});
