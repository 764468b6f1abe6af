/** Every failure the API can report. The renderer and the CLI switch on `code`, people read `message`. */
export const ERROR_CODES = [
  'bad-request', // the request itself is not JSON or not a request
  'unknown-method',
  'invalid-input', // the input failed its schema; `path` says where
  'payload-too-large',
  'unauthorized', // no identity, or a wrong one (sign in)
  'forbidden', // the caller's role does not allow the method: nothing ran
  'not-found', // a referenced lab object does not exist
  'conflict', // the lab's current state forbids the operation
  'store-corrupt', // the database file is damaged or not a database
  'store-newer-version', // the database was written by a newer version of the app
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Where in the input the problem is, as a JSON path (`["pool","maxMachines"]`). */
  path?: (string | number)[];
}

export type Reply<R> = { ok: true; result: R } | { ok: false; error: ApiError };

/** Thrown by handlers and the store; the dispatcher turns it into `{ ok: false, error }`. */
export class LabError extends Error {
  readonly code: ErrorCode;
  readonly path?: (string | number)[];
  constructor(code: ErrorCode, message: string, path?: (string | number)[]) {
    super(message);
    this.name = 'LabError';
    this.code = code;
    if (path) this.path = path;
  }
  toApiError(): ApiError {
    return this.path ? { code: this.code, message: this.message, path: this.path } : { code: this.code, message: this.message };
  }
}

export function isApiError(v: unknown): v is ApiError {
  return typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string' && typeof (v as { message?: unknown }).message === 'string';
}
