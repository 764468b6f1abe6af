import WebSocket from 'ws';
import type { Input, MethodName, Reply, Result } from '../../src-main/contract/index.ts';
import { ApiCallError } from '../../src-main/contract/index.ts';

/**
 * A Node WebSocket client to the same `serve` host the browser uses, with the
 * same token: specs read expected values through the real API, not the database.
 */
export class ApiClient {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply<unknown>) => void>();

  constructor(private readonly wsUrl: string) {}

  private async open(): Promise<WebSocket> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return this.ws;
    const ws = new WebSocket(this.wsUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; reply?: Reply<unknown>; push?: boolean };
      if (msg.push || msg.id === undefined || !msg.reply) return;
      const done = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      done?.(msg.reply);
    });
    this.ws = ws;
    return ws;
  }

  async request<K extends MethodName>(method: K, input: Input<K>): Promise<Reply<Result<K>>> {
    const ws = await this.open();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (r) => resolve(r as Reply<Result<K>>));
      ws.send(JSON.stringify({ id, method, input }));
    });
  }

  async call<K extends MethodName>(method: K, input: Input<K>): Promise<Result<K>> {
    const reply = await this.request(method, input);
    if (!reply.ok) throw new ApiCallError(reply.error);
    return reply.result;
  }

  close(): void {
    this.ws?.close();
    this.ws = null;
  }
}
