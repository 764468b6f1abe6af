import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callControl } from '../../src-main/host/control.ts';
import { startWorkerHost, type WorkerHost } from '../../src-main/host/runner/worker-host.ts';
import { startWebServer, type WebServer } from '../../src-main/host/web-server.ts';
import { http } from '../helpers/http-client.ts';
import { tempDir } from '../helpers/lab.ts';

// Issue 15 review: `vdi-console call account-create` goes to the worker's control port, so its
// answer never crosses the front; the front learned that the lab has accounts only from the next
// reply of the worker to one of its own requests. Until then /rest/login refused the new account
// (and still took the built-in administrator). The change's push now carries it.

let dir: string;
let host: WorkerHost;
let web: WebServer;

beforeAll(async () => {
  dir = tempDir('vdi-worker-accounts-');
  mkdirSync(join(dir, 'renderer'));
  host = await startWorkerHost({ dataDir: join(dir, 'lab'), lab: 'small', seed: 1, run: false, control: true, user: 'CORP\\worker-test' });
  web = await startWebServer({ host, rendererDir: join(dir, 'renderer'), port: 0 });
}, 120_000);

afterAll(async () => {
  await web?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** Waits for the front's own view (no request to the worker) to say so; bounded, never timed. */
async function frontKnows(): Promise<boolean> {
  for (let i = 0; i < 200 && !host.accounts.exist(); i++) await new Promise((r) => setTimeout(r, 25));
  return host.accounts.exist();
}

const login = (username: string, password: string) =>
  http<{ access_token?: string; error_key?: string }>(web.port, 'POST', '/rest/login', { body: { username, password, domain: 'CORP' } });

describe('an account made through the control port', () => {
  it('is known to the front when it commits: /rest/login takes it and no longer takes the built-in administrator', async () => {
    const endpoint = await host.controlReady;
    expect(endpoint).not.toBeNull();
    expect(host.accounts.exist()).toBe(false);
    const r = await callControl(endpoint!, 'account-create', { name: 'ops', role: 'administrators', password: 'ops password 123' }, 'CORP\\script');
    expect(r.ok, JSON.stringify(r)).toBe(true);
    // Nothing of the front has asked the worker anything since.
    expect(await frontKnows()).toBe(true);
    const ok = await login('ops', 'ops password 123');
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.access_token).toEqual(expect.any(String));
    expect((await login('administrator', web.token)).status).toBe(401);
  });
});
