import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO } from '../helpers/crash-writer.ts';
import { tempDir } from '../helpers/lab.ts';

// Long work started from the command line behaves as users expect (issue 12): a capacity run
// started by `vdi-console call` is waited for and its result printed (it used to be left
// "interrupted" when the process ended), and a checkpoint moves to and from a file in one command.

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TINY = {
  name: 'CLI tiny test',
  hosts: { count: 1, sockets: 1, coresPerSocket: 4, ghz: 2.4, hyperthreading: true, ramGb: 128 },
  storage: { iops: 20000, serviceTimeMs: 0.5, capacityTb: 5 },
  sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4 },
  workload: 'knowledge',
  launch: { sessions: 30, timeframeSec: 600 },
};

describe('long work from the command line', () => {
  it('call capacity-run-start waits for the run and prints it finished; the next process lists it completed', () => {
    const dir = tempDir('vdi-cli-');
    dirs.push(dir);
    const started = cli(['call', 'capacity-run-start', JSON.stringify({ definition: TINY }), '--data', dir, '--lab', 'small']);
    expect(started.status, started.stderr).toBe(0);
    const run = JSON.parse(started.stdout) as { id: string; state: string; result?: { vsimax: unknown } };
    expect(run.state).toBe('completed');
    expect(run.result).toBeDefined();
    const list = cli(['call', 'capacity-run-list', '--data', dir]);
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string; state: string }[]).find((r) => r.id === run.id)?.state).toBe('completed');
  }, 180_000);

  it('checkpoint export writes the file, checkpoint import adds it to another lab folder', () => {
    const a = tempDir('vdi-cli-');
    const b = tempDir('vdi-cli-');
    dirs.push(a, b);
    const saved = cli(['call', 'checkpoint-save', '{"name":"For the class"}', '--data', a, '--lab', 'small']);
    expect(saved.status, saved.stderr).toBe(0);
    const id = (JSON.parse(saved.stdout) as { id: string }).id;
    const file = join(a, 'exported.vdilab');
    const exported = cli(['checkpoint', 'export', id, file, '--data', a]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(statSync(file).size).toBe((JSON.parse(exported.stdout) as { sizeBytes: number }).sizeBytes);
    const imported = cli(['checkpoint', 'import', file, '--name', 'From a colleague', '--data', b, '--lab', 'small']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ name: 'From a colleague', origin: 'imported' });
    // A file that is not a lab is refused with the reason, exit code 2.
    const bad = join(b, 'notes.txt');
    writeFileSync(bad, 'not a lab');
    const refused = cli(['checkpoint', 'import', bad, '--data', b]);
    expect(refused.status).toBe(2);
    expect(JSON.parse(refused.stderr.trim())).toMatchObject({ code: 'store-corrupt' });
    // An empty file is said to be one (not the upload's "0 of 1 bytes … checkpoint-import-begin").
    const empty = join(b, 'empty.vdilab');
    writeFileSync(empty, '');
    const none = cli(['checkpoint', 'import', empty, '--data', b]);
    expect(none.status).toBe(2);
    expect(JSON.parse(none.stderr.trim())).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/empty \(0 bytes\)/) });
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
    // A destination that cannot be written (a folder, a missing folder) is a structured error, not a stack trace.
    for (const to of [a, join(a, 'no-such-folder', 'x.vdilab')]) {
      const failed = cli(['checkpoint', 'export', id, to, '--data', a]);
      expect(failed.status, failed.stderr).toBe(2);
      expect(JSON.parse(failed.stderr.trim())).toMatchObject({ code: 'invalid-input', path: ['file'] });
    }
  }, 180_000);

  it('call capacity-run-start --no-wait, an HTTP API fault rule and a replay view, with no console on the lab, are refused before anything starts', () => {
    // Found by a black-box run: the run was queued, the command ended, and the next process listed it "interrupted".
    const dir = tempDir('vdi-cli-');
    dirs.push(dir);
    const refused = cli(['call', 'capacity-run-start', JSON.stringify({ definition: TINY }), '--no-wait', '--data', dir, '--lab', 'small']);
    expect(refused.status).toBe(2);
    const error = JSON.parse(refused.stderr.trim()) as { code: string; message: string };
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('serve or the desktop app');
    const list = cli(['call', 'capacity-run-list', '--data', dir]);
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    // Likewise an HTTP API fault rule: it lives in the console that serves the API, and would end with this command.
    const fault = cli(['call', 'rest-fault-set', JSON.stringify({ status: 503 }), '--data', dir]);
    expect(fault.status).toBe(2);
    expect(JSON.parse(fault.stderr.trim())).toMatchObject({ code: 'conflict' });
    // And a read-only view of a past moment: it lives in the console that shows it.
    const view = cli(['call', 'replay-view-open', JSON.stringify({ at: '2026-01-05T07:00:00.000Z' }), '--data', dir]);
    expect(view.status).toBe(2);
    expect(JSON.parse(view.stderr.trim())).toMatchObject({ code: 'conflict' });
  }, 180_000);
});
