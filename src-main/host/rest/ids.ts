/**
 * REST ids of lab objects: opaque to clients, stable across restarts (scripts store them), and
 * reversible without a lookup table.
 *
 * | object                         | internal  | REST                                              |
 * |--------------------------------|-----------|---------------------------------------------------|
 * | desktop pool (incl. RDS pools) | pool-N    | 00000001-0000-4000-8000-NNNNNNNNNNNN              |
 * | machine (single-session)       | vm-N      | 00000002-…-NNNNNNNNNNNN                           |
 * | session                        | sess-N    | 00000003-…; internal_session_id = base64(sess-N)  |
 * | farm (a multi-session pool)    | pool-N    | 00000004-…  (shares N with its RDS desktop pool)  |
 * | RDS server                     | vm-N      | 00000005-…  (never decodes as a machine)          |
 * | task (push image)              | task-N    | 00000006-…                                        |
 * | the lab's vCenter              | –         | 00000007-…-000000000001                           |
 * | base VM (golden image)         | img-N     | 00000008-…                                        |
 * | base snapshot (image version)  | imgv-I-V  | 00000009-…-IIIIIIVVVVVV                           |
 * | datacenter / cluster / host    | site-N / cl-N / h-N | datacenter-N / domain-cN / host-N (vSphere MoRef style) |
 * | datastore                      | ds-N      | datastore-N                                       |
 * | user / group                   | u-N / g-N | Windows SID, RID 100000+N / 50000+N               |
 *
 * The last group is the internal number in decimal digits (valid hex), so a person can read
 * `…000000000042` as number 42.
 */

export const KINDS = { pool: 1, machine: 2, session: 3, farm: 4, rds: 5, task: 6, vcenter: 7, baseVm: 8, snapshot: 9 } as const;
export type IdKind = keyof typeof KINDS;
const INTERNAL: Record<Exclude<IdKind, 'vcenter' | 'snapshot'>, string> = {
  pool: 'pool',
  machine: 'vm',
  session: 'sess',
  farm: 'pool',
  rds: 'vm',
  task: 'task',
  baseVm: 'img',
};

const UUID = /^([0-9a-f]{8})-0000-4000-8000-([0-9a-f]{12})$/i;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const head = (kind: IdKind) => `${pad(KINDS[kind], 8)}-0000-4000-8000-`;

function numberOf(id: string, prefix: string): number | null {
  if (!id.startsWith(`${prefix}-`)) return null;
  const rest = id.slice(prefix.length + 1);
  return /^\d{1,12}$/.test(rest) ? Number(rest) : null;
}

/** The REST id of an internal id (anything that does not follow prefix-N is passed through verbatim). */
export function enc(kind: Exclude<IdKind, 'vcenter' | 'snapshot'>, id: string): string {
  const n = numberOf(id, INTERNAL[kind]);
  return n === null ? id : `${head(kind)}${pad(n, 12)}`;
}

/** The internal id of a REST id of this kind, or null when it is not one (→ 404). */
export function dec(kind: Exclude<IdKind, 'vcenter' | 'snapshot'>, restId: string): string | null {
  const m = UUID.exec(restId);
  if (!m) return null;
  if (Number(m[1]) !== KINDS[kind] || !/^\d{12}$/.test(m[2] as string)) return null;
  return `${INTERNAL[kind]}-${Number(m[2])}`;
}

export const VCENTER_ID = `${head('vcenter')}000000000001`;

export function encSnapshot(imageVersionId: string): string {
  const m = /^imgv-(\d{1,6})-(\d{1,6})$/.exec(imageVersionId);
  return m ? `${head('snapshot')}${pad(Number(m[1]), 6)}${pad(Number(m[2]), 6)}` : imageVersionId;
}

export function decSnapshot(restId: string): string | null {
  const m = UUID.exec(restId);
  if (!m || Number(m[1]) !== KINDS.snapshot || !/^\d{12}$/.test(m[2] as string)) return null;
  const digits = m[2] as string;
  return `imgv-${Number(digits.slice(0, 6))}-${Number(digits.slice(6))}`;
}

// ---- vSphere managed object references ----
const MOREF: Record<'site' | 'cl' | 'h' | 'ds', string> = { site: 'datacenter-', cl: 'domain-c', h: 'host-', ds: 'datastore-' };

export function moref(id: string): string {
  const m = /^(site|cl|h|ds)-(\d+)$/.exec(id);
  return m ? `${MOREF[m[1] as keyof typeof MOREF]}${m[2]}` : id;
}

export function unmoref(kind: keyof typeof MOREF, restId: string): string | null {
  const prefix = MOREF[kind];
  if (!restId.startsWith(prefix)) return null;
  const n = restId.slice(prefix.length);
  return /^\d{1,12}$/.test(n) ? `${kind}-${Number(n)}` : null;
}

// ---- sessions ----
export function internalSessionId(sessionId: string): string {
  return Buffer.from(sessionId, 'utf8').toString('base64');
}

export function fromInternalSessionId(value: string): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  const id = Buffer.from(value, 'base64').toString('utf8');
  return /^sess-\d{1,12}$/.test(id) ? id : null;
}

// ---- users and groups as Windows SIDs ----
export const SID_PARAMS = { userRidBase: 100_000, groupRidBase: 50_000, adminRid: 500 };

/** The lab's domain SID: three sub-authorities derived from the lab seed (the same lab, the same SIDs). */
export function domainSid(seed: number): string {
  const parts: number[] = [];
  let s = (seed ^ 0x5f3759df) >>> 0;
  for (let i = 0; i < 3; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
    parts.push(1_000_000_000 + (s % 2_000_000_000));
  }
  return `S-1-5-21-${parts.join('-')}`;
}

export class Sids {
  constructor(readonly domain: string) {}

  user(id: string): string {
    const n = numberOf(id, 'u');
    return n === null ? id : `${this.domain}-${SID_PARAMS.userRidBase + n}`;
  }

  group(id: string): string {
    const n = numberOf(id, 'g');
    return n === null ? id : `${this.domain}-${SID_PARAMS.groupRidBase + n}`;
  }

  get admin(): string {
    return `${this.domain}-${SID_PARAMS.adminRid}`;
  }

  /** A SID of this lab's domain → the user or group it names (by RID range), else null. */
  parse(sid: string): { type: 'user' | 'group'; id: string } | null {
    if (!sid.startsWith(`${this.domain}-`)) return null;
    const rest = sid.slice(this.domain.length + 1);
    if (!/^\d{1,12}$/.test(rest)) return null;
    const rid = Number(rest);
    if (rid > SID_PARAMS.userRidBase) return { type: 'user', id: `u-${rid - SID_PARAMS.userRidBase}` };
    if (rid > SID_PARAMS.groupRidBase && rid < SID_PARAMS.userRidBase) return { type: 'group', id: `g-${rid - SID_PARAMS.groupRidBase}` };
    return null;
  }
}
