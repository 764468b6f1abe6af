import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ApiClient } from './api-client.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const READY = /^VDI console ready: (http:\/\/\S+)$/;
const START_TIMEOUT_MS = 60_000;

export interface ConsoleServer {
  /** The URL printed by serve, with `?token=`. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  api: ApiClient;
  /** The page URL at a hash route: `at('/hosts')`. */
  at(route: string): string;
}

async function startServe(dataDir: string, lab: string, seed: number): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, ['bin/vdi-console.mjs', 'serve', '--data', dataDir, '--lab', lab, '--seed', String(seed), '--port', '0'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL within ${START_TIMEOUT_MS} ms.\n${err}`)), START_TIMEOUT_MS);
    let first = true;
    lines.on('line', (line) => {
      if (!first) return;
      first = false;
      clearTimeout(timer);
      const m = READY.exec(line.trim());
      if (m?.[1]) resolveUrl(m[1]);
      else reject(new Error(`serve printed an unexpected first line: ${line}\n${err}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready.\n${err}`));
    });
  });
  return { child, url, stderr: () => err };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Starts `vdi-console serve` on a fresh data folder; `close` stops it and removes the folder. */
export async function startConsole(lab = 'small', seed = 1): Promise<ConsoleServer & { close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vdi-e2e-'));
  const { child, url } = await startServe(dataDir, lab, seed);
  const u = new URL(url);
  const token = u.searchParams.get('token') ?? '';
  const api = new ApiClient(`ws://${u.host}/ws?token=${encodeURIComponent(token)}`);
  return {
    url,
    origin: u.origin,
    token,
    dataDir,
    api,
    at: (route) => `${url}#${route}`,
    async close() {
      api.close();
      await stop(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A console someone already started (E2E_SERVER_URL=the printed URL): for debugging specs against a live lab. */
function attachConsole(url: string): ConsoleServer & { close(): Promise<void> } {
  const u = new URL(url);
  const token = u.searchParams.get('token') ?? '';
  const api = new ApiClient(`ws://${u.host}/ws?token=${encodeURIComponent(token)}`);
  return { url, origin: u.origin, token, dataDir: '', api, at: (route) => `${url}#${route}`, close: async () => api.close() };
}

/** One real `vdi-console serve` (small lab, seed 1, fresh data folder) per worker. */
export const test = base.extend<object, { server: ConsoleServer }>({
  server: [
    async ({}, use) => {
      const existing = process.env.E2E_SERVER_URL;
      const server = existing ? attachConsole(existing) : await startConsole('small', 1);
      await use(server);
      await server.close();
    },
    { scope: 'worker', timeout: START_TIMEOUT_MS + 10_000 },
  ],
});

export { expect };
