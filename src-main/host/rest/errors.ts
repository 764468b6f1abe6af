import type { ApiError } from '../../contract/errors.ts';
import type { Answer } from '../http/traffic.ts';

/**
 * Error answers of the Horizon subset. The body satisfies both client styles seen in scripts: the
 * spec's `APIError` list (`errors: [{error_key, error_message}]`, with `status` and `timestamp`, which
 * strict deserialisers require) and the top-level `error_key` / `error_message` copies that the
 * Python module reads. Keys are ours, dotted in Horizon's style.
 */

const STATUS_NAMES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

/** A failure a route throws; the router turns it into the error answer. */
export class HorizonError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HorizonError';
  }
}

export function errorBody(status: number, key: string, message: string): Record<string, unknown> {
  return { status: statusName(status), timestamp: Date.now(), error_key: key, error_message: message, errors: [{ error_key: key, error_message: message }] };
}

export function errorAnswer(e: HorizonError): Answer {
  return { status: e.status, body: errorBody(e.status, e.key, e.message), headers: e.headers, errorKey: e.key };
}

export const notFound = (what: string, id: string) => new HorizonError(404, `inventory.${what}.not.found`, `No ${what.replace(/\./g, ' ')} with id ${id}`);
export const badRequest = (key: string, message: string) => new HorizonError(400, key, message);
export const notSimulated = (what: string) => new HorizonError(400, 'rest.not.simulated', `${what} is not simulated by this lab`);

/**
 * A contract error as Horizon answers it: not-found → 404, conflict → 409 where the operation lists
 * 409 (else 400), invalid input → 400 naming the field, store and internal errors → 500.
 */
export function fromApiError(e: ApiError, o: { conflict409?: boolean; field?: (path: (string | number)[]) => string | undefined } = {}): HorizonError {
  switch (e.code) {
    case 'not-found':
    case 'unknown-method':
      return new HorizonError(404, 'rest.resource.not.found', e.message);
    case 'conflict':
      return new HorizonError(o.conflict409 ? 409 : 400, 'lab.conflict', e.message);
    case 'invalid-input':
    case 'bad-request': {
      const field = e.path && o.field ? o.field(e.path) : undefined;
      return new HorizonError(400, 'rest.invalid.field', field ? `${field}: ${e.message.replace(/^[^:]*: /, '')}` : e.message);
    }
    case 'unauthorized':
      return new HorizonError(401, 'auth.token.invalid', e.message);
    case 'forbidden':
      return new HorizonError(403, 'auth.privilege.missing', e.message);
    case 'payload-too-large':
      return new HorizonError(413, 'rest.payload.too.large', e.message);
    default:
      return new HorizonError(500, 'rest.internal', 'Internal error (see the console’s request log)');
  }
}

/** The item-level error of a bulk action for a contract error: not-found → 404, forbidden (the account's role or tenant) → 403, anything else the lab refuses → 400. */
export function itemStatus(e: ApiError): number {
  return e.code === 'not-found' ? 404 : e.code === 'forbidden' ? 403 : e.code === 'internal' || e.code.startsWith('store') ? 500 : 400;
}
