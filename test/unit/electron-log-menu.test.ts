// The desktop app's log file and application menu (src-main/electron/app-log.ts, app-menu.ts).
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureConsole, logFileIn, openAppLog } from '../../src-main/electron/app-log.ts';
import { appMenuTemplate } from '../../src-main/electron/app-menu.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const at = () => new Date('2026-01-05T09:00:00.000Z');

describe('the log file', () => {
  it('lives in userData/logs/main.log and gets one timestamped line per message, multi-line ones indented', () => {
    dir = mkdtempSync(join(tmpdir(), 'vdi-log-'));
    const log = openAppLog(logFileIn(dir), at);
    expect(log.file).toBe(join(dir, 'logs', 'main.log'));
    log.write('info', 'starting; lab folder %s', '/labs/a');
    log.write('error', new Error('boom'));
    const text = readFileSync(log.file, 'utf8');
    expect(text.startsWith('2026-01-05T09:00:00.000Z [info] starting; lab folder /labs/a\n2026-01-05T09:00:00.000Z [error] Error: boom\n    ')).toBe(true);
  });

  it('rotates at its size limit, keeping one old file', () => {
    dir = mkdtempSync(join(tmpdir(), 'vdi-log-'));
    const log = openAppLog(logFileIn(dir), at, 200);
    for (let i = 0; i < 6; i++) log.write('info', `line ${i} ${'x'.repeat(40)}`);
    const old = join(dir, 'logs', 'main.old.log');
    expect(existsSync(old)).toBe(true);
    expect(readFileSync(log.file, 'utf8').length).toBeLessThanOrEqual(200);
    expect(readFileSync(log.file, 'utf8')).toContain('line 5');
  });

  it('never throws when the folder cannot be written', () => {
    dir = mkdtempSync(join(tmpdir(), 'vdi-log-'));
    const log = openAppLog(join(dir, 'missing', '\0bad', 'main.log'), at);
    expect(() => log.write('warn', 'still running')).not.toThrow();
  });

  it('copies console output to the log and still prints it', () => {
    dir = mkdtempSync(join(tmpdir(), 'vdi-log-'));
    const log = openAppLog(logFileIn(dir), at);
    const target = { log: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const restore = captureConsole(log, target);
    target.warn('Could not save the window state: %s', 'EACCES');
    target.error('Uncaught');
    expect(readFileSync(log.file, 'utf8')).toBe(
      '2026-01-05T09:00:00.000Z [warn] Could not save the window state: EACCES\n2026-01-05T09:00:00.000Z [error] Uncaught\n',
    );
    restore();
    target.info('after');
    expect(readFileSync(log.file, 'utf8')).not.toContain('after');
  });
});

describe('the application menu', () => {
  const actions = { openLogFolder: vi.fn(), openLabFolder: vi.fn() };
  const labels = (t: ReturnType<typeof appMenuTemplate>) => t.map((m) => m.label ?? m.role);

  it('Windows and Linux: File, Edit, View, Window, Help with the log file and About; no reload or DevTools when packaged', () => {
    const t = appMenuTemplate({ platform: 'linux', productName: 'VDI Fleet Console', dev: false, actions });
    expect(labels(t)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
    const view = (t[2]?.submenu ?? []) as { role?: string }[];
    expect(view.map((i) => i.role)).not.toContain('toggleDevTools');
    expect(view.map((i) => i.role)).not.toContain('reload');
    const help = (t[4]?.submenu ?? []) as { label?: string; role?: string; click?: () => void }[];
    expect(help.map((i) => i.label ?? i.role)).toEqual(['Show the Log File', 'about']);
    help[0]?.click?.();
    expect(actions.openLogFolder).toHaveBeenCalledTimes(1);
    const file = (t[0]?.submenu ?? []) as { label?: string; role?: string; click?: () => void }[];
    expect(file.map((i) => i.label ?? i.role ?? 'separator')).toEqual(['Open the Lab Folder', 'separator', 'quit']);
    file[0]?.click?.();
    expect(actions.openLabFolder).toHaveBeenCalledTimes(1);
  });

  it('macOS: the app menu first (About, Hide, Quit), Close in File; development builds get reload and DevTools', () => {
    const t = appMenuTemplate({ platform: 'darwin', productName: 'VDI Fleet Console', dev: true, actions });
    expect(labels(t)).toEqual(['VDI Fleet Console', 'File', 'editMenu', 'View', 'windowMenu', 'help']);
    const appMenu = (t[0]?.submenu ?? []) as { role?: string }[];
    expect(appMenu.map((i) => i.role).filter(Boolean)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(((t[1]?.submenu ?? []) as { role?: string }[]).map((i) => i.role)).toContain('close');
    expect(((t[3]?.submenu ?? []) as { role?: string }[]).map((i) => i.role)).toEqual(
      expect.arrayContaining(['reload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut']),
    );
  });
});

describe('the .vdilab file among launch arguments', () => {
  it('finds the path the OS passes, ignores flags and other arguments', async () => {
    const { checkpointFileArg, checkpointNameFor } = await import('../../src-main/host/checkpoint-file.ts');
    expect(checkpointFileArg(['.', '--data', '/labs/a'])).toBeNull();
    expect(checkpointFileArg(['/home/ana/Class 3.vdilab'])).toBe('/home/ana/Class 3.vdilab');
    expect(checkpointFileArg(['--no-sandbox', 'C:\\Users\\ana\\Before.VDILAB'])).toBe('C:\\Users\\ana\\Before.VDILAB');
    expect(checkpointFileArg(['--open=x.vdilab'])).toBeNull();
    expect(checkpointNameFor('/home/ana/Before the class.vdilab')).toBe('Before the class');
    expect(checkpointNameFor(`/x/${'n'.repeat(100)}.vdilab`)).toHaveLength(80);
  });
});
