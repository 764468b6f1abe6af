import { FAULT_CATALOGUE } from '../../contract/fault-methods.ts';
import { HOST_MEMORY_STATES, type Predicate } from '../../contract/scenario-schema.ts';
import { NETWORK_PROFILES } from '../../contract/session-entities.ts';
import type { Rule } from '../../core/engine/cluster/context.ts';
import type { Engine } from '../../core/engine/engine.ts';
import { M } from '../../core/engine/state.ts';
import type { LabModel } from '../../core/lab/model.ts';

/** What a predicate reads besides the engine: the judge's own records. */
export interface PredicateContext {
  e: Engine;
  lab: LabModel;
  startedAt: number;
  /** Connection failures per simulated minute, per pool id ('*' for all). */
  failures(pool: string | undefined, sinceT: number): number;
  /** Snapshots held by the pool's desktops. */
  snapshots(pool: string): number;
  actions: readonly { method: string; target: string | null }[];
  /** Since when the predicate at `key` has held (for forSec), kept by the judge. */
  held: Map<string, number>;
}

/** Why a reference in a predicate does not resolve (for `scenario-check`), or null. */
export function unresolved(
  p: Predicate,
  lab: {
    hosts: readonly { id: string }[];
    datastores: readonly { id: string }[];
    pools: readonly { id: string }[];
    desktops: readonly { id: string }[];
  },
): string | null {
  const has = (list: readonly { id: string }[], id: string | undefined) => id === undefined || list.some((x) => x.id === id);
  switch (p.is) {
    case 'all':
    case 'any':
      for (const q of p.of) {
        const u = unresolved(q, lab);
        if (u) return u;
      }
      return null;
    case 'not':
      return unresolved(p.of, lab);
    case 'pool-can-logon':
    case 'pool-available':
    case 'pool-image-version':
    case 'snapshots':
      return has(lab.pools, p.pool) ? null : `no pool "${p.pool}" in the starting lab`;
    case 'pool-failures':
      return has(lab.pools, p.pool) ? null : `no pool "${p.pool}" in the starting lab`;
    case 'host-cpu':
    case 'host-memory':
    case 'host-state':
    case 'host-sessions':
      return has(lab.hosts, p.host) ? null : `no host "${p.host}" in the starting lab`;
    case 'datastore-latency':
      return has(lab.datastores, p.datastore) ? null : `no datastore "${p.datastore}" in the starting lab`;
    case 'drs-rule': {
      const missing = (p.vms ?? []).find((v) => !has(lab.desktops, v));
      return missing === undefined ? null : `no desktop or session host "${missing}" in the starting lab`;
    }
    default:
      return null;
  }
}

const POWERED_ON = 0; // POWER_STATES[0] = 'poweredOn'

/**
 * Whether a DRS rule is kept where its VMs run now (powered-on VMs only, as DRS judges it): VM-VM
 * anti-affinity on distinct hosts, affinity on one host, VM-host must/should run on (not on) its
 * host group.
 */
export function ruleKept(e: Engine, r: Rule): boolean {
  const on = r.vms.filter((d) => e.st.dPower[d] === POWERED_ON).map((d) => e.cluster.placedOn(d));
  switch (r.kind) {
    case 'vm-anti-affinity':
      return new Set(on).size === on.length;
    case 'vm-affinity':
      return new Set(on).size <= 1;
    case 'vm-host-must':
    case 'vm-host-should':
      return on.every((h) => r.hosts.has(h));
    case 'vm-host-must-not':
    case 'vm-host-should-not':
      return on.every((h) => !r.hosts.has(h));
  }
}

function idx(list: readonly string[], id: string): number {
  return list.indexOf(id);
}

/** Holds now, and (with `forSec`) has held for that long: the judge keeps the start of each run of truth under `key`. */
function sustained(ctx: PredicateContext, key: string, now: boolean, forSec: number | undefined): boolean {
  const t = ctx.e.t;
  if (!now) {
    ctx.held.delete(key);
    return false;
  }
  if (!ctx.held.has(key)) ctx.held.set(key, t);
  return t - (ctx.held.get(key) as number) >= (forSec ?? 0) - 1e-9;
}

/** Evaluates a predicate against the lab as it is now. `key` names it for sustained conditions. */
export function holds(p: Predicate, ctx: PredicateContext, key: string): boolean {
  const { e } = ctx;
  const st = e.st;
  switch (p.is) {
    case 'all':
      return p.of.map((q, i) => holds(q, ctx, `${key}.${i}`)).every(Boolean);
    case 'any':
      return p.of.map((q, i) => holds(q, ctx, `${key}.${i}`)).some(Boolean);
    case 'not':
      return !holds(p.of, ctx, `${key}.n`);
    case 'pool-can-logon': {
      const pi = idx(st.ids.pools, p.pool);
      if (pi < 0 || !st.pEnabled[pi] || st.pDrain[pi] || e.faults.pExhausted[pi] || e.faults.brokerDown || st.nSess >= e.faults.sessionCap) return false;
      // No user of the pool was refused in the last minute, and the broker would find a machine now.
      if (ctx.failures(p.pool, e.t - 60) > 0) return false;
      const desktops = st.pDesktops[pi] ?? [];
      if (st.pMulti[pi])
        return desktops.some(
          (d) => st.dPower[d] === POWERED_ON && st.dState[d] !== M.MAINTENANCE && (st.dSessions[d] as number) < (st.pMaxSessions[pi] as number),
        );
      return (
        desktops.some((d) => st.dState[d] === M.AVAILABLE && st.dPower[d] === POWERED_ON) ||
        (st.pProvEnabled[pi] === 1 && desktops.length < (st.pMax[pi] as number))
      );
    }
    case 'pool-available': {
      const pi = idx(st.ids.pools, p.pool);
      if (pi < 0) return false;
      return (st.pDesktops[pi] ?? []).filter((d) => st.dState[d] === M.AVAILABLE && st.dPower[d] === POWERED_ON).length >= p.atLeast;
    }
    case 'pool-image-version': {
      const pi = idx(st.ids.pools, p.pool);
      const pool = ctx.lab.pools.find((x) => x.id === p.pool);
      const want = ctx.lab.imageVersions.find((v) => v.imageId === pool?.imageId && v.version === p.version);
      if (pi < 0 || !want) return false;
      const vi = idx(st.ids.versions, want.id);
      const live = (st.pDesktops[pi] ?? []).filter((d) => st.dState[d] !== M.DELETING && st.dState[d] !== M.PROVISIONING_ERROR);
      return live.length > 0 && live.every((d) => st.dVersion[d] === vi);
    }
    case 'pool-failures':
      return ctx.failures(p.pool, e.t - p.withinSec) <= p.atMost;
    case 'host-cpu': {
      const hs = p.host === undefined ? st.ids.hosts.map((_, h) => h).filter((h) => st.hOn[h] === 1) : [idx(st.ids.hosts, p.host)];
      const v = hs.map((h) => e.hCpuPct[h] ?? 0);
      const now = p.op === 'below' ? v.every((x) => x < p.pct) : v.some((x) => x > p.pct);
      return sustained(ctx, key, now, p.forSec);
    }
    case 'host-memory': {
      const worst = HOST_MEMORY_STATES.indexOf(p.atWorst);
      const hs = p.host === undefined ? st.ids.hosts.map((_, h) => h).filter((h) => st.hOn[h] === 1) : [idx(st.ids.hosts, p.host)];
      return hs.every((h) => (e.hMemState[h] ?? 0) <= worst);
    }
    case 'host-state': {
      const h = idx(st.ids.hosts, p.host);
      if (h < 0) return false;
      const c = e.cluster;
      const state = c.hFail[h] ? 'failed' : st.hOn[h] !== 1 ? 'powered-off' : c.hMaint[h] ? 'maintenance' : 'connected';
      return state === p.state;
    }
    case 'host-sessions': {
      const h = idx(st.ids.hosts, p.host);
      return h >= 0 && (e.hSessions[h] ?? 0) <= p.atMost;
    }
    case 'datastore-latency': {
      const ss = p.datastore === undefined ? st.ids.datastores.map((_, s) => s) : [idx(st.ids.datastores, p.datastore)];
      const v = ss.map((s) => e.sLatencyMs[s] ?? 0);
      const now = p.op === 'below' ? v.every((x) => x < p.ms) : v.some((x) => x > p.ms);
      return sustained(ctx, key, now, p.forSec);
    }
    case 'snapshots':
      return ctx.snapshots(p.pool) <= p.atMost;
    case 'drs-rule': {
      const rules = e.cluster.rules.filter((r) => r.enabled && (p.kind === undefined || r.kind === p.kind));
      if (p.vms === undefined) return rules.every((r) => ruleKept(e, r));
      const vms = p.vms.map((v) => idx(st.ids.desktops, v));
      if (vms.some((d) => d < 0)) return false;
      return rules.some((r) => vms.every((d) => r.vms.includes(d)) && ruleKept(e, r));
    }
    case 'fault-active':
      return e.faults.all().some((f) => {
        if (f.state !== 'active' || (p.kind !== undefined && f.kind !== p.kind)) return false;
        if (p.target === undefined) return true;
        const type = FAULT_CATALOGUE[f.kind].target;
        const ids =
          type === 'host'
            ? st.ids.hosts
            : type === 'datastore'
              ? st.ids.datastores
              : type === 'pool'
                ? st.ids.pools
                : type === 'network'
                  ? NETWORK_PROFILES
                  : [];
        return ids[f.target] === p.target;
      });
    case 'action':
      return ctx.actions.some((a) => a.method === p.method && (p.target === undefined || a.target === p.target));
    case 'elapsed':
      return e.t - ctx.startedAt >= p.atLeastSec - 1e-9;
  }
}
