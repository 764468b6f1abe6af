import type { Protocol, Workload } from '../../contract/entities.ts';
import type { ClientDevice, Encoder, NetworkConditions, NetworkProfile, UserActivity } from '../../contract/session-entities.ts';
import { PROTOCOL_KBPS } from './workloads.ts';

/**
 * The remote display protocol as the user feels it: round trip, frame rate,
 * image quality, input lag and bandwidth, from the protocol, the network and
 * the contention on the desktop's host. Pure and deterministic (docs/SESSIONS.md).
 */

/**
 * Network profiles: base round trip, packet loss and the bandwidth one session
 * can get. Typical figures for each link (office LAN; an MPLS branch link shared by
 * the branch; consumer broadband; LTE; a crowded hotel Wi-Fi). DOMAIN.md: RTT under
 * 100 ms is good, over 200 ms poor.
 */
export const NETWORKS: Record<Exclude<NetworkProfile, 'custom'>, NetworkConditions> = {
  lan: { rttMs: 1, lossPct: 0, bandwidthKbps: 100_000 },
  'branch-wan': { rttMs: 45, lossPct: 0.1, bandwidthKbps: 4_000 },
  'home-broadband': { rttMs: 25, lossPct: 0.2, bandwidthKbps: 20_000 },
  '4g': { rttMs: 70, lossPct: 1, bandwidthKbps: 8_000 },
  'hotel-wifi': { rttMs: 140, lossPct: 3, bandwidthKbps: 1_500 },
};

/**
 * The host's uplinks carry its desktops' display traffic (teamed NICs: `nics × nicGbps`).
 * - `usableShare`: what a team of 10/25 GbE uplinks carries in practice for many small flows —
 *   Ethernet, IP and TCP/UDP headers take ~3–5 % of line rate, and hash-based teaming never
 *   spreads flows perfectly (VMware, "NIC teaming in ESXi": route based on originating port ID).
 * - Past `queueFromPct` of what is usable the uplink's queue fills: up to `queueMs` of round trip
 *   at saturation (a top-of-rack port buffer of a few MB holds ~1–5 ms at 10–25 Gbit/s).
 * - Saturated (demand over what is usable): each session gets its fair share of the uplink.
 */
export const HOST_NIC = { usableShare: 0.9, queueFromPct: 80, queueMs: 5 };

/** Share of its bandwidth demand each session on a host gets through the host's uplinks (1 = all of it). */
export function nicShare(demandKbps: number, nicMbps: number): number {
  const usable = nicMbps * 1000 * HOST_NIC.usableShare;
  return demandKbps > usable && demandKbps > 0 ? usable / demandKbps : 1;
}

/** Round trip the host's uplink queue adds (ms) at this load (% of line rate). */
export function nicQueueMs(nicPct: number): number {
  const usablePct = HOST_NIC.usableShare * 100;
  const from = (HOST_NIC.queueFromPct / 100) * usablePct;
  if (nicPct <= from) return 0;
  return HOST_NIC.queueMs * Math.min(1, (nicPct - from) / (usablePct - from));
}

export const PROTOCOL_PARAMS = {
  /** Frame-rate cap per protocol (Blast and PCoIP default max 30 fps; HDX Thinwire 30; RDP 30). */
  maxFps: { blast: 30, pcoip: 30, hdx: 30, rdp: 30 } satisfies Record<Protocol, number>,
  /** Frames per second the screen changes need, by what the user does (video plays at 24–30). */
  activityFps: { typing: 14, reading: 3, idle: 0.5, video: 28 } satisfies Record<UserActivity, number>,
  /** Share of the workload's office bandwidth by activity; video sits at `videoKbps`. */
  activityKbpsShare: { typing: 1, reading: 0.4, idle: 0.05, video: 1 } satisfies Record<UserActivity, number>,
  /** DOMAIN.md: video ≈ 2 Mbit/s over Blast / PCoIP / HDX; RDP 600–1000 kbit/s. */
  videoKbps: { blast: 2000, pcoip: 2000, hdx: 1800, rdp: 900 } satisfies Record<Protocol, number>,
  /** Round trip added in the data centre (load balancer, Unified Access Gateway / NetScaler). */
  dcRttMs: 1,
  /** Encoding waits for CPU: each % of the desktop's CPU ready adds this much round trip and input lag. */
  readyRttMsPerPct: 1.5,
  readyLagMsPerPct: 4,
  /** A saturated host (CPU over 90 %) adds queueing to every frame. */
  saturatedRttMs: 25,
  /** Encode + decode time of a frame (ms) on an idle host. */
  codecMs: 12,
  /**
   * Loss tolerance: UDP transports (Blast Extreme Adaptive Transport, PCoIP, HDX EDT) keep going
   * where TCP (RDP) stalls; the fps falls by this share per % loss, the lag grows by rtt × loss × factor.
   */
  lossFpsPerPct: { blast: 0.02, pcoip: 0.03, hdx: 0.025, rdp: 0.06 } satisfies Record<Protocol, number>,
  lossLagFactor: { blast: 0.05, pcoip: 0.08, hdx: 0.06, rdp: 0.25 } satisfies Record<Protocol, number>,
  /** Beyond these the connection times out (protocol timeout): loss %, round trip ms. */
  timeoutLossPct: { blast: 30, pcoip: 20, hdx: 25, rdp: 15 } satisfies Record<Protocol, number>,
  timeoutRttMs: { blast: 1500, pcoip: 800, hdx: 1200, rdp: 1000 } satisfies Record<Protocol, number>,
  /**
   * Flaky links: the chance per % packet loss that a connection's handshake times out anyway
   * (hotel Wi-Fi at 3 % → 4.5 % of connections, 4G at 1 % → 1.5 %, the LAN never).
   */
  flakyTimeoutPerLossPct: 0.015,
  /** Quality: PCoIP builds to lossless, Blast / HDX H.264 stay slightly lossy; low bandwidth and loss cut it. */
  baseQuality: { blast: 0.92, pcoip: 1, hdx: 0.9, rdp: 0.88 } satisfies Record<Protocol, number>,
  /** Time the protocol takes per connection attempt (s): the `protocol` logon phase base. */
  connectSec: { blast: 1.5, pcoip: 2, hdx: 1.8, rdp: 2.5 } satisfies Record<Protocol, number>,
};

export interface ProtocolInputs {
  protocol: Protocol;
  workload: Workload;
  activity: UserActivity;
  clientDevice: ClientDevice;
  net: NetworkConditions;
  /** CPU ready % of the desktop VM and CPU % of its host. */
  readyPct: number;
  hostCpuPct: number;
  /** The host's uplinks: share of its demand each session gets (1 = all), and its load (% of line rate). Absent: an idle uplink. */
  nicShare?: number;
  nicPct?: number;
  /** −1..1: per-session, per-moment variation (from a hash, not a PRNG stream). */
  jitter: number;
}

export interface ProtocolFigures {
  rttMs: number;
  fps: number;
  quality: number;
  inputLagMs: number;
  bandwidthKbps: number;
  lossPct: number;
  encoder: Encoder;
}

/** The encoder Help Desk shows for a protocol, client and workload. */
export function encoderOf(protocol: Protocol, client: ClientDevice, workload: Workload): Encoder {
  switch (protocol) {
    case 'pcoip':
      return 'PCoIP';
    case 'blast':
      return client === 'html5' || client === 'zero-client' ? 'BlastCodec' : 'H.264';
    case 'hdx':
      return workload === 'task' ? 'Thinwire' : 'H.264/Thinwire';
    case 'rdp':
      return workload === 'power' ? 'AVC 444' : 'RemoteFX';
  }
}

/** Bandwidth the session wants (kbit/s) for what the user does now. */
export function demandKbps(protocol: Protocol, workload: Workload, activity: UserActivity): number {
  if (activity === 'video') return PROTOCOL_PARAMS.videoKbps[protocol];
  return PROTOCOL_KBPS[protocol][workload] * PROTOCOL_PARAMS.activityKbpsShare[activity];
}

/** Why a connection over this network times out, or null when it can connect. */
export function protocolTimeout(protocol: Protocol, net: NetworkConditions): string | null {
  const p = PROTOCOL_PARAMS;
  if (net.lossPct >= p.timeoutLossPct[protocol]) {
    return `Protocol timeout: ${net.lossPct}% packet loss is beyond what ${protocol.toUpperCase()} tolerates (${p.timeoutLossPct[protocol]}%)`;
  }
  if (net.rttMs >= p.timeoutRttMs[protocol]) {
    return `Protocol timeout: ${Math.round(net.rttMs)} ms round trip is beyond ${protocol.toUpperCase()}'s limit (${p.timeoutRttMs[protocol]} ms)`;
  }
  return null;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export function protocolFigures(i: ProtocolInputs): ProtocolFigures {
  const p = PROTOCOL_PARAMS;
  const pr = i.protocol;
  const ready = Math.max(0, i.readyPct);
  const saturated = i.hostCpuPct > 90 ? (p.saturatedRttMs * (Math.min(100, i.hostCpuPct) - 90)) / 10 : 0;
  const rtt = Math.max(0.3, i.net.rttMs * (1 + 0.08 * i.jitter) + p.dcRttMs + p.readyRttMsPerPct * ready + saturated + nicQueueMs(i.nicPct ?? 0));
  const loss = Math.max(0, i.net.lossPct * (1 + 0.3 * i.jitter));
  const want = demandKbps(pr, i.workload, i.activity);
  // Loss eats goodput; what is left is shared with the link's limit.
  // The host's uplinks, when saturated, give each session its share of what it asks for.
  const avail = Math.min(i.net.bandwidthKbps * Math.max(0.05, 1 - loss / 50), want * (i.nicShare ?? 1));
  const bw = Math.min(want, avail);
  const bwRatio = want > 0 ? bw / want : 1;
  // Frames: what the screen needs, capped by the protocol, cut by CPU ready (the encoder waits), loss and bandwidth.
  const needFps = Math.min(p.maxFps[pr], p.activityFps[i.activity]);
  const cpuFactor = 1 / (1 + ready / 10);
  const lossFactor = Math.max(0.1, 1 - p.lossFpsPerPct[pr] * loss);
  const fps = needFps * cpuFactor * lossFactor * Math.min(1, 0.3 + 0.7 * bwRatio);
  // Quality: adaptive codecs lower quality before they drop frames.
  const quality = Math.max(0.2, p.baseQuality[pr] * Math.min(1, 0.45 + 0.55 * bwRatio) * (1 - Math.min(0.5, loss / 40)));
  const lag = rtt + p.codecMs * (1 + ready / 20) + p.readyLagMsPerPct * ready + rtt * loss * p.lossLagFactor[pr];
  return {
    rttMs: Math.round(rtt),
    fps: round1(fps),
    quality: Math.round(quality * 100) / 100,
    inputLagMs: Math.round(lag),
    bandwidthKbps: Math.round(bw),
    lossPct: Math.round(loss * 100) / 100,
    encoder: encoderOf(pr, i.clientDevice, i.workload),
  };
}

/** A stable value in −1..1 for (a, b): per-session variation without drawing from a PRNG stream. */
export function hashJitter(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= h >>> 13;
  return ((h >>> 0) / 4294967296) * 2 - 1;
}
