// The "Connect as user" form as data: what the URL carries, what is valid, and
// the session-connect input it becomes (pure; unit-tested).
import {
  CLIENT_DEVICES,
  NETWORK_PROFILES,
  PROTOCOLS,
  type ClientDevice,
  type Input,
  type NetworkProfile,
  type Protocol,
} from '../../../src-main/contract/index.ts';

/** The limits the API enforces on a custom network (session-methods.ts), repeated here to say so before sending. */
export const CUSTOM_LIMITS = {
  rttMs: { min: 0, max: 5000, label: 'Round trip', unit: 'ms' },
  lossPct: { min: 0, max: 100, label: 'Packet loss', unit: '%' },
  bandwidthKbps: { min: 8, max: 10_000_000, label: 'Bandwidth', unit: 'kbit/s' },
} as const;
export type CustomField = keyof typeof CUSTOM_LIMITS;

export interface ConnectDraft {
  userId: string;
  device: ClientDevice;
  /** '' = the pool's protocol. */
  protocol: Protocol | '';
  network: NetworkProfile;
  custom: Record<CustomField, string>;
}

export const DEFAULT_DRAFT: ConnectDraft = {
  userId: '',
  device: 'thin-client',
  protocol: '',
  network: 'lan',
  custom: { rttMs: '80', lossPct: '0.5', bandwidthKbps: '5000' },
};

function oneOf<T extends string>(list: readonly T[], v: string | null, fallback: T): T {
  return v !== null && (list as readonly string[]).includes(v) ? (v as T) : fallback;
}

export function draftFromQuery(q: URLSearchParams): ConnectDraft {
  return {
    userId: q.get('user') ?? '',
    device: oneOf(CLIENT_DEVICES, q.get('device'), DEFAULT_DRAFT.device),
    protocol: oneOf<Protocol | ''>(PROTOCOLS, q.get('protocol'), ''),
    network: oneOf(NETWORK_PROFILES, q.get('network'), DEFAULT_DRAFT.network),
    custom: {
      rttMs: q.get('rtt') ?? DEFAULT_DRAFT.custom.rttMs,
      lossPct: q.get('loss') ?? DEFAULT_DRAFT.custom.lossPct,
      bandwidthKbps: q.get('bw') ?? DEFAULT_DRAFT.custom.bandwidthKbps,
    },
  };
}

export function draftToQuery(d: ConnectDraft): Record<string, string> {
  const q: Record<string, string> = { user: d.userId, device: d.device, protocol: d.protocol, network: d.network };
  if (d.network === 'custom') Object.assign(q, { rtt: d.custom.rttMs, loss: d.custom.lossPct, bw: d.custom.bandwidthKbps });
  return q;
}

/** Per custom field: null when fine, else what is wrong in words. */
export function customErrors(d: ConnectDraft): Record<CustomField, string | null> {
  const out = { rttMs: null, lossPct: null, bandwidthKbps: null } as Record<CustomField, string | null>;
  if (d.network !== 'custom') return out;
  for (const k of Object.keys(CUSTOM_LIMITS) as CustomField[]) {
    const lim = CUSTOM_LIMITS[k];
    const raw = d.custom[k].trim();
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v)) out[k] = `${lim.label} must be a number.`;
    else if (v < lim.min || v > lim.max)
      out[k] =
        `${lim.label} must be between ${lim.min.toLocaleString('en-US')} and ${lim.max.toLocaleString('en-US')} ${lim.unit}${v < 0 ? ' (it cannot be negative)' : ''}.`;
  }
  return out;
}

export type ConnectInput = Input<'session-connect'>;

/** The request, or the reasons it cannot be sent. */
export function toConnectInput(d: ConnectDraft): { ok: true; input: ConnectInput } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (!d.userId) errors.push('Choose the user to connect as.');
  const ce = customErrors(d);
  for (const e of Object.values(ce)) if (e) errors.push(e);
  if (errors.length) return { ok: false, errors };
  const input: ConnectInput = {
    userId: d.userId,
    clientDevice: d.device,
    network: d.network,
    ...(d.protocol ? { protocol: d.protocol } : {}),
    ...(d.network === 'custom'
      ? { custom: { rttMs: Number(d.custom.rttMs), lossPct: Number(d.custom.lossPct), bandwidthKbps: Number(d.custom.bandwidthKbps) } }
      : {}),
  };
  return { ok: true, input };
}
