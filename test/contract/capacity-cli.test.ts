import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// `vdi-console capacity` as a script would run it: a real process, no lab folder.

// Each test starts one or two CLI processes (the built CLI: well under a second of start-up, then the run):
// limits against a hang on a loaded 2-core machine, not a speed test.
vi.setConfig({ testTimeout: 300_000 });

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'bin', 'vdi-console.mjs');
const dir = mkdtempSync(join(tmpdir(), 'vdi-capacity-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'capacity', ...args], { cwd: dir, timeout: 240_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

const example = (f: string) => join(REPO, 'resources', 'capacity', f);
const GOOD = JSON.parse(readFileSync(example('rule-of-five-16-cores.json'), 'utf8')) as Record<string, unknown>;
function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('vdi-console capacity', () => {
  it('--json prints one JSON object with the headline figures and the curves', async () => {
    const r = await cli([example('rule-of-five-16-cores.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { curves: unknown[]; bottleneck: { resource: string; sentence: string } };
    for (const k of ['vsimax', 'vsibaseMs', 'thresholdMs', 'bottleneck', 'sessionsLaunched', 'stuckSessions', 'usersPerCore', 'curves'])
      expect(out).toHaveProperty(k);
    expect(out.sessionsLaunched).toBe(128);
    expect(out.vsimax).toBeGreaterThan(60);
    expect(out.bottleneck.resource).toBe('cpu');
    expect(out.curves.length).toBeGreaterThan(100);
  });

  it('prints a readable summary, and writes the CSV and HTML exports when asked', async () => {
    const r = await cli([example('rule-of-five-16-cores.json'), '--csv', 'curves.csv', '--html=report.html']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/VSImax\s+\d+ sessions/);
    expect(r.stdout).toMatch(/Bottleneck\s+CPU: ready time passed 10% per vCPU at \d+ sessions/);
    expect(r.stdout).toMatch(/1000 users need \d+ hosts, \d+ with N\+1/);
    expect(readFileSync(join(dir, 'curves.csv'), 'utf8')).toMatch(/^t,activeSessions,/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<svg');
  });

  it('--sweep runs every configuration and reports each', async () => {
    const r = await cli([example('rule-of-five-16-cores.json'), '--json', '--sweep', 'workload=task,knowledge']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { runs: { label: string; usersPerCore: number }[] };
    expect(out.runs.map((x) => x.label)).toEqual(['workload=task', 'workload=knowledge']);
    // Task workers are lighter: more of them fit (all 128 launched may fit: usersPerCore is then a lower bound).
    expect(out.runs[0]?.usersPerCore).toBeGreaterThan(out.runs[1]?.usersPerCore ?? 0);
  });

  it.each([
    ['an unknown workload', { ...GOOD, workload: 'gaming' }, 'workload'],
    ['zero cores', { ...GOOD, hosts: { ...(GOOD.hosts as object), coresPerSocket: 0 } }, 'hosts.coresPerSocket'],
    [
      'RAM below one session host',
      { ...GOOD, hosts: { ...(GOOD.hosts as object), ramGb: 8 }, sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 16 } },
      'hosts.ramGb',
    ],
    ['a misspelt field', { ...GOOD, sesionHost: {} }, 'sesionHost'],
    ['text that is not JSON', '{"name": ', 'not valid JSON'],
  ])('refuses %s with exit 2 and the field named', async (_label, content, field) => {
    const p = file(`bad-${field.replace(/\W/g, '')}.json`, content);
    const r = await cli([p]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(field);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const j = await cli([p, '--json']);
    expect(j.code).toBe(2);
    expect((JSON.parse(j.stderr.trim()) as { code: string }).code).toBe('invalid-input');
  });

  it('refuses an unknown sweep key and a missing file with exit 2', async () => {
    const sweep = await cli([example('rule-of-five-16-cores.json'), '--sweep', 'hosts.colour=1,2']);
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toContain('hosts.colour');
    const missing = await cli([join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json');
  });

  it('refuses an export it cannot write with exit 2 and a structured error, before running (a black-box run saw a stack trace)', async () => {
    for (const flag of ['--csv', '--html']) {
      const r = await cli([example('rule-of-five-16-cores.json'), '--json', flag, join(dir, 'no-such-folder', 'out.x')]);
      expect(r.code, r.stderr).toBe(2);
      expect(JSON.parse(r.stderr.trim())).toMatchObject({ code: 'invalid-input', path: [flag.slice(2)], message: expect.stringContaining('no-such-folder') });
      expect(r.stdout).toBe('');
    }
  });
});
