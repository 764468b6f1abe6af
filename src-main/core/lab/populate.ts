import type { MachineState, PowerState, Protocol, Session } from '../../contract/entities.ts';
import { expandName, parseNamingPattern } from '../naming.ts';
import { PARAMS } from '../params.ts';
import type { Prng } from '../prng.ts';
import type { DesktopRec, HostRec, LabModel, PoolRec, SessionRec } from './model.ts';
import type { ProfileSpec } from './profiles.ts';

// What the estate looks like at the lab's start (Monday 07:00, before the ramp):
// machines created and placed, spare machines powered on, a few early users
// connected, Friday's forgotten sessions still disconnected on dedicated desktops,
// and the handful of problem machines every real estate has.

/** Share of machines that start as each problem, per pool (at least one of each in pools of 200+). */
const START_PROBLEMS: [MachineState, number, string][] = [
  ['AGENT_UNREACHABLE', 0.006, 'Horizon Agent did not answer the last 3 heartbeats'],
  ['ERROR', 0.003, 'Customization failed: domain join timed out (error 1355)'],
  ['PROVISIONING_ERROR', 0.003, 'Clone failed: the datastore could not allocate the delta disk'],
  ['ALREADY_USED', 0.003, 'Non-persistent desktop was used and is waiting for refresh'],
  ['MAINTENANCE', 0.004, 'Placed in maintenance mode by an administrator'],
];

/** Early birds at 07:00 on a Monday, and forgotten sessions from Friday on dedicated desktops. */
const EARLY_ACTIVE_SHARE = 0.04;
const FRIDAY_DISCONNECTED_SHARE = 0.12;
const CLIENTS = ['Zero client (Teradici)', 'Thin client (IGEL OS 12)', 'Windows client', 'macOS client', 'HTML5 browser'];
const AGENT_VERSION = 'Horizon Agent 2412 (8.14.0)';

export function placeDesktops(lab: LabModel, spec: ProfileSpec, rng: Prng): void {
  const hostsByCluster = new Map<string, HostRec[]>();
  for (const h of lab.hosts) {
    if (h.connectionState !== 'connected') continue; // nothing is placed on a host in maintenance
    const list = hostsByCluster.get(h.clusterId) ?? [];
    list.push(h);
    hostsByCluster.set(h.clusterId, list);
  }
  const vcpuOnHost = new Map<string, number>();
  const epoch = Date.parse(lab.simTime);
  const iso = (msAgo: number) => new Date(epoch - msAgo).toISOString();

  spec.pools.forEach((size, pi) => {
    const pool = lab.pools[pi] as PoolRec;
    // A port group trunked to some hosts only (issue 19): the pool's machines go on those.
    const carrying = (lab.networkHosts ?? []).filter((x) => x.networkId === pool.networkId).map((x) => x.hostId);
    const hosts = (hostsByCluster.get(pool.clusterId) ?? []).filter((h) => carrying.length === 0 || carrying.includes(h.id));
    const dsIds = lab.poolDatastores.filter((p) => p.poolId === pool.id).map((p) => p.datastoreId);
    const pattern = parseNamingPattern(pool.namingPattern);
    const net = lab.networks.find((n) => n.id === pool.networkId);
    const octets = net ? net.subnet.split('.') : ['10', '0', '0'];
    const thin = PARAMS.storage.thinUsedShare[pool.kind];
    const members = entitledUsers(lab, pool.id);
    const startIndex = lab.desktops.length;

    for (let i = 0; i < size.machines; i++) {
      // Least-allocated host first (what DRS initial placement converges to).
      let host = hosts[0];
      let best = Infinity;
      for (const h of hosts) {
        const v = vcpuOnHost.get(h.id) ?? 0;
        if (v < best) {
          best = v;
          host = h;
        }
      }
      if (!host) throw new Error(`pool ${pool.name} has no connected host to place on`);
      vcpuOnHost.set(host.id, best + pool.vcpu);
      const n = i + 1;
      const d: DesktopRec = {
        id: `vm-${lab.desktops.length + 1}`,
        name: expandName(pattern, n),
        poolId: pool.id,
        hostId: host.id,
        datastoreId: dsIds[i % dsIds.length] ?? '',
        state: 'AVAILABLE',
        powerState: 'poweredOn',
        assignedUserId: null,
        imageVersionId: pool.imageVersionId,
        vcpu: pool.vcpu,
        ramGb: pool.ramGb,
        diskGb: pool.diskGb,
        usedGb: Math.round(pool.diskGb * thin * (0.8 + 0.4 * rng.next()) * 10) / 10,
        ip: `${octets[0]}.${octets[1]}.${Number(octets[2]) + Math.floor(n / 250)}.${(n % 250) + 2}`,
        agentVersion: AGENT_VERSION,
        problem: null,
        stateSince: iso(rng.int(2, 600) * 60_000),
      };
      lab.desktops.push(d);
    }
    const desktops = lab.desktops.slice(startIndex);

    // Dedicated pools: most entitled users already own a desktop.
    if (pool.assignment === 'dedicated' && pool.automaticAssignment) {
      desktops.forEach((d, i) => {
        const u = members[i];
        if (u && i < Math.floor(desktops.length * 0.9)) d.assignedUserId = u;
      });
    } else if (pool.kind === 'manual') {
      desktops.forEach((d, i) => (d.assignedUserId = members[i] ?? null));
    }

    // Power: instant clones and always-on pools stay on; otherwise only spares run.
    const alwaysOn = pool.kind === 'instant-clone' || pool.powerPolicy === 'always-on' || pool.powerPolicy === 'take-no-action';
    let sparesOn = 0;
    for (const d of desktops) {
      if (alwaysOn) continue;
      const off: PowerState = pool.powerPolicy === 'suspend' && d.assignedUserId ? 'suspended' : 'poweredOff';
      if (!d.assignedUserId && sparesOn < pool.spareMachines) {
        sparesOn++;
        continue;
      }
      d.powerState = off;
    }

    // Problem machines.
    for (const [state, share, reason] of START_PROBLEMS) {
      // Big pools always show every kind of problem; a pool of 20+ at least an unreachable agent.
      const floor = desktops.length >= 200 || (desktops.length >= 20 && state === 'AGENT_UNREACHABLE') ? 1 : 0;
      const count = Math.max(floor, Math.round(desktops.length * share));
      for (let k = 0; k < count; k++) {
        const d = rng.pick(desktops);
        if (d.state !== 'AVAILABLE') continue;
        d.state = state;
        d.problem = state === 'MAINTENANCE' ? null : reason;
        if (state === 'PROVISIONING_ERROR') d.powerState = 'poweredOff';
        lab.events.push({
          simTime: d.stateSince,
          type: state === 'MAINTENANCE' ? 'audit-success' : state === 'ERROR' || state === 'PROVISIONING_ERROR' ? 'error' : 'warning',
          severity: state === 'MAINTENANCE' ? 'info' : state === 'ERROR' || state === 'PROVISIONING_ERROR' ? 'error' : 'warning',
          objectKind: 'desktop',
          objectId: d.id,
          objectName: d.name,
          user: state === 'MAINTENANCE' ? 'CORP\\vdi-admin' : 'system',
          message: state === 'MAINTENANCE' ? `Desktop ${d.name} entered maintenance mode` : `${d.name}: ${reason}`,
        });
      }
    }

    startSessions(lab, pool, desktops, members, rng, iso);
  });
}

function entitledUsers(lab: LabModel, poolId: string): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const e of lab.entitlements) {
    if (e.poolId !== poolId) continue;
    const add = (u: string) => {
      if (!seen.has(u)) {
        seen.add(u);
        ids.push(u);
      }
    };
    if (e.principalType === 'user') add(e.principalId);
    else for (const m of lab.groupMembers) if (m.groupId === e.principalId) add(m.userId);
  }
  return ids;
}

function startSessions(lab: LabModel, pool: PoolRec, desktops: DesktopRec[], members: string[], rng: Prng, iso: (msAgo: number) => string): void {
  const busyUsers = new Set(lab.sessions.map((s) => s.userId));
  const usable = (d: DesktopRec) => d.powerState === 'poweredOn' && d.state === 'AVAILABLE';
  const session = (userId: string, d: DesktopRec, state: Session['state'], msAgo: number): SessionRec => ({
    id: `sess-${lab.sessions.length + 1}`,
    userId,
    desktopId: d.id,
    poolId: pool.id,
    state,
    protocol: pickProtocol(pool.defaultProtocol, rng),
    clientDevice: rng.pick(CLIENTS),
    startedAt: iso(msAgo),
  });

  if (pool.sessionType === 'multi-session') {
    // Breadth-first: each new session goes to the session host with the fewest.
    const hostsOn = desktops.filter(usable);
    const load = new Map<string, number>();
    const early = members.filter(() => rng.chance(EARLY_ACTIVE_SHARE * 1.5));
    for (const userId of early) {
      if (busyUsers.has(userId) || hostsOn.length === 0) continue;
      let target = hostsOn[0] as DesktopRec;
      for (const d of hostsOn) if ((load.get(d.id) ?? 0) < (load.get(target.id) ?? 0)) target = d;
      if ((load.get(target.id) ?? 0) >= pool.maxSessionsPerHost) break;
      load.set(target.id, (load.get(target.id) ?? 0) + 1);
      lab.sessions.push(session(userId, target, rng.chance(0.8) ? 'active' : 'idle', rng.int(1, 50) * 60_000));
      busyUsers.add(userId);
    }
    return;
  }

  if (pool.assignment === 'dedicated') {
    for (const d of desktops) {
      if (!d.assignedUserId || d.state !== 'AVAILABLE' || busyUsers.has(d.assignedUserId)) continue;
      if (rng.chance(FRIDAY_DISCONNECTED_SHARE) && pool.logoffAfterDisconnect === 'never') {
        // Left connected on Friday evening: the session waits, disconnected, in the running desktop. Horizon's Suspend and
        // Power off policies act when a user logs off, not when one disconnects (suspendOnDisconnect is a directory setting the lab does not have).
        d.state = 'DISCONNECTED';
        d.powerState = 'poweredOn';
        d.stateSince = iso((62 + rng.int(0, 5)) * 3_600_000);
        lab.sessions.push(session(d.assignedUserId, d, 'disconnected', (63 + rng.int(0, 5)) * 3_600_000));
        busyUsers.add(d.assignedUserId);
      } else if (rng.chance(EARLY_ACTIVE_SHARE)) {
        d.powerState = 'poweredOn';
        d.state = 'CONNECTED';
        const ago = rng.int(1, 50) * 60_000;
        d.stateSince = iso(ago);
        lab.sessions.push(session(d.assignedUserId, d, 'active', ago));
        busyUsers.add(d.assignedUserId);
      }
    }
    return;
  }

  // Floating: early users take the first available desktops.
  const free = desktops.filter(usable);
  let next = 0;
  for (const userId of members) {
    if (!rng.chance(EARLY_ACTIVE_SHARE) || busyUsers.has(userId)) continue;
    const d = free[next++];
    if (!d) break;
    const ago = rng.int(1, 50) * 60_000;
    const state: Session['state'] = rng.chance(0.1) ? 'disconnected' : rng.chance(0.2) ? 'idle' : 'active';
    d.state = state === 'disconnected' ? 'DISCONNECTED' : 'CONNECTED';
    d.stateSince = iso(ago);
    lab.sessions.push(session(userId, d, state, ago));
    busyUsers.add(userId);
  }
}

function pickProtocol(preferred: Protocol, rng: Prng): Protocol {
  if (rng.chance(0.85)) return preferred;
  return rng.pick(['blast', 'pcoip', 'rdp'] as const);
}
