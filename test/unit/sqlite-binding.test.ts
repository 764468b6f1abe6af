import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseSqliteBinding, ELECTRON_BINDING } from '../../src-main/store/native-binding.ts';
import { cliModeArgs } from '../../src-main/electron/launch-options.ts';

// Issue 18: one `npm ci` for tests, the CLI and `npm start`. Node keeps node_modules' better-sqlite3;
// Electron from a checkout loads the copy scripts/electron-native.mjs built in .electron-native.

const ROOT = '/project';
const copy = join(ROOT, ELECTRON_BINDING);
const facts = (o: Partial<Parameters<typeof chooseSqliteBinding>[0]> = {}) => ({
  electron: undefined,
  env: {},
  root: ROOT,
  exists: (p: string) => p === copy,
  ...o,
});

describe('which better-sqlite3 binding a process loads', () => {
  it('Node (tests, the CLI, serve): the default build in node_modules, even when the Electron copy exists', () => {
    expect(chooseSqliteBinding(facts())).toBeUndefined();
  });
  it('Electron from a checkout with the Electron copy: the copy', () => {
    expect(chooseSqliteBinding(facts({ electron: '45.4.1' }))).toBe(copy);
    expect(copy).toMatch(/\.electron-native[/\\]node_modules[/\\]better-sqlite3[/\\]build[/\\]Release[/\\]better_sqlite3\.node$/);
  });
  it('Electron without the copy (the packaged app: electron-builder rebuilt node_modules for Electron): the default', () => {
    expect(chooseSqliteBinding(facts({ electron: '45.4.1', exists: () => false }))).toBeUndefined();
    expect(chooseSqliteBinding(facts({ electron: '45.4.1', root: null }))).toBeUndefined();
  });
  it('VDI_CONSOLE_SQLITE_BINDING wins everywhere', () => {
    expect(chooseSqliteBinding(facts({ env: { VDI_CONSOLE_SQLITE_BINDING: '/x/b.node' } }))).toBe('/x/b.node');
    expect(chooseSqliteBinding(facts({ electron: '45.4.1', env: { VDI_CONSOLE_SQLITE_BINDING: '/x/b.node' } }))).toBe('/x/b.node');
  });
});

describe('the CLI as an argv mode of the app binary', () => {
  it('takes what follows --cli; without it the app starts as the console', () => {
    expect(cliModeArgs(['--cli', 'capacity', 'plan.json', '--json'])).toEqual(['capacity', 'plan.json', '--json']);
    expect(cliModeArgs(['.', '--cli', 'api'])).toEqual(['api']);
    expect(cliModeArgs(['--cli'])).toEqual([]);
    expect(cliModeArgs(['--data', '/labs/x', '--lab', 'small'])).toBeNull();
  });
});
