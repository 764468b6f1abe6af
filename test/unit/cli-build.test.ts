// The built CLI's staleness check (scripts/cli-build.mjs): bin/vdi-console.mjs rebuilds out/cli
// when any source is newer than the last build, so an edited checkout never runs old code.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliStaleReason } from '../../scripts/cli-build.mjs';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

const at = (p: string, secondsAgo: number) => {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(p, t, t);
};

/** A checkout in miniature: sources an hour old, and a build stamped `builtAgo` seconds ago. */
function checkout(builtAgo: number | null): string {
  const r = mkdtempSync(join(tmpdir(), 'vdi-cli-build-'));
  mkdirSync(join(r, 'src-main', 'host'), { recursive: true });
  mkdirSync(join(r, 'scripts'));
  for (const f of ['src-main/host/cli.ts', 'src-main/host/host.ts', 'package.json', 'scripts/cli-build.mjs']) {
    writeFileSync(join(r, f), '// source\n');
    at(join(r, f), 3600);
  }
  for (const d of ['src-main/host', 'src-main', 'scripts']) at(join(r, d), 3600);
  if (builtAgo !== null) {
    mkdirSync(join(r, 'out', 'cli'), { recursive: true });
    writeFileSync(join(r, 'out', 'cli', 'cli.js'), 'export {}\n');
    writeFileSync(join(r, 'out', 'cli', 'build-stamp.json'), '{}');
    at(join(r, 'out', 'cli', 'build-stamp.json'), builtAgo);
  }
  return r;
}

describe('cliStaleReason', () => {
  it('asks for a build when out/cli is missing', () => {
    root = checkout(null);
    expect(cliStaleReason(root)).toBe('out/cli is missing');
  });

  it('is current when the build is newer than every source', () => {
    root = checkout(60);
    expect(cliStaleReason(root)).toBeNull();
  });

  it('rebuilds after a source file is edited', () => {
    root = checkout(60);
    at(join(root, 'src-main', 'host', 'host.ts'), 1);
    expect(cliStaleReason(root)).toBe('src-main changed since the last build');
  });

  it('rebuilds after a source file is deleted (its folder changes)', () => {
    root = checkout(60);
    rmSync(join(root, 'src-main', 'host', 'host.ts'));
    expect(cliStaleReason(root)).toBe('src-main changed since the last build');
  });

  it('rebuilds when package.json (dependencies) or the build script changes', () => {
    root = checkout(60);
    at(join(root, 'package.json'), 1);
    expect(cliStaleReason(root)).toBe('package.json changed since the last build');
    at(join(root, 'package.json'), 3600);
    at(join(root, 'scripts', 'cli-build.mjs'), 1);
    expect(cliStaleReason(root)).toBe('scripts/cli-build.mjs changed since the last build');
  });

  it('asks for a build when the stamp exists but the entry does not (an interrupted copy)', () => {
    root = checkout(60);
    rmSync(join(root, 'out', 'cli', 'cli.js'));
    expect(cliStaleReason(root)).toBe('out/cli is missing');
  });
});
