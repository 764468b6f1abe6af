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

export function describeStartupError(err: unknown, labDir: string): StartupMessage {
  const code = labErrorCode(err);
  const folder = `Data folder: ${labDir}`;
  if (code === 'store-corrupt') {
    return {
      title: `${PRODUCT_NAME}: the lab database is damaged`,
      content: [
        'The lab database could not be opened: it is damaged or is not a lab database.',
        firstLine(err),
        folder,
        'Move this folder somewhere else (or delete it) to start with a new lab, or start the console with --data <another folder>.',
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
