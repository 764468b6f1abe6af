import type { Prng } from '../../src-main/core/prng.ts';
import type { Reply } from '../../src-main/contract/errors.ts';
import { CLOCK_SPEEDS } from '../../src-main/contract/simulation.ts';
import { GOOD_WRITES, malformedVariants } from '../helpers/malformed.ts';

// What the campaigns send: malformed inputs (the robustness tests' variants of every write method),
// random mutations of valid inputs (hostile strings, numbers at and past the limits, prototype keys,
// deep nesting, and in-process the values structured clone carries but JSON does not), raw wire
// frames, reads, and valid-but-hostile admin actions built from the lab as it is at that step.

export interface Request {
  method: string;
  input: unknown;
  label: string;
}

/** Sends a request through one of the campaign's transports. */
export type Send = (method: string, input: unknown) => Promise<Reply<unknown>>;

// ---------------------------------------------------------------- malformed

const variantCache = new Map<string, ReturnType<typeof malformedVariants>>();

/** One of the malformed variants of a write method's valid input (always refused, as invalid-input). */
export function malformedRequest(rng: Prng): Request {
  const method = rng.pick(Object.keys(GOOD_WRITES));
  let variants = variantCache.get(method);
  if (!variants) variantCache.set(method, (variants = malformedVariants(method, GOOD_WRITES[method] as Record<string, unknown>)));
  const v = rng.pick(variants);
  return { method, input: v.input, label: `${method} with ${v.label}` };
}

// ---------------------------------------------------------------- mutations

const deep = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'pool-1\u0000',
  '\udfff', // a lone surrogate (issue 20 finding 10)
  '\ud800x',
  '\ufeffpool-1',
  ' pool-1',
  'POOL-1',
  'é'.repeat(64),
  '𝕏'.repeat(33),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(501),
  '../../../../etc/passwd',
  "'; DROP TABLE pools; --",
  '%s%n%x',
  '${7*7}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'toString',
  'h-1',
  'vm-1',
  'sess-1',
  'ckpt-1',
  'upl-1',
];
const HOSTILE_NUMBERS = [0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MIN_VALUE, 64, 10_001, 604_801, 3600];
const JSON_ODDITIES: (() => unknown)[] = [
  () => null,
  () => true,
  () => false,
  () => [],
  () => ({}),
  () => deep(3),
  () => deep(300),
  () => JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  () => ({ constructor: { prototype: { polluted: true } } }),
  () => Array.from({ length: 1000 }, (_, i) => `x-${i}`),
  () => ({ toJSON: 'not a function' }),
];
/** Values structured clone carries (Electron IPC) but JSON does not: only the in-process transport sends them. */
const CLONE_ONLY: (() => unknown)[] = [
  () => new Date('2026-01-01T00:00:00Z'),
  () => new Map([['id', 'pool-1']]),
  () => new Set(['vm-1']),
  () => /pool-.*/,
  () => new Error('boom'),
  () => 10n,
  () => new Uint8Array([1, 2, 3]),
  () => NaN,
  () => Infinity,
  () => undefined,
  () => [, 'vm-1'],
  () => {
    const o: Record<string, unknown> = { id: 'pool-1' };
    o.self = o;
    return o;
  },
];

function hostileValue(rng: Prng, cloneOnly: boolean): unknown {
  const r = rng.next();
  if (r < 0.4) return rng.pick(HOSTILE_STRINGS);
  if (r < 0.65) return rng.pick(HOSTILE_NUMBERS);
  if (r < 0.85 || !cloneOnly) return rng.pick(JSON_ODDITIES)();
  return rng.pick(CLONE_ONLY)();
}

/** Methods whose valid inputs start worker threads (capacity runs): left out of the mutations that may stay valid. */
const HEAVY = new Set(['capacity-run-start', 'capacity-sweep-start']);
/** A valid account-create turns serve's token into no one (sign-in required): the campaign would only meet `unauthorized` after it. */
const LOCKS_THE_CONSOLE = new Set([
  'account-create',
  'account-set-role',
  'account-reset-password',
  'account-set-disabled',
  'account-delete',
  'account-change-password',
]);

/**
 * A valid input of a write method with one to three mutations: a field replaced by a hostile value,
 * removed, or a hostile key added; or the whole input replaced. Some stay valid (a display name in
 * Unicode): those are hostile-but-valid requests, and any reply but `internal` is acceptable.
 */
export function mutatedRequest(rng: Prng, inProcess: boolean): Request {
  const method = rng.pick(Object.keys(GOOD_WRITES).filter((m) => !HEAVY.has(m) && !LOCKS_THE_CONSOLE.has(m)));
  let input: unknown = structuredClone(GOOD_WRITES[method]);
  const what: string[] = [];
  for (let n = rng.int(1, 3); n > 0; n--) {
    const r = rng.next();
    // Only a plain object is mutated field by field (the input may have become a Map, a typed array…).
    const proto = input && typeof input === 'object' ? (Object.getPrototypeOf(input) as unknown) : undefined;
    const obj = proto === Object.prototype || proto === null ? (input as Record<string, unknown>) : null;
    const keys = obj ? Object.keys(obj) : [];
    if (obj && keys.length && r < 0.6) {
      const k = rng.pick(keys);
      const v = hostileValue(rng, inProcess);
      obj[k] = v;
      what.push(`${k}=${describe(v)}`);
    } else if (obj && keys.length && r < 0.7) {
      const k = rng.pick(keys);
      delete obj[k];
      what.push(`-${k}`);
    } else if (obj && r < 0.9) {
      const k = rng.pick(['__proto__', 'constructor', 'prototype', 'extra', '', 'id ', 'ID']);
      const v = hostileValue(rng, inProcess);
      Object.defineProperty(obj, k, { value: v, enumerable: true, configurable: true, writable: true });
      what.push(`+${k}=${describe(v)}`);
    } else {
      input = hostileValue(rng, inProcess);
      what.push(`input=${describe(input)}`);
    }
  }
  return { method, input, label: `${method} ${what.join(' ')}` };
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…(${v.length})` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Date || v instanceof Map || v instanceof Set || v instanceof RegExp || v instanceof Error) return v.constructor.name;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (v && typeof v === 'object') return 'object';
  return String(v);
}

// ---------------------------------------------------------------- raw frames

/** Raw text frames (the wire's own parsing): malformed JSON, requests of the wrong shape, odd ids and methods. */
export function rawFrame(rng: Prng): { label: string; text: string } {
  const good = JSON.stringify({ id: 1, method: 'lab-info', input: {} });
  const frames: [string, () => string][] = [
    ['truncated JSON', () => good.slice(0, rng.int(1, good.length - 1))],
    ['empty', () => ''],
    ['whitespace', () => ' \n\t '],
    ['trailing garbage', () => `${good} x`],
    ['two requests in one frame', () => `${good}${good}`],
    ['JSON null', () => 'null'],
    ['a batch array', () => `[${good}]`],
    ['a JSON string', () => '"lab-info"'],
    ['a JSON number', () => String(rng.pick(HOSTILE_NUMBERS))],
    ['1e400', () => '{"id":1e400,"method":"lab-info","input":{}}'],
    ['id an object', () => '{"id":{"a":1},"method":"lab-info","input":{}}'],
    ['id nested 2,000 deep', () => `{"id":${'['.repeat(2000)}${']'.repeat(2000)},"method":"lab-info","input":{}}`],
    ['id a long string', () => JSON.stringify({ id: 'i'.repeat(100_000), method: 'lab-info', input: {} })],
    ['no method', () => '{"id":2,"input":{}}'],
    ['method __proto__', () => '{"id":3,"method":"__proto__","input":{}}'],
    ['method hasOwnProperty', () => '{"id":3,"method":"hasOwnProperty","input":{}}'],
    ['method with a NUL', () => '{"id":4,"method":"lab-info\\u0000","input":{}}'],
    ['method a lookalike', () => '{"id":5,"method":"lab‐info","input":{}}'],
    ['no input', () => '{"id":6,"method":"pool-list"}'],
    ['input null', () => '{"id":7,"method":"pool-get","input":null}'],
    ['duplicate keys', () => '{"id":8,"method":"lab-info","method":"lab-reset","input":{}}'],
    ['a lone surrogate escaped', () => '{"id":9,"method":"pool-update","input":{"id":"pool-2","displayName":"\\udfff"}}'],
    ['a BOM first', () => `\ufeff${good}`],
    ['control characters', () => '\u0000\u0001\u0002'],
    ['__proto__ in input', () => '{"id":10,"method":"pool-set-enabled","input":{"id":"pool-1","enabled":false,"__proto__":{"enabled":true}}}'],
    [
      'a random write as text, cut',
      () => {
        const m = rng.pick(Object.keys(GOOD_WRITES).filter((x) => !LOCKS_THE_CONSOLE.has(x)));
        const t = JSON.stringify({ id: 11, method: m, input: GOOD_WRITES[m] });
        return t.slice(0, rng.int(1, t.length));
      },
    ],
  ];
  const [label, make] = rng.pick(frames);
  return { label, text: make() };
}

// ---------------------------------------------------------------- reads

const NO_INPUT_READS = [
  'lab-info',
  'dashboard-summary',
  'site-list',
  'cluster-list',
  'host-list',
  'datastore-list',
  'network-list',
  'image-list',
  'pool-list',
  'clock-get',
  'metrics-current',
  'settings-get',
  'session-summary',
  'checkpoint-list',
  'vm-frozen-list',
  'capacity-definition-list',
  'capacity-run-list',
  'datastore-usage',
  'rest-fault-list',
];

/** A read, often of an object that exists, sometimes of one that does not; reads must never write or fail with internal. */
export async function readRequest(rng: Prng, send: Send): Promise<Request> {
  const lab = await labView(send);
  const r = rng.next();
  if (r < 0.4) {
    const method = rng.pick(NO_INPUT_READS);
    return { method, input: {}, label: method };
  }
  const desktop = rng.chance(0.9) ? pickOr(rng, lab.desktops, 'vm-404') : rng.pick(HOSTILE_STRINGS);
  const builders: [string, () => unknown][] = [
    ['pool-get', () => ({ id: pickOr(rng, lab.pools, 'pool-404') })],
    ['desktop-get', () => ({ id: desktop })],
    ['host-get', () => ({ id: pickOr(rng, lab.hosts, 'h-404') })],
    ['session-get', () => ({ id: pickOr(rng, lab.sessions, 'sess-404') })],
    ['snapshot-list', () => ({ desktopId: desktop })],
    ['event-list', () => ({ limit: rng.int(1, 20000), search: rng.pick(HOSTILE_STRINGS).slice(0, 200) })],
    ['desktop-list', () => ({ search: rng.pick(HOSTILE_STRINGS).slice(0, 200) })],
    ['user-list', () => ({ search: rng.pick(HOSTILE_STRINGS).slice(0, 200), limit: rng.int(1, 20000), offset: rng.int(0, 5000) })],
    ['session-list', () => ({})],
    ['task-list', () => ({ objectId: desktop })],
    ['rule-list', () => ({})],
    ['cluster-status', () => ({ clusterId: rng.pick(['cl-1', 'cl-2', 'cl-404']) })],
    ['drs-recommendations', () => ({ clusterId: 'cl-1' })],
    ['vm-migrate-estimate', () => ({ desktopIds: [desktop] })],
    ['checkpoint-export-chunk', () => ({ id: pickOr(rng, lab.checkpoints, 'ckpt-404'), offset: rng.pick([0, 1, 4096, 2 ** 31, 2 ** 53]) })],
    ['snapshot-revert-preview', () => ({ snapshotId: rng.pick(['snap-1', 'snap-2', 'snap-404']) })],
    ['pool-get-scaling-plan', () => ({ id: pickOr(rng, lab.pools, 'pool-404') })],
  ];
  const [method, make] = rng.pick(builders);
  return { method, input: make(), label: method };
}

// ---------------------------------------------------------------- the lab as it is

export interface LabView {
  pools: string[];
  desktops: string[];
  hosts: string[];
  sessions: string[];
  users: string[];
  checkpoints: string[];
  rules: string[];
  images: string[];
}

const ok = <T>(r: Reply<unknown>, fallback: T): T => (r.ok ? (r.result as T) : fallback);

/** The ids of the lab's objects at this step (sorted, so the picks depend on the seed and the lab only). */
export async function labView(send: Send): Promise<LabView> {
  const ids = (rows: { id: string }[]) => rows.map((x) => x.id).sort();
  const desktops = ok<{ rows: { id: string }[] }>(await send('desktop-list', {}), { rows: [] }).rows;
  return {
    pools: ids(ok(await send('pool-list', {}), [])),
    desktops: ids(desktops),
    hosts: ids(ok(await send('host-list', {}), [])),
    sessions: ids(ok<{ id: string; state: string }[]>(await send('session-list', {}), []).filter((s) => s.state !== 'logged-off')),
    users: ids(ok<{ rows: { id: string }[] }>(await send('user-list', { limit: 200 }), { rows: [] }).rows),
    checkpoints: ids(ok(await send('checkpoint-list', {}), [])),
    rules: ids(ok(await send('rule-list', {}), [])),
    images: ids(ok(await send('image-list', {}), [])),
  };
}

function pickOr(rng: Prng, items: string[], fallback: string): string {
  return items.length ? rng.pick(items) : fallback;
}

function pickSome(rng: Prng, items: string[], max: number, fallback: string, min = 1): string[] {
  if (!items.length) return [fallback];
  return rng.shuffle([...items]).slice(0, rng.int(Math.min(min, items.length), Math.min(max, items.length)));
}

/** Valid-but-hostile admin actions; `weight` is how often each is picked. `soak: false` keeps one out of the soak (it throws the lab or its timeline away). */
interface ActionSpec {
  method: string;
  weight: number;
  soak: boolean;
  input(rng: Prng, lab: LabView, tag: string): unknown;
}

const DISPLAY_NAMES = ['Édition 2026', '𝕏 lab', 'a', 'x'.repeat(64), "O'Brien; --", '<b>bold</b>', '名前'];

const ACTIONS: ActionSpec[] = [
  { method: 'pool-set-enabled', weight: 3, soak: true, input: (rng, l) => ({ id: pickOr(rng, l.pools, 'pool-404'), enabled: rng.chance(0.5) }) },
  { method: 'pool-set-provisioning', weight: 2, soak: true, input: (rng, l) => ({ id: pickOr(rng, l.pools, 'pool-404'), enabled: rng.chance(0.5) }) },
  {
    method: 'pool-update',
    weight: 2,
    soak: true,
    input: (rng, l) => ({ id: pickOr(rng, l.pools, 'pool-404'), displayName: rng.pick(DISPLAY_NAMES), spareMachines: rng.int(0, 4) }),
  },
  { method: 'pool-delete', weight: 0.3, soak: false, input: (rng, l) => ({ id: pickOr(rng, l.pools, 'pool-404'), force: rng.chance(0.5) }) },
  { method: 'pool-set-drain', weight: 1, soak: true, input: (rng, l) => ({ id: pickOr(rng, l.pools, 'pool-404'), drain: rng.chance(0.5) }) },
  { method: 'desktop-set-maintenance', weight: 3, soak: true, input: (rng, l) => ({ id: pickOr(rng, l.desktops, 'vm-404'), maintenance: rng.chance(0.5) }) },
  {
    method: 'entitlement-add',
    weight: 1,
    soak: true,
    input: (rng, l) => ({ poolId: pickOr(rng, l.pools, 'pool-404'), principalType: 'user', principalId: pickOr(rng, l.users, 'u-404') }),
  },
  {
    method: 'entitlement-remove',
    weight: 1,
    soak: true,
    input: (rng, l) => ({ poolId: pickOr(rng, l.pools, 'pool-404'), principalType: 'user', principalId: pickOr(rng, l.users, 'u-404') }),
  },
  {
    method: 'session-connect',
    weight: 4,
    soak: true,
    input: (rng, l) => ({
      userId: pickOr(rng, l.users, 'u-404'),
      clientDevice: rng.pick(['zero-client', 'thin-client', 'windows', 'macos', 'html5', 'mobile']),
      network: rng.pick(['lan', 'branch-wan', 'home-broadband', '4g', 'hotel-wifi']),
    }),
  },
  { method: 'session-logoff', weight: 2, soak: true, input: (rng, l) => ({ ids: pickSome(rng, l.sessions, 3, 'sess-404') }) },
  { method: 'session-disconnect', weight: 2, soak: true, input: (rng, l) => ({ ids: pickSome(rng, l.sessions, 3, 'sess-404') }) },
  { method: 'session-reset-desktop', weight: 1, soak: true, input: (rng, l) => ({ ids: pickSome(rng, l.sessions, 2, 'sess-404') }) },
  { method: 'session-restart-desktop', weight: 1, soak: true, input: (rng, l) => ({ ids: pickSome(rng, l.sessions, 2, 'sess-404') }) },
  {
    method: 'session-send-message',
    weight: 1,
    soak: true,
    input: (rng, l, tag) => ({ ids: pickSome(rng, l.sessions, 5, 'sess-404'), severity: rng.pick(['info', 'warning', 'error']), title: `Campaign ${tag}` }),
  },
  { method: 'host-fail', weight: 1.5, soak: true, input: (rng, l) => ({ hostId: pickOr(rng, l.hosts, 'h-404'), mode: rng.pick(['power-loss', 'isolation']) }) },
  { method: 'host-repair', weight: 2, soak: true, input: (rng, l) => ({ hostId: pickOr(rng, l.hosts, 'h-404') }) },
  { method: 'host-power', weight: 1, soak: true, input: (rng, l) => ({ hostId: pickOr(rng, l.hosts, 'h-404'), action: rng.pick(['on', 'off']) }) },
  {
    method: 'host-enter-maintenance',
    weight: 1,
    soak: true,
    input: (rng, l) => ({ hostId: pickOr(rng, l.hosts, 'h-404'), wait: rng.chance(0.3), movePoweredOff: rng.chance(0.5) }),
  },
  { method: 'host-exit-maintenance', weight: 1.5, soak: true, input: (rng, l) => ({ hostId: pickOr(rng, l.hosts, 'h-404') }) },
  { method: 'host-add', weight: 0.3, soak: false, input: () => ({ clusterId: 'cl-1' }) },
  { method: 'host-remove', weight: 0.2, soak: false, input: (rng, l) => ({ hostId: pickOr(rng, l.hosts, 'h-404') }) },
  { method: 'vm-migrate', weight: 2, soak: true, input: (rng, l) => ({ desktopIds: pickSome(rng, l.desktops, 3, 'vm-404') }) },
  { method: 'vm-power-on', weight: 1, soak: true, input: (rng, l) => ({ desktopId: pickOr(rng, l.desktops, 'vm-404') }) },
  {
    method: 'vm-set-restart-priority',
    weight: 0.5,
    soak: true,
    input: (rng, l) => ({ desktopIds: pickSome(rng, l.desktops, 3, 'vm-404'), priority: rng.pick(['high', 'medium', 'low', 'disabled']) }),
  },
  {
    method: 'rule-create',
    weight: 1,
    soak: true,
    input: (rng, l, tag) => ({
      clusterId: 'cl-1',
      name: `Rule ${tag}`,
      kind: rng.pick(['vm-affinity', 'vm-anti-affinity']),
      desktopIds: pickSome(rng, l.desktops, 3, 'vm-404', 2),
    }),
  },
  { method: 'rule-delete', weight: 0.7, soak: true, input: (rng, l) => ({ id: pickOr(rng, l.rules, 'rule-404') }) },
  { method: 'drs-apply', weight: 0.5, soak: true, input: () => ({ clusterId: 'cl-1' }) },
  {
    method: 'snapshot-take',
    weight: 1.5,
    soak: true,
    input: (rng, l, tag) => ({ desktopId: pickOr(rng, l.desktops, 'vm-404'), name: `Snap ${tag}`, includeMemory: rng.chance(0.5) }),
  },
  { method: 'snapshot-delete-all', weight: 0.7, soak: true, input: (rng, l) => ({ desktopId: pickOr(rng, l.desktops, 'vm-404') }) },
  { method: 'snapshot-consolidate', weight: 0.3, soak: true, input: (rng, l) => ({ desktopId: pickOr(rng, l.desktops, 'vm-404') }) },
  { method: 'snapshot-bulk-take', weight: 0.4, soak: true, input: (rng, l, tag) => ({ poolId: pickOr(rng, l.pools, 'pool-404'), name: `Bulk ${tag}` }) },
  {
    method: 'desktop-simulate-failure',
    weight: 0.5,
    soak: true,
    input: (rng, l) => ({ id: pickOr(rng, l.desktops, 'vm-404'), kind: rng.pick(['bad-update', 'orphaned-delta']) }),
  },
  {
    method: 'image-version-create',
    weight: 0.5,
    soak: true,
    input: (rng, l, tag) => ({ imageId: pickOr(rng, l.images, 'img-404'), notes: `Campaign ${tag}` }),
  },
  { method: 'pool-rollback-image', weight: 0.3, soak: true, input: (rng, l) => ({ poolId: pickOr(rng, l.pools, 'pool-404') }) },
  { method: 'event-acknowledge', weight: 0.5, soak: true, input: (rng) => ({ ids: [rng.int(1, 400)] }) },
  { method: 'checkpoint-save', weight: 0.6, soak: true, input: (_rng, _l, tag) => ({ name: `Checkpoint ${tag}` }) },
  { method: 'checkpoint-delete', weight: 0.4, soak: true, input: (rng, l) => ({ id: pickOr(rng, l.checkpoints, 'ckpt-404') }) },
  { method: 'checkpoint-restore', weight: 0.4, soak: false, input: (rng, l) => ({ id: pickOr(rng, l.checkpoints, 'ckpt-404'), confirm: true }) },
  { method: 'clock-step', weight: 2, soak: false, input: (rng) => ({ seconds: rng.int(1, 3600) }) },
  { method: 'clock-set', weight: 0.5, soak: false, input: (rng) => ({ speed: rng.pick(CLOCK_SPEEDS) }) },
  { method: 'lab-reset', weight: 0.1, soak: false, input: (rng) => ({ profile: 'small', seed: rng.int(1, 1000), confirm: true }) },
];

function weighted(rng: Prng, specs: ActionSpec[]): ActionSpec {
  const total = specs.reduce((n, s) => n + s.weight, 0);
  let x = rng.next() * total;
  for (const s of specs) if ((x -= s.weight) < 0) return s;
  return specs[specs.length - 1] as ActionSpec;
}

/** A valid admin action on the lab as it is (its targets picked from the live lab); `soak` keeps to the actions that keep the timeline. */
export async function validAction(rng: Prng, send: Send, tag: string, opts: { soak?: boolean } = {}): Promise<Request> {
  const lab = await labView(send);
  const spec = weighted(rng, opts.soak ? ACTIONS.filter((a) => a.soak) : ACTIONS);
  return { method: spec.method, input: spec.input(rng, lab, tag), label: spec.method };
}
