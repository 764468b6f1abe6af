import { z } from 'zod';
import { ERROR_CODES } from '../../contract/errors.ts';
import { MAX_REQUEST_BYTES } from '../../contract/client.ts';
import { METHOD_NAMES, methods, type MethodName } from '../../contract/methods.ts';

/**
 * The OpenAPI 3.1 document of `POST /api/v1/{method}`, generated from the contract: one path per
 * method, its input as JSON Schema (`z.toJSONSchema`, as `vdi-console api --json` prints it), the
 * reply envelope and the error statuses. Results are typed in TypeScript only (phantom types), so
 * the document describes them as "any JSON". Not related to the Horizon subset under /rest.
 */

/** HTTP status of each contract error code on /api/v1. */
export const API_ERROR_STATUS: Record<(typeof ERROR_CODES)[number], number> = {
  'bad-request': 400,
  'invalid-input': 400,
  unauthorized: 401,
  forbidden: 403,
  'unknown-method': 404,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'store-corrupt': 500,
  'store-newer-version': 500,
  internal: 500,
};

function tagOf(name: MethodName): string {
  return name.split('-')[0] as string;
}

function inputSchema(name: MethodName): Record<string, unknown> {
  const schema = z.toJSONSchema(methods[name].input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema; // the document's dialect is OpenAPI 3.1's (JSON Schema 2020-12)
  return schema;
}

let cached: string | null = null;

export function openApiDocument(version = '0.1.0'): Record<string, unknown> {
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorReply' } } },
  });
  const paths: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    const def = methods[name];
    paths[`/api/v1/${name}`] = {
      post: {
        operationId: name,
        summary: def.description,
        tags: [tagOf(name)],
        'x-mutates': def.mutates,
        ...(def.runs ? { 'x-runs-simulated-time': true } : {}),
        requestBody: { required: false, content: { 'application/json': { schema: inputSchema(name) } } },
        responses: {
          '200': {
            description: 'The method ran; `result` is its answer.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/OkReply' } } },
          },
          '400': errorResponse('The body is not JSON (bad-request) or the input failed its schema (invalid-input, with the path).'),
          '401': errorResponse('No valid bearer token.'),
          '404': errorResponse('The lab object does not exist (not-found).'),
          '409': errorResponse("The lab's current state forbids the operation (conflict)."),
          '413': errorResponse(`The body is larger than ${MAX_REQUEST_BYTES} bytes.`),
          '500': errorResponse('Internal error, or the lab database cannot be used.'),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'VDI Fleet Console API',
      version,
      description:
        'Every method of the console as `POST /api/v1/{method}` with its input as the JSON body (an empty body is `{}`). ' +
        'Authenticate with `Authorization: Bearer <token>`: the console token printed by `vdi-console serve`, a script token from ' +
        '`vdi-console token create --role administrator`, or an access token from the Horizon-compatible `POST /rest/login`. ' +
        'The same validation, errors, transactions and audit as the console itself. Loopback only.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        OkReply: { type: 'object', required: ['ok', 'result'], properties: { ok: { const: true }, result: {} } },
        ApiError: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', enum: [...ERROR_CODES] },
            message: { type: 'string' },
            path: { type: 'array', items: { type: ['string', 'integer'] } },
          },
        },
        ErrorReply: {
          type: 'object',
          required: ['ok', 'error'],
          properties: { ok: { const: false }, error: { $ref: '#/components/schemas/ApiError' } },
        },
      },
    },
  };
}

/** The document as text, built once per process. */
export function openApiText(): string {
  cached ??= JSON.stringify(openApiDocument());
  return cached;
}
