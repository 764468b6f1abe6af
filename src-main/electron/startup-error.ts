// What the native error dialog says when the console cannot start. People read
// this, so it names the folder and what to do, and never shows a stack trace.
import { ERROR_CODES, LabError, type ErrorCode } from '../contract/index.ts';
import { PRODUCT_NAME } from './launch-options.ts';

export interface StartupMessage {
  title: string;
  content: string;
}

function labErrorCode(err: unknown): ErrorCode | null {
  if (err instanceof LabError) return err.code;
  // A LabError from another copy of the contract module (bundling) still has its name and code.
  if (err instanceof Error && err.name === 'LabError') {
    const code: unknown = (err as Error & { code?: unknown }).code;
    if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) return code as ErrorCode;
  }
  return null;
}

/** The first line of an error's message, without any stack. */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]?.trim() || 'Unknown error.';
}

/**
 * better-sqlite3 compiled for plain Node (the tests' ABI) instead of Electron's. Checked
 * before the LabError codes: the store reports any failure of `new Database()` as
 * store-corrupt, and telling someone their lab is damaged when it is not could cost them it.
 */
function isNativeAbiMismatch(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return (
    /NODE_MODULE_VERSION|compiled against a different Node\.js version|better_sqlite3\.node/.test(text) ||
    (err instanceof Error && (err as Error & { code?: unknown }).code === 'ERR_DLOPEN_FAILED')
  );
}

export function describeStartupError(err: unknown, labDir: string): StartupMessage {
  const code = labErrorCode(err);
  const folder = `Data folder: ${labDir}`;
  if (isNativeAbiMismatch(err)) {
    return {
      title: `${PRODUCT_NAME}: the database module is built for Node, not Electron`,
      content: [
        'Electron cannot load the SQLite module (better-sqlite3): it is compiled for plain Node.js, or not compiled at all. Your lab is not damaged.',
        'Build its Electron copy with: npm run electron-native (npm start does it; it goes to .electron-native and leaves the Node build the tests and `npm run serve` use alone).',
        folder,
      ].join('\n\n'),
    };
  }
  if (code === 'store-corrupt') {
    return {
      title: `${PRODUCT_NAME}: the lab database is damaged`,
      content: [
        'The lab database could not be opened: it is damaged or is not a lab database.',
        firstLine(err),
        folder,
        'To start over with a new lab, move lab.sqlite out of this folder (keep it if you may want it back), or start the console with --data <another folder>.',
      ].join('\n\n'),
    };
  }
  if (code === 'store-newer-version') {
    return {
      title: `${PRODUCT_NAME}: the lab is from a newer version`,
      content: [
        'The lab database was written by a newer version of the console, and this version cannot read it safely.',
        firstLine(err),
        folder,
        'Update the console, or start this version with --data <another folder>.',
      ].join('\n\n'),
    };
  }
  if (code === 'conflict') {
    return {
      title: `${PRODUCT_NAME}: the lab is open in another console`,
      content: [
        'Another console (the app, `vdi-console serve` or a `vdi-console call`) has this lab open. Two at once would overwrite each other, so this one did not open it. Your lab is not changed.',
        firstLine(err),
        folder,
        'Close the other console and start again, or start this one with --data <another folder>.',
      ].join('\n\n'),
    };
  }
  return {
    title: `${PRODUCT_NAME} could not start`,
    content: ['The console could not open its lab.', firstLine(err), folder].join('\n\n'),
  };
}

export function describeArgumentErrors(errors: readonly string[]): StartupMessage {
  return {
    title: `${PRODUCT_NAME}: invalid command line`,
    content: [...errors, 'Options: --data <folder>, --lab default|small|scale-10k, --seed <number>.'].join('\n\n'),
  };
}
