import { PROTOCOLS, type Protocol } from '../../../contract/entities.ts';
import {
  CLIENT_DEVICES,
  LOGON_PHASES,
  NETWORK_PROFILES,
  type ClientDevice,
  type NetworkConditions,
  type NetworkProfile,
} from '../../../contract/session-entities.ts';
import { NETWORKS } from '../../models/protocol.ts';
import { Prng } from '../../prng.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';
import type { Remap } from '../durable/remap.ts';

/** Number of logon phases; each session keeps one duration per phase (NaN: skipped or not reached). */
export const NPHASES = LOGON_PHASES.length;

/**
 * Who connects from where: the simulated population's endpoints and networks
 * (most in the office on the LAN, some at home, some in branches), and each
 * user's roaming profile size. Drawn once per user from the lab seed.
 */
export const POPULATION = {
  /** Share of users per network profile. */
  networks: [
    ['lan', 0.68],
    ['home-broadband', 0.16],
    ['branch-wan', 0.12],
    ['4g', 0.03],
    ['hotel-wifi', 0.01],
  ] as [NetworkProfile, number][],
  /** Client devices per network: office desks have zero and thin clients, home users their own PC or Mac. */
  clients: {
    lan: [
      ['zero-client', 0.25],
      ['thin-client', 0.35],
      ['windows', 0.33],
      ['macos', 0.07],
    ],
    'branch-wan': [
      ['thin-client', 0.6],
      ['windows', 0.4],
    ],
    'home-broadband': [
      ['windows', 0.58],
      ['macos', 0.25],
      ['html5', 0.12],
      ['mobile', 0.05],
    ],
    '4g': [
      ['windows', 0.5],
      ['mobile', 0.35],
      ['html5', 0.15],
    ],
    'hotel-wifi': [
      ['windows', 0.5],
      ['macos', 0.3],
      ['html5', 0.2],
    ],
    custom: [['windows', 1]],
  } as Record<NetworkProfile, [ClientDevice, number][]>,
  /** Roaming profile copied at logon (MB): most are small, a few users carry a large one (DOMAIN.md: profile load dominates slow logons). */
  profileMb: { min: 60, max: 400 },
  largeProfileShare: 0.03,
  largeProfileMb: { min: 1500, max: 2800 },
};

const PROTO = { blast: PROTOCOLS.indexOf('blast'), pcoip: PROTOCOLS.indexOf('pcoip') };
const ZERO = CLIENT_DEVICES.indexOf('zero-client');
const HTML5 = CLIENT_DEVICES.indexOf('html5');

/**
 * The protocol a Horizon client picks on a pool that offers Blast and PCoIP: Teradici zero
 * clients speak PCoIP, the HTML5 browser only Blast; Citrix (HDX) and RDP pools keep theirs.
 */
export function clientProtocol(client: number, poolProtocol: number): number {
  if (client === ZERO && poolProtocol === PROTO.blast) return PROTO.pcoip;
  if (client === HTML5 && poolProtocol === PROTO.pcoip) return PROTO.blast;
  return poolProtocol;
}

function weighted<T>(rng: Prng, items: [T, number][]): T {
  let x = rng.next();
  for (const [v, w] of items) {
    if (x < w) return v;
    x -= w;
  }
  return (items[items.length - 1] as [T, number])[0];
}

/**
 * Per-user session facts the broker and the protocol model need, beyond the
 * engine's hot arrays (state.ts): the endpoint, network and protocol of the
 * current session, when it entered its state, its logon phases, and why it ended.
 */
interface BookSaved {
  custom: [number, NetworkConditions][];
  frozenReason: [number, string][];
}

export class SessionBook implements DurablePart<BookSaved> {
  readonly key = 'book';
  /** The user's usual endpoint and network (the simulated population). */
  readonly homeClient: Uint8Array;
  readonly homeNet: Uint8Array;
  readonly profileMb: Float32Array;
  // The current session.
  readonly client: Uint8Array;
  readonly net: Uint8Array;
  /** Per network profile: its conditions under an injected impairment, or null (the engine's Faults part owns it). */
  netOverlay: readonly (NetworkConditions | null)[] = [];
  readonly proto: Uint8Array;
  readonly custom = new Map<number, NetworkConditions>();
  readonly stateSince: Float64Array;
  readonly startedAt: Float64Array;
  /** Phase durations (s) of the logon, user-major; NaN = skipped (vm-start) or not reached. */
  readonly phases: Float32Array;
  /** Index of the phase in progress while connecting, -1 otherwise. */
  readonly phase: Int8Array;
  readonly phaseStart: Float64Array;
  readonly measured: Uint8Array;
  /** The worst contention the logon met: datastore latency over service time, and CPU ready % (for Help Desk's "why"). */
  readonly logonLatency: Float32Array;
  readonly logonReady: Float32Array;
  readonly reconnects: Uint16Array;
  /** Failed connections retried today, and whether the current session was asked for by a person (the thin-client view). */
  readonly retries: Uint8Array;
  readonly manual: Uint8Array;
  /** Bumped on every new session, reconnect or end: events of an older one are ignored. */
  readonly serial: Uint32Array;
  /** The picture is frozen until then (live migration stun, hung VM); set by other engine parts. */
  readonly frozenUntil: Float64Array;
  readonly frozenReason = new Map<number, string>();

  /** `sameUsers`: a book of the same seed and users, whose population draws are taken as they are. */
  constructor(seed: number, users: number, sameUsers?: SessionBook) {
    this.homeClient = new Uint8Array(users);
    this.homeNet = new Uint8Array(users);
    this.profileMb = new Float32Array(users);
    this.client = new Uint8Array(users);
    this.net = new Uint8Array(users);
    this.proto = new Uint8Array(users);
    this.stateSince = new Float64Array(users);
    this.startedAt = new Float64Array(users);
    this.phases = new Float32Array(users * NPHASES).fill(Number.NaN);
    this.phase = new Int8Array(users).fill(-1);
    this.phaseStart = new Float64Array(users);
    this.measured = new Uint8Array(users);
    this.logonLatency = new Float32Array(users);
    this.logonReady = new Float32Array(users);
    this.reconnects = new Uint16Array(users);
    this.retries = new Uint8Array(users);
    this.manual = new Uint8Array(users);
    this.serial = new Uint32Array(users);
    this.frozenUntil = new Float64Array(users);
    if (sameUsers && sameUsers.homeNet.length === users) {
      this.homeClient.set(sameUsers.homeClient);
      this.homeNet.set(sameUsers.homeNet);
      this.profileMb.set(sameUsers.profileMb);
      this.client.set(this.homeClient);
      this.net.set(this.homeNet);
      return;
    }
    const rng = new Prng((seed ^ 0x5e551075) >>> 0);
    const P = POPULATION;
    for (let u = 0; u < users; u++) {
      const r = rng.fork(u);
      const net = weighted(r, P.networks);
      this.homeNet[u] = NETWORK_PROFILES.indexOf(net);
      this.homeClient[u] = CLIENT_DEVICES.indexOf(weighted(r, P.clients[net]));
      this.profileMb[u] = r.chance(P.largeProfileShare) ? r.int(P.largeProfileMb.min, P.largeProfileMb.max) : r.int(P.profileMb.min, P.profileMb.max);
      this.client[u] = this.homeClient[u] as number;
      this.net[u] = this.homeNet[u] as number;
    }
  }

  arrays(): DurableArray[] {
    const u = (name: string, array: DurableArray['array'], stride?: number): DurableArray => ({ name: `book.${name}`, array, domain: 'user', stride });
    return [
      u('client', this.client),
      u('net', this.net),
      u('proto', this.proto),
      u('stateSince', this.stateSince),
      u('startedAt', this.startedAt),
      u('phases', this.phases, NPHASES),
      u('phase', this.phase),
      u('phaseStart', this.phaseStart),
      u('measured', this.measured),
      u('logonLatency', this.logonLatency),
      u('logonReady', this.logonReady),
      u('reconnects', this.reconnects),
      u('retries', this.retries),
      u('manual', this.manual),
      u('serial', this.serial),
      u('frozenUntil', this.frozenUntil),
    ];
  }

  save(): BookSaved {
    return { custom: [...this.custom], frozenReason: [...this.frozenReason] };
  }

  load(s: BookSaved | undefined, map: Remap): void {
    this.custom.clear();
    this.frozenReason.clear();
    for (const [u, c] of s?.custom ?? []) if (map.to('user', u) >= 0) this.custom.set(map.to('user', u), c);
    for (const [u, r] of s?.frozenReason ?? []) if (map.to('user', u) >= 0) this.frozenReason.set(map.to('user', u), r);
  }

  /** The endpoint of a new or resumed session: as asked, else the user's usual one; the protocol defaults to the pool's. */
  setEndpoint(u: number, poolProtocol: number, req: { client?: number; net?: number; custom?: NetworkConditions; proto?: number; manual?: boolean }): void {
    this.manual[u] = req.manual ? 1 : 0;
    this.client[u] = req.client ?? (this.homeClient[u] as number);
    this.net[u] = req.net ?? (this.homeNet[u] as number);
    this.proto[u] = req.proto ?? clientProtocol(this.client[u] as number, poolProtocol);
    if (req.custom) this.custom.set(u, req.custom);
    else this.custom.delete(u);
  }

  clientOf(u: number): ClientDevice {
    return CLIENT_DEVICES[this.client[u] as number] ?? 'windows';
  }

  networkOf(u: number): NetworkProfile {
    return NETWORK_PROFILES[this.net[u] as number] ?? 'lan';
  }

  protocolOf(u: number): Protocol {
    return PROTOCOLS[this.proto[u] as number] ?? 'blast';
  }

  /**
   * Every network figure a session can have now (each profile's, each injected overlay, each custom
   * one): a reader that no such figure concerns can skip the 10,000 sessions (alarms/metrics.ts).
   */
  possibleConditions(): NetworkConditions[] {
    const out: NetworkConditions[] = Object.values(NETWORKS);
    for (const o of this.netOverlay) if (o) out.push(o);
    for (const c of this.custom.values()) out.push(c);
    return out;
  }

  /** The network figures of the user's current session. */
  conditions(u: number): NetworkConditions {
    const overlay = this.netOverlay[this.net[u] as number];
    if (overlay) return overlay; // an injected network impairment (faults/faults.ts)
    const net = this.networkOf(u);
    if (net === 'custom') return this.custom.get(u) ?? NETWORKS.lan;
    return NETWORKS[net];
  }

  /** Phase durations of the current (or last) logon; NaN where skipped or not reached. */
  phasesOf(u: number): Float32Array {
    return this.phases.subarray(u * NPHASES, (u + 1) * NPHASES);
  }

  resetPhases(u: number): void {
    this.phasesOf(u).fill(Number.NaN);
    this.phase[u] = -1;
    this.measured[u] = 0;
    this.logonLatency[u] = 0;
    this.logonReady[u] = 0;
  }
}
