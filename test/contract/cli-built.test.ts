import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiDescription } from '../../src-main/host/cli.ts';

// The `vdi-console` command runs compiled JavaScript (out/cli, scripts/cli-build.mjs), not
// TypeScript through tsx: what it prints must be what the sources say.

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'bin', 'vdi-console.mjs');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

describe('the built CLI', () => {
  it('`api --json` prints the description the contract gives today (the build-time copy is not stale)', async () => {
    const r = await run(['api', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(await apiDescription({ live: true }));
  });

  it('loads no TypeScript tooling: the bundle neither imports tsx nor esbuild, and has no .ts module left', () => {
    const dir = join(REPO, 'out', 'cli'); // built by the test above if it was missing or stale
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(files).toContain('cli.js');
    expect(files).toContain('capacity-worker.js');
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/from\s*["'](tsx|esbuild)[/"']/);
      expect(text, f).not.toMatch(/import\(["'][^"']*\.ts["']\)/);
    }
  });

  it('a usage error still prints the help with every subcommand (loaded on demand)', async () => {
    const r = await run(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "no-such-command"');
    for (const sub of ['vdi-console serve', 'vdi-console capacity FILE.json', 'vdi-console calibrate', 'vdi-console token']) expect(r.stderr).toContain(sub);
    // The help lists every built-in lab (a black-box run found mixed and multi-tenant missing).
    expect(r.stderr).toContain('--lab default|small|scale-10k|two-site|mixed|multi-tenant');
    // A second JSON argument is refused, not ignored (a black-box run's `call clock-get '{}' '{}'` answered as if it were not there).
    const extra = await run(['call', 'clock-get', '{}', '{"x":1}']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('call takes one JSON input');
  });
});
