import type { CallContext } from '../../app/context.ts';
import type { GoldenImage, Group, ObjectKind, User } from '../../contract/entities.ts';
import type { Reply } from '../../contract/errors.ts';
import type { Input, MethodName, PushMessage, Result } from '../../contract/methods.ts';
import type { HostPort as Host } from '../runner/host-port.ts';
import { fromApiError, type HorizonError } from './errors.ts';
import { Sids, domainSid } from './ids.ts';

/**
 * The Horizon routes' only door into the lab: contract methods through `host.dispatch`, as the
 * logged-in administrator (so validation, transactions and the audit trail are the console's).
 * What rarely changes and is costly to read (users, groups, images, the lab seed) is cached per
 * server and dropped on the lab-changed pushes of its kinds; pools and machines are read fresh.
 */
export class LabCache {
  private users: Promise<Map<string, User>> | null = null;
  private groups: Promise<Group[]> | null = null;
  private images: Promise<GoldenImage[]> | null = null;
  private sids: Promise<Sids> | null = null;
  private readonly unsubscribe: () => void;

  constructor(readonly host: Host) {
    this.unsubscribe = host.onPush((msg: PushMessage) => {
      if (msg.topic === 'lab-restored') return this.clear();
      if (msg.topic !== 'lab-changed') return;
      const kinds = (msg as PushMessage<'lab-changed'>).payload.kinds as ObjectKind[];
      // A lab reset names hosts (the whole lab was replaced): drop everything.
      if (kinds.includes('host')) return this.clear();
      if (kinds.includes('user') || kinds.includes('group')) {
        this.users = null;
        this.groups = null;
      }
      if (kinds.includes('image') || kinds.includes('pool')) this.images = null;
    });
  }

  clear(): void {
    this.users = null;
    this.groups = null;
    this.images = null;
    this.sids = null;
  }

  close(): void {
    this.unsubscribe();
  }

  /** Reads go out as the console itself (no audit for reads). */
  private async read<K extends MethodName>(name: K, input: Input<K>): Promise<Result<K>> {
    const reply = (await this.host.dispatch(name, input)) as Reply<Result<K>>;
    if (!reply.ok) throw fromApiError(reply.error);
    return reply.result;
  }

  private cached<T>(get: () => Promise<T> | null, set: (p: Promise<T> | null) => void, load: () => Promise<T>): Promise<T> {
    let p = get();
    if (!p) {
      p = load();
      set(p);
      p.catch(() => set(null)); // a failed load is retried next time
    }
    return p;
  }

  usersById(): Promise<Map<string, User>> {
    return this.cached(
      () => this.users,
      (p) => (this.users = p),
      async () => new Map((await this.read('user-list', { limit: 20000 })).rows.map((u) => [u.id, u])),
    );
  }

  groupList(): Promise<Group[]> {
    return this.cached(
      () => this.groups,
      (p) => (this.groups = p),
      () => this.read('group-list', {}),
    );
  }

  imageList(): Promise<GoldenImage[]> {
    return this.cached(
      () => this.images,
      (p) => (this.images = p),
      () => this.read('image-list', {}),
    );
  }

  sidMap(): Promise<Sids> {
    return this.cached(
      () => this.sids,
      (p) => (this.sids = p),
      async () => new Sids(domainSid((await this.read('lab-info', {})).seed)),
    );
  }
}

/** One request's view of the lab: calls as its user, shared caches. */
export class Lab {
  constructor(
    readonly cache: LabCache,
    readonly call: CallContext,
  ) {}

  reply<K extends MethodName>(name: K, input: Input<K>): Promise<Reply<Result<K>>> {
    return this.cache.host.dispatch(name, input, this.call) as Promise<Reply<Result<K>>>;
  }

  /** The result, or a HorizonError (404 / 400 / 409 / 500) built by `onError` or the default mapping. */
  async get<K extends MethodName>(name: K, input: Input<K>, onError?: (e: import('../../contract/errors.ts').ApiError) => HorizonError): Promise<Result<K>> {
    const r = await this.reply(name, input);
    if (!r.ok) throw onError ? onError(r.error) : fromApiError(r.error);
    return r.result;
  }

  sids(): Promise<Sids> {
    return this.cache.sidMap();
  }
}
