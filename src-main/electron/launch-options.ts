// Command line and environment of the Electron app, and the folders that follow from them.
// The lab options mean what they mean for `vdi-console serve` (src-main/host/cli.ts), so
// `vdi-console call --data DIR ...` scripts the very lab a window shows.
//
// source                      example                  meaning
// --data DIR / --data=DIR     --data ~/labs/training   the lab folder (holds lab.sqlite)
// VDI_CONSOLE_DATA            VDI_CONSOLE_DATA=/tmp/x  same, when --data is absent
// --lab PROFILE               --lab small              profile for a new lab (default, small, scale-10k)
// --seed N                    --seed 42                seed for a new lab
//
// Arguments we do not know are ignored: Chromium and test runners add their own
// (`--inspect=0`, `--remote-debugging-port=0`, `--no-sandbox`, the app path).
import nodePath from 'node:path';
import { LAB_PROFILES, type LabProfile } from '../contract/index.ts';
import { PRODUCT_NAME } from '../host/data-dir.ts';

export { PRODUCT_NAME };

export interface LaunchOptions {
  /** Absolute lab folder from --data / VDI_CONSOLE_DATA, or null for the default. */
  dataDir: string | null;
  lab: LabProfile | null;
  seed: number | null;
  /** Problems with the arguments, one sentence each; the app reports them and quits. */
  errors: string[];
}

const isLabProfile = (v: string): v is LabProfile => (LAB_PROFILES as readonly string[]).includes(v);

/** Finds `--name value` or `--name=value`; returns undefined when absent, null when the value is missing. */
function flagValue(argv: readonly string[], name: string): string | null | undefined {
  const flag = `--${name}`;
  let found: string | null | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === undefined) continue;
    if (arg === flag) {
      const next = argv[i + 1];
      found = next !== undefined && !next.startsWith('--') ? next : null;
      if (found !== null) i++;
    } else if (arg.startsWith(`${flag}=`)) {
      found = arg.slice(flag.length + 1) || null;
    }
  }
  return found;
}

export function parseLaunchOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): LaunchOptions {
  const errors: string[] = [];
  const pick = (name: string, envName?: string): string | null => {
    const fromArgs = flagValue(argv, name);
    if (fromArgs === null) {
      errors.push(`--${name} needs a value.`);
      return null;
    }
    if (fromArgs !== undefined) return fromArgs;
    const fromEnv = envName === undefined ? undefined : env[envName];
    return fromEnv !== undefined && fromEnv !== '' ? fromEnv : null;
  };

  const data = pick('data', 'VDI_CONSOLE_DATA');
  const labText = pick('lab');
  const seedText = pick('seed');

  let lab: LabProfile | null = null;
  if (labText !== null) {
    if (isLabProfile(labText)) lab = labText;
    else errors.push(`Unknown lab profile "${labText}": use one of ${LAB_PROFILES.join(', ')}.`);
  }
  let seed: number | null = null;
  if (seedText !== null) {
    const n = Number(seedText);
    if (/^\d+$/.test(seedText) && Number.isSafeInteger(n) && n <= 2 ** 31 - 1) seed = n;
    else errors.push(`The seed must be a whole number from 0 to ${2 ** 31 - 1}, not "${seedText}".`);
  }
  return { dataDir: data === null ? null : nodePath.resolve(cwd, data), lab, seed, errors };
}

/**
 * The two folders of the app.
 *
 * launched          userData (Chromium profile, window state, single-instance lock)   lab folder
 * without --data    <appData>/VDI Fleet Console                                      <userData>/lab
 * with --data DIR   DIR/.electron                                                    DIR
 *
 * With --data the whole app state stays inside DIR: two consoles on two labs can run
 * side by side, and a test on a temporary folder touches nothing of the user's.
 * The default lab folder is the one `defaultDataDir()` in src-main/host/data-dir.ts gives the CLI.
 */
export interface DataPaths {
  userData: string;
  labDir: string;
  windowStateFile: string;
}

/** `appDataDir` is `app.getPath('appData')`. */
export function resolveDataPaths(appDataDir: string, options: Pick<LaunchOptions, 'dataDir'>): DataPaths {
  const userData = options.dataDir === null ? nodePath.join(appDataDir, PRODUCT_NAME) : nodePath.join(options.dataDir, '.electron');
  return {
    userData,
    labDir: options.dataDir ?? nodePath.join(userData, 'lab'),
    windowStateFile: nodePath.join(userData, 'window-state.json'),
  };
}

/**
 * The command line as an argv mode of the app binary (RunAsNode is off in the shipped app, so it
 * cannot run the Node CLI): `VDI Fleet Console --cli capacity plan.json --json` runs the built CLI
 * in the main process, opens no window, and exits with the CLI's code. Returns what follows
 * `--cli`, or null when the app starts as the desktop console.
 */
export function cliModeArgs(argv: readonly string[]): string[] | null {
  const i = argv.indexOf('--cli');
  return i < 0 ? null : argv.slice(i + 1);
}
