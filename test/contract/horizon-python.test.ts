import { execFile, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabHttp, REPO, startServeWith, stopServes, type ServeProcess } from '../helpers/http-client.ts';
import { tempDir } from '../helpers/lab.ts';

// A client no one here wrote the server for: an admin's Horizon workflow in Python `requests`
// (test/python/horizon_admin_workflow.py) against `vdi-console serve` on the scale-10k lab, and
// what it did, read back through /api/v1 as the console sees it. Needs python3 with requests
// (Debian: apt-get install -y python3-requests; .ci/run installs it); skipped, saying so, without.

const SCRIPT = join(REPO, 'test', 'python', 'horizon_admin_workflow.py');
const probe = spawnSync('python3', ['-c', 'import requests; print(requests.__version__)'], { encoding: 'utf8' });
const requestsVersion = probe.status === 0 ? probe.stdout.trim() : null;
if (!requestsVersion) {
  process.stderr.write('horizon-python: SKIPPED — python3 with the requests module is not installed (Debian: apt-get install -y python3-requests)\n');
}

describe.skipIf(!requestsVersion)(`a Python requests ${requestsVersion ?? ''} script against the lab`, () => {
  const dir = tempDir('vdi-python-');
  let s: ServeProcess;
  let lab: LabHttp;

  beforeAll(async () => {
    s = await startServeWith(dir, { lab: 'scale-10k' });
    lab = new LabHttp(s.port, s.token);
    await lab.api('clock-step', { seconds: 2 * 3600 }); // 09:00: thousands of sessions
  }, 300_000);

  afterAll(async () => {
    await stopServes();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in, pages through 1,000+ machines with a filter, maintenance, logoff, message, logon segments — and the lab shows it', async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('python3', [SCRIPT, `http://127.0.0.1:${s.port}`, s.token], { timeout: 240_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run.code, run.stderr).toBe(0);
    const done = JSON.parse(run.stdout) as {
      kwMachines: number;
      kwPages: number;
      maintenance: string[];
      loggedOffSessions: string[];
      messaged: string[];
      logonMs: number[];
    };
    expect(done.kwMachines).toBe(5600); // KW-Floating-A and -B, 2,800 each
    expect(done.kwPages).toBe(6);
    const internal = (restId: string, prefix: string) => `${prefix}-${Number(restId.slice(-12))}`;
    for (const m of done.maintenance) expect((await lab.api<{ state: string }>('desktop-get', { id: internal(m, 'vm') })).state).toBe('MAINTENANCE');
    const live = new Set((await lab.api<{ id: string }[]>('session-list', {})).map((r) => r.id));
    for (const id of done.loggedOffSessions) expect(live.has(internal(id, 'sess'))).toBe(false);
    const detail = await lab.api<{ messages: { severity: string; from: string }[] }>('session-get', { id: internal(done.messaged[0] as string, 'sess') });
    expect(detail.messages.at(-1)).toMatchObject({ severity: 'warning', from: 'CORP\\administrator' });
    const audit = await lab.api<{ rows: { user: string }[] }>('event-list', { type: 'audit-success', limit: 20 });
    expect(audit.rows.some((e) => e.user === 'CORP\\administrator')).toBe(true);
  }, 300_000);
});
