import type { ApiError, Reply } from './errors.ts';
import type { Input, MethodName, Payload, PushMessage, Result, TopicName } from './methods.ts';

/**
 * What carries requests to the host: Electron IPC, a WebSocket, or a direct
 * in-process call. The client below is the same over all of them.
 */
export interface Transport {
  request(method: string, input: unknown): Promise<Reply<unknown>>;
  /** Receives every push message; returns an unsubscribe function. */
  onPush(listener: (msg: PushMessage) => void): () => void;
}

/** A failed call, thrown by `Client.call`. Carries the structured error. */
export class ApiCallError extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.error = error;
  }
}

export interface Client {
  /** Calls a method; resolves with its result or rejects with an ApiCallError. */
  call<K extends MethodName>(name: K, input: Input<K>): Promise<Result<K>>;
  /** Calls a method and returns the reply as it is, without throwing. */
  request<K extends MethodName>(name: K, input: Input<K>): Promise<Reply<Result<K>>>;
  subscribe<T extends TopicName>(topic: T, listener: (payload: Payload<T>) => void): () => void;
}

export function createClient(transport: Transport): Client {
  const request = async <K extends MethodName>(name: K, input: Input<K>): Promise<Reply<Result<K>>> =>
    (await transport.request(name, input)) as Reply<Result<K>>;
  return {
    request,
    async call(name, input) {
      const reply = await request(name, input);
      if (!reply.ok) throw new ApiCallError(reply.error);
      return reply.result;
    },
    subscribe(topicName, listener) {
      return transport.onPush((msg) => {
        if (msg.topic === topicName) listener(msg.payload as Payload<typeof topicName>);
      });
    },
  };
}

// ---- the wire format shared by the WebSocket and IPC transports ----

export interface WireRequest {
  id: number;
  method: string;
  input: unknown;
}
export interface WireReply {
  id: number;
  reply: Reply<unknown>;
}
export type WireServerMessage = WireReply | ({ push: true } & PushMessage);

/** Largest request the host accepts, in bytes of JSON. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
