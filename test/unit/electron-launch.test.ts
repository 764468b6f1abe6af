// Command-line options, data folders, and the start-up error dialog text.
import nodePath from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LAB_PROFILES } from '../../src-main/contract/entities.ts';

vi.mock('electron', () => ({}));

import { LabError } from '../../src-main/contract/errors.ts';
import { parseLaunchOptions, resolveDataPaths } from '../../src-main/electron/launch-options.ts';
import { describeArgumentErrors, describeStartupError } from '../../src-main/electron/startup-error.ts';

const CWD = '/home/ana/work';

describe('parseLaunchOptions', () => {
  it('has no overrides by default, and ignores what Chromium and test runners add', () => {
    const argv = ['out/main/index.js', '--inspect=0', '--remote-debugging-port=0', '--no-sandbox', '.'];
    expect(parseLaunchOptions(argv, {}, CWD)).toEqual({ dataDir: null, lab: null, seed: null, errors: [] });
  });

  it('reads --data, --lab and --seed in both spellings', () => {
    expect(parseLaunchOptions(['.', '--data', 'labs/a', '--lab', 'small', '--seed', '42'], {}, CWD)).toEqual({
      dataDir: nodePath.resolve(CWD, 'labs/a'),
      lab: 'small',
      seed: 42,
      errors: [],
    });
    expect(parseLaunchOptions(['--data=/tmp/x', '--lab=scale-10k', '--seed=0'], {}, CWD)).toMatchObject({
      dataDir: '/tmp/x',
      lab: 'scale-10k',
      seed: 0,
    });
  });

  it('takes the lab folder from VDI_CONSOLE_DATA, like the CLI, unless --data is given', () => {
    expect(parseLaunchOptions([], { VDI_CONSOLE_DATA: '/srv/lab' }, CWD).dataDir).toBe('/srv/lab');
    expect(parseLaunchOptions(['--data', '/a'], { VDI_CONSOLE_DATA: '/srv/lab' }, CWD).dataDir).toBe('/a');
    expect(parseLaunchOptions([], { VDI_CONSOLE_DATA: '' }, CWD).dataDir).toBeNull();
  });

  it('reports bad values instead of guessing', () => {
    expect(parseLaunchOptions(['--lab', 'huge'], {}, CWD).errors).toEqual([`Unknown lab profile "huge": use one of ${LAB_PROFILES.join(', ')}.`]);
    expect(parseLaunchOptions(['--seed', '-1'], {}, CWD).errors).toHaveLength(1);
    expect(parseLaunchOptions(['--seed', '1.5'], {}, CWD).errors).toHaveLength(1);
    expect(parseLaunchOptions(['--seed', String(2 ** 31)], {}, CWD).errors).toHaveLength(1);
    expect(parseLaunchOptions(['--data'], {}, CWD).errors).toEqual(['--data needs a value.']);
    expect(parseLaunchOptions(['--data', '--lab', 'small'], {}, CWD)).toMatchObject({ lab: 'small', errors: ['--data needs a value.'] });
  });
});

describe('resolveDataPaths', () => {
  it('keeps everything under userData by default, the lab in its lab/ folder', () => {
    expect(resolveDataPaths('/home/ana/.config', { dataDir: null })).toEqual({
      userData: '/home/ana/.config/VDI Fleet Console',
      labDir: '/home/ana/.config/VDI Fleet Console/lab',
      windowStateFile: '/home/ana/.config/VDI Fleet Console/window-state.json',
    });
  });

  it('keeps everything inside the --data folder when one is given', () => {
    expect(resolveDataPaths('/home/ana/.config', { dataDir: '/tmp/lab-1' })).toEqual({
      userData: '/tmp/lab-1/.electron',
      labDir: '/tmp/lab-1',
      windowStateFile: '/tmp/lab-1/.electron/window-state.json',
    });
  });
});

describe('start-up error dialog', () => {
  const labDir = '/home/ana/.config/VDI Fleet Console/lab';

  it('explains a damaged database and names the folder', () => {
    const msg = describeStartupError(new LabError('store-corrupt', 'file is not a database'), labDir);
    expect(msg.title).toMatch(/damaged/);
    expect(msg.content).toContain(`Data folder: ${labDir}`);
    expect(msg.content).toContain('file is not a database');
  });

  it('explains a database from a newer version', () => {
    const msg = describeStartupError(new LabError('store-newer-version', 'schema 9, this app knows 3'), labDir);
    expect(msg.title).toMatch(/newer version/);
    expect(msg.content).toContain(labDir);
    expect(msg.content).toMatch(/Update the console/);
  });

  it('a lab another console has open: says so, names the other process, and that the lab is unchanged', () => {
    const msg = describeStartupError(new LabError('conflict', 'The lab in /x is open in another console (process 4242, since 2026-11-30T00:00:00Z).'), labDir);
    expect(msg.title).toMatch(/open in another console/);
    expect(msg.content).toContain('process 4242');
    expect(msg.content).toContain('not changed');
    expect(msg.content).toContain(labDir);
  });

  it('recognises a LabError from another copy of the class by name and code', () => {
    const foreign = Object.assign(new Error('bad'), { name: 'LabError', code: 'store-corrupt' });
    expect(describeStartupError(foreign, labDir).title).toMatch(/damaged/);
  });

  it('never shows a stack trace', () => {
    const err = new Error('boom\n    at openDatabase (/app/out/main/index.js:1:1)');
    for (const e of [err, new LabError('store-corrupt', err.message)]) {
      const msg = describeStartupError(e, labDir);
      expect(msg.content).not.toMatch(/\bat \w+ \(|index\.js:\d/);
      expect(msg.content).toContain('boom');
    }
  });

  it('tells how to rebuild better-sqlite3 when it was compiled for Node instead of Electron', () => {
    const err = Object.assign(
      new Error(
        "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 150.",
      ),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    const msg = describeStartupError(err, labDir);
    expect(msg.title).toMatch(/built for Node, not Electron/);
    expect(msg.content).toContain('npm run electron-native');
    // The store wraps it as store-corrupt; the lab is not damaged, so the dialog must not say so.
    const wrapped = new LabError('store-corrupt', `Cannot open the lab database /x/lab.sqlite: ${err.message}`);
    expect(describeStartupError(wrapped, labDir).title).toMatch(/built for Node, not Electron/);
    expect(describeStartupError(wrapped, labDir).content).toContain('Your lab is not damaged');
    expect(describeStartupError(wrapped, labDir).content).not.toContain('move lab.sqlite');
  });

  it('lists argument problems with the options that exist', () => {
    const msg = describeArgumentErrors(['--data needs a value.']);
    expect(msg.content).toContain('--data needs a value.');
    expect(msg.content).toContain('--lab default|small|scale-10k');
  });
});
